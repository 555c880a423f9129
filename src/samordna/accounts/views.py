"""Login, the förbund switch, personal API tokens, the förbund's users and roles, invitations."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samordna.accounts import services, two_factor
from samordna.accounts.backends import SESSION_BACKEND
from samordna.accounts.forms import ApiTokenForm, InvitationForm, NewAccountForm
from samordna.accounts.middleware import SESSION_KEY, redirect_to_second_factor
from samordna.accounts.models import ApiToken, Invitation, Membership
from samordna.core import permissions
from samordna.core.breadcrumbs import link
from samordna.core.decorators import forbund_required
from samordna.core.http import confirmation, posted_data, visible_object
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
    """A token outlives the session that made it, so only a session verified with a second
    factor may create one, whatever the user's roles."""
    if request.method == "POST" and not request.user.is_verified():
        return redirect_to_second_factor(request, reverse("accounts:tokens"))
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
        "verified": request.user.is_verified(),
        "tokens": ApiToken.objects.filter(user=request.user),
    }
    return render(request, "accounts/tokens.html", context)


@login_required
def revoke_token(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if request.method != "POST":
        return confirmation(
            request,
            title=_("Revoke the token %(name)s") % {"name": token.name},
            consequence=_(
                "Programs that call the API with this token are refused from now on. "
                "A revoked token cannot be used again."
            ),
            confirm=_("Revoke the token"),
            cancel_url=reverse("accounts:tokens"),
            about=link(_("API tokens"), "accounts:tokens"),
        )
    services.revoke_api_token(request.user, token)
    messages.success(request, _("The token %(name)s was revoked.") % {"name": token.name})
    return redirect("accounts:tokens")


def _site_url(request) -> str:
    return request.build_absolute_uri("/")


@forbund_required
def members(request):
    """The förbund's users and roles, and the invitations sent to join it."""
    forbund = request.forbund
    permissions.require(request.user, "membership.view", forbund)
    may_change = permissions.can(request.user, "membership.change", forbund)
    form = InvitationForm(posted_data(request), forbund=forbund)
    if request.method == "POST":
        permissions.require(request.user, "membership.change", forbund)
        if form.is_valid():
            try:
                invitation = services.invite(
                    request.user, forbund, **form.cleaned_data, site_url=_site_url(request)
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("An invitation was sent to %(email)s.") % {"email": invitation.email}
                )
                return redirect("accounts:members")
    context = {
        "form": form,
        "may_change": may_change,
        "memberships": two_factor.with_authenticator_state(
            Membership.objects.visible_to(request.user).in_forbund(forbund)
        ).select_related("user", "organisation"),
        "invitations": Invitation.objects.visible_to(request.user)
        .in_forbund(forbund)
        .select_related("organisation", "invited_by"),
    }
    return render(request, "accounts/members.html", context)


def _invitation_action(request, pk, act, done: str):
    invitation = visible_object(request.user, Invitation, pk, "membership.change")
    try:
        act(invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done % {"email": invitation.email})
    return redirect("accounts:members")


@require_POST
@login_required
def resend_invitation(request, pk):
    site_url = _site_url(request)
    return _invitation_action(
        request,
        pk,
        lambda invitation: services.resend_invitation(request.user, invitation, site_url=site_url),
        _("The invitation to %(email)s was sent again."),
    )


@login_required
def revoke_invitation(request, pk):
    if request.method != "POST":
        invitation = visible_object(request.user, Invitation, pk, "membership.change")
        return confirmation(
            request,
            title=_("Withdraw the invitation to %(email)s") % {"email": invitation.email},
            consequence=_(
                "The link in the e-mail stops working at once: %(email)s can no longer accept "
                "the role %(role)s. You can invite them again later."
            )
            % {"email": invitation.email, "role": invitation.get_role_display().lower()},
            confirm=_("Withdraw the invitation"),
            cancel_url=reverse("accounts:members"),
            about=link(_("Users and roles"), "accounts:members"),
        )
    return _invitation_action(
        request,
        pk,
        lambda invitation: services.revoke_invitation(request.user, invitation),
        _("The invitation to %(email)s was withdrawn."),
    )


def invitation(request, link):
    """The page a one-time link opens: accept as the logged-in user, or create an account."""
    pending = services.pending_invitation(link)
    if pending is None:
        return _invalid_link(request)
    form = None if request.user.is_authenticated else NewAccountForm(posted_data(request))
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            if form is None:
                services.accept_invitation(request.user, pending)
            else:
                membership = services.accept_invitation_as_new_user(
                    pending, form.save(commit=False)
                )
                login(request, membership.user, backend=SESSION_BACKEND)
        except ValidationError:
            return _invalid_link(request)
        return _welcome(request, pending)
    context = {"invitation": pending, "form": form, "login_url": _login_then_back(request)}
    return render(request, "accounts/invitation.html", context)


def _invalid_link(request):
    return render(request, "accounts/invitation_invalid.html", status=404)


def _welcome(request, accepted):
    request.session[SESSION_KEY] = accepted.forbund_id
    messages.success(request, _("Welcome to %(forbund)s.") % {"forbund": accepted.forbund})
    return redirect("home")


def _login_then_back(request) -> str:
    return f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}"


@login_required
def remove_member(request, pk):
    membership = get_object_or_404(Membership.objects.visible_to(request.user), pk=pk)
    if request.method != "POST":
        permissions.require(request.user, "membership.change", membership)
        return confirmation(
            request,
            title=_("Remove the role"),
            consequence=_(
                "%(user)s loses the role %(role)s in the förbund at once, and what it gives."
            )
            % {"user": membership.user.username, "role": membership.get_role_display().lower()},
            confirm=_("Remove the role"),
            cancel_url=reverse("accounts:members"),
            about=link(_("Users and roles"), "accounts:members"),
        )
    services.remove_member(request.user, membership)
    messages.success(request, _("The role was removed."))
    return redirect("accounts:members")
