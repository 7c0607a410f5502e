"""Display names for the engine's codes (kinds, modules, holiday seasons)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from samplan.core.modules import modules

from . import engine, seasons

KIND_LABELS = {
    engine.LOVKRAV: _("Legal requirement"),
    engine.ANBEFALING: _("Recommendation"),
    engine.EGEN: _("Own item"),
}

MODULE_LABELS = {
    engine.COUNCIL: _("Council and election"),
    engine.STRATEGY: _("Planning strategy"),
    engine.PUBLIC_HEALTH: _("Public health"),
    engine.MASTER_PLAN: _("Master plan"),
    engine.ECONOMY: _("Budget and accounts"),
    engine.OTHER_PLANS: _("Other statutory plans and analyses"),
    engine.REGISTER: _("Plan register"),
    engine.OWN: _("Own items"),
}


def module_labels() -> dict[str, object]:
    """The parts of the cycle: the engine's, then every module that adds calendar items."""
    extra = {module.key: module.label for module in modules() if module.calendar_items}
    return {**MODULE_LABELS, **extra}


DATE_RULE_LABELS = {
    engine.LATEST: _("at the latest"),
    engine.EARLIEST: _("at the earliest"),
    engine.PLANNED: _("planned"),
}

SEASON_LABELS = {
    seasons.SUMMER: _("summer holiday (July)"),
    seasons.CHRISTMAS: _("Christmas"),
    seasons.EASTER: _("Easter"),
}


def season_names(keys: Iterable[str]) -> str:
    return ", ".join(str(SEASON_LABELS[key]) for key in keys)


def _day(value: datetime.date) -> str:
    return value.strftime("%d.%m.%Y")


def lateness_text(days: int, *, legal: bool = True) -> str:
    """ "in time", or how many days after the deadline (or the planned date) something was done."""
    if days <= 0:
        return gettext("in time")
    if legal:
        text = ngettext("%(days)s day after the deadline", "%(days)s days after the deadline", days)
    else:
        text = ngettext(
            "%(days)s day after the planned date", "%(days)s days after the planned date", days
        )
    return text % {"days": days}


def status(item: engine.Item, today: datetime.date) -> tuple[str, str] | None:
    """Whether an item was done in time (and how many days late), or how many days it is
    overdue, as a text and a colour ("success", "warning", "danger"); None for an open item that
    is not due yet."""
    if item.done_on is None:
        days = item.overdue_by_days(today)
        if days is None:
            return None
        text = ngettext("Overdue by %(days)s day", "Overdue by %(days)s days", days)
        return text % {"days": days}, "danger"
    done = gettext("Done %(date)s") % {"date": _day(item.done_on)}
    late = item.late_by_days()
    if late is None:
        return done, "success"
    legal = item.legal_latest is not None
    colour = "success" if late == 0 else "danger" if legal else "warning"
    return f"{done}, {lateness_text(late, legal=legal)}", colour


def date_text(item: engine.Item) -> str:
    """The date as a planner reads it: "during 2026" for a year-only revision, "at the latest"
    for a date computed from an unknown constitution date, else the date rule."""
    if item.year_only:
        return gettext("during %(year)s") % {"year": item.date.year}
    rule = str(DATE_RULE_LABELS.get(item.date_rule, item.date_rule))
    if item.assumed and item.date_rule != engine.EARLIEST:
        rule = str(DATE_RULE_LABELS[engine.LATEST])
    return f"{rule} {_day(item.date)}"


def basis_text(item: engine.Item) -> str:
    """The legal basis, with the paragraph no source confirms named."""
    if not item.basis_unconfirmed:
        return item.legal_basis
    note = gettext("Paragraph not confirmed: %(paragraph)s") % {"paragraph": item.basis_unconfirmed}
    return f"{item.legal_basis} ({note})"
