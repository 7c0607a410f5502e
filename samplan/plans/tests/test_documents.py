"""The plan register and the planning-needs table as ODT and PDF/A, from the UI and the CLI."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from samplan.documents.check import pdfa_problems

from .factories import DecisionFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


@pytest.fixture
def register(personas):
    keep = PlanFactory(title="Kulturplan for Tydal", pages=14, responsible_unit="Kultur")
    PlanFactory(title="Ruspolitisk handlingsplan", status="utgaatt", pages=9)
    repeal = PlanFactory(title="Næringsplan 2010", pages=30)
    DecisionFactory(plan=repeal, decision="oppheve", rationale="Erstattet av samfunnsdelen.")
    return keep


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_register_as_pdfa_lists_every_plan_by_status(client, personas, register):
    client.force_login(personas.reader)
    response = client.get(reverse("plans:export", args=["5033", "pdf"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="planregister-5033.pdf"'
    assert pdfa_problems(response.content, language="nb") == []
    text = pdf_text(response.content)
    assert "Planregister for Tydal" in text
    assert "3 planer, 53 sider" in text
    for title in ("Kulturplan for Tydal", "Ruspolitisk handlingsplan", "Næringsplan 2010"):
        assert title in text
    assert "Gjeldende (2)" in text and "Utgått (1)" in text


def test_planning_needs_as_odt_opens_in_libreoffice_in_nynorsk(
    client, personas, register, odt_text
):
    client.force_login(personas.editor)
    client.cookies["samplan_sprak"] = "nn"
    response = client.get(
        reverse("plans:cleanup_export", args=["5033", "odt"]), {"periode": "2023"}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="planbehov-5033-2023.odt"'
    text = " ".join(odt_text(response.content).split())
    assert "Vurdering av planbehov 2023–2027" in text
    assert "Planar no: 2 (44 sider). Etter avgjerdene: 1 (14 sider)." in text
    assert "Næringsplan 2010" in text and "Erstattet av samfunnsdelen." in text
    assert "Ruspolitisk handlingsplan" not in text  # expired before the period's decisions


def test_example_workspace_documents_say_they_are_example_data(client, personas, register):
    workspace = personas.municipality.workspace
    workspace.is_example = True
    workspace.save()
    client.force_login(personas.reader)

    response = client.get(reverse("plans:cleanup_export", args=["5033", "pdf"]))

    assert "Eksempeldata. Alt i dette dokumentet er oppdiktet" in pdf_text(response.content)


def test_pdf_without_weasyprint_gives_a_norwegian_message_not_an_error(
    client, personas, register, monkeypatch
):
    from samplan.documents import pdf

    def missing(document):
        raise pdf.PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "render", missing)
    client.force_login(personas.reader)

    response = client.get(reverse("plans:export", args=["5033", "pdf"]), follow=True)

    assert response.status_code == 200
    assert "PDF kan ikke lages på denne serveren" in response.content.decode()


def test_cli_writes_the_register_as_pdf_in_nynorsk(tmp_path, register):
    target = tmp_path / "planregister.pdf"
    call_command(
        "plans",
        "export",
        "--kommune",
        "5033",
        "--format",
        "pdf",
        "--sprak",
        "nn",
        "--out",
        str(target),
        stdout=io.StringIO(),
    )
    data = target.read_bytes()
    assert pdfa_problems(data, language="nn") == []
    assert "Gjeldande (2)" in pdf_text(data)


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_every_cell_of_the_planning_needs_table_is_on_the_pdf_pages(personas, register, language):
    from samplan.documents import pdf
    from samplan.documents.check import cells_off_the_page
    from samplan.plans.documents import planning_needs_document

    plan = PlanFactory(
        title="Kommunedelplan for idrett, fysisk aktivitet og friluftsliv", plan_type="handlingsdel"
    )
    DecisionFactory(
        plan=plan,
        decision="slå_sammen",
        merge_into=register,
        target_year=2027,
        responsible="Seksjon for plan, utvikling og næringsarbeid",
        rationale="Planen er eldre enn åtte år og ikke i takt med samfunnsdelen. " * 4,
    )
    document = planning_needs_document(personas.municipality, 2023, language)

    assert len(document.blocks[-1].header) == 9
    assert cells_off_the_page(document, pdf.render(document)) == []
