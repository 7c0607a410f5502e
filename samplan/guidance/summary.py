"""The status boards' rows stored per municipality (`BoardRowSummary`), so that a board whose
page cache is cold, flushed or switched off does not compute all its rows (357 for a national
organisation: some 100 ms of CPU and 30–50 ms in the database).

Each stored row carries what it was computed from: the versions of its municipality's data and
of the global data (core/freshness: every write moves them in the writer's transaction), the
day, the language and the recipe (the columns, the installation's code and translations).
A board reads the current versions with each stored row's head (what it sorts, filters and
counts by: a few dozen bytes) in one query, and the full rows (`row`, with their HTML) only of
the page it shows in a second (`stored_texts`); a row whose inputs moved, or that is missing, is
computed again in the same request and written back in a short transaction of its own. So the
board is exactly as fresh as computing every row at every request would make it: a write in one
municipality shows at once, in that municipality's row only.

Not a second page cache: the rows are data of the database, read in the same query as the
versions that decide whether they are current, kept for every municipality (no eviction, no
store to fail), and the page cache (core/freshness) still caches the board's entries on top.

Concurrency: the versions are read before the data a row is computed from, so a row is never
labelled newer than its data (a write committed in between leaves it labelled older: computed
again at the next read). Two requests computing the same row both write it; the upsert keeps
the newer by day and versions (PostgreSQL's and SQLite's `ON CONFLICT … DO UPDATE … WHERE`),
the rows written in one order (no deadlock)."""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import compress
from operator import itemgetter
from typing import Any, TypeVar

from django.db import DatabaseError, OperationalError, connection, transaction
from django.utils import timezone, translation

from samplan.core import freshness, installation, pickling
from samplan.core.modules import status_columns
from samplan.municipalities.models import Municipality

from .models import BoardRowSummary

logger = logging.getLogger(__name__)

T = TypeVar("T")

# A board with this many rows or more to compute computes them alone (_computing_alone); a
# few rows (a write in some municipalities) are computed at once, as before.
MANY = 32
# How long a request waits for another computing the same language's rows before it computes
# them itself (a request holding the lock that is slow or stuck must not pile up the workers).
LOCK_WAIT = "3s"

# Raise to compute every stored row again (the recipe sees any change of Samplan's files).
ROW_FORMAT = 3  # 3: with the head (the boards are paged)
_TABLE = BoardRowSummary._meta.db_table
# The columns of a row _read gives.
_NUMBER, _VERSIONS, _STORED = itemgetter(0), itemgetter(1, 2), itemgetter(3)


@functools.cache
def recipe() -> str:
    """What a stored row depends on besides the data, the day and the language: the registered
    columns and this installation's code, templates and translations (`core.installation`). A
    deploy that changes any of them computes every row again; servers running the same code
    agree, however their files were copied."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr((ROW_FORMAT, [column.key for _m, column in status_columns()])).encode())
    digest.update(installation.fingerprint().encode())
    return digest.hexdigest()


def _read(
    numbers: Sequence[str], language: str, day: datetime.date, made_by: str, *, full: bool = False
) -> list[tuple[str, int, int, str | None]]:
    """Per municipality of `numbers` (those that exist): its current versions (global, own)
    and its stored row's head (`full`: its whole text) if one was stored for this language, day
    and recipe from these versions (else NULL: a row to compute). One query; the versions
    compared in it (a national board's 357 compared in Python cost a tenth of its time)."""
    prefix = freshness.scope_of_municipality("")
    stored = "s.row" if full else "s.head"
    columns = (
        f"SELECT n.number, g.version, COALESCE(v.version, 0), CASE WHEN s.global_version = "
        f"g.version AND s.version = COALESCE(v.version, 0) THEN {stored} END "
    )
    joins = (
        f"CROSS JOIN (SELECT COALESCE((SELECT version FROM {freshness.TABLE} "
        f"WHERE scope = '{freshness.GLOBAL}'), 0) AS version) g "
        f"LEFT JOIN {freshness.TABLE} v ON v.scope = '{prefix}' || n.number "
        f"LEFT JOIN {_TABLE} s ON s.municipality_id = n.number AND s.language = %s "
        "AND s.day = %s AND s.recipe = %s "
    )
    if connection.vendor == "postgresql":
        # One text parameter split once (as core/freshness reads the versions), only the
        # numbers of municipalities that exist (as SQLite's IN): a number of none would count
        # as a row to compute at every read.
        sql = (
            f"{columns}FROM unnest(string_to_array(%s, ',')) AS n(number) "
            f"JOIN {Municipality._meta.db_table} m ON m.number = n.number {joins}"
        )
        params: list[Any] = [",".join(numbers), language, day, made_by]
    else:
        placeholders = ", ".join(["%s"] * len(numbers))
        sql = (
            f"{columns}FROM {Municipality._meta.db_table} n {joins}"
            f"WHERE n.number IN ({placeholders})"
        )
        params = [language, day, made_by, *numbers]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)  # noqa: S608 -- constants and placeholders only
        return cursor.fetchall()


