"""core.queries: several small reads as one query, counts and maxima as subqueries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.models import OuterRef
from django.test.utils import CaptureQueriesContext

from samplan.core import queries
from samplan.municipalities.models import Municipality
from samplan.plantakt.models import OwnItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def tydal_and_oslo() -> tuple[Municipality, Municipality]:
    return Municipality.objects.get(pk="5033"), Municipality.objects.get(pk="0301")


def _own(municipality: Municipality, title: str, date: datetime.date | None) -> OwnItem:
    return OwnItem.objects.create(
        municipality=municipality,
        election_year=2023,
        title=title,
        date=date or datetime.date(2024, 1, 1),
        description=f"om {title}",
        done_on=date,
    )


def test_reads_of_different_tables_are_made_in_one_query_each_with_its_own_items(
    tydal_and_oslo,
):
    tydal, oslo = tydal_and_oslo
    _own(tydal, "Seinare", datetime.date(2025, 5, 2))
    _own(tydal, "Først", datetime.date(2024, 3, 1))
    _own(oslo, "Oslo", datetime.date(2024, 3, 1))
    own = queries.rows_query(
        OwnItem.objects.filter(municipality=tydal),
        date="date",
        fields=("title", "done_on"),
        data={"about": "description"},
        items=lambda pk, date, data: [(date, data["title"], data["about"], data["done_on"])],
    )
    places = queries.rows_query(
        Municipality.objects.filter(pk__in=["5033", "0301"]),
        fields=("name",),
        items=lambda _pk, date, data: [(date, data["name"])],
    )
    queries.read_together([places])  # the database's features, once per process (SQLite)
    with CaptureQueriesContext(connection) as captured:
        mine, names = queries.read_together([own, places])
    assert len(captured.captured_queries) == 1
    # by date; a date in the data comes as ISO text
    assert mine == [
        (datetime.date(2024, 3, 1), "Først", "om Først", "2024-03-01"),
        (datetime.date(2025, 5, 2), "Seinare", "om Seinare", "2025-05-02"),
    ]
    assert sorted(names) == [(None, "Oslo"), (None, "Tydal")]
    assert queries.json_date(mine[0][3]) == datetime.date(2024, 3, 1)
    assert queries.json_date(None) is None


def test_nothing_to_read_makes_no_query_and_an_empty_read_gives_empty_items():
    with CaptureQueriesContext(connection) as captured:
        assert queries.read_together([]) == []
    assert captured.captured_queries == []
    nothing = queries.rows_query(
        OwnItem.objects.none().filter(pk=0), items=lambda pk, date, data: [pk]
    )
    assert queries.read_together([nothing, nothing]) == [[], []]


def test_count_and_newest_are_per_outer_row_without_multiplying_it(tydal_and_oslo):
    tydal, oslo = tydal_and_oslo
    _own(tydal, "A", datetime.date(2024, 3, 1))
    _own(tydal, "B", datetime.date(2026, 1, 5))
    rows = dict(
        Municipality.objects.filter(pk__in=[tydal.pk, oslo.pk])
        .annotate(items=queries.count_of(OwnItem.objects.filter(municipality=OuterRef("pk"))))
        .values_list("pk", "items")
    )
    assert rows == {"5033": 2, "0301": 0}
    last = dict(
        Municipality.objects.filter(pk__in=[tydal.pk, oslo.pk])
        .annotate(last=queries.newest(OwnItem.objects.filter(municipality=OuterRef("pk")), "date"))
        .values_list("pk", "last")
    )
    assert last == {"5033": datetime.date(2026, 1, 5), "0301": None}
