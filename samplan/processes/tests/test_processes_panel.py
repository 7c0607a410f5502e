"""The dashboard's panel of process plans written in Python ({% processes_panel %}) is byte for
byte the template it replaces (processes_panel_before.html), for every branch, in nb, nn and
en, with the model instances the panel's read makes."""

from __future__ import annotations

import datetime

import pytest

from samplan.core.testing import assert_panel_pinned, panel_pin
from samplan.processes.models import Activity, Phase, Process, ProcessStatus

PIN = panel_pin(__file__, "processes", "processes")

PROCESSES = [
    Process(pk=7, municipality_id="5033", name="Kommuneplan", status=ProcessStatus.RUNNING),
    Process(
        pk=12345,
        municipality_id="5033",
        name='Medverknad <b>"Kvar & korleis"</b>',
        status=ProcessStatus.PLANNED,
        is_example=True,
    ),
]


def _activity(pk: int, title: str, day: datetime.date, process: Process) -> Activity:
    return Activity(pk=pk, title=title, starts_on=day, phase=Phase(pk=pk, process=process))


ACTIVITIES = [
    _activity(1, "Oppstartsmøte", datetime.date(2026, 3, 4), PROCESSES[0]),
    _activity(2, "Høyring <alle> & 'fleire'", datetime.date(2027, 12, 31), PROCESSES[1]),
]

CASES = {
    "nothing": {"processes": [], "upcoming": []},
    "processes only": {"processes": PROCESSES, "upcoming": []},
    "one process": {"processes": PROCESSES[:1], "upcoming": ACTIVITIES[:1]},
    "both": {"processes": PROCESSES, "upcoming": ACTIVITIES},
}


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("case", CASES)
def test_the_panel_is_the_old_template_byte_for_byte(case: str, language: str) -> None:
    values = {"panel": CASES[case], "municipality": {"number": "5033"}}
    assert_panel_pinned(PIN, values, language, "processes")
