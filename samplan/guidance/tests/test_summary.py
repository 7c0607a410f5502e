"""The status boards' stored rows (guidance/summary.py): as fresh as computing every row, with
the page cache on or off, per municipality, day and language, and shown only on the boards of
those who follow the municipality."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings

from samplan.core import freshness
from samplan.guidance import selectors, summary
from samplan.guidance.models import BoardRowSummary
from samplan.municipalities.models import Municipality, OrganisationKind, Role
from samplan.municipalities.services import organisation_create
from samplan.municipalities.testing import make_member
from samplan.strategy import services as strategy_services
from samplan.strategy.models import Strategy

from .test_views import KNR, board_url, start_thread

pytestmark = pytest.mark.django_db

NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2024, 2, 1, 12, 0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def strategy(personas) -> Strategy:
    return strategy_services.strategy_get_or_create(
        municipality=personas.municipality, period_start=2023
    )


@pytest.fixture
def followed(personas) -> list[str]:
    personas.county_org.municipalities.add(*Municipality.objects.filter(county_id="50")[:8])
    return sorted(personas.county_org.municipalities.values_list("number", flat=True))


@pytest.mark.parametrize("caches", [None, NO_CACHE])
def test_a_write_in_one_followed_municipality_computes_its_row_again_and_only_its(
    client, personas, strategy, followed, computed, caches
):
    """With the page cache on or off, rows are stored; after a write in Tydal the board shows
    Tydal's new row at once and the other municipalities' rows as stored (the columns are read
    for Tydal alone)."""
    with override_settings(**({"CACHES": caches} if caches else {})):
        _write_in_one_municipality(client, personas, strategy, followed, computed)


def _write_in_one_municipality(client, personas, strategy, followed, computed) -> None:
    client.force_login(personas.adviser)
    before = client.get(board_url(personas)).context["board"]
    assert computed == [followed] and len(followed) > 5
    assert set(BoardRowSummary.objects.values_list("municipality", flat=True)) == set(followed)

    assert client.get(board_url(personas)).context["board"].rows == before.rows
    assert len(computed) == 1  # every row as stored (or the board from the page cache)

    start_thread(client, strategy)  # a guidance contact in Tydal
    after = client.get(board_url(personas)).context["board"]
    assert computed[1:] == [[KNR]]
    index = [column.key for column in after.columns].index("guidance")
    [row] = [row for row in after.rows if row.number == KNR]
    assert row.values[index][0] == "01.02.2024 · 1 åpen tråd"
    others = {row.number: row for row in before.rows if row.number != KNR}
    assert {row.number: row for row in after.rows if row.number != KNR} == others


@override_settings(CACHES=NO_CACHE)
def test_stored_rows_are_what_computing_them_gives(client, personas, strategy, followed):
    """Read back from the table, the rows are those computed (the page and the XLSX alike)."""
    client.force_login(personas.adviser)
    start_thread(client, strategy)
    made = client.get(board_url(personas)).context["board"]
    stored = client.get(board_url(personas)).context["board"]
    assert stored.rows == made.rows and stored.rows_html == made.rows_html
    assert all(type(value) is tuple for row in stored.rows for value in row.values)


@override_settings(CACHES=NO_CACHE)
def test_a_new_day_and_another_language_compute_the_rows_again(
    client, personas, followed, computed, frozen_today
):
    client.force_login(personas.adviser)
    client.get(board_url(personas))
    frozen_today.shift(datetime.timedelta(days=1))
    client.force_login(personas.adviser)  # the session ran out overnight
    assert client.get(board_url(personas)).status_code == 200
    assert computed == [followed, followed]  # deadlines and "due soon" move with the day

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(board_url(personas)).context["board"]
    assert computed[2:] == [followed]
    assert "Open" in english.rows_html or "No " in english.rows_html  # English cells
    assert set(BoardRowSummary.objects.values_list("language", flat=True)) == {"nb", "en"}
    client.get(board_url(personas))
    assert len(computed) == 3


@override_settings(CACHES=NO_CACHE)
def test_rows_are_shown_only_to_those_who_follow_the_municipality(client, personas, followed):
    """Stored rows of every municipality in the table; a board lists its organisation's."""
    client.force_login(personas.adviser)
    client.get(board_url(personas))
    other = organisation_create(name="Nasjonalt senter", kind=OrganisationKind.NATIONAL)
    other.municipalities.add(Municipality.objects.get(number="1101"))
    adviser = make_member(other, "annen@example.no", Role.ADVISER)
    client.force_login(adviser)
    board = client.get(f"/veiledning/{other.slug}/").context["board"]
    assert [row.number for row in board.rows] == ["1101"]
    assert client.get(board_url(personas)).status_code == 404


