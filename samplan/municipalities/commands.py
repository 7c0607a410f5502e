"""What the municipality-scoped management commands share (see samplan.core.commands)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from samplan.municipalities.models import Municipality
from samplan.municipalities.selectors import renumbered_municipalities, renumbered_text


def municipality_or_error(
    number: str,
    *,
    years: tuple[int, int] | None = None,
    notice: Callable[[str], object] | None = None,
) -> Municipality:
    """The municipality with this number, or a clear error for the command line.

    An old number (before the 2018, 2020 or 2024 changes) is taken for today's municipality when
    `years` (first, last) is given and the old number was in use during them; `notice` is then
    told so. Otherwise the error says which number to use instead (or, for a municipality that
    was divided, which numbers).
    """
    number = number.strip()
    municipality = Municipality.objects.filter(number=number).first()
    if municipality is not None:
        return municipality
    found = renumbered_municipalities(number)
    if found is None:
        raise CommandError(
            _("Unknown municipality number: %(number)s (2024 numbering).") % {"number": number}
        )
    renumbering, current = found
    if years is not None and len(current) == 1 and renumbering.valid_during(*years):
        if notice is not None:
            notice(
                _(
                    "%(old)s (%(name)s) was in use until %(last)s; it is %(new)s %(new_name)s "
                    "today, which is used."
                )
                % {
                    "old": renumbering.number,
                    "name": renumbering.name,
                    "last": renumbering.last_year,
                    "new": current[0].number,
                    "new_name": current[0].name,
                }
            )
        return current[0]
    raise CommandError(renumbered_text(renumbering, current))
