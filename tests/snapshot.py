"""What many tests start from, made once per test module instead of once per test.

The personas (one user per role in Tydal, a county adviser, outsiders) are created once for a test
module inside a transaction that stays open for the module's tests and is rolled back after them.
Each test's own transaction is a savepoint inside it (as Django's `TestCase.setUpTestData`), so a
test's writes are undone as before and the next test finds the data as it was made.

A test may also start from example data (`@pytest.mark.example_data("plans", "strategy")`): Tydal's
example register, strategy, plantakt period or the SSB snapshot. The snapshot makes the layers a
test names before the test's transaction begins and keeps them for the next test that names the
same (or more) layers; a test that names fewer starts from a new snapshot. Example data is made in
one fixed order (`LAYERS`), so a test finds the same database whichever tests ran before it. The
test's own code still asks for what it needs (`example_data(name, municipality)`), which makes
a layer the snapshot does not hold, so a test is right without the marker, only slower.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable, Iterable
from typing import Any

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _plans(municipality: Any) -> None:
    from samplan.plans.example import example_plans_create

    example_plans_create(municipality)


def _strategy(municipality: Any) -> None:
    from samplan.strategy.example import example_strategy_create

    example_strategy_create(municipality)


def _plantakt(municipality: Any) -> None:
    from samplan.plantakt.example import example_plantakt_create

    example_plantakt_create(municipality)


def _politics(municipality: Any) -> None:
    from samplan.politics.example import example_politics_create

    example_politics_create(municipality)


# The day the example process is made as of in the tests (which of its activities are held),
# whatever day they run: the day the process tests freeze (samplan/processes/tests/conftest.py).
PROCESS_EXAMPLE_DAY = datetime.date(2026, 12, 2)


def _processes(municipality: Any) -> None:
    from samplan.processes.example import example_process_create

    example_process_create(municipality, today=PROCESS_EXAMPLE_DAY)


def _goals(municipality: Any) -> None:
    from samplan.goals.example import example_goals_create

    example_goals_create(municipality)


def _guidance(municipality: Any) -> None:
    from samplan.core.mail import mail_silenced
    from samplan.guidance.example import example_guidance_create

    with mail_silenced():  # as `samplan demo` makes it: nobody is e-mailed
        example_guidance_create(municipality)


def _ssb(municipality: Any) -> None:
    from samplan.stats.snapshot import snapshot_load

    snapshot_load()


def _ssb_refreshed(municipality: Any) -> None:
    """The snapshot plus births, deaths, migration and a projection "fetched" from SSB (answers
    built by samplan/stats/tests/conftest.py, no network)."""
    import httpx

    from samplan.stats import selectors as stats_selectors
    from samplan.stats import services
    from samplan.stats.ssb import SsbClient
    from samplan.stats.tests.conftest import ssb_answer

    _ssb(municipality)
    client = SsbClient(transport=httpx.MockTransport(ssb_answer()), sleep=lambda s: None)
    with client:
        services.refresh(regions=stats_selectors.regions_for(municipality), client=client)


def _participation(municipality: Any) -> None:
    """The example consultation belongs to the example strategy, which comes with it."""
    from samplan.participation.example import example_participation_create

    _strategy(municipality)
    example_participation_create(municipality)


# The layers in the order they are made (the example strategy picks statements of the challenge
# picture when SSB figures are there, so the figures come first).
LAYERS: dict[str, Callable[[Any], None]] = {
    "ssb": _ssb,
    "ssb-refreshed": _ssb_refreshed,
    "plans": _plans,
    "plantakt": _plantakt,
    "strategy": _strategy,
    "politics": _politics,
    "processes": _processes,
    "goals": _goals,
    "participation": _participation,
    "guidance": _guidance,
}


# A layer that includes another: the figures "fetched" from SSB come with the snapshot.
INCLUDES = {"ssb-refreshed": ("ssb",), "participation": ("strategy",)}


def ordered(names: Iterable[str]) -> list[str]:
    unknown = set(names) - set(LAYERS)
    if unknown:
        raise ValueError(f"unknown example data {sorted(unknown)}; known: {list(LAYERS)}")
    return [name for name in LAYERS if name in set(names)]


def layer_positions(names: Iterable[str]) -> list[int]:
    """The layers named, as their positions in `LAYERS` (for sorting tests by their data)."""
    position = {name: index for index, name in enumerate(LAYERS)}
    return [position[name] for name in ordered(names)]


class ModuleSnapshot:
    """The personas and example data layers, in a transaction open for a test module."""

    current: ModuleSnapshot | None = None

    def __init__(self, django_db_blocker: Any) -> None:
        self.blocker = django_db_blocker
        self.layers: list[str] = []
        with django_db_blocker.unblock():
            self._begin()
        ModuleSnapshot.current = self

    def _begin(self) -> None:
        from django.db import transaction
        from django.test.utils import override_settings

        from samplan.municipalities.testing import create_personas

        # The tests' fast hasher (the per-test settings are not in force here yet).
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                self.personas = create_personas()
            except BaseException:
                self.atomic.__exit__(None, None, None)
                raise
        self.layers = []

    def _rollback(self) -> None:
        from django.db import transaction

        from samplan.core import freshness

        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)
        freshness.clear()

    def personas_copy(self) -> Any:
        """The personas for one test: copies, so a test's changes do not reach the next."""
        return copy.deepcopy(self.personas)

    def provide(self, names: Iterable[str]) -> None:
        """Make the snapshot hold exactly the layers named (before the test's transaction)."""
        from django.db import connection

        wanted = ordered(names)
        if wanted == self.layers:
            return
        with self.blocker.unblock():
            if len(connection.atomic_blocks) != 1:
                raise RuntimeError(
                    "the snapshot changes before the test's transaction opens, not inside it "
                    f"(open transactions: {len(connection.atomic_blocks)})"
                )
            if wanted[: len(self.layers)] != self.layers:
                self._rollback()
                self._begin()
            for name in wanted[len(self.layers) :]:
                LAYERS[name](self.personas.municipality)
                self.layers.append(name)

    def close(self) -> None:
        if ModuleSnapshot.current is not self:
            return
        ModuleSnapshot.current = None
        with self.blocker.unblock():
            self._rollback()


# Fixtures that stand for a layer: a test that uses one starts from a snapshot holding it.
FIXTURE_LAYERS = {"ssb_snapshot": "ssb"}


def layers_for(names: Iterable[str], fixturenames: Iterable[str]) -> list[str]:
    """The layers a test names in its marker, and those its fixtures stand for."""
    return [*names, *(FIXTURE_LAYERS[name] for name in fixturenames if name in FIXTURE_LAYERS)]


def example_data(name: str, municipality: Any = None) -> None:
    """Tydal's example data `name` (see `LAYERS`): already there when the test's snapshot holds
    it, made now otherwise. The SSB layers are the same for every municipality (None)."""
    snapshot = ModuleSnapshot.current
    if snapshot is not None and (
        municipality is None or snapshot.personas.municipality.pk == municipality.pk
    ):
        held = set(snapshot.layers)
        for layer in snapshot.layers:
            held.update(INCLUDES.get(layer, ()))
        if name in held:
            return
    for layer in ordered([name]):
        LAYERS[layer](municipality)
