"""Display names for the engine's codes (kinds, modules, holiday seasons)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

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
    engine.REGISTER: _("Plan register"),
    engine.OWN: _("Own items"),
}

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
