"""Decided things are frozen: what a council adopted is kept exactly as it was adopted.

A model whose objects get decided (the planning strategy; later goal reports and the handling
of submissions) mixes in `Freezable` and says in `is_frozen` when an object is decided. Its
services call `refuse_if_frozen()` before every write: it reads the stored row (locked, so a
write and an adoption cannot cross) and raises `Frozen`, a `ValidationError` with a message in
the user's language, when it is decided. Changing a decided thing is a new version with its own
workflow, never an edit of the decided one.

When the decision is taken, the service calls `freeze()`: it stores a `FrozenVersion` with the
content as it was (JSON), who froze it and when, and the files that are cheap to make then (the
ODT), each with its SHA-256 checksum. The frozen content is the record: a file that is costly to
make (the PDF/A) is made from the frozen content the first time it is asked for and kept from
then on with its checksum (`store_file()`), so every later download serves the same bytes.
Versions and files are written once and refuse every later save; storing a file under a name the
version already has keeps the stored one. Public pages and downloads of a decided thing show its
frozen version, not the live data.

Data that belongs to a decided thing but lives in another app (the clean-up decisions of an
election period belong to that period's adopted planning strategy) is guarded without the apps
importing each other: the deciding app registers a guard for a scope (`register_guard`), and the
app that writes calls `check(scope, …)` in its services, which raises `Frozen` when a guard does.

This module imports no other Samplan app.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from .models import FrozenFile, FrozenVersion

__all__ = [
    "FileToFreeze",
    "Freezable",
    "Frozen",
    "FrozenFile",
    "FrozenVersion",
    "freeze",
    "check",
    "register_guard",
    "store_file",
    "stored_file",
    "versions",
]

_GUARDS: dict[str, list[Callable[..., None]]] = {}


class Frozen(ValidationError):
    """A write to a decided (frozen) object was refused."""


@dataclass(frozen=True)
class FileToFreeze:
    name: str  # unique within the version, e.g. "nn.pdf"
    media_type: str
    data: bytes


class Freezable(models.Model):
    """Mixin for models whose objects are decided and then frozen."""

    frozen_versions = GenericRelation(
        FrozenVersion, content_type_field="subject_type", object_id_field="subject_id"
    )

    class Meta:
        abstract = True

    @property
    def is_frozen(self) -> bool:
        raise NotImplementedError

    def frozen_message(self) -> str:
        return _("“%(subject)s” is decided and can no longer be changed.") % {"subject": self}

    def refuse_if_frozen(self) -> None:
        """Raise `Frozen` when the stored object is decided (whatever this instance says)."""
        stored = self
        if self.pk is not None:
            found = type(self)._default_manager.select_for_update().filter(pk=self.pk).first()
            stored = found if found is not None else self
        if stored.is_frozen:
            raise Frozen(stored.frozen_message(), code="frozen")


def _user_of_request() -> Any:
    from .audit import _history_user

    return _history_user()


@transaction.atomic
def freeze(
    *,
    subject: models.Model,
    decided_on: datetime.date,
    label: str,
    content: dict[str, Any],
    files: Iterable[FileToFreeze] = (),
    user: Any = None,
) -> FrozenVersion:
    """Store the decided version of `subject` with its files; returns it (numbered 1, 2, …)."""
    subject_type = ContentType.objects.get_for_model(subject)
    previous = (
        FrozenVersion.objects.select_for_update()
        .filter(subject_type=subject_type, subject_id=subject.pk)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    version = FrozenVersion.objects.create(
        subject_type=subject_type,
        subject_id=subject.pk,
        number=(previous or 0) + 1,
        decided_on=decided_on,
        label=label[:300],
        content=content,
        frozen_by=user if user is not None else _user_of_request(),
    )
    FrozenFile.objects.bulk_create(_frozen_file(version, file) for file in files)
    return version


def _frozen_file(version: FrozenVersion, file: FileToFreeze) -> FrozenFile:
    return FrozenFile(
        version=version,
        name=file.name,
        media_type=file.media_type,
        data=file.data,
        sha256=hashlib.sha256(file.data).hexdigest(),
        size=len(file.data),
    )


def store_file(version: FrozenVersion, file: FileToFreeze) -> FrozenFile:
    """Keep `file` with the version (made after the freeze, from its frozen content) and return
    the stored file. Write-once: when the version already has a file of that name (also one
    stored by a concurrent request a moment earlier), that one is returned unchanged."""
    stored = stored_file(version, file.name)
    if stored is not None:
        return stored
    new = _frozen_file(version, file)
    try:
        with transaction.atomic():  # a savepoint: a lost race leaves the outer transaction usable
            new.save(force_insert=True)
    except IntegrityError:
        stored = stored_file(version, file.name)
        if stored is None:  # not a lost race on the name
            raise
        return stored
    return new


def versions(subject: models.Model) -> list[FrozenVersion]:
    """The frozen versions of `subject`, oldest first."""
    return list(
        FrozenVersion.objects.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
        )
        .select_related("frozen_by")
        .prefetch_related(
            models.Prefetch(
                "files", queryset=FrozenFile.objects.only("version_id", "name", "sha256", "size")
            )
        )
        .order_by("number")
    )


def stored_file(version: FrozenVersion, name: str) -> FrozenFile | None:
    """One of the version's files, or None if it is not stored (yet)."""
    return version.files.filter(name=name).first()


def register_guard(scope: str, guard: Callable[..., None]) -> None:
    """Register `guard` for `scope` (idempotent); it raises `Frozen` to refuse a write."""
    guards = _GUARDS.setdefault(scope, [])
    if guard not in guards:
        guards.append(guard)


def check(scope: str, **facts: Any) -> None:
    """Run the guards of `scope` with `facts` (e.g. municipality and period_start)."""
    for guard in _GUARDS.get(scope, []):
        guard(**facts)
