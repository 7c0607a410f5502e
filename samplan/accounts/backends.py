"""Log-in backend: Django's, with the user of each request taken from the page cache."""

from __future__ import annotations

import copy

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser

from samplan.core import freshness


class CachedUserBackend(ModelBackend):
    """Like ModelBackend, but the user behind a session is read once per data version
    (core/freshness: a change of name, password, active flag or membership moves the counter;
    recording the login time does not). Each request gets its own copy."""

    def get_user(self, user_id: int) -> AbstractBaseUser | None:
        user = freshness.cached(
            "user", lambda: super(CachedUserBackend, self).get_user(user_id), user_id
        )
        return copy.copy(user) if user is not None else None
