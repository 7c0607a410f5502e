"""The dashboard's panel of goals and measures written in Python ({% goals_panel %}) is byte
for byte the template it replaces (goals_panel_before.html), for every branch, in nb, nn and
en."""

from __future__ import annotations

import pytest

from samplan.core.testing import assert_panel_pinned, panel_pin
from samplan.goals.models import ActionPlan, Status

PIN = panel_pin(__file__, "goals", "goals")


def _statuses(*counts: int) -> list[tuple[str, int]]:
    """Every status's label with its count (0 for those not given)."""
    counts = counts + (0,) * (len(Status.choices) - len(counts))
    return [
        (str(label), count) for (_value, label), count in zip(Status.choices, counts, strict=True)
    ]


PLAN = ActionPlan(pk=3, municipality_id="5033", first_year=2026)
CASES = {
    "nothing": {"plan": None, "goal_count": 0, "measure_count": 0, "statuses": _statuses()},
    "goals, no plan": {
        "plan": None,
        "goal_count": 1234,
        "measure_count": 0,
        "statuses": _statuses(1, 2),
    },
    "plan, no statuses": {
        "plan": PLAN,
        "goal_count": 12,
        "measure_count": 40,
        "statuses": _statuses(0, 0, 0, 0),
    },
    "plan and statuses": {
        "plan": PLAN,
        "goal_count": 12,
        "measure_count": 40,
        "statuses": _statuses(3, 0, 17, 2000, 5),
    },
    "label to escape": {
        "plan": PLAN,
        "goal_count": 1,
        "measure_count": 1,
        "statuses": [("Godt <i>&</i> 'i rute'", 1)],
    },
}


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("case", CASES)
def test_the_panel_is_the_old_template_byte_for_byte(case: str, language: str) -> None:
    values = {"panel": CASES[case], "municipality": {"number": "5033"}}
    assert_panel_pinned(PIN, values, language, "goals")
