"""Fixtures shared by the process tests that work on Tydal's example process."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
import time_machine

from samplan.processes.models import Process
from tests.snapshot import PROCESS_EXAMPLE_DAY


@pytest.fixture
def frozen_today() -> Iterator[None]:
    """2 December 2026 at noon: the day the tests' example process is made as of (which of its
    activities are held); the example's dates are fixed, so the tests' reading of them is too."""
    noon = datetime.datetime.combine(PROCESS_EXAMPLE_DAY, datetime.time(12, 0))
    with time_machine.travel(noon, tick=False):
        yield


@pytest.fixture
def process(personas) -> Process:
    """Tydal's example process (the test needs `example_data("processes")`)."""
    return Process.objects.get(municipality_id="5033", is_example=True)
