"""Routes of accounts for the access tests (see organisations/tests/access.py)."""

from samordna.accounts.services import create_api_token
from samordna.core.permissions import Role


def _token_of(tenant):
    token, _secret = create_api_token(tenant.users[Role.ADMIN], "access test")
    return token


PAGES = {
    "accounts:revoke_token": lambda tenant: {"pk": _token_of(tenant).pk},
    "accounts:remove_member": lambda tenant: {"pk": tenant.users[Role.STAFF].memberships.get().pk},
}

API: dict = {}

PUBLIC_PAGES = {"accounts:login", "accounts:logout"}
