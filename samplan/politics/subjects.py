"""What a workshop can be about, from the modules this app may read: the planning strategies
(their candidate priorities are the proposals to rank). Registered in apps.py through
core.modules.register_workshop_subjects."""

from __future__ import annotations

from django.utils.translation import gettext as _

from samplan.core.modules import WorkshopSubject
from samplan.municipalities.models import Municipality
from samplan.strategy.models import Strategy


def strategy_subjects(municipality: Municipality) -> list[WorkshopSubject]:
    """One subject per planning strategy, newest first (two queries)."""
    strategies = Strategy.objects.filter(municipality=municipality).prefetch_related("priorities")
    return [
        WorkshopSubject(
            key=f"strategy:{strategy.period_start}",
            title=_("Planning strategy %(period)s") % {"period": strategy.period_label},
            url=strategy.get_absolute_url(),
            proposals=tuple(priority.title for priority in strategy.priorities.all()),
        )
        for strategy in strategies.order_by("-period_start")
    ]
