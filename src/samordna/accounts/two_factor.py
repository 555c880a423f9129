"""Two-factor sign-in: who must give a second factor, the authenticator app, recovery codes, resets.

Built on django-otp: each user may have one TOTP device (an authenticator app) and one static
device holding one-time recovery codes. A session counts as verified once `django_otp.login()`
has marked it; both device kinds throttle wrong codes themselves.
"""

import math
import time
from base64 import b32encode

import segno
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from samordna.core import audit, permissions

AUTHENTICATOR = "Autentiseringsapp"
RECOVERY_CODES = "Reservkoder"
RECOVERY_CODE_COUNT = 10


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_required(user) -> bool:
    """Users whose roles call for a second factor must give one; so must anyone who has set one
    up, or the factor would protect nothing."""
    return permissions.needs_second_factor(user) or has_authenticator(user)


def is_satisfied(request) -> bool:
    """Has this request's user given the second factor they owe (if any)?"""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return True
    cached = getattr(request, "_samordna_second_factor_required", None)
    if cached is None:
        cached = request._samordna_second_factor_required = is_required(user)
    return not cached


def pending_authenticator(user) -> TOTPDevice:
    """The authenticator being set up; kept until confirmed, so a reload shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def secret_for_typing(device: TOTPDevice) -> str:
    """The key as authenticator apps accept it typed in: base32 in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, title=_("QR code for your authenticator app")
    )


StrOrPromise = str | Promise

WRONG_CODE = gettext_lazy(
    "The code is wrong or no longer valid. Wait for the next code and try again."
)
WRONG_RECOVERY_CODE = gettext_lazy("That is not one of your unused recovery codes.")


def _refusal(device, code: str, wrong: StrOrPromise) -> StrOrPromise | None:
    """Why `code` is refused, or None when the device accepts it. Each wrong code doubles the
    wait before the device takes the next one (1, 2, 4 ... seconds); the failure is saved on
    the device, so callers refuse outside any transaction that would roll it back."""
    if device is None:
        return wrong
    allowed, throttled = device.verify_is_allowed()
    if not allowed:
        wait = math.ceil((throttled["locked_until"] - timezone.now()).total_seconds())
        message = _("Too many wrong codes. Try again in %(seconds)d s.")
        return message % {"seconds": max(wait, 1)}
    return None if device.verify_token(code) else wrong


def confirm_authenticator(user, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the app with a code it shows; replace any earlier app and the recovery codes.
    Returns the new recovery codes, which are shown once."""
    mine = device.user_id == user.pk and not device.confirmed
    refusal = _refusal(device, _compact(code), WRONG_CODE) if mine else WRONG_CODE
    if refusal:
        raise ValidationError({"code": refusal})
    return _activate(user, device)


@transaction.atomic
def _activate(user, device: TOTPDevice) -> list[str]:
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    audit.record(user, "two_factor.setup", None)
    return codes


def verify_code(user, code: str) -> TOTPDevice:
    """The user's authenticator if `code` is its current code; a ValidationError otherwise."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    refusal = _refusal(device, _compact(code), WRONG_CODE)
    if refusal:
        raise ValidationError({"code": refusal})
    return device


def use_recovery_code(user, code: str) -> StaticDevice:
    """Spend one recovery code (each works once); a ValidationError if it is not one of them."""
    with transaction.atomic():
        device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        refusal = _refusal(device, _compact(code).lower(), WRONG_RECOVERY_CODE)
        if refusal is None:
            audit.record(
                user, "two_factor.recovery_code_used", None, codes_left=remaining_codes(user)
            )
    if refusal:
        raise ValidationError({"recovery_code": refusal})
    return device


def remaining_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def regenerate_recovery_codes(user) -> list[str]:
    """New recovery codes for a user with an authenticator; the old ones stop working."""
    if not has_authenticator(user):
        raise ValidationError(_("Set up an authenticator app first."))
    codes = _new_recovery_codes(user)
    audit.record(user, "two_factor.recovery_codes_renewed", None)
    return codes


def _new_recovery_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_CODES, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _remove_devices(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def reset_member_second_factor(actor, membership) -> None:
    """A förbund administrator resets a member's lost authenticator: the member sets up a new
    one at their next login (their password still guards it)."""
    permissions.require(actor, "membership.change", membership)
    _remove_devices(membership.user)
    audit.record(actor, "two_factor.reset", membership, username=membership.user.username)


@transaction.atomic
def reset_second_factor_as_operator(user, operator: str) -> None:
    """The site's operator (superuser at the command line) resets a user's second factor."""
    _remove_devices(user)
    audit.record(None, "two_factor.reset", user, username=user.username, operator=operator)


def _compact(code: str) -> str:
    return "".join(code.split())


def with_authenticator_state(memberships):
    """Memberships annotated with whether their user has an authenticator app set up."""
    has_app = TOTPDevice.objects.filter(user=models.OuterRef("user"), confirmed=True)
    return memberships.annotate(has_authenticator=models.Exists(has_app))


def code_shown(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator app with this device's key shows now, or `steps_ahead` periods
    later. Only the demo (whose key is public) and tests ask for it."""
    app = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    app.time = time.time() + steps_ahead * device.step
    return f"{app.token():0{device.digits}d}"
