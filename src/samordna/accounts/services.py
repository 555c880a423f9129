"""State changes for accounts: memberships and the API token lifecycle."""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from samordna.accounts.models import ApiToken, Membership
from samordna.core import audit, permissions

TOKEN_PREFIX = "smd_"


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
    """The user a usable token belongs to, or None. Marks the token as used."""
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
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


@transaction.atomic
def revoke_api_token(user, token: ApiToken) -> None:
    if token.user_id != user.pk:
        raise PermissionDenied
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(user, "api_token.revoke", token, token_name=token.name)


@transaction.atomic
def add_member(
    actor, forbund, *, username, first_name, last_name, email, password, role, organisation=None
) -> Membership:
    """Give a person a role in the förbund, creating their user account if it is new."""
    permissions.require(actor, "membership.change", forbund)
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, "email": email},
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    membership = Membership.objects.create(
        forbund=forbund, user=user, role=role, organisation=organisation
    )
    audit.record(actor, "membership.add", membership, username=username, role=role)
    return membership


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
