"""Per-process caching of computed page parts that is never stale.

Every write to planning data (any model of the planning apps, through save, delete, bulk
writes or many-to-many changes) increments one counter row, `DataVersion("data")`, inside the
writer's own transaction, so the new value becomes visible exactly when the data does. Readers
read the counter first and use it in the cache key: a process that sees the new value computes
afresh, one that still sees the old value cannot yet see the new data either. The cache is a
small in-process LRU, so app processes share nothing but the database and a host scales out
behind a load balancer as before.

Keys also hold today's date (deadlines and plan health depend on it) and the active language
(the text of findings is translated when computed).

The price: write transactions serialise on the counter row (a few milliseconds each), and any
write makes every municipality's cached parts be computed again once.
"""

from __future__ import annotations

import datetime
import os
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import Any, TypeVar

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.db.transaction import TransactionManagementError
from django.utils import timezone, translation

T = TypeVar("T")

SCOPE = "data"
# The apps whose data the cached parts are computed from.
# (accounts: names and e-mail addresses show in member lists and in the audit history.)
TRACKED_APPS = frozenset({"accounts", "municipalities", "plans", "plantakt", "stats", "strategy"})
# Saves that change nothing any page shows (a login records its time).
IGNORED_UPDATES = frozenset({"last_login"})
# A computed object (plan health of 40 plans, a period's deadlines, figures) is counted as
# this many bytes; rendered text by its length. SAMPLAN_PAGE_CACHE_MB bounds the whole store.
OBJECT_WEIGHT = 64 * 1024

_memo: ContextVar[int | None] = ContextVar("samplan_data_version", default=None)
_suspended: ContextVar[bool] = ContextVar("samplan_bump_suspended", default=False)
_in_request: ContextVar[bool] = ContextVar("samplan_in_request", default=False)


