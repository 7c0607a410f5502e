"""One cache layer for computed page data, on Django's cache framework, kept fresh per
municipality.

Every write to planning data (save, delete, bulk writes, many-to-many changes of the tracked
apps) increments a version row for the municipality the data belongs to (`DataVersion`,
scope ``m:<pk>``), or the global row (scope ``global``) for data that is not one
municipality's: users, organisations and memberships, counties, national statistics. The
increment runs inside the writer's own transaction, so the new value becomes visible exactly
when the data does. Readers read the two versions they depend on (their municipality's and the
global one, one query per request) and put them in the cache key: a write in Tydal moves only
Tydal's version, so Oslo's cached values stay warm.

The store is Django's cache (`CACHES["default"]`): the process's own LocMemCache by default, a
shared Redis when `SAMPLAN_REDIS_URL` is set (several app servers on one host). Values are
pickled (core/pickling.py: lazy translations unpickle cheaply), so each reader gets its own
copy. A cache that fails or is slow never breaks a page: the value is computed, a warning is
logged, the cache is skipped for a while and `/healthz` reports it (`status()`).

Keys also hold today's date (deadlines and plan health depend on it) and the active language
(the text of findings is translated when computed).
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import pickle
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import Any, TypeVar

from django.apps import apps
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.db.transaction import TransactionManagementError
from django.utils import timezone, translation

from . import pickling
from .memo import MISSING, BoundedMemo
from .templatetags.translations import catalog_generation

T = TypeVar("T")

logger = logging.getLogger(__name__)

GLOBAL = "global"
TABLE = "core_dataversion"
# The apps whose data the cached values are computed from.
# (accounts: names and e-mail addresses show in member lists and in the audit history.)
TRACKED_APPS = frozenset(
    {
        "accounts",
        "goals",
        "guidance",
        "municipalities",
        "participation",
        "plans",
        "plantakt",
        "politics",
        "processes",
        "stats",
        "strategy",
    }
)
# Saves that change nothing any page shows (a login records its time).
IGNORED_UPDATES = frozenset({"last_login"})
# After the cache fails, it is skipped this many seconds (a down Redis costs no page a timeout).
RETRY_AFTER = 30.0
# A new version row starts at the current time in milliseconds, so a row created afresh (a new
# database, a restored one) never repeats a value a shared cache may still hold.
_START = "CAST(%s AS BIGINT)"

_memo: ContextVar[dict[str, int] | None] = ContextVar("samplan_data_versions", default=None)
_suspended: ContextVar[bool] = ContextVar("samplan_bump_suspended", default=False)
_in_request: ContextVar[bool] = ContextVar("samplan_in_request", default=False)
# The municipality in the request's address (`knr`): read with the global version, in one query.
_hint: ContextVar[str | None] = ContextVar("samplan_municipality_hint", default=None)


class _Health:
    """Whether the cache answered lately (shared by the process's threads)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.last_error = ""
        self.generation = 0  # moved by clear(): forgets every value without flushing a store

    def usable(self) -> bool:
        return time.monotonic() >= self.down_until

    def failed(self, error: Exception) -> None:
        with self.lock:
            self.down_until = time.monotonic() + RETRY_AFTER
            self.last_error = type(error).__name__
        logger.warning("Page cache unavailable, computing without it: %r", error)


_health = _Health()


_request_memo: ContextVar[dict[tuple, Any] | None] = ContextVar(
    "samplan_request_memo", default=None
)


def _forget() -> None:
    """Forget the versions read in this request and what was computed from them."""
    _memo.set(None)
    _request_memo.set(None)


def per_request(name: str, compute: Callable[[], T], *parts: Hashable) -> T:
    """`compute()` once per request: a read that several parts of one page ask for (the dashboard's
    panels, a page and its panel) is made once. Forgotten after any write, and at the end of the
    request; outside a request computed every time. Callers must not change the value."""
    if not _in_request.get():
        return compute()
    memo = _request_memo.get()
    if memo is None:
        memo = {}
        _request_memo.set(memo)
    key = (name, parts)
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def scope_of_municipality(municipality_id: str) -> str:
    return f"m:{municipality_id}"


# The versions of the scopes in one text parameter (PostgreSQL), see _read_versions.
VERSIONS_SQL = (
    "SELECT v.scope, v.version FROM unnest(string_to_array(%s, ',')) AS s(scope) "
    f"JOIN {TABLE} v ON v.scope = s.scope"  # noqa: S608 -- constant
)


def _read_versions(scopes: list[str]) -> dict[str, int]:
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One text parameter: a board's 358 scopes as placeholders made the driver split
            # and convert a long query text at every request, and as a list parameter it
            # adapts each item (scopes hold no comma). Split once and joined: in the generic
            # plan of a prepared statement `scope = ANY(string_to_array(%s, ','))` split the
            # text again for every row of the table (358 scopes: 7 ms of the server's CPU).
            cursor.execute(VERSIONS_SQL, [",".join(scopes)])
        else:
            placeholders = ", ".join(["%s"] * len(scopes))
            cursor.execute(
                f"SELECT scope, version FROM {TABLE} WHERE scope IN ({placeholders})",  # noqa: S608 -- placeholders only
                scopes,
            )
        found = {scope: int(version) for scope, version in cursor.fetchall()}
    return {scope: found.get(scope, 0) for scope in scopes}


def versions(municipality_id: str | None = None) -> tuple[int, ...]:
    """The global version and, given a municipality, its version (read once per request, again
    after this request writes; outside a request, such as in a command, at every call)."""
    scopes = (
        [GLOBAL] if municipality_id is None else [GLOBAL, scope_of_municipality(municipality_id)]
    )
    hint = _hint.get()
    # The municipality in the address is read with them (one query for the request).
    extra = [GLOBAL, scope_of_municipality(hint)] if hint and _in_request.get() else []
    return tuple(_versions_of(scopes, extra).values())


def data_version(municipality_id: str | None = None) -> int:
    """The sum of the versions `versions()` reads: it grows with every write that matters."""
    return sum(versions(municipality_id))


def bump_scopes(scopes: Iterable[str], using: str = DEFAULT_DB_ALIAS) -> None:
    """Increment the versions of `scopes` in the current transaction (the writer's own)."""
    _forget()
    if _suspended.get():
        return
    start = int(time.time() * 1000)
    with connections[using].cursor() as cursor:
        for scope in sorted(set(scopes)):  # one order for every writer: no deadlock
            cursor.execute(
                f"INSERT INTO {TABLE} (scope, version) VALUES (%s, {_START}) "  # noqa: S608 -- constants
                f"ON CONFLICT (scope) DO UPDATE SET version = {TABLE}.version + 1",
                [scope, start],
            )


def bump(using: str = DEFAULT_DB_ALIAS) -> None:
    """Increment the global version (every municipality's cached values are computed again)."""
    bump_scopes([GLOBAL], using)


def scopes_of(instance: Any) -> set[str]:
    """The versions a write of `instance` moves: a model may say which municipalities its rows
    belong to with `cache_municipality_ids()` (None: every municipality's); otherwise its
    `municipality_id`; otherwise the global version."""
    hook = getattr(instance, "cache_municipality_ids", None)
    if hook is not None:
        ids = hook()
        if ids is None:
            return {GLOBAL}
        return {scope_of_municipality(pk) for pk in ids}
    municipality_id = getattr(instance, "municipality_id", None)
    if municipality_id is not None:
        return {scope_of_municipality(municipality_id)}
    return {GLOBAL}


def bump_for(instances: Iterable[Any], model: type, using: str = DEFAULT_DB_ALIAS) -> None:
    """Bulk writes: move the versions of the rows written."""
    if not tracked(model):
        return
    scopes: set[str] = set()
    for instance in instances:
        scopes |= scopes_of(instance)
    if scopes:
        bump_scopes(scopes, using)


@contextmanager
def one_bump(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """For bulk loaders: no version write per row, one global one at the end (also after a
    failure that may have left some rows written, unless the transaction is broken)."""
    token = _suspended.set(True)
    try:
        yield
    except BaseException:
        _suspended.reset(token)
        with suppress(DatabaseError, TransactionManagementError):
            bump(using)
        raise
    _suspended.reset(token)
    bump(using)


def highest_version(using: str = DEFAULT_DB_ALIAS) -> int:
    """The highest version of any scope (taken before a restore, see `after_restore`)."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT MAX(version) FROM {TABLE}")  # noqa: S608 -- constant
        row = cursor.fetchone()
    return int(row[0] or 0) if row else 0


def after_restore(before: int, using: str = DEFAULT_DB_ALIAS) -> None:
    """A restored database brings back old versions that a shared cache may hold values for:
    move every version past every value used before (`before`) and restored."""
    _forget()
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET version = CASE WHEN version > %s THEN version ELSE %s END + 1",  # noqa: S608 -- constant
            [before, before],
        )
    bump_scopes([GLOBAL], using)
    _forget()


def forget_request_version() -> None:
    """Called at the start and end of each request: read the versions afresh next time."""
    _forget()


def _key(name: str, municipality: str | None, parts: tuple[Hashable, ...]) -> str:
    return _key_of(name, versions(municipality), municipality, parts)


def _key_of(
    name: str, found: tuple[int, ...], municipality: str | None, parts: tuple[Hashable, ...]
) -> str:
    """The store's key of a value: its name, the versions `found` of the data it is computed
    from, its municipality, the day, the language and the catalogs' generation (a value may hold
    translated words or markup) and `parts` (every way of keying uses it)."""
    raw = repr(
        (
            _health.generation,
            found,
            municipality,
            datetime.date.today(),
            timezone.localdate(),  # the two differ around midnight; deadlines use the local one
            translation.get_language(),
            catalog_generation(),
            parts,
        )
    )
    return f"samplan:{name}:{hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()}"


def _switched_off() -> bool:
    """The cache is switched off (SAMPLAN_PAGE_CACHE_MB=0: Django's dummy cache)."""
    return isinstance(caches["default"], DummyCache)


# The last few values marked immutable, unpickled, by their key: a key holds every version the
# value was computed from, so its value never changes (a value of 357 status-board rows took a
# millisecond to unpickle at every request).
_decoded: BoundedMemo[Any] = BoundedMemo(4)
# Small values of a shared store (Redis), pickled, kept in the process as well: a request's
# user's access map and a page's small values were a round trip each at every request. Values
# by their key never change (above), so a kept one is as fresh as the store's; the versions
# are still read at every request. At most RECENT_BYTES, none over RECENT_VALUE_BYTES (a
# page's data, some 10-15 kB, stays in the store: 357 municipalities' would not fit). 2 MB
# holds every access map of the bench's users; with 4 MB a worker's peak memory in the mixed
# run at 357 municipalities came to 196.5 MB, near the 200 MB a worker may use.
RECENT_BYTES = 2 * 1024 * 1024
RECENT_VALUE_BYTES = 4096
_recent: BoundedMemo[bytes] = BoundedMemo(2048, weigh=len, max_weight=RECENT_BYTES)


def _shared_store() -> bool:
    """The store is another process's (a Redis), not this process's memory."""
    return not isinstance(caches["default"], LocMemCache | DummyCache)


def _keep(key: str, data: bytes) -> None:
    if len(data) <= RECENT_VALUE_BYTES and _shared_store():
        _recent.put(key, data)


def _stored(key: str) -> Any:
    """The pickled value of `key`: kept in the process, else read from the store (MISSING)."""
    data = _recent.get(key)
    if data is not MISSING or not _health.usable():
        return data
    try:
        data = cache.get(key, MISSING)
    except Exception as error:  # noqa: BLE001 -- any failure of the store: compute without it
        _health.failed(error)
        return MISSING
    if not isinstance(data, bytes):
        return MISSING
    _keep(key, data)
    return data


def cached(
    name: str,
    compute: Callable[[], T],
    *parts: Hashable,
    municipality: str | None,
    immutable: bool = False,
) -> T:
    """`compute()`'s result, computed once per version of `municipality` (its pk; None: data of
    no one municipality) and of the global data, per day, language and `parts`. `immutable`:
    the value is never changed by its readers (tuples of strings and numbers), so every
    request of this process may share one copy, kept unpickled (`_decoded`)."""
    if _switched_off():
        return compute()  # no store: no versions to read either
    key = _key(name, municipality, parts)
    if immutable:
        value = _decoded.get(key)
        if value is not MISSING:
            return value
    stored = _stored(key)
    if stored is not MISSING:  # pickled by core/pickling.py (lazy strings cheaply)
        value = pickling.loads(stored)
        if immutable:
            _decoded.put(key, value)
        return value
    value = compute()
    if immutable:
        _decoded.put(key, value)
    if _health.usable():
        try:
            data = pickling.dumps(value)
            cache.set(key, data, timeout=60 * 60 * 24)
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            # A value that cannot be stored is a programming error, not a failing store.
            logger.error("Page cache cannot store %s: %r", name, error)
        except Exception as error:  # noqa: BLE001
            _health.failed(error)
        else:
            _keep(key, data)
    return value


def cached_across(
    name: str,
    compute: Callable[[], T],
    municipality_ids: Iterable[str],
    *parts: Hashable,
    immutable: bool = False,
) -> T:
    """`compute()`'s result for data of many municipalities (a county's status board): the
    versions of all of them are read in one query and the value is computed again after a
    write in any of them. `immutable` as for `cached`."""
    if _switched_off():
        return compute()  # no store: no versions to read either
    ids = sorted(set(municipality_ids))
    scopes = [GLOBAL, *(scope_of_municipality(pk) for pk in ids)]
    found = _versions_of(scopes)
    digest = hashlib.blake2b(repr(sorted(found.items())).encode(), digest_size=16).hexdigest()
    return cached(name, compute, digest, *parts, municipality=None, immutable=immutable)


def _versions_of(scopes: list[str], extra: list[str] | None = None) -> dict[str, int]:
    """The versions of `scopes`, read in one query (with `extra`, if any is to be read) and
    remembered for the rest of the request: `versions` and `cached_across` share what
    one of them read."""
    in_request = _in_request.get()
    memo = (_memo.get() if in_request else None) or {}
    wanted = [scope for scope in scopes if scope not in memo]
    if wanted:
        memo = {**memo, **_read_versions(list(dict.fromkeys([*wanted, *(extra or [])])))}
        if in_request:
            _memo.set(memo)
    return {scope: memo[scope] for scope in scopes}


def status() -> str:
    """ "ok", or "unavailable" when the cache does not answer (for /healthz)."""
    try:
        cache.get("samplan:healthz")
    except Exception as error:  # noqa: BLE001
        _health.failed(error)
        return "unavailable"
    with _health.lock:
        _health.down_until = 0.0
    return "ok"


def clear() -> None:
    """Forget every cached value of this process (tests: a rolled-back version repeats its
    values). The store is not flushed: a shared Redis may hold other data."""
    with _health.lock:
        _health.generation += 1
        _health.down_until = 0.0
    _recent.clear()
    _decoded.clear()
    _forget()


def tracked(model: type) -> bool:
    """Does a write to `model` change what the cached values are computed from?"""
    meta = model._meta
    return (
        meta.app_label in TRACKED_APPS
        and not meta.model_name.startswith("historical")  # written together with their model
        # Rows no cached page shows, written many at a time (a live workshop's votes): a model
        # says so with `cache_untracked = True`, so they do not move the municipality's version.
        and not getattr(model, "cache_untracked", False)
    )


def _on_write(sender: type, instance: Any, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= IGNORED_UPDATES:
        return
    if tracked(sender):
        bump_scopes(scopes_of(instance), kwargs.get("using") or DEFAULT_DB_ALIAS)


def _on_m2m(sender: type, action: str, model: type, instance: Any, **kwargs: Any) -> None:
    if action.startswith("post_") and (tracked(model) or tracked(instance.__class__)):
        bump_scopes(scopes_of(instance) | {GLOBAL}, kwargs.get("using") or DEFAULT_DB_ALIAS)


def connect() -> None:
    """Listen to every write of the tracked apps (called from CoreConfig.ready)."""
    for model in apps.get_models():
        if tracked(model):
            post_save.connect(_on_write, sender=model, dispatch_uid=f"freshness-save-{model}")
            post_delete.connect(_on_write, sender=model, dispatch_uid=f"freshness-del-{model}")
    m2m_changed.connect(_on_m2m, dispatch_uid="freshness-m2m")


class FreshnessMiddleware:
    """Read the versions once per request (and afresh after a write in the request)."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        forget_request_version()
        token = _in_request.set(True)
        hint = _hint.set(None)
        try:
            return self.get_response(request)
        finally:
            _in_request.reset(token)
            _hint.reset(hint)
            forget_request_version()

    def process_view(
        self, request: Any, view: Callable, args: tuple, kwargs: dict[str, Any]
    ) -> None:
        knr = kwargs.get("knr")
        _hint.set(knr if isinstance(knr, str) else None)
