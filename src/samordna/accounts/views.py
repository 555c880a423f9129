"""Login, the förbund switch, personal API tokens and the förbund's users and roles."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.accounts import services
from samordna.accounts.forms import ApiTokenForm, MemberForm
from samordna.accounts.middleware import SESSION_KEY
from samordna.accounts.models import ApiToken, Membership
from samordna.core import permissions
from samordna.core.decorators import forbund_required
from samordna.organisations.models import Forbund


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@require_POST
@login_required
def switch_forbund(request):
    forbund = get_object_or_404(
        Forbund.objects.visible_to(request.user), pk=request.POST.get("forbund")
    )
    request.session[SESSION_KEY] = forbund.pk
    return redirect("home")


@login_required
def tokens(request):
    form = ApiTokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        _token, new_secret = services.create_api_token(
            request.user, form.cleaned_data["name"], form.cleaned_data["valid_days"]
        )
        form = ApiTokenForm()
    context = {
        "form": form,
        "new_secret": new_secret,
        "tokens": ApiToken.objects.filter(user=request.user),
    }
    return render(request, "accounts/tokens.html", context)


@require_POST
@login_required
def revoke_token(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.revoke_api_token(request.user, token)
    messages.success(request, _("The token %(name)s was revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


@forbund_required
def members(request):
    forbund = request.forbund
    permissions.require(request.user, "membership.view", forbund)
    may_change = permissions.can(request.user, "membership.change", forbund)
    form = MemberForm(request.POST or None, forbund=forbund)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        if form.is_valid():
            membership = services.add_member(request.user, forbund, **form.cleaned_data)
            messages.success(request, _("%(user)s was added.") % {"user": membership.user})
            return redirect("accounts:members")
    memberships = (
        Membership.objects.visible_to(request.user)
        .in_forbund(forbund)
        .select_related("user", "organisation")
    )
    context = {"form": form, "memberships": memberships, "may_change": may_change}
    return render(request, "accounts/members.html", context)


@require_POST
@login_required
def remove_member(request, pk):
    membership = get_object_or_404(Membership.objects.visible_to(request.user), pk=pk)
    services.remove_member(request.user, membership)
    messages.success(request, _("The role was removed."))
    return redirect("accounts:members")
