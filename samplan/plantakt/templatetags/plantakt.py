"""Template helpers for plantakt: labels for the engine's codes, the holiday warning text and
the dashboard panel's next deadlines."""

from __future__ import annotations

import datetime

from django import template
from django.utils.translation import gettext as _

from .. import engine
from ..labels import (
    DATE_RULE_LABELS,
    KIND_LABELS,
    lateness_text,
    module_labels,
    season_names,
    status,
)

register = template.Library()


@register.filter
def date_rule_label(value: str) -> str:
    return str(DATE_RULE_LABELS.get(value, value))


@register.filter
def module_label(value: str) -> str:
    return str(module_labels().get(value, value))


@register.filter
def kind_label(value: str) -> str:
    return str(KIND_LABELS.get(value, value))


@register.simple_tag
def item_status(item: engine.Item, today: datetime.date) -> tuple[str, str] | None:
    """Done in time, how many days late, or how many days overdue: (text, colour) or None."""
    return status(item, today)


@register.simple_tag
def lateness(done: datetime.date | None, deadline: datetime.date | None) -> str:
    """ "in time" or "N days after the deadline" for a date done against a legal deadline (the
    strategy page uses it for the adoption and the publication); empty when either is missing."""
    if not done or not deadline:
        return ""
    return lateness_text((done - deadline).days)


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
