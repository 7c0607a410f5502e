"""The freeze of decided things (samplan.core.freeze): versions numbered and never changed,
files with their checksums, the stored row decides, and guards for data in other apps."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from samplan.core import freeze
from samplan.strategy.models import Strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def subject(personas) -> Strategy:
    return Strategy.objects.create(municipality=personas.municipality, period_start=2023)


def test_versions_are_numbered_with_their_files_checksums_and_who(subject, personas):
    first = freeze.freeze(
        subject=subject,
        decided_on=datetime.date(2024, 6, 13),
        label="Vedtak",
        content={"text": "Første"},
        files=[freeze.FileToFreeze("nb.pdf", "application/pdf", b"%PDF-1 first")],
        user=personas.editor,
    )
    second = freeze.freeze(
        subject=subject, decided_on=datetime.date(2025, 3, 1), label="Endring", content={}
    )

    assert [version.number for version in freeze.versions(subject)] == [1, 2]
    assert (first.frozen_by, second.frozen_by) == (personas.editor, None)
    stored = freeze.stored_file(first, "nb.pdf")
    assert stored.sha256 == hashlib.sha256(b"%PDF-1 first").hexdigest() and stored.intact
    assert stored.size == len(b"%PDF-1 first")
    assert freeze.stored_file(first, "nn.pdf") is None
    assert (
        freeze.versions(
            Strategy.objects.create(municipality=personas.municipality, period_start=2027)
        )
        == []
    )


def test_a_frozen_version_and_its_files_are_never_changed(subject):
    version = freeze.freeze(
        subject=subject,
        decided_on=datetime.date(2024, 6, 13),
        label="Vedtak",
        content={"text": "Første"},
        files=[freeze.FileToFreeze("nb.odt", "application/zip", b"odt")],
    )
    file = version.files.get()

    version.content = {"text": "Endret"}
    file.data = b"changed"
    with pytest.raises(ValueError, match="never changed"):
        version.save()
    with pytest.raises(ValueError, match="never changed"):
        file.save()
    version.refresh_from_db()
    assert version.content == {"text": "Første"}
    # Bytes changed behind Samplan's back no longer match the checksum.
    file.refresh_from_db()
    file.data = b"tampered"
    assert not file.intact


def test_a_file_stored_after_the_freeze_is_kept_and_never_replaced(subject):
    version = freeze.freeze(
        subject=subject, decided_on=datetime.date(2024, 6, 13), label="Vedtak", content={}
    )

    first = freeze.store_file(version, freeze.FileToFreeze("nb.pdf", "application/pdf", b"one"))
    # A second store of the same name (a concurrent first download) keeps the first one.
    second = freeze.store_file(version, freeze.FileToFreeze("nb.pdf", "text/plain", b"two"))

    stored = freeze.stored_file(version, "nb.pdf")
    assert second.pk == first.pk == stored.pk
    assert (bytes(stored.data), stored.media_type) == (b"one", "application/pdf")
    assert (stored.sha256, stored.size) == (hashlib.sha256(b"one").hexdigest(), 3)
    assert stored.intact and version.files.count() == 1


def test_a_store_that_loses_the_race_returns_the_file_stored_first(subject, monkeypatch):
    version = freeze.freeze(
        subject=subject, decided_on=datetime.date(2024, 6, 13), label="Vedtak", content={}
    )
    first = freeze.store_file(version, freeze.FileToFreeze("nn.pdf", "application/pdf", b"one"))
    looked_up = []
    real = freeze.stored_file

    def not_there_yet(version, name):  # the other request stores it after this one looked
        looked_up.append(name)
        return None if len(looked_up) == 1 else real(version, name)

    monkeypatch.setattr(freeze, "stored_file", not_there_yet)

    with transaction.atomic():  # the request's transaction stays usable
        kept = freeze.store_file(version, freeze.FileToFreeze("nn.pdf", "application/pdf", b"two"))
        assert version.files.count() == 1

    assert kept.pk == first.pk and bytes(kept.data) == b"one"
    assert looked_up == ["nn.pdf", "nn.pdf"]


def test_the_stored_row_decides_whether_a_write_is_refused(subject):
    subject.status = "vedtatt"  # only in memory: not adopted yet
    subject.refuse_if_frozen()

    Strategy.objects.filter(pk=subject.pk).update(status="vedtatt")
    subject.status = "utkast"  # a form's unsaved change does not unfreeze it
    with pytest.raises(freeze.Frozen) as refused:
        subject.refuse_if_frozen()
    assert isinstance(refused.value, ValidationError)
    assert "er vedtatt" in refused.value.messages[0]


def test_guards_refuse_writes_in_their_scope_only():
    calls = []

    def guard(*, period_start: int) -> None:
        calls.append(period_start)
        if period_start == 2023:
            raise freeze.Frozen("Vedtatt", code="frozen")

    freeze.register_guard("test_scope", guard)
    freeze.register_guard("test_scope", guard)  # idempotent
    try:
        freeze.check("test_scope", period_start=2027)
        freeze.check("other_scope", period_start=2023)
        with pytest.raises(freeze.Frozen):
            freeze.check("test_scope", period_start=2023)
    finally:
        freeze._GUARDS.pop("test_scope")
    assert calls == [2027, 2023]
