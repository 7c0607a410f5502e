"""A query planned once per connection (core/statements.py) reads what it reads unprepared; a
query PostgreSQL refuses to prepare is read as it is, and leaves a transaction usable."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from samplan.core import statements
from samplan.core.statements import fetch_prepared

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="server-side prepared statements: PostgreSQL"
)

# Values at the top of the SELECT, with no type from their context: they keep their own.
SQL = "SELECT %s || '%%', %s, %s + 1, %s, %s WHERE %s > 0"


def _plain(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _prepared_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.parametrize(
    "params",
    [
        ["a'b", "a", 41, datetime.date(2026, 12, 3), 2**40, 1],
        ["%s", 7, 0, True, 1.5, 1],
        [None, None, 1, None, "x", 0],
    ],
)
def test_a_prepared_read_gives_the_plain_reads_rows(params):
    with CaptureQueriesContext(connection) as queries:
        found = fetch_prepared(connection, SQL, params)
    assert found == _plain(SQL, params)
    assert len(queries) == 1  # the EXECUTE; the PREPARE, once per connection, is not counted


@postgresql_only
def test_the_statement_is_prepared_once_per_connection():
    params = ["x", "y", 1, datetime.date(2026, 1, 1), 5, 1]
    fetch_prepared(connection, SQL, params)
    name = statements._statement(SQL, params).name
    assert name in _prepared_names()
    with CaptureQueriesContext(connection) as queries:
        fetch_prepared(connection, SQL, ["z", "w", 2, datetime.date(2026, 1, 2), 6, 1])
    assert [query["sql"] for query in queries] == [
        f"EXECUTE {name}('z', 'w', 2, '2026-01-02'::date, 6, 1)"
    ]


@postgresql_only
def test_a_query_postgresql_will_not_prepare_is_read_as_it_is_in_a_transaction():
    sql = "SELECT pg_typeof(%s)::text"  # a parameter of no type: PREPARE refuses it
    with transaction.atomic():
        assert fetch_prepared(connection, sql, ["x"]) == [("unknown",)]
        assert statements._statement(sql, ["x"]) is None
        assert fetch_prepared(connection, sql, ["y"]) == [("unknown",)]
        assert _plain("SELECT 1", []) == [(1,)]  # the transaction is usable


@postgresql_only
@pytest.mark.parametrize(
    ("limit", "value", "alias"),
    [("MAX_PER_CONNECTION", 2, "x"), ("MAX_SQL_PER_CONNECTION", 150, "x" * 40)],
)
def test_the_least_recently_used_statements_are_deallocated(monkeypatch, limit, value, alias):
    """At most so many statements, or so much SQL, per connection."""
    monkeypatch.setattr(statements, limit, value)
    texts = [f"SELECT %s + {number} AS {alias}" for number in range(3)]
    for number, sql in enumerate(texts):
        assert fetch_prepared(connection, sql, [1]) == [(1 + number,)]
    names = [statements._statement(sql, [1]).name for sql in texts]
    prepared = _prepared_names()
    assert names[0] not in prepared
    assert names[2] in prepared
