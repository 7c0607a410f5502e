"""What the municipality-scoped management commands share (see samplan.core.commands)."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from samplan.municipalities.models import Municipality


def municipality_or_error(number: str) -> Municipality:
    """The municipality with this number, or a clear error for the command line."""
    municipality = Municipality.objects.filter(number=number).first()
    if municipality is None:
        raise CommandError(
            _("Unknown municipality number: %(number)s (2024 numbering).") % {"number": number}
        )
    return municipality
