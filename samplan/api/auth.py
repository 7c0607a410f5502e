"""Bearer authentication with a user's API key, and the per-key rate limit.

The key is looked up by its SHA-256 (the key itself is never stored); the request then acts as
the key's user, with exactly the rights that user has in the pages (access_map)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from samplan.core.prepared import PreparedQuery
from samplan.core.ratelimit import Limit, hit

from .models import ApiToken, key_hash
from .problems import ApiProblem

# A key's last use is written at most this often (not on every request).
LAST_USED_PRECISION = datetime.timedelta(minutes=1)
# The key with its user, read at every request of the API: its SQL compiled once per process
# (core/prepared.py; the ORM built it anew each time, about a third of a cached list's CPU).
# The hash is unique: one row or none.
_token_of = PreparedQuery(
    lambda key_hash: ApiToken.objects.select_related("user").filter(key_hash=key_hash),
    key_hash="-1",
)


class ApiKey(HttpBearer):
    openapi_description = "En API-nøkkel laget i profilen: `Authorization: Bearer <nøkkel>`."

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = _token_of(key_hash=key_hash(token))
        api_token = found[0] if found else None
        if api_token is None or not api_token.user.is_active:
            return None
        request.user = api_token.user
        if getattr(api_token.user, "language", ""):
            translation.activate(api_token.user.language)
            request.LANGUAGE_CODE = api_token.user.language
        _limit(api_token)
        _touch(api_token)
        return api_token


def _limit(api_token: ApiToken) -> None:
    """Count the request against the key's limit (settings.RATE_LIMITS["api"]); 429 over it."""
    requests, seconds = settings.RATE_LIMITS["api"]
    retry_after = hit("api", f"key:{api_token.pk}", Limit(requests, seconds))
    if retry_after:
        raise ApiProblem(
            429,
            "rate-limited",
            _("Too many requests"),
            _("This key has sent too many requests. Wait %(seconds)s seconds.")
            % {"seconds": retry_after},
            headers={"Retry-After": str(retry_after)},
        )


def _touch(api_token: ApiToken) -> None:
    """Record when the key was last used (one UPDATE at most once a minute; not audited)."""
    now = timezone.now()
    if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_PRECISION:
        ApiToken._base_manager.filter(pk=api_token.pk).update(last_used_at=now)
        api_token.last_used_at = now
