"""Who may see which API key: only its own user (404 for anyone else, like a missing key)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from .models import ApiToken


def get_token_for_user(user: object, pk: int) -> ApiToken:
    """The user's own key `pk`; 404 for another user's key."""
    return get_object_or_404(ApiToken, pk=pk, user=user)