def _plain(value: Any) -> tuple[str, str]:
    """A value stored as its JSON, with no head (the tests' rows)."""
    return "", json.dumps(value)


def _write(
    rows: dict[str, Any],
    versions: dict[str, tuple[int, int]],
    key: tuple,
    encode: Callable[[Any], tuple[str, str]] = _plain,
    *,
    savepoint: bool = True,
) -> None:
    """Store `rows` (each as the head and the text `encode` makes of it) with the versions
    they were computed from (newer rows kept), in a short transaction of its own (`savepoint`
    False: in _computing_alone's, which rolls back after a failure here); a failure to store
    is logged, never the page's."""
    language, day, made_by = key
    values = [
        (number, language, day, made_by, *versions[number], *encode(rows[number]))
        for number in sorted(rows)
    ]
    sql = (
        f"INSERT INTO {_TABLE} (municipality_id, language, day, recipe, global_version, "  # noqa: S608 -- constants
        "version, head, row) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (municipality_id, language) DO UPDATE SET day = excluded.day, "
        "recipe = excluded.recipe, global_version = excluded.global_version, "
        "version = excluded.version, head = excluded.head, row = excluded.row "
        f"WHERE {_TABLE}.day <= excluded.day "
        f"AND {_TABLE}.global_version <= excluded.global_version "
        f"AND {_TABLE}.version <= excluded.version"
    )
    try:
        with transaction.atomic(savepoint=savepoint), connection.cursor() as cursor:
            cursor.executemany(sql, values)
    except DatabaseError as error:
        logger.warning("Status board rows not stored: %r", error)


def _key() -> tuple[str, datetime.date, str]:
    """The language, day and recipe a stored row is read and written for."""
    return (translation.get_language() or "", timezone.localdate(), recipe())


def stored_rows(
    numbers: Sequence[str],
    compute: Callable[[list[str]], dict[str, Any]],
    encode: Callable[[Any], tuple[str, str]],
    decode: Callable[[list[str]], list[T]],
    *,
    full: bool = False,
) -> dict[str, Any]:
    """The board row of each municipality of `numbers`: the heads of stored rows whose inputs
    have not moved (`decode`d, all the current ones at once; `full`: their whole texts), the
    others computed in full (`compute(missing numbers)`) and stored. `encode`: a row's head and
    stored text. The full rows of those read as heads: `stored_texts`."""
    if not numbers:
        return {}
    key = _key()
    found, versions, missing = _current(numbers, key, decode, full)
    if len(missing) >= MANY:
        with _computing_alone(key[0]) as (locked, waited):
            if waited:  # another request computed them meanwhile: read them as it stored them
                found, versions, missing = _current(numbers, key, decode, full)
            return _computed(found, versions, missing, key, compute, encode, savepoint=not locked)
    return _computed(found, versions, missing, key, compute, encode)


