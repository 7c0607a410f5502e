"""Audit history for every user-editable model.

Samplan uses django-simple-history: it works the same on SQLite and PostgreSQL, because it writes
history rows from Python instead of database triggers. Its gap is that `QuerySet.update()`,
`bulk_create()` and `bulk_update()` bypass model saves and so leave no history. `AuditedQuerySet`
closes that gap: every audited model's default manager uses it, and its bulk operations write one
history row per changed object in the same transaction. `QuerySet.delete()` already goes through
Django's deletion collector, which sends the per-object signal simple-history listens to.
"""

from __future__ import annotations

import functools
import html
import inspect
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from itertools import chain
from typing import Any, ParamSpec, TypeVar

from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from simple_history.manager import HistoryDescriptor
from simple_history.models import HistoricalRecords as _HistoricalRecords
from simple_history.utils import get_change_reason_from_object, get_m2m_reverse_field_name

from .instances import PreparedInstances, instances_query
from .queries import RowsQuery, read_together

__all__ = [
    "AuditedQuerySet",
    "HistoricalRecords",
    "HistoryChange",
    "HistoryEntry",
    "acting_as",
    "history_entries",
    "history_query",
    "newest_entries",
    "prepared_history",
    "recent_history",
    "service",
]


@cache
def _history_manager_class(manager_class: type, queryset_class: type) -> type:
    return manager_class.from_queryset(queryset_class)


def _history_manager(descriptor: HistoryDescriptor, instance: Any, owner: type) -> Any:
    return _history_manager_class(descriptor.manager_class, descriptor.queryset_class)(
        descriptor.model, instance
    )


def speed_up_history_managers() -> None:
    """Make `Model.history` cheap to reach.

    django-simple-history (3.13) builds a new manager class with `Manager.from_queryset()` every
    time `history` is read, and it reads it on every save to write the history row; building the
    class inspects every queryset method and cost about half a millisecond per save (a tenth of
    the test suite's time). The class depends only on the manager and queryset classes, so one
    per pair is made and reused; the manager instance is still new on every read.
    """
    HistoryDescriptor.__get__ = _history_manager  # type: ignore[method-assign]


# The user a service acts for (`service` sets it from its `user` argument).
_acting_user: ContextVar[Any] = ContextVar("samplan_acting_user", default=None)


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Record `user` in the history of every write inside the block (None: leave it as it is)."""
    if user is None or not getattr(user, "is_authenticated", False):
        yield
        return
    token = _acting_user.set(user)
    try:
        yield
    finally:
        _acting_user.reset(token)


def _history_user() -> Any:
    """Who is acting: the user a service was given, else the user of the request being served
    (set by HistoryRequestMiddleware), else nobody (Samplan itself)."""
    acting = _acting_user.get()
    if acting is not None:
        return acting
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return None


def _get_user(request: Any = None, **kwargs: Any) -> Any:
    return _history_user()


class HistoricalRecords(_HistoricalRecords):
    """simple-history's records, with the acting user taken from the service first."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("get_user", _get_user)
        super().__init__(*args, **kwargs)


P = ParamSpec("P")
R = TypeVar("R")


def service(function: Callable[P, R]) -> Callable[P, R]:
    """Mark a write: it takes keyword arguments only, among them `user` (who acts; None when
    Samplan itself acts, e.g. a command or a scheduled task), runs in one transaction, and every
    row it writes records `user` in its audit history."""
    parameters = inspect.signature(function).parameters
    positional = [
        name
        for name, parameter in parameters.items()
        if parameter.kind is not inspect.Parameter.KEYWORD_ONLY
    ]
    if positional or "user" not in parameters:
        raise TypeError(
            f"{function.__qualname__}: a service takes keyword arguments only, with `user`"
        )
    atomic = transaction.atomic(function)

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with acting_as(kwargs.get("user")):
            return atomic(*args, **kwargs)

    return wrapper