class _LRU:
    """A thread-safe store bounded by an estimate of its size in bytes (values are shared,
    never copied: callers treat them as read-only)."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self._data: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def weight(cls, value: Any) -> int:
        if isinstance(value, str):
            return 2 * len(value) + 100  # Norwegian letters make CPython store 2 bytes each
        if isinstance(value, bytes):
            return len(value) + 100
        if isinstance(value, tuple):
            return sum(cls.weight(item) for item in value)
        return OBJECT_WEIGHT

    def get(self, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            if key not in self._data:
                return False, None
            self._data.move_to_end(key)
            return True, self._data[key][0]

    def set(self, key: Hashable, value: Any) -> None:
        if self.budget <= 0:  # SAMPLAN_PAGE_CACHE_MB=0: no caching (the benchmark's worst case)
            return
        weight = self.weight(value)
        with self._lock:
            if key in self._data:
                self.used -= self._data.pop(key)[1]
            self._data[key] = (value, weight)
            self.used += weight
            while self.used > self.budget and len(self._data) > 1:
                self.used -= self._data.popitem(last=False)[1][1]

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.used = 0

    def __len__(self) -> int:
        return len(self._data)


_store = _LRU(int(os.environ.get("SAMPLAN_PAGE_CACHE_MB", "48")) * 1024 * 1024)


def data_version() -> int:
    """The current counter value (read once per request, again after this request writes;
    outside a request, such as in a command, read at every call)."""
    memo = _memo.get() if _in_request.get() else None
    if memo is not None:
        return memo
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT version FROM municipalities_dataversion WHERE scope = %s", [SCOPE])
        row = cursor.fetchone()
    version = int(row[0]) if row else 0
    _memo.set(version)
    return version


def bump(using: str = DEFAULT_DB_ALIAS) -> None:
    """Increment the counter in the current transaction (the writer's own)."""
    _memo.set(None)
    if _suspended.get():
        return
    with connections[using].cursor() as cursor:
        cursor.execute(
            "INSERT INTO municipalities_dataversion (scope, version) VALUES (%s, 1) "
            "ON CONFLICT (scope) DO UPDATE SET version = municipalities_dataversion.version + 1",
            [SCOPE],
        )


@contextmanager
def one_bump(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """For bulk loaders: no counter write per row, one at the end (also after a failure that
    may have left some rows written, unless the transaction is broken and so rolls back)."""
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


def after_restore(before: int, using: str = DEFAULT_DB_ALIAS) -> None:
    """A restored database brings back an old counter value that processes may have used for
    other data: move the counter past every value used before (`before`) and restored."""
    _memo.set(None)
    with connections[using].cursor() as cursor:
        cursor.execute(
            "INSERT INTO municipalities_dataversion (scope, version) VALUES (%s, %s) "
            "ON CONFLICT (scope) DO UPDATE SET version = "
            "CASE WHEN municipalities_dataversion.version > %s "
            "THEN municipalities_dataversion.version ELSE %s END + 1",
            [SCOPE, before + 1, before, before],
        )
    _memo.set(None)


def forget_request_version() -> None:
    """Called at the start and end of each request: read the counter afresh next time."""
    _memo.set(None)


def _key(name: str, parts: tuple[Hashable, ...], *, versioned: bool = True) -> tuple:
    return (
        name,
        data_version() if versioned else None,
        datetime.date.today(),
        timezone.localdate(),  # the two differ around midnight; deadlines use the local one
        translation.get_language(),
        *parts,
    )


def cached(name: str, compute: Callable[[], T], *parts: Hashable) -> T:
    """`compute()`'s result, computed once per counter value, day, language and `parts`."""
    key = _key(name, parts)
    found, value = _store.get(key)
    if found:
        return value
    value = compute()
    _store.set(key, value)
    return value


# Stands in for the CSRF token in stored text; each response gets its own user's token.
CSRF_PLACEHOLDER = f"samplan-csrf-{secrets.token_hex(16)}"


def cached_text(
    render: Callable[[str], str],
    token: Callable[[], str],
    name: str,
    *parts: Hashable,
    versioned: bool = True,
) -> str:
    """Rendered template text, cached like `cached` (without `versioned`: text that shows no
    data, only the day, the language and `parts`, and so needs no counter read).

    `render(csrf_token)` renders the text; it is stored with a placeholder for the CSRF token
    (which belongs to one user), and each request gets it back with its own `token()`."""
    key = _key(name, parts, versioned=versioned)
    found, value = _store.get(key)
    if not found:
        value = render(CSRF_PLACEHOLDER)
        _store.set(key, value)
    if CSRF_PLACEHOLDER in value:
        return value.replace(CSRF_PLACEHOLDER, token())
    return value


def clear() -> None:
    """Empty this process's store (tests: a rolled-back counter repeats its values)."""
    _store.clear()
    _memo.set(None)


def tracked(model: type) -> bool:
    """Does a write to `model` change what the cached parts are computed from?"""
    meta = model._meta
    return (
        meta.app_label in TRACKED_APPS
        and meta.model_name != "dataversion"
        and not meta.model_name.startswith("historical")  # written together with their model
    )


def _on_write(sender: type, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= IGNORED_UPDATES:
        return
    if tracked(sender):
        bump(kwargs.get("using") or DEFAULT_DB_ALIAS)


def _on_m2m(sender: type, action: str, model: type, **kwargs: Any) -> None:
    if action.startswith("post_") and (tracked(model) or tracked(kwargs["instance"].__class__)):
        bump(kwargs.get("using") or DEFAULT_DB_ALIAS)


def connect() -> None:
    """Listen to every write of the tracked apps (called from CoreConfig.ready)."""
    for model in apps.get_models():
        if tracked(model):
            post_save.connect(_on_write, sender=model, dispatch_uid=f"freshness-save-{model}")
            post_delete.connect(_on_write, sender=model, dispatch_uid=f"freshness-del-{model}")
    m2m_changed.connect(_on_m2m, dispatch_uid="freshness-m2m")


class FreshnessMiddleware:
    """Read the counter once per request (and afresh after a write in the request)."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        forget_request_version()
        token = _in_request.set(True)
        try:
            return self.get_response(request)
        finally:
            _in_request.reset(token)
            forget_request_version()
