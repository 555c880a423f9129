"""API routes about the caller: who they are and which roles they hold."""

from ninja import Router, Schema

from samordna.core import permissions

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
