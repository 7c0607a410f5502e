"""samplan backup and samplan restore round-trip the whole database, on SQLite and PostgreSQL
(whichever the suite runs on), with every row identical; bad files change nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from samplan.plans.models import Plan
from samplan.plans.tests.factories import DecisionFactory, PlanFactory
from samplan.strategy import services as strategy_services

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


def every_row() -> dict[str, list[tuple]]:
    """Every row of every table Samplan owns, in primary-key order."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in {"contenttypes", "sessions", "admin", "auth"}:
            continue
        if model._meta.db_table == "core_dataversion":
            continue  # the page-cache counter moves on at a restore (see the test below)
        fields = [field.attname for field in model._meta.concrete_fields]
        rows[model._meta.db_table] = list(
            model._default_manager.order_by("pk").values_list(*fields)
        )
    return rows


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def content(personas):
    plan = PlanFactory(title="Kulturplan æøå áŋšŧ", pages=12, themes=["kultur"], sdgs=[3, 11])
    DecisionFactory(plan=plan, decision="revidere", target_year=2026)
    strategy_services.strategy_get_or_create(municipality=personas.municipality, period_start=2023)
    return plan


def test_backup_then_restore_gives_back_every_row(tmp_path: Path, content):
    before = every_row()
    target = tmp_path / "samplan.backup"
    assert "Skrev" in run("backup", "--out", str(target))

    Plan.objects.all().delete()
    PlanFactory(title="Made after the backup")
    assert every_row() != before

    assert "gjenopprettet" in run("restore", str(target), "--yes")
    assert every_row() == before


def test_a_restore_moves_the_page_cache_counter_past_every_value_used(tmp_path: Path, content):
    """The backup holds an old counter value; after the restore the counter must not repeat
    a value that processes have already used for other data (core/freshness)."""
    from samplan.core import freshness

    target = tmp_path / "samplan.backup"
    run("backup", "--out", str(target))
    for number in range(3):
        PlanFactory(title=f"Etter sikkerhetskopien {number}")
    freshness.forget_request_version()
    used = freshness.data_version()

    run("restore", str(target), "--yes")

    freshness.forget_request_version()
    assert freshness.data_version() > used


def test_restore_needs_confirmation_and_refuses_a_file_that_is_not_a_backup(tmp_path, content):
    before = every_row()
    target = tmp_path / "samplan.backup"
    run("backup", "--out", str(target))
    with pytest.raises(CommandError, match="--yes"):
        run("restore", str(target))

    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CommandError, match="Ingenting ble gjenopprettet"):
        run("restore", str(junk), "--yes")
    with pytest.raises(CommandError, match="Ingenting ble gjenopprettet"):
        run("restore", str(tmp_path / "missing.backup"), "--yes")
    assert every_row() == before


def test_a_truncated_backup_is_refused_and_changes_nothing(tmp_path, content):
    target = tmp_path / "samplan.backup"
    run("backup", "--out", str(target))
    data = target.read_bytes()
    broken = tmp_path / "broken.backup"
    broken.write_bytes(data[: len(data) // 2])
    before = every_row()

    with pytest.raises(CommandError, match="Ingenting ble gjenopprettet"):
        run("restore", str(broken), "--yes")

    assert every_row() == before


def test_backup_to_a_folder_that_cannot_be_written_is_a_clear_error(tmp_path, content):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(CommandError, match="Ingen sikkerhetskopi ble laget"):
        run("backup", "--out", str(blocker / "inside" / "samplan.backup"))


def test_backup_out_dash_writes_the_backup_to_standard_output(
    tmp_path, monkeypatch, content, capsysbinary
):
    monkeypatch.chdir(tmp_path)

    call_command("backup", "--out", "-")

    data = capsysbinary.readouterr().out
    assert data.startswith((b"SQLite format 3\x00", b"PGDMP"))
    assert list(tmp_path.iterdir()) == []
    restored = tmp_path / "fra-standard-ut.backup"
    restored.write_bytes(data)
    before = every_row()
    Plan.objects.all().delete()
    run("restore", str(restored), "--yes")
    assert every_row() == before
