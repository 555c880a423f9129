"""Django's database sessions, read by their key without compiling the query on every request
(SESSION_ENGINE; core/by_key.py)."""

from django.contrib.sessions.backends import db
from django.utils import timezone

from samordna.core.by_key import row_by_key


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        """The stored session unless it has expired, as Django's own reads it."""
        stored = row_by_key(self.model, self.session_key) if self.session_key else None
        if stored is None or stored.expire_date <= timezone.now():
            self._session_key = None
            return None
        return stored
