"""Fixtures shared by the process tests that work on Tydal's example process."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
import time_machine

from samplan.processes.models import Process


@pytest.fixture
def frozen_today() -> Iterator[None]:
    """2 December 2026 at noon: the example process's dates are relative to it."""
    with time_machine.travel(datetime.datetime(2026, 12, 2, 12, 0), tick=False):
        yield


@pytest.fixture
def process(personas) -> Process:
    """Tydal's example process (the test needs `example_data("processes")`)."""
    return Process.objects.get(municipality_id="5033", is_example=True)
