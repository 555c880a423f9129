"""HTTP helpers shared by the pages and the API."""

from collections.abc import Iterable

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from samordna.core import permissions
from samordna.core.breadcrumbs import trail


def attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    """A download: `content` sent as the file `filename`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def streamed_attachment(lines: Iterable[str], content_type: str, filename: str):
    """A download sent as it is made (a CSV's lines), so a long file never sits in memory."""
    response = StreamingHttpResponse(lines, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def visible_object(user, model, pk, action: str | None = None, related: tuple[str, ...] = ()):
    """Row `pk` of `model` as `user` sees it, with the rows `related` names read in the same
    query: 404 outside their scope (another förbund's rows included), 403 when they may see it
    but not do `action` to it."""
    rows = model.objects.visible_to(user)
    obj = get_object_or_404(rows.select_related(*related) if related else rows, pk=pk)
    if action:
        permissions.require(user, action, obj)
    return obj


def posted_data(request):
    """The submitted data for binding a form, even when a form was sent empty."""
    return request.POST if request.method == "POST" else None


def confirmation(
    request,
    *,
    title: str,
    consequence: str,
    confirm: str,
    cancel_url: str,
    items=(),
    form=None,
    about=None,
) -> HttpResponse:
    """The page an irreversible action answers a GET with: what will happen (and to which
    `items`), the danger button that posts to the same address, and the way back. The POST
    does the action; the API keeps its own semantics. `about`, the object acted on (or the
    `Crumb` of its page), places the page in the breadcrumbs (its trail, then the title)."""
    context = {
        "title": title,
        "consequence": consequence,
        "confirm": confirm,
        "cancel_url": cancel_url,
        "items": items,
        "form": form,
        "breadcrumbs": trail(about, title) if about is not None else [],
    }
    return render(request, "confirm.html", context)
