"""API routes about the caller (who they are, which roles they hold) and invitations to a förbund."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from samordna.accounts import services
from samordna.accounts.models import Invitation, InvitationStatus
from samordna.core import permissions
from samordna.core.api import Paging, page_of
from samordna.core.http import visible_object
from samordna.core.permissions import Role
from samordna.organisations.models import Forbund, Organisation

router = Router(tags=["accounts"])


class MembershipOut(Schema):
    forbund_id: int
    forbund: str
    role: str
    organisation_id: int | None


class MeOut(Schema):
    username: str
    name: str
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut)
def me(request):
    user = request.auth
    return {
        "username": user.username,
        "name": user.get_full_name(),
        "memberships": [
            {
                "forbund_id": m.forbund_id,
                "forbund": m.forbund.name,
                "role": m.role,
                "organisation_id": m.organisation_id,
            }
            for m in permissions.memberships(user)
        ],
    }


class InvitationIn(Schema):
    forbund: int
    email: str = Field(max_length=254)
    role: Role
    organisation: int | None = None


class InvitationOut(Schema):
    id: int
    forbund_id: int
    email: str
    role: Role
    organisation_id: int | None
    sent_at: datetime
    expires_at: datetime
    status: InvitationStatus


def _site_url(request) -> str:
    return request.build_absolute_uri("/")


@router.get("/invitations", response=page_of(InvitationOut))
def list_invitations(request, paging: Query[Paging]):
    """Invitations the caller may see (administrators and auditors), oldest first."""
    return paging.page(request, Invitation.objects.visible_to(request.auth))


@router.post("/invitations", response={201: InvitationOut})
def create_invitation(request, payload: InvitationIn):
    """Invite an e-mail address to a role; the answer is the same whether or not it has an account."""
    forbund = get_object_or_404(Forbund.objects.visible_to(request.auth), pk=payload.forbund)
    organisation = (
        get_object_or_404(Organisation.objects.in_forbund(forbund), pk=payload.organisation)
        if payload.organisation
        else None
    )
    invitation = services.invite(
        request.auth,
        forbund,
        email=payload.email,
        role=payload.role,
        organisation=organisation,
        site_url=_site_url(request),
    )
    return Status(201, invitation)


@router.post("/invitations/{invitation_id}/resend", response=InvitationOut)
def resend_invitation(request, invitation_id: int):
    """Send the invitation again with a new link (the old link stops working) and a new expiry."""
    invitation = visible_object(request.auth, Invitation, invitation_id, "membership.change")
    services.resend_invitation(request.auth, invitation, site_url=_site_url(request))
    return invitation


@router.post("/invitations/{invitation_id}/revoke", response=InvitationOut)
def revoke_invitation(request, invitation_id: int):
    invitation = visible_object(request.auth, Invitation, invitation_id, "membership.change")
    services.revoke_invitation(request.auth, invitation)
    return invitation
