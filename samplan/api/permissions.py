"""Who may see what through the API: an API key only by its own user (404 for anyone else, like
a missing key); an object of a module only within the municipality the user has access to."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import models
from django.shortcuts import get_object_or_404

from samplan.municipalities.permissions import Access

from .models import ApiToken

M = TypeVar("M", bound=models.Model)


def get_token_for_user(user: object, pk: int) -> ApiToken:
    """The user's own key `pk`; 404 for another user's key."""
    return get_object_or_404(ApiToken, pk=pk, user=user)


def within_municipality(model: type[M]) -> Callable[[Access, int], M]:
    """`get_<thing>_for_user` for a model whose rows belong to a municipality and whose module
    looks them up another way (a strategy by its period, a clean-up decision by its plan and
    period): row `pk` of the municipality the user has `access` to; 404 for any other."""

    def get_for_user(access: Access, pk: int) -> M:
        return get_object_or_404(model._default_manager, pk=pk, municipality=access.municipality)

    return get_for_user
