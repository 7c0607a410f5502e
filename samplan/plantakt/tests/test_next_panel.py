"""The dashboard's panel of the next deadlines written in Python ({% next_panel %}) is byte for
byte the template it replaces (next_panel_before.html), for every branch, in nb, nn and en."""

from __future__ import annotations

import pytest
from django.utils.safestring import mark_safe

from samplan.core.testing import assert_panel_pinned, panel_pin

PIN = panel_pin(__file__, "plantakt", "next")


def _shown(number: int) -> tuple[object, dict[str, str]]:
    html = mark_safe(f'<time datetime="2026-0{number}-01">1.{number}.2026</time>: Frist {number}\n')
    return object(), {"html": html}


CASES = {
    "nothing": {"upcoming": [], "overdue": [], "overdue_count": 0},
    "upcoming": {"upcoming": [_shown(1), _shown(2)], "overdue": [], "overdue_count": 0},
    "one overdue": {"upcoming": [], "overdue": [_shown(3)], "overdue_count": 1},
    "all shown": {
        "upcoming": [_shown(1)],
        "overdue": [_shown(4), _shown(5)],
        "overdue_count": 2,
    },
    "more overdue": {
        "upcoming": [_shown(1), _shown(2), _shown(3)],
        "overdue": [_shown(number) for number in range(1, 6)],
        "overdue_count": 1234,
    },
}


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("case", CASES)
def test_the_panel_is_the_old_template_byte_for_byte(case: str, language: str) -> None:
    panel = {**CASES[case], "election_year": 2023}
    municipality = {"number": "5033"}
    assert_panel_pinned(PIN, {"panel": panel, "municipality": municipality}, language, "plantakt")
