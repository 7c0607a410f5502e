"""Audit history for every user-editable model.

Samplan uses django-simple-history: it works the same on SQLite and PostgreSQL, because it writes
history rows from Python instead of database triggers. Its gap is that `QuerySet.update()`,
`bulk_create()` and `bulk_update()` bypass model saves and so leave no history. `AuditedQuerySet`
closes that gap: every audited model's default manager uses it, and its bulk operations write one
history row per changed object in the same transaction. `QuerySet.delete()` already goes through
Django's deletion collector, which sends the per-object signal simple-history listens to.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.utils import get_change_reason_from_object

__all__ = [
    "AuditedQuerySet",
    "HistoricalRecords",
    "HistoryChange",
    "HistoryEntry",
    "history_entries",
]


def _history_user() -> Any:
    """The user of the request being served, if any (set by HistoryRequestMiddleware)."""
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return None


class AuditedQuerySet(models.QuerySet):
    """A QuerySet whose bulk writes are recorded in the model's history like single saves."""

    def update(self, **kwargs: Any) -> int:
        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            if pks:
                changed = list(self.model._default_manager.using(self.db).filter(pk__in=pks))
                self.model.history.bulk_history_create(
                    changed, update=True, default_user=_history_user()
                )
            return count

    update.alters_data = True  # type: ignore[attr-defined]

    def bulk_create(self, objs: Iterable[models.Model], *args: Any, **kwargs: Any) -> list:
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            with_pk = [obj for obj in created if obj.pk is not None]
            if with_pk:
                self.model.history.bulk_history_create(with_pk, default_user=_history_user())
            return created

    bulk_create.alters_data = True  # type: ignore[attr-defined]

    def bulk_update(
        self, objs: Sequence[models.Model], fields: Sequence[str], *args: Any, **kwargs: Any
    ) -> int:
        with transaction.atomic(using=self.db):
            count = super().bulk_update(objs, fields, *args, **kwargs)
            if objs:
                self.model.history.bulk_history_create(
                    list(objs), update=True, default_user=_history_user()
                )
            return count

    bulk_update.alters_data = True  # type: ignore[attr-defined]


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
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def history_entries(records: Iterable[Any], *, limit: int = 50) -> list[HistoryEntry]:
    """Turn historical records (newest first) into entries with the fields that changed.

    `records` may mix several objects' histories; each record is compared with the previous
    record of the same object.
    """
    records = list(records)
    entries: list[HistoryEntry] = []
    for record in records[:limit]:
        previous = record.prev_record
        changes: list[HistoryChange] = []
        if record.history_type == "~" and previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
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
                subject=str(record.instance) if record.history_type != "-" else str(record),
                changes=tuple(changes),
                reason=get_change_reason_from_object(record) or record.history_change_reason or "",
            )
        )
    return entries
