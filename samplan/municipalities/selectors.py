"""Reads about municipalities shared by views, middleware and the CLI."""

from __future__ import annotations

from functools import lru_cache

from django.db import DatabaseError

from .models import Municipality, Organisation


@lru_cache(maxsize=1)
def _language_forms() -> dict[str, str]:
    try:
        return {
            number: Municipality(language_form=form).default_language
            for number, form in Municipality.objects.values_list("number", "language_form")
        }
    except DatabaseError:
        return {}


def municipality_language(number: str) -> str | None:
    """The UI language that fits municipality `number` ("nb" or "nn"), None if unknown."""
    return _language_forms().get(number)


def clear_language_cache() -> None:
    _language_forms.cache_clear()


def network_overview(organisation: Organisation) -> list[Municipality]:
    """The municipalities a county or intercommunal office follows, with their workspaces."""
    return list(organisation.municipalities.select_related("county", "workspace").order_by("name"))