def test_an_older_row_never_replaces_a_newer_one(personas):
    """Two requests computing the same row: the one computed from older versions (or an older
    day) does not overwrite the newer, whatever order they write in."""
    key = ("nb", datetime.date(2024, 2, 1), "recipe")
    newer, older = ["new"], ["old"]
    summary._write({KNR: newer}, {KNR: (3, 7)}, key)
    summary._write({KNR: older}, {KNR: (3, 6)}, key)
    summary._write({KNR: older}, {KNR: (2, 7)}, key)
    summary._write({KNR: older}, {KNR: (3, 7)}, ("nb", datetime.date(2024, 1, 31), "recipe"))
    stored = BoardRowSummary.objects.get(municipality=KNR, language="nb")
    assert (stored.global_version, stored.version, stored.row) == (3, 7, '["new"]')
    summary._write({KNR: ["newest"]}, {KNR: (3, 8)}, key)
    assert BoardRowSummary.objects.get(municipality=KNR).row == '["newest"]'


def test_a_row_labelled_with_older_versions_is_computed_again(personas, followed, computed):
    """A row stored from versions older than the current ones (a write committed while it was
    computed) is not shown: it is computed again."""
    with override_settings(CACHES=NO_CACHE):
        selectors.board(personas.county_org)
        BoardRowSummary.objects.filter(municipality=KNR).update(
            version=freshness.versions(KNR)[1] - 1
        )
        selectors.board(personas.county_org)
    assert computed == [followed, [KNR]]


def test_storing_rows_moves_no_version(personas, followed):
    before = {number: freshness.versions(number) for number in followed}
    with override_settings(CACHES=NO_CACHE):
        selectors.board(personas.county_org)
    assert BoardRowSummary.objects.count() == len(followed)
    assert {number: freshness.versions(number) for number in followed} == before


