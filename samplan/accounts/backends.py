"""Log-in with e-mail and password (Django's ModelBackend). The user of each request comes with
its session (accounts/sessions.py), or is read with SQL compiled once per process; either way it
is read at every request, so a deactivated user is logged out at once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from samplan.core.prepared import PreparedQuery

from .models import User
from .sessions import reading

_user = PreparedQuery(lambda pk: User._default_manager.filter(pk=pk), pk=-1)


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        """The user with id `user_id` (already checked by django.contrib.auth), if active."""
        read_with = getattr(reading.get(), "user_read_with", None)
        user = read_with(user_id) if read_with is not None else None
        if user is None:
            found = _user(pk=user_id)
            user = found[0] if found else None
        if user is not None and self.user_can_authenticate(user):
            return user
        return None
