from __future__ import annotations

from django import template

from samplan.municipalities.models import Municipality
from samplan.plans.cleanup import current_period_start

from ..models import Strategy
from ..rules import adoption_deadline

register = template.Library()


@register.simple_tag
def current_strategy(municipality: Municipality) -> dict[str, object]:
    """The current election period's strategy (or None) and its adoption deadline."""
    period = current_period_start()
    strategy = Strategy.objects.filter(municipality=municipality, period_start=period).first()
    return {
        "strategy": strategy,
        "period": period,
        "period_end": period + 4,
        "deadline": adoption_deadline(strategy.constitution_date) if strategy else None,
    }
