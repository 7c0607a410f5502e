"""What every module's pages need from the municipality they belong to."""

from __future__ import annotations

from django.utils import translation

from .permissions import Access


def module_context(access: Access, **extra: object) -> dict:
    """The template context of a municipality's module page: whose it is, whether it is example
    data (labelled "Eksempeldata"), and whether the user may change it."""
    return access.template_context(**extra)


def document_language(access: Access) -> str:
    """Documents are written in the page's language, or the municipality's if that is English."""
    return access.municipality.document_language(translation.get_language())
