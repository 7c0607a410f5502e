"""The dashboard's panel of the planning strategy written in Python ({% strategy_panel %}) is
byte for byte the template it replaces (strategy_panel_before.html), for every branch, in nb,
nn and en, with the model instance the panel's read makes."""

from __future__ import annotations

import datetime

import pytest

from samplan.core.testing import assert_panel_pinned, panel_pin
from samplan.strategy.models import Strategy, StrategyStatus

PIN = panel_pin(__file__, "strategy", "strategy")


def _strategy(status: str, *, shared: bool = False, workshop: datetime.date | None = None):
    return Strategy(
        pk=3,
        municipality_id="5033",
        period_start=2023,
        status=status,
        shared_with_members=shared,
        workshop_on=workshop,
    )


STRATEGIES = {
    "not started": None,
    "draft": _strategy(StrategyStatus.DRAFT),
    "shared": _strategy(StrategyStatus.DRAFT, shared=True),
    "shared, workshop": _strategy(
        StrategyStatus.PUBLIC, shared=True, workshop=datetime.date(2024, 3, 4)
    ),
    "adopted, shared": _strategy(
        StrategyStatus.ADOPTED, shared=True, workshop=datetime.date(2024, 11, 30)
    ),
}


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("deadline", [datetime.date(2024, 10, 7), None])
@pytest.mark.parametrize("case", STRATEGIES)
def test_the_panel_is_the_old_template_byte_for_byte(case, deadline, language) -> None:
    panel = {
        "strategy": STRATEGIES[case],
        "period": 2023,
        "period_end": 2027,
        "deadline": deadline if STRATEGIES[case] else None,
    }
    values = {"panel": panel, "municipality": {"number": "5033"}}
    assert_panel_pinned(PIN, values, language, "strategy")