def _bump_if_tracked(model: type[models.Model], rows: list, using: str) -> None:
    """Bulk writes send no save signals: tell the page cache here, for the municipalities of
    the rows written (see core/freshness.py)."""
    from samplan.core import freshness

    freshness.bump_for(rows, model, using)


class AuditedQuerySet(models.QuerySet):
    """A QuerySet whose bulk writes are recorded in the model's history like single saves."""

    def update(self, **kwargs: Any) -> int:
        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            changed = []
            if pks:
                changed = list(self.model._default_manager.using(self.db).filter(pk__in=pks))
            _bump_if_tracked(self.model, changed, self.db)
            if changed:
                self.model.history.bulk_history_create(
                    changed, update=True, default_user=_history_user()
                )
            return count

    update.alters_data = True  # type: ignore[attr-defined]

    def bulk_create(self, objs: Iterable[models.Model], *args: Any, **kwargs: Any) -> list:
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            _bump_if_tracked(self.model, created, self.db)
            with_pk = [obj for obj in created if obj.pk is not None]
            if with_pk:
                self.model.history.bulk_history_create(with_pk, default_user=_history_user())
            return created

    bulk_create.alters_data = True  # type: ignore[attr-defined]

    # bulk_update() needs no override: Django runs it as one QuerySet.update() per batch, and
    # update() above records the history (an override here wrote every row twice; see
    # core/tests/test_audit.py).


@dataclass(frozen=True)
class HistoryChange:
    """One field that changed: its label and the value before and after."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    """One line in an object's history, ready for a template."""

    when: datetime
    who: str
    action: str
    subject: str
    changes: tuple[HistoryChange, ...]
    reason: str


ACTIONS = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def history_rows(entries: Iterable[HistoryEntry]) -> SafeString:
    """The rows of the table in includes/history.html, as its `{% for %}` wrote them (the same
    bytes, the same escaping), made in Python: a row was some twenty template nodes and two
    `date` filters, about 0.1 ms, and a page shows up to 50. `date:'c'` is the local time's
    isoformat(), as Django's date format "c" writes it."""
    reason_label = _escape(gettext("Reason:"))
    rows = []
    for entry in entries:
        when = timezone.template_localtime(entry.when)
        if entry.changes:
            changes = "".join(
                f"<li>{_escape(change.field)}: {_escape(change.old)} → {_escape(change.new)}</li>"
                for change in entry.changes
            )
            changes = f'<ul class="sp-plain-list">{changes}</ul>'
        else:
            changes = "–"
        if entry.reason:
            changes += (
                f'<p class="ds-paragraph"><small>{reason_label} {_escape(entry.reason)}</small></p>'
            )
        rows.append(
            "\n          <tr>\n"
            f'            <td><time datetime="{_escape(when.isoformat())}">'
            f"{_when_text(get_language(), when, when.utcoffset(), when.tzname())}</time></td>\n"
            f"            <td>{_escape(entry.who)}</td>\n"
            f"            <td>{_escape(entry.action)}: "
            f"{_escape(entry.subject)}</td>\n"
            f"            <td>{changes}</td>\n"
            "          </tr>\n        "
        )
    return mark_safe("".join(rows))  # noqa: S308 -- every value escaped above


