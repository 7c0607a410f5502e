"""Template helpers for plantakt: labels for the engine's codes, the holiday warning text and
the dashboard panel's next deadlines."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from samplan.core import freshness
from samplan.municipalities.models import Municipality

from .. import engine, selectors
from ..labels import DATE_RULE_LABELS, KIND_LABELS, MODULE_LABELS, season_names

register = template.Library()


@register.filter
def date_rule_label(value: str) -> str:
    return str(DATE_RULE_LABELS.get(value, value))


@register.filter
def module_label(value: str) -> str:
    return str(MODULE_LABELS.get(value, value))


@register.filter
def kind_label(value: str) -> str:
    return str(KIND_LABELS.get(value, value))


@register.simple_tag
def holiday_text(warning: engine.HolidayWarning) -> str:
    values = {
        "seasons": season_names(warning.seasons),
        "days": warning.overlap_days,
        "date": warning.suggested.strftime("%d.%m.%Y"),
    }
    if warning.moves == "start":
        return (
            _(
                "The period overlaps %(seasons)s (%(days)s days). Consider publishing earlier, "
                "by %(date)s."
            )
            % values
        )
    return (
        _(
            "The consultation overlaps %(seasons)s (%(days)s days). Consider a longer deadline, "
            "to %(date)s."
        )
        % values
    )


@register.simple_tag
def plantakt_next(municipality: Municipality) -> dict:
    """The next deadlines for the dashboard panel, the overdue ones apart with their count."""
    today = timezone.localdate()

    def compute() -> dict:
        items = selectors.next_items(municipality, today)
        return {
            "upcoming": items.upcoming,
            "overdue": items.overdue,
            "overdue_count": items.overdue_count,
            "election_year": selectors.current_election_year(today),
        }

    return freshness.cached("plantakt_next", compute, municipality.pk)
