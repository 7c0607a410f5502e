"""The dashboard's panel of consultations written in Python ({% participation_panel %}) is byte
for byte the template it replaces (participation_panel_before.html), for every branch, in nb,
nn and en, with the model instances the panel's read makes."""

from __future__ import annotations

import pytest

from samplan.core.testing import assert_panel_pinned, panel_pin
from samplan.municipalities.models import Municipality
from samplan.participation.models import Consultation, Status

PIN = panel_pin(__file__, "participation", "participation")


def _consultation(pk: int, title: str, status: str, count: int, unprocessed: int) -> Consultation:
    made = Consultation(pk=pk, municipality_id="5033", title=title, status=status)
    made.submission_count, made.unprocessed = count, unprocessed
    return made


ROWS = [
    _consultation(1, "Kommuneplanens samfunnsdel", Status.PUBLISHED, 0, 0),
    _consultation(2, "Ein innspel", Status.PUBLISHED, 1, 1),
    _consultation(12345, 'Høyring <b>"Kvar & korleis"</b>', Status.CLOSED, 1234, 2),
    _consultation(4, "Svar", Status.ANSWERED, 2, 0),
]


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("rows", [0, 1, 4])
def test_the_panel_is_the_old_template_byte_for_byte(rows: int, language: str) -> None:
    panel = {"rows": ROWS[:rows], "open": rows, "municipality": Municipality(number="5033")}
    assert_panel_pinned(PIN, {"panel": panel}, language, "participation")
