"""The dashboard's panel of political arenas written in Python ({% politics_panel %}) is byte
for byte the template it replaces (politics_panel_before.html), for every branch, in nb, nn and
en, with the model instances the panel's read makes."""

from __future__ import annotations

import datetime

import pytest

from samplan.core.testing import assert_panel_pinned, panel_pin
from samplan.politics.models import Workshop

PIN = panel_pin(__file__, "politics", "politics")

RUNNING = Workshop(pk=1, municipality_id="5033", title='Verkstad <b>"Kvar & korleis"</b>')
HELD = [
    Workshop(pk=2, title="Samfunnsdelen", held_on=datetime.date(2025, 3, 4), participant_count=1),
    Workshop(pk=3, title="Arealdelen <i>&</i>", held_on=None, participant_count=0),
    Workshop(pk=4, title="Budsjett", held_on=datetime.date(2026, 12, 31), participant_count=1234),
]


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("held", [None, *HELD])
@pytest.mark.parametrize("running", [None, RUNNING])
def test_the_panel_is_the_old_template_byte_for_byte(running, held, language) -> None:
    panel = {"open": running, "last_held": held, "delegations": 3, "decisions": 12}
    values = {"panel": panel, "municipality": {"number": "5033"}}
    assert_panel_pinned(PIN, values, language, "politics")
