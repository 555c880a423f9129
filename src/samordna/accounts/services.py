"""State changes for accounts: invitations, memberships and the API token lifecycle."""

import hashlib
import logging
import secrets
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.accounts.models import ApiToken, Invitation, Membership
from samordna.core import audit, permissions
from samordna.core.permissions import ALL_ROLES, Role

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "smd_"
# A token's last use is written at most this often (the token page shows it to the minute), so
# an integration's reads do not each write.
TOKEN_USE_RESOLUTION = timedelta(minutes=1)


def _digest(raw_token: str) -> str:
    # Tokens carry 256 bits of randomness, so a fast hash is enough; no salt or stretching needed.
    return hashlib.sha256(raw_token.encode()).hexdigest()


@transaction.atomic
def create_api_token(user, name: str, valid_days: int | None = 365) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is never stored and never shown again."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = timezone.now() + timedelta(days=valid_days) if valid_days else None
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        digest=_digest(raw),
        expires_at=expires_at,
    )
    audit.record(user, "api_token.create", token, token_name=name)
    return token, raw


def authenticate_api_token(raw_token: str):
    """The user a usable token belongs to, or None. Marks the token as used (to the minute)."""
    if not raw_token.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.usable()
        .select_related("user")
        .filter(digest=_digest(raw_token), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= TOKEN_USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def revoke_api_token(user, token: ApiToken) -> None:
    if token.user_id != user.pk:
        raise PermissionDenied
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(user, "api_token.revoke", token, token_name=token.name)


@transaction.atomic
def remove_member(actor, membership: Membership) -> None:
    permissions.require(actor, "membership.change", membership)
    audit.record(
        actor,
        "membership.remove",
        membership,
        username=membership.user.username,
        role=membership.role,
    )
    membership.delete()


# Staff and referring case officers work for a member authority: their role needs it.
ROLES_ACTING_FOR_AN_ORGANISATION = frozenset({Role.STAFF, Role.REFERRER})


def _check_invitation(forbund, email: str, role: str, organisation) -> None:
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": error.messages}) from error
    if role not in ALL_ROLES:  # the national analyst is no role within a förbund
        raise ValidationError({"role": _("Choose one of the roles.")})
    if organisation is not None and organisation.forbund_id != forbund.pk:
        raise ValidationError({"organisation": _("Choose one of the förbund's organisations.")})
    if organisation is None and role in ROLES_ACTING_FOR_AN_ORGANISATION:
        raise ValidationError(
            {"organisation": _("This role acts for a member organisation: choose which.")}
        )


def _issue_link(invitation: Invitation, site_url: str) -> None:
    """Give the invitation a new one-time link, valid from now, and e-mail it.

    The raw link is never stored; an earlier link of the same invitation stops working.
    """
    raw = secrets.token_urlsafe(32)
    invitation.digest = _digest(raw)
    invitation.sent_at = timezone.now()
    invitation.expires_at = invitation.sent_at + timedelta(days=settings.SAMORDNA_INVITATION_DAYS)
    invitation.save()
    context = {
        "invitation": invitation,
        "link": site_url.rstrip("/") + reverse("accounts:invitation", args=[raw]),
        "valid_days": settings.SAMORDNA_INVITATION_DAYS,
    }
    try:
        send_mail(
            subject=_("Invitation to Samordna: %(forbund)s") % {"forbund": invitation.forbund},
            message=render_to_string("accounts/email/invitation.txt", context),
            from_email=None,
            recipient_list=[invitation.email],
        )
    except (OSError, smtplib.SMTPException) as error:
        logger.warning("The invitation e-mail could not be sent: %s", error)
        raise ValidationError(
            _("The e-mail could not be sent. Try again later, or ask your IT support.")
        ) from error


@transaction.atomic
def invite(
    actor, forbund, *, email: str, role: str, organisation=None, site_url: str
) -> Invitation:
    """Invite an e-mail address to a role in the förbund and send it a one-time link.

    The answer is the same whether or not the address already has an account.
    """
    permissions.require(actor, "membership.change", forbund)
    _check_invitation(forbund, email, role, organisation)
    invitation = Invitation(
        forbund=forbund, email=email, role=role, organisation=organisation, invited_by=actor
    )
    _issue_link(invitation, site_url)
    audit.record(actor, "invitation.create", invitation, email=email, role=role)
    return invitation


@transaction.atomic
def resend_invitation(actor, invitation: Invitation, *, site_url: str) -> None:
    """Send a waiting or expired invitation again, with a new link and a new expiry."""
    permissions.require(actor, "membership.change", invitation)
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("The invitation has been accepted or withdrawn."))
    _issue_link(invitation, site_url)
    audit.record(actor, "invitation.resend", invitation, email=invitation.email)


@transaction.atomic
def revoke_invitation(actor, invitation: Invitation) -> None:
    permissions.require(actor, "membership.change", invitation)
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("The invitation has been accepted or withdrawn."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(actor, "invitation.revoke", invitation, email=invitation.email)


def pending_invitation(raw_link: str) -> Invitation | None:
    """The waiting invitation a one-time link opens, or None (unknown, used, withdrawn, expired)."""
    return (
        Invitation.objects.pending()
        .select_related("forbund", "organisation")
        .filter(digest=_digest(raw_link))
        .first()
    )


@transaction.atomic
def accept_invitation(user, invitation: Invitation) -> Membership:
    """Give `user` the invited role. The link works once: a second acceptance is refused."""
    locked = Invitation.objects.select_for_update().pending().filter(pk=invitation.pk).first()
    if locked is None:
        raise ValidationError(_("The invitation is no longer valid."))
    membership, _created = Membership.objects.get_or_create(
        user=user,
        forbund=locked.forbund,
        role=locked.role,
        defaults={"organisation": locked.organisation},
    )
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(user, "invitation.accept", locked, role=locked.role)
    return membership


@transaction.atomic
def accept_invitation_as_new_user(invitation: Invitation, new_user) -> Membership:
    """Save `new_user` (an unsaved account with its password set) and accept for it."""
    new_user.email = invitation.email
    new_user.save()
    return accept_invitation(new_user, invitation)
