"""Context every page needs: the user's municipalities and organisations for the switcher."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .permissions import access_map, user_memberships


def samplan(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    accesses = list(access_map(user).values()) if user is not None else []
    organisations = user_memberships(user) if user is not None else []
    current_number = getattr(getattr(request, "resolver_match", None), "kwargs", {}).get("knr")
    return {
        "my_accesses": accesses,
        "my_memberships": organisations,
        "current_knr": current_number,
        "languages": settings.LANGUAGES,
    }