def _escape(text: object) -> str:
    """Django's conditional_escape without its lazy-string wrapper (a few µs a call)."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text))


@functools.lru_cache(maxsize=4096)
def _when_text(_language: str, when: datetime, _offset: object, _zone: object) -> str:
    """`when|date:"DATETIME_FORMAT"` (escaped) in the active language (`_language`: part of the
    key, with the zone: an aware time is equal to the same moment in any zone), formatted once
    per process: the same history is shown at every request, and Django's formatting costs
    about 25 µs."""
    return conditional_escape(formats.date_format(when, "DATETIME_FORMAT"))


def display_value(value: object) -> str:
    """A stored value as a reader expects it: dates in the language's format ("2. desember
    2026"), times in the local time zone, numbers with a decimal comma, yes/no for booleans,
    lists and figures as their values, "–" for nothing."""
    if value is None or value == "" or value == [] or value == {}:
        return "–"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, (int, float, Decimal)):
        return formats.number_format(value, use_l10n=True)
    if isinstance(value, dict):
        return ", ".join(display_value(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return ", ".join(display_value(item) for item in value)
    return str(value)


def _display(record: Any, field_name: str) -> str:
    field = record._meta.get_field(field_name)
    value = getattr(record, field.attname, None)
    if value is None or value == "":
        return "–"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        try:
            return str(getattr(record, field_name))
        except field.related_model.DoesNotExist:
            return str(value)
    return display_value(value)


def _m2m_fields(record: Any) -> list[Any]:
    """The tracked model's many-to-many fields whose history the record keeps."""
    return list(getattr(record, "_history_m2m_fields", []))


def _m2m_rows(records: Iterable[Any]) -> dict[tuple[type, Any, str], tuple[Any, ...]]:
    """The related keys of each record's many-to-many fields, as (history model, history id,
    field) -> sorted keys: one query per history model and field for all records.

    (simple-history's `diff_against` reads them with two queries per record.)
    """
    wanted: dict[tuple[type, str], tuple[Any, set[Any]]] = {}
    for record in records:
        for field in _m2m_fields(record):
            through = getattr(record, field.name).model
            wanted.setdefault((type(record), field.name), (through, set()))[1].add(
                record.history_id
            )
    rows: dict[tuple[type, Any, str], tuple[Any, ...]] = {}
    for (history_model, name), (through, history_ids) in wanted.items():
        field = history_model.instance_type._meta.get_field(name)
        reverse = get_m2m_reverse_field_name(field)
        found: dict[Any, list[Any]] = {history_id: [] for history_id in history_ids}
        pairs = through._default_manager.filter(history_id__in=history_ids).values_list(
            "history_id", reverse
        )
        for history_id, related in pairs:
            found[history_id].append(related)
        for history_id, related_keys in found.items():
            rows[(history_model, history_id, name)] = tuple(sorted(related_keys))
    return rows


def _m2m_changes(record: Any, previous: Any, rows: dict) -> list[tuple[Any, tuple, tuple]]:
    """(field, old keys, new keys) for each many-to-many field that changed."""
    changes = []
    for field in _m2m_fields(record):
        old = rows.get((type(previous), previous.history_id, field.name), ())
        new = rows.get((type(record), record.history_id, field.name), ())
        if old != new:
            original = record.instance_type._meta.get_field(field.name)
            changes.append((original, old, new))
    return changes


def _m2m_names(
    changes: list[tuple[Any, tuple, tuple]], known: Iterable[Any] = ()
) -> dict[tuple[type, Any], str]:
    """The related objects' names: the `known` objects', and one query per related model for
    the others of every change."""
    keys: dict[type, set[Any]] = {}
    for field, old, new in changes:
        keys.setdefault(field.related_model, set()).update(old, new)
    names = {
        (obj._meta.concrete_model, obj.pk): str(obj)
        for obj in known
        if obj.pk in keys.get(obj._meta.concrete_model, ())
    }
    for model, pks in keys.items():
        missing = [pk for pk in pks if (model, pk) not in names]
        if missing:
            names.update(
                ((model, pk), str(obj))
                for pk, obj in model._default_manager.in_bulk(missing).items()
            )
    return names


def _display_m2m(field: Any, pks: tuple[Any, ...], names: dict[tuple[type, Any], str]) -> str:
    """The related objects named in a many-to-many change."""
    if not pks:
        return "–"
    model = field.related_model
    return ", ".join(sorted(names.get((model, pk), str(pk)) for pk in pks))


def _bookkeeping_fields(model: type[models.Model]) -> set[str]:
    """Fields Samplan fills in itself ("changed at"): a change of these alone says nothing."""
    return {
        field.name
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    }