@pytest.mark.parametrize(("caches", "expected"), [(None, (7, 12)), (NO_CACHE, (4, 10))])
def test_the_board_reads_its_stored_rows_in_one_query_and_computes_only_what_moved(
    client, personas, followed, caches, expected
):
    """Queries of a county board (page cache emptied, or switched off): its rows as stored; with
    every row to compute (after a deploy, or all municipalities written), the columns' bulk
    reads (not per municipality) and one write of the rows. The followed municipalities'
    instances are read when rows are computed (or the user's access map cached), not with the
    user's memberships (their numbers and names only)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with override_settings(**({"CACHES": caches} if caches else {})):
        client.force_login(personas.adviser)
        assert client.get(board_url(personas)).status_code == 200

        def count() -> int:
            freshness.clear()
            with CaptureQueriesContext(connection) as queries:
                assert client.get(board_url(personas)).status_code == 200
            return len(queries.captured_queries)

        stored = count()
        BoardRowSummary.objects.all().delete()
        assert (stored, count()) == expected


@pytest.mark.run_once("postgresql")  # concurrent connections (SQLite locks)
@pytest.mark.django_db(transaction=True)
def test_two_requests_storing_the_same_rows_at_once_keep_the_newer(reference_data, caplog):
    """Two connections upserting the same rows at the same moment (PostgreSQL: row locks, the
    rows in one order): neither fails, and the rows computed from the newer versions stay."""
    import threading

    from django.db import connections

    numbers = sorted(Municipality.objects.filter(county_id="50").values_list("number", flat=True))
    key = ("nb", datetime.date(2024, 2, 1), "recipe")
    start = threading.Barrier(2)

    def store(version: int) -> None:
        try:
            start.wait()
            summary._write(
                {number: [str(version)] for number in reversed(numbers)},
                {number: (1, version) for number in numbers},
                key,
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=store, args=(version,)) for version in (5, 6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = set(BoardRowSummary.objects.values_list("version", "row"))
    assert stored == {(6, '["6"]')}
    assert BoardRowSummary.objects.count() == len(numbers)
    assert "not stored" not in caplog.text


def test_the_read_gives_only_municipalities_that_exist(personas):
    """A number of no municipality is not a row to compute (PostgreSQL's read joined none)."""
    rows = summary._read([KNR, "9999"], "nb", datetime.date(2024, 2, 1), "recipe")
    assert [row[0] for row in rows] == [KNR]


def test_a_stored_row_reads_back_as_it_was_made():
    """Three lines: the header and the cells as JSON, the HTML as it is (with line breaks);
    the cells decoded when first read."""
    row = selectors.BoardRow(
        "5001",
        'Trondheim\n"x"',
        2,
        "/veiledning/5001/",
        (("a\nb", 1, float("inf"), ""),),
        "\n<tr>\n",
    )
    stored = selectors.BoardRow.decode(row.encode())
    assert stored == row and stored.html == "\n<tr>\n" and stored.values == row.values
    assert selectors.BoardRow.decode(stored.encode()) == row


def test_stored_rows_read_back_together_as_each_alone():
    """A board's stored rows are decoded together (their headers as one JSON array): the same
    rows, in order, as decoding each, whatever their names hold."""
    rows = [
        selectors.BoardRow(number, name, urgency, f"/veiledning/{number}/", values, html)
        for number, name, urgency, values, html in (
            ("5001", 'Trondheim\n"x", [1]', 2, (("a\nb", 1, float("inf"), ""),), "\n<tr>\n"),
            ("0301", "Oslo ,]", 0, (), ""),
            ("5033", "Tydal \\ æøå", 1, (("–", 0, 3.5, "/x"),), "<tr>\n\n</tr>"),
        )
    ]
    stored = [row.encode() for row in rows]
    assert selectors.BoardRow.decode_all(stored) == rows
    assert selectors.BoardRow.decode_all(stored) == [selectors.BoardRow.decode(s) for s in stored]
    assert selectors.BoardRow.decode_all([]) == []


@pytest.mark.run_once("postgresql")  # concurrent connections, PostgreSQL's advisory lock
@pytest.mark.django_db(transaction=True)
def test_many_rows_to_compute_are_computed_by_one_request_at_a_time(
    reference_data, computed, monkeypatch
):
    """Two boards finding none of their rows stored (after a deploy, at midnight): the second
    waits for the first and reads the rows it stored instead of computing them too."""
    import threading
    import time

    from django.db import connection, connections
    from django.utils import translation

    monkeypatch.setattr(summary, "MANY", 2)
    organisation = organisation_create(name="Nasjonalt senter", kind=OrganisationKind.NATIONAL)
    organisation.municipalities.add(*Municipality.objects.filter(county_id="50")[:8])
    lock = summary.lock_of("nb")

    def second() -> None:
        try:
            with translation.override("nb"):
                selectors.board(organisation)
        finally:
            connections.close_all()

    with override_settings(CACHES=NO_CACHE), translation.override("nb"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [lock])  # the first request's
            thread = threading.Thread(target=second)
            thread.start()
            waiting = False
            for _attempt in range(100):  # until the second request waits for the lock
                cursor.execute(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                )
                waiting = cursor.fetchone()[0] == 1
                if waiting:
                    break
                time.sleep(0.05)
            selectors.board(organisation)  # the first request computes and stores them
            cursor.execute("SELECT pg_advisory_unlock(%s)", [lock])
        thread.join()
    assert waiting
    assert len(computed) == 1


@pytest.mark.run_once("postgresql")  # concurrent connections, PostgreSQL's advisory lock
@pytest.mark.django_db(transaction=True)
def test_a_request_waits_for_another_computing_the_rows_only_so_long(
    reference_data, computed, monkeypatch
):
    """A request holding the lock that is slow or stuck does not hold the others: after
    LOCK_WAIT they compute the rows themselves (and the board answers)."""
    import threading

    from django.db import connection, connections
    from django.utils import translation

    monkeypatch.setattr(summary, "MANY", 2)
    monkeypatch.setattr(summary, "LOCK_WAIT", "50ms")
    organisation = organisation_create(name="Nasjonalt senter", kind=OrganisationKind.NATIONAL)
    organisation.municipalities.add(*Municipality.objects.filter(county_id="50")[:8])
    answered = []

    def second() -> None:
        try:
            with translation.override("nb"):
                answered.append(len(selectors.board(organisation).rows))
        finally:
            connections.close_all()

    with override_settings(CACHES=NO_CACHE), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [summary.lock_of("nb")])  # stuck holder
        try:
            thread = threading.Thread(target=second)
            thread.start()
            thread.join(timeout=30)
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [summary.lock_of("nb")])
    assert answered == [8]
    assert len(computed) == 1
