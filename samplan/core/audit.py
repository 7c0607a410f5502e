"""Audit history for every user-editable model.

Samplan uses django-simple-history: it works the same on SQLite and PostgreSQL, because it writes
history rows from Python instead of database triggers. Its gap is that `QuerySet.update()`,
`bulk_create()` and `bulk_update()` bypass model saves and so leave no history. `AuditedQuerySet`
closes that gap: every audited model's default manager uses it, and its bulk operations write one
history row per changed object in the same transaction. `QuerySet.delete()` already goes through
Django's deletion collector, which sends the per-object signal simple-history listens to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.manager import HistoryDescriptor
from simple_history.models import HistoricalRecords
from simple_history.utils import get_change_reason_from_object

__all__ = [
    "AuditedQuerySet",
    "HistoricalRecords",
    "HistoryChange",
    "HistoryEntry",
    "history_entries",
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


def _history_user() -> Any:
    """The user of the request being served, if any (set by HistoryRequestMiddleware)."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return None


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


def _display_m2m(field: Any, rows: Iterable[dict[str, Any]] | None) -> str:
    """The related objects named in a many-to-many change (rows of the through table)."""
    key = field.m2m_reverse_field_name()
    pks = [row.get(key) for row in rows or [] if row.get(key) is not None]
    if not pks:
        return "–"
    related = field.related_model._default_manager.filter(pk__in=pks)
    return ", ".join(sorted(str(obj) for obj in related))


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


def history_entries(
    records: Iterable[Any], *, limit: int = 50, complete: bool = False
) -> list[HistoryEntry]:
    """Turn historical records (newest first) into entries with the fields that changed.

    `records` may mix several objects' histories; each record is compared with the previous
    record of the same object (`complete`: `records` hold every record of their objects, so
    the previous ones are among them, no query needed).
    """
    every = list(records)
    records = every[:limit]
    previous_records = _previous_records(every if complete else records, complete=complete)
    entries: list[HistoryEntry] = []
    for record in records:
        previous = previous_records.get((type(record), record.history_id))
        changes: list[HistoryChange] = []
        if record.history_type == "~" and previous is not None:
            delta = record.diff_against(previous)
            m2m_names = {field.name for field in getattr(record, "_history_m2m_fields", [])}
            hidden = _bookkeeping_fields(record.instance_type)
            for change in delta.changes:
                if change.field in hidden:
                    continue
                if change.field in m2m_names:
                    # A many-to-many field lives on the tracked model, not the historical one;
                    # its values are the rows of the through table.
                    field = record.instance_type._meta.get_field(change.field)
                    changes.append(
                        HistoryChange(
                            field=str(field.verbose_name),
                            old=_display_m2m(field, change.old),
                            new=_display_m2m(field, change.new),
                        )
                    )
                    continue
                label = str(record._meta.get_field(change.field).verbose_name)
                changes.append(
                    HistoryChange(
                        field=label,
                        old=_display(previous, change.field),
                        new=_display(record, change.field),
                    )
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
