"""Log-in with e-mail and password (Django's ModelBackend), the user of each request read with
SQL compiled once per process (every logged-in request reads it: a deactivated user is logged
out at once)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from samplan.core.prepared import PreparedQuery

from .models import User

_user = PreparedQuery(lambda pk: User._default_manager.filter(pk=pk), pk=-1)


class UserBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        """The user with id `user_id` (already checked by django.contrib.auth), if active."""
        found = _user(pk=user_id)
        if found and self.user_can_authenticate(found[0]):
            return found[0]
        return None
