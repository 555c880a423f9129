"""The interface language, the largest request body Samordna reads, and what a request
remembers of its user's access while it lasts."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from samordna.core import permissions


class ChosenLanguageMiddleware:
    """Unlike Django's LocaleMiddleware, ignores the browser's Accept-Language header.

    A förbund works in Swedish whatever language the browser was installed in; English is there
    for whoever picks it (Django's set_language view stores the choice in a cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def request_too_large(request):
    """413 in the user's language: JSON for the API, a page elsewhere."""
    message = _("The request is larger than %(size)s MB. Send a smaller file.") % {
        "size": settings.SAMORDNA_MAX_REQUEST_MB
    }
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=413)
    return render(request, "413.html", {"message": message}, status=413)


class RequestSizeMiddleware:
    """Refuses a body over SAMORDNA_MAX_REQUEST_MB from its Content-Length, before anything reads
    it, with 413 instead of Django's 400 or the API's 500; a body found too large while a view
    reads it (RequestDataTooBig) answers the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return request_too_large(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RequestDataTooBig):
            return request_too_large(request)
        return None


class RequestMemoryMiddleware:
    """Lets the policy module read a user's memberships and team places once per request, not
    once per question or queryset it scopes (a participant's page scopes four); nothing
    outlives the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with permissions.remembered_for_request():
            return self.get_response(request)