def _previous_records(records: list[Any], *, complete: bool) -> dict[tuple[type, Any], Any]:
    """Each record's previous record of the same object, with one query per history model, or
    none when `records` are the objects' complete histories.

    (`record.prev_record` costs a query per record, which made history pages N+1.)
    """
    if complete:
        return _previous_in(records)
    ids: dict[type, set[Any]] = {}
    for record in records:
        pk_name = record.instance_type._meta.pk.attname
        ids.setdefault(type(record), set()).add(getattr(record, pk_name))
    previous: dict[tuple[type, Any], Any] = {}
    for history_model, object_ids in ids.items():
        pk_name = history_model.instance_type._meta.pk.attname
        candidates = history_model._default_manager.filter(**{f"{pk_name}__in": object_ids})
        previous.update(_previous_in(list(candidates.order_by("history_date", "history_id"))))
    return previous


def _previous_in(records: list[Any]) -> dict[tuple[type, Any], Any]:
    """Each record's previous record of the same object among `records` (in any order)."""
    previous: dict[tuple[type, Any], Any] = {}
    last: dict[tuple[type, Any], Any] = {}
    for record in sorted(records, key=lambda record: (record.history_date, record.history_id)):
        pk_name = record.instance_type._meta.pk.attname
        key = (type(record), getattr(record, pk_name))
        previous[(type(record), record.history_id)] = last.get(key)
        last[key] = record
    return previous


def _subject(record: Any) -> str:
    """The object as it was, named without extra queries for what the record has loaded."""
    obj = record.history_object  # built from the record's own fields, no query
    for name, value in record._state.fields_cache.items():
        if name != "history_user":
            obj._state.fields_cache.setdefault(name, value)
    return str(obj)


def history_query(history: Any, *, limit: int = 50) -> RowsQuery:
    """The newest `limit` + 1 records of a history queryset with their users (and the objects
    of its `select_related`, one level), as a RowsQuery:
    read with other reads in one query (`core.queries.read_together`), then given to
    `newest_entries`."""
    chosen = history.query.select_related  # the objects the caller selected with the records
    return instances_query(
        _newest_records(history, limit),
        related=("history_user", *(chosen if isinstance(chosen, dict) else ())),
        ordered=False,  # newest_entries sorts them by date
    )


def _newest_records(history: Any, limit: int) -> Any:
    """The newest `limit` + 1 records of a history queryset, as a QuerySet read in any order."""
    newest = history.order_by("-history_date", "-history_id").values("history_id")[: limit + 1]
    return history.model._default_manager.filter(history_id__in=newest)


def prepared_history(
    build: Callable[..., Any],
    *,
    params: dict[str, type],
    limit: int = 50,
    related: tuple[str, ...] = (),
) -> PreparedInstances:
    """history_query of the history queryset `build` makes from its parameters (`params`, as
    PreparedRows takes them), its SQL made once per process: called with the values, it gives
    the RowsQuery of the records with their users (and the objects of their foreign keys in
    `related`, as history_query's select_related), for read_together and `newest_entries`."""
    return PreparedInstances(
        lambda **values: _newest_records(build(**values), limit),
        params=params,
        related=("history_user", *related),
        ordered=False,  # newest_entries sorts them by date
    )


def recent_history(
    *histories: Any, limit: int = 50, known: Iterable[Any] = ()
) -> list[HistoryEntry]:
    """The newest `limit` entries of one or more history querysets together, newest first,
    in one query (several histories as one UNION ALL, see `history_query`).

    Each queryset is read newest first and at most `limit` + 1 rows, so a page costs the same
    however long the history grows; when no queryset had more than `limit` rows, the rows read
    are the objects' whole histories and comparing each with its previous record needs no
    further query. `known`: objects the page has read already, named in changes of foreign keys
    to them without a query.
    """
    if len(histories) == 1:
        ordered = histories[0].order_by("-history_date", "-history_id")
        lists = [list(ordered.select_related("history_user")[: limit + 1])]
    else:
        lists = read_together([history_query(history, limit=limit) for history in histories])
    return newest_entries(lists, limit=limit, known=known)