def stored_texts(numbers: Sequence[str]) -> dict[str, str]:
    """The stored texts of the rows of `numbers` (a board's page) as stored for this language,
    day and recipe, by number; one query. Not checked against the versions: `stored_rows` has
    just found them current, or stored them, in this request (a row another request stored
    since is newer still); one missing (the day or the code moved meanwhile) is left out, for
    the caller to compute."""
    if not numbers:
        return {}
    language, day, made_by = _key()
    placeholders = ", ".join(["%s"] * len(numbers))
    sql = (
        f"SELECT municipality_id, row FROM {_TABLE} WHERE language = %s AND day = %s "  # noqa: S608 -- constants and placeholders only
        f"AND recipe = %s AND municipality_id IN ({placeholders})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [language, day, made_by, *numbers])
        return dict(cursor.fetchall())


def _current(
    numbers: Sequence[str], key: tuple, decode: Callable[[list[str]], list[T]], full: bool
) -> tuple[dict[str, T], dict[str, tuple[int, int]], list[str]]:
    """The heads of the stored rows of `numbers` that are current, the current versions of
    every municipality of them, and those whose row is to compute (without a Python step per
    municipality: a national board reads 357 at every request)."""
    # Some 2,000 objects for a national board's 357, none of them garbage in a cycle: the
    # collector, run every 700, took a third of the decoding.
    with pickling.collector_paused():
        rows = _read(numbers, *key, full=full)
        versions = dict(zip(map(_NUMBER, rows), map(_VERSIONS, rows), strict=True))
        current = list(compress(rows, map(_STORED, rows)))  # a head is never empty
        decoded = decode(list(map(_STORED, current)))
    found = dict(zip(map(_NUMBER, current), decoded, strict=True))
    missing = [number for number in numbers if number in versions and number not in found]
    return found, versions, missing


def _computed(
    found: dict[str, Any],
    versions: dict[str, tuple[int, int]],
    missing: list[str],
    key: tuple,
    compute: Callable[[list[str]], dict[str, Any]],
    encode: Callable[[Any], tuple[str, str]],
    *,
    savepoint: bool = True,
) -> dict[str, Any]:
    """`found` with the rows of `missing` computed and stored."""
    if missing:
        made = compute(missing)
        _write(made, versions, key, encode, savepoint=savepoint)
        found.update(made)
    return found


def lock_of(language: str) -> int:
    """The advisory lock of computing many rows of `language` (_computing_alone)."""
    name = f"samplan.guidance.board_rows:{language}".encode()
    return int.from_bytes(hashlib.blake2b(name, digest_size=8).digest(), signed=True)


@contextmanager
def _computing_alone(language: str) -> Iterator[tuple[bool, bool]]:
    """On PostgreSQL, one connection at a time computes many rows of a language: after a
    deploy or at midnight the first requests to a national board found no stored row, and
    each computed all 357 (some 100 ms of CPU and 60–90 ms in the database each). An advisory
    lock of a transaction of its own (released when it ends: one query, no unlock), in which
    the rows are computed and written. Yields whether the lock is held and whether this request
    waited for another, which has then stored them. Not in a caller's transaction (the lock
    would last as long as it) and not on SQLite (it writes one at a time anyway)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield False, False
        return
    with transaction.atomic(), connection.cursor() as cursor:
        lock = lock_of(language)
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [lock])
        waited = not cursor.fetchone()[0]
        if waited and not _waited_for(cursor, lock):
            yield False, False  # waited LOCK_WAIT in vain: compute them as if alone
            return
        yield True, waited


def _waited_for(cursor: Any, lock: int) -> bool:
    """Whether the advisory lock `lock` was granted within LOCK_WAIT (in a savepoint: a timeout
    leaves the transaction usable)."""
    try:
        with transaction.atomic():
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'")
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock])
            cursor.execute("SET LOCAL lock_timeout TO DEFAULT")
    except OperationalError:
        logger.warning("Status board rows: computed without waiting longer for another request")
        return False
    return True
