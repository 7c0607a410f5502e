"""The planning strategy document: ODT that LibreOffice opens, tagged PDF/A, in Bokmål and
Nynorsk; empty sections say what is missing; odd letters and big tables come out right."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from pypdf import PdfReader

from samplan.documents import odt, pdf
from samplan.documents.check import pdfa_problems
from samplan.documents.content import BulletList, Figure, Heading, Table
from samplan.plans.tests.factories import DecisionFactory, PlanFactory
from samplan.strategy import services
from samplan.strategy.documents import strategy_document
from samplan.strategy.models import ConsultationBody

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2024, 2, 1, 12, 0), tick=False):
        yield


@pytest.fixture
def strategy(personas):
    return services.strategy_get_or_create(municipality=personas.municipality, period_start=2023)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_an_empty_strategy_still_makes_a_document_that_says_what_is_missing(strategy):
    document = strategy_document(strategy, "nb")
    texts = [getattr(block, "text", "") for block in document.blocks]
    assert texts.count("[Ikke skrevet ennå: dette kapitlet er tomt i Samplan.]") == 8
    assert any("kommuneplanen" in text and text.startswith("[Mangler") for text in texts)
    assert any("ingen gjeldende planer" in text for text in texts)
    headings = [block.text for block in document.blocks if isinstance(block, Heading)]
    assert headings[:3] == [
        "Innledning",
        "Nasjonale og regionale rammer",
        "Utviklingstrekk og utfordringer",
    ]
    assert "Tidslinje" in headings


def test_planning_needs_table_has_plan_decision_responsible_and_when(strategy):
    plan = PlanFactory(title="Næringsplan", pages=20)
    DecisionFactory(plan=plan, decision="revidere", target_year=2025, responsible="Rådmannen")
    document = strategy_document(strategy, "nn")
    [table] = [
        b for b in document.blocks if isinstance(b, Table) and b.caption.startswith("Vurdering")
    ]
    assert table.header == ["Plan", "Avgjerd", "Ansvarleg", "Når"]
    assert table.rows == [["Næringsplan", "Revidere", "Rådmannen", 2025]]


def test_odt_opens_in_libreoffice_with_sami_letters_and_200_plans(strategy, odt_text):
    strategy.trends = "Sørsamisk og nordsamisk: áŋšŧžčđ ÁŊŠŦŽČĐ.\n\n" + "Lang tekst. " * 2000
    strategy.save()
    for number in range(200):
        PlanFactory(title=f"Plan {number:03d} for Gáivuotna", pages=1)
    ConsultationBody.objects.create(strategy=strategy, name="Gáivuona suohkan", kind="nabokommune")

    text = " ".join(odt_text(strategy_document_odt(strategy)).split())

    assert "Kommunal planstrategi 2023–2027" in text
    assert "áŋšŧžčđ ÁŊŠŦŽČĐ" in text
    assert "Plan 000 for Gáivuotna" in text and "Plan 199 for Gáivuotna" in text
    assert "Gáivuona suohkan" in text
    assert "Innhold" in text and "Tidslinje" in text


def strategy_document_odt(strategy) -> bytes:
    from samplan.documents import odt

    return odt.render(strategy_document(strategy, "nb"))


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_pdf_from_the_ui_is_tagged_pdfa_in_the_page_language(client, personas, strategy, language):
    strategy.introduction = "Planstrategien for Tydal: æ, ø og å."
    strategy.save()
    client.force_login(personas.reader)
    client.cookies["samplan_sprak"] = language

    response = client.get(reverse("strategy:export", args=["5033", 2023, "pdf"]))

    assert response.status_code == 200
    assert pdfa_problems(response.content, language=language) == []
    text = pdf_text(response.content)
    assert "Planstrategien for Tydal: æ, ø og å." in text
    assert ("Innhold" if language == "nb" else "Innhald") in text


def export_odt_in_nynorsk(out: str, **kwargs: object) -> None:
    call_command(
        "planstrategi", "export", "--kommune", "5033", "--periode", "2023-2027", "--format", "odt",
        "--sprak", "nn", "--out", out, **kwargs,
    )  # fmt: skip


def test_cli_exports_the_strategy(tmp_path, strategy):
    target = tmp_path / "planstrategi.odt"
    out = io.StringIO()
    export_odt_in_nynorsk(str(target), stdout=out)
    assert "Skreiv" in out.getvalue()  # --sprak nn: the messages too
    assert target.read_bytes()[:2] == b"PK"


def test_cli_writes_the_document_to_standard_output_with_out_dash(
    tmp_path, monkeypatch, strategy, capsysbinary
):
    monkeypatch.chdir(tmp_path)
    export_odt_in_nynorsk("-")

    content = capsysbinary.readouterr().out
    with zipfile.ZipFile(io.BytesIO(content)) as document:
        assert document.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        assert "Innhald" in document.read("content.xml").decode()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kommune", "9999", "--periode", "2023-2027"], "Ukjent kommunenummer: 9999"),
        (["--kommune", "5033", "--periode", "2027-2031"], "har ingen planstrategi for 2027–2031"),
        (["--kommune", "5033", "--periode", "2024-2028"], "er ikke en valgperiode"),
    ],
)
def test_cli_bad_input_is_a_clear_error(tmp_path, strategy, args, message):
    with pytest.raises(CommandError, match=message):
        call_command(
            "planstrategi",
            "export",
            *args,
            "--format",
            "pdf",
            "--out",
            str(tmp_path / "x.pdf"),
            stdout=io.StringIO(),
        )
    assert not (tmp_path / "x.pdf").exists()


def test_the_trends_section_has_the_picked_statements_and_charts_with_their_source(
    strategy, odt_text
):
    from samplan.stats import challenges
    from samplan.stats.figures import municipality_figures
    from samplan.stats.models import Statement
    from samplan.stats.snapshot import snapshot_load

    snapshot_load()
    computed = challenges.compute(municipality_figures(strategy.municipality))
    assert computed, "the snapshot gives Tydal's challenge statements"
    Statement.objects.create(
        municipality=strategy.municipality,
        key=computed[0].key,
        numbers=computed[0].numbers,
        selected=True,
    )
    Statement.objects.create(
        municipality=strategy.municipality,
        key=computed[-1].key,
        numbers=computed[-1].numbers,
        text="Egen formulering.",
        selected=len(computed) > 1,
    )

    document = strategy_document(strategy, "nb")

    figures = [block for block in document.blocks if isinstance(block, Figure)]
    assert len(figures) >= 2
    assert all(
        figure.svg.startswith("<svg") and figure.alt and figure.caption for figure in figures
    )
    [bullets] = [block for block in document.blocks if isinstance(block, BulletList)]
    assert bullets.items[0] == computed[0].text
    assert any("07459" in source for source in document.sources)
    data = pdf.render(document)
    assert pdfa_problems(data, language="nb") == []
    assert computed[0].text.split(";")[0] in " ".join(pdf_text(data).split())
    text = " ".join(odt_text(odt.render(document)).split())
    assert computed[0].text.split(";")[0] in text


def test_the_timeline_has_the_plan_calendar_of_the_period(strategy):
    document = strategy_document(strategy, "nb")
    [calendar] = [
        block
        for block in document.blocks
        if isinstance(block, Table) and "Plantakt" in block.caption
    ]
    titles = [row[1] for row in calendar.rows]
    assert any("planstrategi" in title.lower() for title in titles)
    assert any("folkehelse" in title.lower() for title in titles)
    kinds = {row[2] for row in calendar.rows}
    assert "Lovkrav" in kinds


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_no_heading_is_repeated_as_a_table_caption(strategy, language):
    document = strategy_document(strategy, language)
    headings = {block.text for block in document.blocks if isinstance(block, Heading)}
    captions = [block.caption for block in document.blocks if isinstance(block, Table)]

    assert captions and not headings & set(captions)


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_every_table_cell_of_the_strategy_is_on_the_pdf_pages(strategy, language):
    from samplan.documents import pdf
    from samplan.documents.check import cells_off_the_page

    plan = PlanFactory(title="Kommunedelplan for idrett, fysisk aktivitet og friluftsliv")
    DecisionFactory(
        plan=plan, decision="revidere", target_year=2027, responsible="Kommunedirektøren"
    )
    ConsultationBody.objects.create(
        strategy=strategy,
        name="Statsforvaltaren i Trøndelag",
        kind="statsforvalter",
        answer="Planstrategien bør omtale klimatilpassing, jordvern og folkehelse. " * 3,
    )
    document = strategy_document(strategy, language)

    assert cells_off_the_page(document, pdf.render(document)) == []
