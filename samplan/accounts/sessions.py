"""The session store: Django's database sessions in `accounts.Session`, which knows its user, so
that a request reads its session and its user in one query, with SQL compiled once per process.

`AuthenticationMiddleware` hands the user read with the session to the log-in backend
(`samplan.accounts.backends.UserBackend`) while Django checks the session (its user id, backend
and password hash) as always. The user is read at every request, so a deactivated user is
logged out at once.

Sessions made before the user backend moved name Django's ModelBackend; they are read as the
new one, so nobody is logged out by the move.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends import db
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.utils import timezone

from samplan.core.prepared import PreparedQuery

from .models import Session, User

OLD_BACKEND = "django.contrib.auth.backends.ModelBackend"
BACKEND = "samplan.accounts.backends.UserBackend"

_session = PreparedQuery(
    lambda key: Session.objects.filter(session_key=key).select_related("user"), key="?"
)
# The session store of the request whose user is being read (set by AuthenticationMiddleware).
reading: ContextVar[SessionStore | None] = ContextVar("samplan_session_reading", default=None)


def user_id_of(data: dict[str, Any]) -> int | None:
    """The id of the user a session's data is logged in as, if any."""
    try:
        return User._meta.pk.to_python(data[SESSION_KEY])
    except (KeyError, ValidationError):
        return None


class SessionStore(db.SessionStore):
    loaded_user: User | None = None

    @classmethod
    def get_model_class(cls) -> type[Session]:
        return Session

    def _get_session_from_db(self) -> Session | None:
        self.loaded_user = None
        try:
            found = _session(key=self.session_key)
        except SuspiciousOperation as error:
            logging.getLogger(f"django.security.{error.__class__.__name__}").warning(str(error))
            found = []
        if not found or found[0].expire_date <= timezone.now():
            self._session_key = None
            return None
        self.loaded_user = found[0].user
        return found[0]

    def load(self) -> dict[str, Any]:
        data = super().load()
        if data.get(BACKEND_SESSION_KEY) == OLD_BACKEND:
            data[BACKEND_SESSION_KEY] = BACKEND
        return data

    def create_model_instance(self, data: dict[str, Any]) -> Session:
        instance = super().create_model_instance(data)
        instance.user_id = user_id_of(data)
        return instance

    def user_read_with(self, user_id: Any) -> User | None:
        """The user read with this session from the database, if it is user `user_id`."""
        user = self.loaded_user
        return user if user is not None and user.pk == user_id else None
