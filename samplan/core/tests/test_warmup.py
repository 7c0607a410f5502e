"""The worker's heap frozen once it is warm (core/warmup.py)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from samplan.core.warmup import freeze, freeze_when_warm


@pytest.fixture(autouse=True)
def _unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def _app(environ: dict, start_response: object) -> list[bytes]:
    return [environ["PATH_INFO"].encode()]


def test_the_heap_is_frozen_after_the_warm_up_requests_and_not_before() -> None:
    wrapped = freeze_when_warm(_app, after=3)
    for number in (1, 2):
        assert wrapped({"PATH_INFO": f"/{number}"}, None) == [f"/{number}".encode()]
        assert gc.get_freeze_count() == 0
    assert wrapped({"PATH_INFO": "/3"}, None) == [b"/3"]
    assert gc.get_freeze_count() > 0


def test_it_freezes_once_only() -> None:
    wrapped = freeze_when_warm(_app, after=1)
    wrapped({"PATH_INFO": "/"}, None)
    gc.unfreeze()
    wrapped({"PATH_INFO": "/"}, None)
    assert gc.get_freeze_count() == 0


def test_garbage_is_collected_before_freezing() -> None:
    class Node:
        me: object

    cycle = Node()
    cycle.me = cycle  # a reference cycle: only the collector frees it
    gone = weakref.ref(cycle)
    gc.disable()  # no automatic collection in between: only freeze() may free it
    try:
        del cycle
        assert gone() is not None
        freeze()
        assert gone() is None  # collected, not frozen for the life of the process
    finally:
        gc.enable()
