"""Reads for the planning strategy shared by views and the dashboard."""

from __future__ import annotations

from samplan.municipalities.models import Municipality
from samplan.plans.cleanup import current_period_start

from .models import Strategy
from .rules import adoption_deadline


def current_strategy_panel(municipality: Municipality) -> dict[str, object]:
    """The dashboard panel: the current election period's strategy (or None) and its adoption
    deadline (one query: the constitution date comes with the strategy)."""
    period = current_period_start()
    strategy = (
        Strategy.objects.filter(municipality=municipality, period_start=period)
        .select_related("municipality")
        .first()
    )
    return {
        "strategy": strategy,
        "period": period,
        "period_end": period + 4,
        "deadline": adoption_deadline(strategy.constitution_date) if strategy else None,
    }
