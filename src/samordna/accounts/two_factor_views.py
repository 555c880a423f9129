"""Pages of two-factor sign-in: set up an authenticator app, enter a code, recovery codes, resets."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from samordna.accounts import two_factor
from samordna.accounts.forms import OneTimeCodeForm, RecoveryCodeForm
from samordna.accounts.middleware import redirect_to_second_factor
from samordna.accounts.models import Membership
from samordna.core import permissions
from samordna.core.http import confirmation, posted_data


def _next_url(request) -> str:
    """Where to go once the second factor is given: the page the user asked for, if it is ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("home")


@never_cache
@login_required
def two_factor_setup(request):
    """Scan the QR code (or type the key), confirm with a code; the recovery codes follow."""
    next_url = _next_url(request)
    if two_factor.has_authenticator(request.user) and not request.user.is_verified():
        # Replacing an app takes the old one (or a reset by an administrator), not just a password.
        return redirect_to_second_factor(request, next_url)
    device = two_factor.pending_authenticator(request.user)
    form = OneTimeCodeForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.confirm_authenticator(
                request.user, device, form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            otp_login(request, device)
            return _recovery_codes_page(request, codes, next_url)
    context = {
        "form": form,
        "next": next_url,
        "qr_code": mark_safe(two_factor.qr_code_svg(device)),  # segno's own SVG, no user input
        "secret": two_factor.secret_for_typing(device),
        "required": permissions.needs_second_factor(request.user),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@never_cache
@login_required
def two_factor_verify(request):
    """After the password: a code from the app, or one of the recovery codes."""
    next_url = _next_url(request)
    if request.user.is_verified():
        return redirect(next_url)
    if not two_factor.has_authenticator(request.user):
        return redirect_to_second_factor(request, next_url)
    with_recovery_code = "recovery_code" in request.POST
    code_form = OneTimeCodeForm(None if with_recovery_code else posted_data(request))
    recovery_form = RecoveryCodeForm(request.POST if with_recovery_code else None)
    form = recovery_form if with_recovery_code else code_form
    if request.method == "POST" and form.is_valid():
        try:
            if with_recovery_code:
                device = two_factor.use_recovery_code(
                    request.user, form.cleaned_data["recovery_code"]
                )
            else:
                device = two_factor.verify_code(request.user, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            otp_login(request, device)
            if with_recovery_code:
                _warn_about_recovery_codes(request)
            return redirect(next_url)
    context = {
        "code_form": code_form,
        "recovery_form": recovery_form,
        "next": next_url,
        "with_recovery_code": with_recovery_code,
    }
    return render(request, "accounts/two_factor_verify.html", context)


def _warn_about_recovery_codes(request) -> None:
    messages.warning(
        request,
        _(
            "You logged in with a recovery code. %(left)d codes are left; if you have lost your "
            "phone, set up the app again under Two-factor sign-in."
        )
        % {"left": two_factor.remaining_codes(request.user)},
    )


@login_required
def two_factor_settings(request):
    """The user's own two-factor state: set up or replace the app, renew recovery codes."""
    context = {
        "has_authenticator": two_factor.has_authenticator(request.user),
        "required": permissions.needs_second_factor(request.user),
        "codes_left": two_factor.remaining_codes(request.user),
    }
    return render(request, "accounts/two_factor.html", context)


@never_cache
@require_POST
@login_required
def renew_recovery_codes(request):
    try:
        codes = two_factor.regenerate_recovery_codes(request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:two_factor")
    return _recovery_codes_page(request, codes, reverse("accounts:two_factor"))


def _recovery_codes_page(request, codes: list[str], next_url: str):
    context = {"codes": codes, "next": next_url}
    return render(request, "accounts/recovery_codes.html", context)


@login_required
def reset_member_second_factor(request, pk):
    """A förbund administrator resets the two-factor sign-in of a member who lost their phone,
    confirmed first."""
    membership = get_object_or_404(Membership.objects.visible_to(request.user), pk=pk)
    if request.method != "POST":
        permissions.require(request.user, "membership.change", membership)
        return confirmation(
            request,
            title=_("Reset the two-factor sign-in of %(user)s")
            % {"user": membership.user.username},
            consequence=_(
                "The authenticator app and the recovery codes of %(user)s stop working at once. "
                "At their next login they set up a new app with their password."
            )
            % {"user": membership.user.username},
            confirm=_("Reset two-factor"),
            cancel_url=reverse("accounts:members"),
        )
    two_factor.reset_member_second_factor(request.user, membership)
    messages.success(
        request,
        _("Two-factor sign-in of %(user)s was reset: they set up a new app at their next login.")
        % {"user": membership.user.username},
    )
    return redirect("accounts:members")
