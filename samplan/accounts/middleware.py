"""Django's AuthenticationMiddleware, with the user read together with the session."""

from __future__ import annotations

from django.contrib import auth
from django.contrib.auth import middleware
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .sessions import reading


def get_user(request: HttpRequest) -> object:
    """The request's user (django.contrib.auth.get_user), given the user its session was read
    with (accounts/sessions.py)."""
    if not hasattr(request, "_cached_user"):
        token = reading.set(request.session)
        try:
            request._cached_user = auth.get_user(request)
        finally:
            reading.reset(token)
    return request._cached_user


class AuthenticationMiddleware(middleware.AuthenticationMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)

        def first_read() -> object:
            # Once read, `request.user` is the user itself: each of the page's some fifty reads
            # of it then skips the lazy object's proxy (about 1 µs each). Only while it is still
            # this lazy object: a log-in or log-out during the request set its own user.
            user = get_user(request)
            if request.__dict__.get("user") is lazy:
                request.user = user
            return user

        lazy = SimpleLazyObject(first_read)
        request.user = lazy
