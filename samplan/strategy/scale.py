"""A synthetic planning strategy for `samplan seed-scale`."""

from __future__ import annotations

import datetime
import random

from samplan.municipalities.models import Municipality

from .models import MasterPlanDecision, Priority, StrategyStatus
from .sections import SECTIONS
from .services import strategy_get_or_create, strategy_save


def strategy_scale_create(municipality: Municipality, rng: random.Random) -> int:
    strategy = strategy_get_or_create(municipality=municipality, period_start=2023)
    for section in SECTIONS:
        setattr(strategy, section.key, f"{section.example} (Syntetisk tekst.)")
    if rng.random() < 0.7:
        strategy.status = StrategyStatus.ADOPTED
        strategy.public_from = datetime.date(2024, 5, 1)
        strategy.council_meeting = strategy.adopted_on = datetime.date(2024, 6, 20)
        strategy.master_plan_decision = rng.choice(MasterPlanDecision.values)
    strategy_save(strategy=strategy, constituted_on=datetime.date(2023, 10, rng.randint(10, 31)))
    Priority.objects.bulk_create(
        Priority(strategy=strategy, title=f"Syntetisk prioritering {number}")
        for number in range(1, 7)
    )
    return 1 + 6 + strategy.bodies.count()
