"""The status board's legal-deadlines column (plantakt.selectors.legal_deadline_cells)."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
import time_machine

from samplan.core import freshness
from samplan.core.modules import panel_data
from samplan.municipalities.models import Municipality
from samplan.plantakt import selectors
from samplan.plantakt.models import ItemDecision, MunicipalityPeriod

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 22)
# Tydal, Holtålen, Røros, Selbu: the first two store nothing about the period
NUMBERS = ["5033", "5026", "5025", "5032"]


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


def legal_deadline_cells(municipalities: list, today: datetime.date) -> dict:
    """The column's cells, its reads made alone (the board makes them with the other
    columns')."""
    return panel_data(selectors.legal_deadline_cells(municipalities, today))


def cells_alone(number: str) -> dict:
    freshness.clear()
    return legal_deadline_cells([Municipality.objects.get(number=number)], TODAY)


def test_municipalities_with_the_same_stored_period_share_a_cell_but_not_its_link(db):
    MunicipalityPeriod.objects.create(
        municipality_id="5025", election_year=2023, constituted_on=datetime.date(2023, 10, 26)
    )
    ItemDecision.objects.create(
        municipality_id="5032",
        election_year=2023,
        item_key="planning_strategy.adopted",
        decided_on=datetime.date(2024, 6, 20),
    )
    municipalities = list(Municipality.objects.filter(number__in=NUMBERS))

    together = legal_deadline_cells(municipalities, TODAY)

    for number in NUMBERS:  # the same as each computed on its own
        assert together[number] == cells_alone(number)[number]
        assert f"/kommune/{number}/" in together[number].url
    plain = dataclasses.replace(together["5033"], url="")
    assert dataclasses.replace(together["5026"], url="") == plain
    # what a municipality stored changes its cell
    assert dataclasses.replace(together["5032"], url="") != plain


def test_a_cell_is_computed_again_only_when_what_it_follows_from_changes(db, monkeypatch):
    """The engine's cells are remembered by everything they follow from: a board with the same
    inputs runs no engine; a decision stored, another day or another language runs it again."""
    from django.utils import translation

    from samplan.plantakt import engine

    monkeypatch.setattr(selectors, "_LEGAL_CELLS", {})
    runs = []
    compute = engine.compute
    monkeypatch.setattr(engine, "compute", lambda data: runs.append(data) or compute(data))
    tydal = [Municipality.objects.get(number="5033")]

    def cell(today: datetime.date = TODAY) -> object:
        freshness.clear()
        return legal_deadline_cells(tydal, today)["5033"]

    first = cell()
    assert (len(runs), cell()) == (1, first)
    ItemDecision.objects.create(
        municipality_id="5033",
        election_year=2023,
        item_key="planning_strategy.adopted",
        decided_on=datetime.date(2024, 6, 20),
    )
    decided = cell()
    assert len(runs) == 2 and decided != first
    assert cell(TODAY + datetime.timedelta(days=1)) != decided and len(runs) == 3
    with translation.override("en"):
        english = cell()
    assert len(runs) == 4 and english.text != decided.text
    assert cell() == decided and len(runs) == 4
