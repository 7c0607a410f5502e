"""The session store: Django's database sessions, read with SQL compiled once per process.

Every logged-in request reads its session; Django would compile the same query each time.
Sessions made before the user backend moved (`samplan.accounts.backends.UserBackend`) name
Django's ModelBackend; they are read as the new one, so nobody is logged out by the move.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from samplan.core.prepared import PreparedQuery

OLD_BACKEND = "django.contrib.auth.backends.ModelBackend"
BACKEND = "samplan.accounts.backends.UserBackend"

_session = PreparedQuery(lambda key: Session.objects.filter(session_key=key), key="?")


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Session | None:
        try:
            found = _session(key=self.session_key)
        except SuspiciousOperation as error:
            logging.getLogger(f"django.security.{error.__class__.__name__}").warning(str(error))
            found = []
        if not found or found[0].expire_date <= timezone.now():
            self._session_key = None
            return None
        return found[0]

    def load(self) -> dict[str, Any]:
        data = super().load()
        if data.get(BACKEND_SESSION_KEY) == OLD_BACKEND:
            data[BACKEND_SESSION_KEY] = BACKEND
        return data
