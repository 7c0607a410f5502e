"""A large query that pages make again and again, planned once per database connection.

PostgreSQL parses and plans every query it is sent. For the small reads of a page that is
cheap, but the dashboard's combined read (`core.queries.read_together`: a UNION ALL of some 24
parts, 17 KB of SQL) cost the database server about ten times its execution to parse and plan,
at every request. `fetch_prepared` sends such a query once per connection as a server-side
prepared statement (`PREPARE`), and afterwards only `EXECUTE name(values)`: PostgreSQL keeps its
plan (after five executions a generic one, when that is not costlier than planning each time),
and psycopg quotes the values into a short statement whose split into placeholders it caches.

The values are sent as before (quoted by psycopg on the client); the rows are the same. A
statement is prepared through the connection psycopg holds, not through Django's cursor, so it
is not one of a request's counted queries (the `EXECUTE` is): it is made once per connection,
not per request. `PREPARE` is not undone by a rollback, so what this module remembers of a
connection stays true. A query PostgreSQL refuses to prepare (a value whose type it cannot
tell) is read as before, then and afterwards.

PostgreSQL only: other databases (SQLite) read the query as it is.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import re
import threading
import uuid
import weakref
from collections import OrderedDict
from typing import Any

# At most so many statements, and so many characters of their SQL, kept per connection (the
# least recently used deallocated): the server keeps each statement's parsed query and plan,
# about 80 bytes per character of SQL (the dashboard's 19 KB read: 1.6 MB). A page's reads have
# a few SQL texts; lists of varying length (a status board's municipalities) make more.
MAX_PER_CONNECTION = 32
MAX_SQL_PER_CONNECTION = 200_000
# The statements' texts remembered by the process (by SQL and the types of its values).
MAX_STATEMENTS = 500

_PLACEHOLDER = re.compile(r"%[s%]")


class _Statement:
    """One query's name and its PREPARE text (Django's %s placeholders as $1, $2, …, of the
    types their values have when psycopg writes them into the query)."""

    def __init__(self, sql: str, types: tuple[str, ...]) -> None:
        self.key = (sql, types)
        digest = hashlib.blake2b(f"{sql}\0{types}".encode(), digest_size=12).hexdigest()
        self.name = f"samplan_{digest}"
        numbers = iter(range(1, len(types) + 1))
        body = _PLACEHOLDER.sub(
            lambda found: f"${next(numbers)}" if found.group() == "%s" else "%", sql
        )
        declared = f" ({', '.join(types)})" if types else ""
        self.prepare = f"PREPARE {self.name}{declared} AS {body}"
        # The values quoted into EXECUTE by psycopg on the client, as they were into the query.
        places = f"({', '.join(['%s'] * len(types))})" if types else ""
        self.execute = f"EXECUTE {self.name}{places}"


def _type_of(value: Any) -> str | None:
    """The type PostgreSQL gives `value` as psycopg writes it into a query on the client
    (`unknown` for text and NULL: the type the context asks for), or None for a value this
    module does not send to a prepared statement."""
    if value is None or isinstance(value, str):
        return "unknown"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return (
            "integer"
            if -(2**31) <= value < 2**31
            else "bigint"
            if -(2**63) <= value < 2**63
            else "numeric"
        )
    if isinstance(value, float | decimal.Decimal):
        return "numeric"  # written as a numeric constant (1.5)
    if isinstance(value, datetime.datetime):
        return "timestamptz" if value.tzinfo is not None else "timestamp"
    return _TYPES.get(type(value))


_TYPES = {datetime.date: "date", uuid.UUID: "uuid", bytes: "bytea"}

_STATEMENTS: dict[tuple[str, tuple[str | None, ...]], _Statement | None] = {}
# By psycopg connection: the names prepared on it (and the length of their SQL), least
# recently used first.
_PREPARED: weakref.WeakKeyDictionary[Any, OrderedDict[str, int]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def fetch_prepared(connection: Any, sql: str, params: list[Any]) -> list[tuple]:
    """The rows of `sql` with `params` (Django's SQL and parameters) on `connection` (a Django
    database connection), through a prepared statement on PostgreSQL."""
    statement = _statement(sql, params) if connection.vendor == "postgresql" else None
    with connection.cursor() as cursor:
        if statement is not None and _prepared(connection, statement):
            cursor.execute(statement.execute, params)
        else:
            cursor.execute(sql, params)
        return cursor.fetchall()


def _statement(sql: str, params: list[Any]) -> _Statement | None:
    key = (sql, tuple(_type_of(value) for value in params))
    if key not in _STATEMENTS:
        if len(_STATEMENTS) >= MAX_STATEMENTS:
            _STATEMENTS.clear()  # made again when next read, under the same names
        types = key[1]
        # None: a value of a type this module does not prepare (a list, JSON); read as it is
        _STATEMENTS[key] = None if None in types else _Statement(sql, types)  # type: ignore[arg-type]
    return _STATEMENTS[key]


def _prepared(connection: Any, statement: _Statement) -> bool:
    """Whether `statement` is prepared on the connection (preparing it if it is not yet)."""
    raw = connection.connection
    with _LOCK:
        names = _PREPARED.get(raw)
        if names is None:
            names = _PREPARED[raw] = OrderedDict()
    if statement.name in names:
        names.move_to_end(statement.name)
        return True
    if not _prepare(raw, statement):
        _STATEMENTS[statement.key] = None  # refused: read as it is from now on
        return False
    names[statement.name] = len(statement.prepare)
    while len(names) > 1 and (
        len(names) > MAX_PER_CONNECTION or sum(names.values()) > MAX_SQL_PER_CONNECTION
    ):
        oldest, _length = names.popitem(last=False)
        raw.execute(f"DEALLOCATE {oldest}")
    return True


def _prepare(raw: Any, statement: _Statement) -> bool:
    """PREPARE on the psycopg connection `raw`; in a transaction within a savepoint, so that a
    refusal leaves the transaction as it was."""
    import psycopg

    in_transaction = not raw.autocommit  # in Django's atomic block (begun or about to be)
    try:
        if in_transaction:
            raw.execute("SAVEPOINT samplan_prepare")
        raw.execute(statement.prepare)
    except psycopg.Error:
        if in_transaction:
            raw.execute("ROLLBACK TO SAVEPOINT samplan_prepare")
        return False
    finally:
        if in_transaction:
            raw.execute("RELEASE SAVEPOINT samplan_prepare")
    return True
