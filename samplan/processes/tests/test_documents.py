"""The process plan as ODT (opened in LibreOffice) and PDF/A, the A3 worksheet, and the CLI."""

from __future__ import annotations

import datetime
import io
import re

import pikepdf
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from samplan.documents import odt
from samplan.documents.check import pdfa_problems, visible_text
from samplan.processes import selectors, services
from samplan.processes.documents import process_document, worksheet_document
from samplan.processes.models import Activity, Phase, Process

pytestmark = [pytest.mark.django_db, pytest.mark.example_data("processes")]


@pytest.fixture
def process(personas) -> Process:
    return Process.objects.get(municipality_id="5033", is_example=True)


def test_the_odt_opens_in_libreoffice_with_the_whole_plan(process, odt_text):
    services.phase_save(
        phase=Phase(process=process, order=9, title="Oppfølging uten aktiviteter"), user=None
    )
    document = process_document(selectors.process_page(process), "nb")

    text = " ".join(odt_text(odt.render(document)).split())

    assert "Eksempeldata" in text
    assert "Et levende sentrum i Tydal (eksempel)" in text
    assert "Hvem er vi?" in text and "Omforent" in text
    assert "Skolebesøk med ungdomsrådet" in text
    assert "Mangler: fasen har ingen aktiviteter ennå." in text  # shown, not a failure
    assert "Reinbeitedistriktet" in text and "Medvirkningsplan" in text


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_pdf_from_the_ui_is_pdfa_in_the_page_language(client, personas, process, language):
    client.force_login(personas.adviser)
    client.cookies["samplan_sprak"] = language

    response = client.get(reverse("processes:export", args=["5033", process.pk, "pdf"]))

    assert response.status_code == 200
    assert pdfa_problems(response.content, language=language) == []
    text = " ".join(visible_text(response.content))
    assert ("Ønsketresultat" if language == "nb" else "Ønsktresultat") in text  # no spaces


def test_the_worksheet_is_one_a3_landscape_page_with_every_phase(client, personas, process):
    client.force_login(personas.reader)

    response = client.get(reverse("processes:worksheet", args=["5033", process.pk]))

    assert response.status_code == 200 and pdfa_problems(response.content, language="nb") == []
    pdf = pikepdf.open(io.BytesIO(response.content))
    assert len(pdf.pages) == 1
    width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (420, 297)  # A3 landscape
    text = " ".join(visible_text(response.content))
    for phase in ("Undersøkelse", "Analyse", "Idéutvikling", "Konsept"):
        assert phase in text


def test_a_phase_without_activities_is_marked_missing_on_the_worksheet(process):
    services.phase_save(phase=Phase(process=process, order=9, title="Tom fase"), user=None)
    document = worksheet_document(selectors.process_page(process), "nn")
    table = document.blocks[-1]
    assert "Manglar: ingen aktivitetar enno" in [str(cell) for cell in table.rows[2]]
    assert document.page_size == "A3 landscape"


def _held_and_forgotten(process: Process) -> tuple[Activity, Activity]:
    """Two of the process's activities in the past: one marked done, one not."""
    today = timezone.localdate()
    held, forgotten = Activity.objects.filter(phase__process=process).order_by("pk")[:2]
    for activity, days, done in ((held, 20, 19), (forgotten, 10, None)):
        activity.starts_on, activity.ends_on = today - datetime.timedelta(days=days), None
        activity.done_on = today - datetime.timedelta(days=done) if done else None
        services.activity_save(activity=activity, user=None, expected_version=activity.version)
    return held, forgotten


def test_the_plan_shows_done_activities_and_past_ones_not_marked_done(
    client, personas, process, odt_text
):
    held, forgotten = _held_and_forgotten(process)
    document = process_document(selectors.process_page(process), "nb")

    text = " ".join(odt_text(odt.render(document)).split())

    assert f"{held.starts_on:%d.%m.%Y} (gjort {held.done_on:%d.%m.%Y})" in text
    assert f"{forgotten.starts_on:%d.%m.%Y} (ikke merket som gjort)" in text
    past = Activity.objects.filter(phase__process=process, starts_on__lt=timezone.localdate())
    assert Activity.objects.filter(phase__process=process).count() > past.count()
    # each past activity not marked done flagged, the future ones and the done ones not
    assert text.count("ikke merket som gjort") == past.filter(done_on=None).count()
    client.force_login(personas.reader)
    client.cookies["samplan_sprak"] = "nn"
    response = client.get(reverse("processes:export", args=["5033", process.pk, "pdf"]))
    assert pdfa_problems(response.content, language="nn") == []
    shown = "".join("".join(visible_text(response.content)).split())  # as words, no spaces
    assert f"(gjort{held.done_on:%d.%m.%Y})" in shown and "(ikkjemerktsomgjord)" in shown


def test_the_worksheet_shows_done_activities_and_past_ones_not_marked_done(
    client, personas, process
):
    held, forgotten = _held_and_forgotten(process)
    table = worksheet_document(selectors.process_page(process), "nn").blocks[-1]

    activities = " ".join(str(cell) for cell in table.rows[2])
    assert f"{held.title} (gjort {held.done_on:%d.%m.%Y})" in activities
    assert f"{forgotten.title} (ikkje merkt som gjord)" in activities
    client.force_login(personas.reader)
    response = client.get(reverse("processes:worksheet", args=["5033", process.pk]))
    assert pdfa_problems(response.content, language="nb") == []
    assert len(pikepdf.open(io.BytesIO(response.content)).pages) == 1
    overview = client.get(reverse("processes:overview", args=["5033", process.pk]))
    assert f"Gjort {held.done_on:%d.%m.%Y}" in overview.content.decode()
    assert "Ikke merket som gjort" in overview.content.decode()


def test_the_cli_writes_the_process_plan(tmp_path, process):
    target = tmp_path / "prosessplan.odt"
    call_command(
        "prosess", "export", "--kommune", "5033", "--prosess", str(process.pk),
        "--format", "odt", "--sprak", "nn", "--out", str(target), stdout=io.StringIO(),
    )  # fmt: skip
    assert target.read_bytes()[:2] == b"PK"


def test_the_cli_names_the_processes_when_the_process_is_unknown(tmp_path, process):
    with pytest.raises(CommandError, match=re.escape(process.name)):
        call_command(
            "prosess", "export", "--kommune", "5033", "--prosess", "Finnes ikke",
            "--format", "pdf", "--out", str(tmp_path / "x.pdf"),
        )  # fmt: skip
