"""Routes of accounts for the access tests (see organisations/tests/access.py)."""

from samordna.accounts.services import create_api_token, invite
from samordna.core.permissions import Role


def _invitation_of(tenant):
    return invite(
        tenant.users[Role.ADMIN],
        tenant.forbund,
        email="inbjuden@example.org",
        role=Role.BOARD,
        site_url="http://testserver/",
    )


def _token_of(tenant):
    token, _secret = create_api_token(tenant.users[Role.ADMIN], "access test")
    return token


PAGES = {
    "accounts:revoke_token": lambda tenant: {"pk": _token_of(tenant).pk},
    "accounts:remove_member": lambda tenant: {"pk": tenant.users[Role.STAFF].memberships.get().pk},
    "accounts:reset_second_factor": lambda tenant: {
        "pk": tenant.users[Role.STAFF].memberships.get().pk
    },
    "accounts:resend_invitation": lambda tenant: {"pk": _invitation_of(tenant).pk},
    "accounts:revoke_invitation": lambda tenant: {"pk": _invitation_of(tenant).pk},
    # Public: the link itself is the key; an unknown link answers 404 (test_invitations.py).
    "accounts:invitation": lambda tenant: {"link": "unknown-link"},
}

API = {
    "/api/v1/invitations/{invitation_id}/resend": lambda tenant: {
        "invitation_id": _invitation_of(tenant).pk
    },
    "/api/v1/invitations/{invitation_id}/revoke": lambda tenant: {
        "invitation_id": _invitation_of(tenant).pk
    },
}

PUBLIC_PAGES = {"accounts:login", "accounts:logout", "accounts:invitation"}
