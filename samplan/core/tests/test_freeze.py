"""The freeze of decided things (samplan.core.freeze): versions numbered and never changed,
files with their checksums, the stored row decides, and guards for data in other apps."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError

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
