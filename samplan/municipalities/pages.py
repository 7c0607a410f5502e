"""What every module's pages need from the municipality they belong to."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from samplan.core import freshness

from .permissions import Access

# Written where a cached page content's forms have the request's CSRF token (cached_content):
# the markup is the same for every request but its token.
CSRF_PLACEHOLDER = "samplan-csrf-token-of-the-request"


def module_context(access: Access, **extra: object) -> dict:
    """The template context of a municipality's module page: whose it is, whether it is example
    data (labelled "Eksempeldata"), and whether the user may change it."""
    return access.template_context(**extra)


def document_language(access: Access) -> str:
    """Documents are written in the page's language, or the municipality's if that is English."""
    return access.municipality.document_language(translation.get_language())


def cached_content(
    request: HttpRequest,
    access: Access,
    name: str,
    template: str,
    values: Callable[[], dict[str, Any]],
    *parts: Hashable,
) -> SafeString:
    """A module page's content as markup: `template` rendered with `values()` and what every
    page of the municipality gives it (`municipality`, `is_example`, `can_edit`; not `access`
    nor `user` nor `request`: the markup is shared by every user alike), cached per version of
    the municipality's data, the day, the language, the catalogs, `is_example`, `can_edit` and
    `parts` (core.freshness). A cache hit renders nothing and reads none of `values`' data. The
    forms' CSRF token is the request's own, written into the markup at each request."""
    shared = access.template_context()
    context = {
        "municipality": access.municipality,
        "is_example": shared["is_example"],
        "can_edit": shared["can_edit"],
    }

    def compute() -> SafeString:
        return render_to_string(template, {**context, **values(), "csrf_token": CSRF_PLACEHOLDER})

    markup = freshness.cached(
        name,
        compute,
        context["is_example"],
        context["can_edit"],
        *parts,
        municipality=access.municipality.pk,
    )
    if CSRF_PLACEHOLDER in markup:
        return mark_safe(markup.replace(CSRF_PLACEHOLDER, get_token(request)))  # noqa: S308 -- the token is letters and digits
    return markup
