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


def test_every_row_s_data_is_its_own_object_whatever_its_text_holds(tydal_and_oslo):
    """The rows' data are parsed together (one JSON array): text with commas, brackets,
    quotes, escapes and letters beyond ASCII, numbers, nulls and booleans stay in their row."""
    tydal, oslo = tydal_and_oslo
    titles = ['a, "b" ] [ {c}', "æøå\\n\u2028 \\u00e6", "", "1e3"]
    for title in titles:
        _own(tydal, title, None)
    _own(oslo, "Oslo", datetime.date(2024, 3, 1))
    own = queries.rows_query(
        OwnItem.objects.filter(municipality=tydal),
        fields=("title", "done_on"),
        data={"about": "description", "year": "election_year"},
        items=lambda pk, _date, data: [(pk, data)],
    )
    oslos = queries.rows_query(
        OwnItem.objects.filter(municipality=oslo),
        fields=("title", "done_on"),
        items=lambda _pk, _date, data: [data],
    )
    mine, theirs = queries.read_together([own, oslos])
    assert [data for _pk, data in mine] == [
        {"title": title, "done_on": None, "about": f"om {title}", "year": 2023}
        for title in sorted(titles, key=lambda title: OwnItem.objects.get(title=title).pk)
    ]
    assert theirs == [{"title": "Oslo", "done_on": "2024-03-01"}]


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


def _own_in(municipality: str, year: int) -> object:
    return OwnItem.objects.filter(municipality_id=municipality, election_year=year)


def test_prepared_rows_make_their_sql_once_and_read_each_call_s_values(tydal_and_oslo):
    tydal, oslo = tydal_and_oslo
    _own(tydal, "Tydal", datetime.date(2024, 3, 1))
    _own(oslo, "Oslo", datetime.date(2024, 4, 1))
    built = []

    def build(municipality: str, year: int) -> object:
        built.append(municipality)
        return _own_in(municipality, year)

    prepared = queries.PreparedRows(
        build, params={"municipality": str, "year": int}, date="date", fields=("title",)
    )

    def read(municipality: str, year: int) -> list:
        rows = prepared(
            items=lambda pk, date, data: [(date, data["title"])],
            municipality=municipality,
            year=year,
        )
        return queries.read_together([rows])[0]

    assert read("5033", 2023) == [(datetime.date(2024, 3, 1), "Tydal")]
    assert read("0301", 2023) == [(datetime.date(2024, 4, 1), "Oslo")]
    assert read("0301", 2027) == []
    assert len(built) == 2  # twice with stand-ins when first read, then never again
    assert "5033" not in built and "0301" not in built


def test_a_value_computed_from_a_prepared_parameter_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    derived = queries.PreparedRows(
        lambda municipality, year: _own_in(municipality, year + 4),
        params={"municipality": str, "year": int},
    )
    with pytest.raises(ImproperlyConfigured):
        queries.read_together([derived(items=lambda *row: [row], municipality="5033", year=2023)])
    with pytest.raises(TypeError):
        derived(items=lambda *row: [row], municipality="5033")


def test_groups_first_rows_and_instances_from_the_data(tydal_and_oslo):
    from django.db.models import Count, Min, Value

    from samplan.politics.models import Workshop

    tydal, _oslo = tydal_and_oslo
    for number in range(4):
        _own(tydal, f"Punkt {number}", datetime.date(2024, 3, 1 + number))
    counted = queries.rows_query(
        OwnItem.objects.filter(municipality=tydal).values("municipality"),
        pk=Min("pk"),
        data={"count": Count("pk")},
        items=lambda _pk, _date, data: [data["count"]],
    )
    first = queries.rows_query(
        queries.first_rows(OwnItem.objects.filter(municipality=tydal).order_by("-date"), 2),
        fields=("title",),
        items=lambda _pk, _date, data: [data["title"]],
    )
    workshop = Workshop.objects.create(municipality=tydal, title="Verkstad", step="avsluttet")
    made = queries.rows_query(
        Workshop.objects.filter(pk=workshop.pk),
        fields=("municipality_id", "title", "step", "created_at"),
        data={"n": Value(7)},
        items=lambda pk, _date, data: [queries.instance(Workshop, pk, data)],
    )
    count, latest, (read,) = queries.read_together([counted, first, made])
    assert count == [4]
    assert sorted(latest) == ["Punkt 2", "Punkt 3"]
    assert (read.pk, read.title, read.municipality_id, read.n) == (
        workshop.pk,
        "Verkstad",
        "5033",
        7,
    )
    assert read.created_at == Workshop.objects.get(pk=workshop.pk).created_at
    assert read.is_closed


def test_prepared_rows_take_a_list_of_numbers_their_sql_made_once_per_length(tydal_and_oslo):
    tydal, oslo = tydal_and_oslo
    _own(tydal, "Tydal", datetime.date(2024, 3, 1))
    _own(oslo, "Oslo", datetime.date(2024, 4, 1))
    built = []

    def build(numbers: list[str], year: int) -> object:
        built.append(len(numbers))
        return OwnItem.objects.filter(municipality_id__in=numbers, election_year=year)

    prepared = queries.PreparedRows(
        build, params={"numbers": list[str], "year": int}, fields=("title",)
    )

    def read(numbers: list[str], year: int = 2023) -> list:
        rows = prepared(items=lambda pk, date, data: [data["title"]], numbers=numbers, year=year)
        return sorted(queries.read_together([rows])[0])

    assert read(["5033", "0301"]) == ["Oslo", "Tydal"]
    assert read(["0301", "5001"]) == ["Oslo"]
    assert read(["5033"]) == ["Tydal"]
    assert read(["0301"]) == ["Oslo"]
    assert read(["0301"], 2027) == []
    assert built == [2, 2, 1, 1]  # twice with stand-ins for each length, then never again
    assert read([]) == []  # an empty list reads nothing, without a query of its own


def test_on_postgresql_a_list_parameter_is_one_array_parameter() -> None:
    """`IN (%s, …)` of a list's items in their order becomes `= ANY(%s)` of the list (the
    read of 357 municipalities passed a parameter per number); anything else stays."""
    number, year = ("numbers", None), ("year", None)
    slots = (((*number[:1], 0), str), ((*number[:1], 1), str), (year, int), (None, 5))
    sql = 'SELECT 1 FROM t WHERE (t."n" IN (%s, %s) AND t."y" = %s AND t."z" LIKE \'a%%\' || %s)'

    made, made_slots = queries._as_arrays(sql, slots)  # type: ignore[arg-type]

    assert (
        made
        == 'SELECT 1 FROM t WHERE (t."n" = ANY(%s) AND t."y" = %s AND t."z" LIKE \'a%%\' || %s)'
    )
    assert made_slots == ((number, list), (year, int), (None, 5))
    parted = (slots[1], slots[0], *slots[2:])  # not the list's items in order: left as it is
    assert queries._as_arrays(sql, parted) == (sql, parted)  # type: ignore[arg-type]
