"""How a session's user is read on every request: with their memberships, in one query."""

from django.contrib.auth.backends import ModelBackend

from samordna.accounts.models import Membership
from samordna.core import permissions
from samordna.core.by_key import rows_where


class MembershipsBackend(ModelBackend):
    """Django's model backend (passwords, active users, the session's check of the password),
    except that a session's user comes with their memberships and each one's förbund in one
    query (compiled once, core/by_key.py): every request asks for both before any view runs."""

    def get_user(self, user_id):
        rows = rows_where(Membership, "user_id", user_id, related=("user", "forbund"))
        if not rows:  # a user without a role anywhere (the site's operators)
            return super().get_user(user_id)
        user = rows[0].user
        if not self.user_can_authenticate(user):
            return None
        for row in rows:
            row.user = user
        permissions.keep_memberships(user, rows)
        return user


# The backend a session names when the view logs someone in itself (two are configured).
SESSION_BACKEND = f"{MembershipsBackend.__module__}.{MembershipsBackend.__qualname__}"