def newest_entries(
    lists: Iterable[list[Any]], *, limit: int = 50, known: Iterable[Any] = ()
) -> list[HistoryEntry]:
    """The newest `limit` entries of the records read by `history_query` (a list per history,
    each at most `limit` + 1 records), newest first."""
    lists = list(lists)
    complete = all(len(rows) <= limit for rows in lists)
    records = sorted(
        chain.from_iterable(lists),
        key=lambda record: (record.history_date, record.history_id),
        reverse=True,
    )
    return history_entries(records, limit=limit, complete=complete, known=known)


def _attach(records: list[Any], known: Any) -> None:
    """Give the records' foreign keys the `known` objects they point to (no query to name
    them in a change)."""
    by_model: dict[type, dict[Any, Any]] = {}
    for obj in known:
        by_model.setdefault(obj._meta.concrete_model, {})[obj.pk] = obj
    if not by_model:
        return
    for record in records:
        for field in record._meta.concrete_fields:
            if not field.many_to_one or field.name in record._state.fields_cache:
                continue
            found = by_model.get(field.related_model._meta.concrete_model, {})
            obj = found.get(getattr(record, field.attname))
            if obj is not None:
                record._state.fields_cache[field.name] = obj


def _field_changes(record: Any, previous: Any) -> list[HistoryChange]:
    """The record's changes of its own fields against the previous record (no queries but for
    the names of foreign keys the records have not loaded)."""
    m2m_names = [field.name for field in _m2m_fields(record)]
    delta = record.diff_against(previous, excluded_fields=m2m_names)
    hidden = _bookkeeping_fields(record.instance_type)
    return [
        HistoryChange(
            field=str(record._meta.get_field(change.field).verbose_name),
            old=_display(previous, change.field),
            new=_display(record, change.field),
        )
        for change in delta.changes
        if change.field not in hidden
    ]


def history_entries(
    records: Iterable[Any], *, limit: int = 50, complete: bool = False, known: Iterable[Any] = ()
) -> list[HistoryEntry]:
    """Turn historical records (newest first) into entries with the fields that changed.

    `records` may mix several objects' histories; each record is compared with the previous
    record of the same object (`complete`: `records` hold every record of their objects, so
    the previous ones are among them, no query needed). `known`: see `recent_history`.
    """
    every = list(records)
    records = every[:limit]
    previous_records = _previous_records(every if complete else records, complete=complete)
    if known:
        earlier = [record for record in previous_records.values() if record is not None]
        _attach(every if complete else [*records, *earlier], known)
    compared = [
        (record, previous_records.get((type(record), record.history_id)))
        for record in records
        if record.history_type == "~"
    ]
    m2m_rows = _m2m_rows(
        [item for pair in compared if pair[1] is not None and _m2m_fields(pair[0]) for item in pair]
    )
    pending: list[tuple[Any, list[HistoryChange], list[tuple[Any, tuple, tuple]]]] = []
    for record in records:
        previous = previous_records.get((type(record), record.history_id))
        changes: list[HistoryChange] = []
        m2m: list[tuple[Any, tuple, tuple]] = []
        if record.history_type == "~" and previous is not None:
            changes = _field_changes(record, previous)
            m2m = _m2m_changes(record, previous, m2m_rows)
        pending.append((record, changes, m2m))
    names = _m2m_names([change for _record, _changes, m2m in pending for change in m2m], known)
    entries: list[HistoryEntry] = []
    for record, changes, m2m in pending:
        changes.extend(
            HistoryChange(
                field=str(field.verbose_name),
                old=_display_m2m(field, old, names),
                new=_display_m2m(field, new, names),
            )
            for field, old, new in m2m
        )
        user = record.history_user
        who = str(user) if user is not None else str(_("System"))
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=who,
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                subject=_subject(record),
                changes=tuple(changes),
                reason=get_change_reason_from_object(record) or record.history_change_reason or "",
            )
        )
    return entries
