"""ODT and PDF/A from the same document: LibreOffice opens the ODT and reads its text back; the
PDF is tagged PDF/A-2 with its language set, and its text extracts with æ, ø and å."""

from __future__ import annotations

import io
import zipfile

import pytest
from pypdf import PdfReader

from samplan.documents import odt, pdf
from samplan.documents.check import pdfa_problems, visible_text
from samplan.documents.content import (
    BulletList,
    Document,
    Figure,
    Heading,
    Paragraph,
    Table,
)
from samplan.documents.render import render

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">'
    '<rect x="10" y="10" width="80" height="80" fill="#0062ba"/></svg>'
)


def sample(language: str = "nb") -> Document:
    return Document(
        title="Planstrategi for Øvre Ålfjord",
        subtitle="Høringsutkast",
        language=language,
        municipality_name="Øvre Ålfjord",
        example_notice="Eksempeldata – ikke kommunens ekte planer.",
        blocks=[
            Heading("Utviklingstrekk og utfordringer"),
            Paragraph("Folketallet går ned; andelen over 80 år øker."),
            Heading("Befolkning", level=2),
            Figure(svg=SVG, alt="Søylediagram over folketallet", caption="Kilde: SSB 07459"),
            BulletList(["Bærekraftig økonomi", "Gode tjenester nær folk"]),
            Heading("Vurdering av planbehov"),
            Table(
                caption="Planbehov 2023–2027",
                header=["Plan", "Beslutning", "Sider"],
                rows=[["Kommuneplanens arealdel", "Revidere", 48], ["Kulturplan", None, None]],
            ),
        ],
        sources=["Statistisk sentralbyrå (SSB), tabell 07459, 1. januar 2026."],
    )


def test_odt_is_a_valid_package_with_its_language_and_outline():
    data = odt.render(sample("nn"))
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.namelist()[0] == "mimetype"
    assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    content = archive.read("content.xml").decode()
    styles = archive.read("styles.xml").decode()
    assert 'fo:language="nn"' in styles and 'fo:country="NO"' in styles
    assert 'text:outline-level="2"' in content and "<text:table-of-content" in content
    assert "table:table-header-rows" in content
    assert any(name.endswith(".svg") for name in archive.namelist())
    assert "Søylediagram over folketallet" in content  # the chart's text alternative
    assert "<dc:language>nn-NO</dc:language>" in archive.read("meta.xml").decode()


def test_libreoffice_opens_the_odt_and_reads_every_text(odt_text):
    text = odt_text(odt.render(sample()))
    for expected in (
        "Planstrategi for Øvre Ålfjord",
        "Eksempeldata – ikke kommunens ekte planer.",
        "Innhold",
        "Utviklingstrekk og utfordringer",
        "Folketallet går ned; andelen over 80 år øker.",
        "Bærekraftig økonomi",
        "Kommuneplanens arealdel",
        "Revidere",
        "48",
        "Kilde: SSB 07459",
        "Kilder",
        "Statistisk sentralbyrå (SSB), tabell 07459",
    ):
        assert expected in text, expected


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_pdf_is_tagged_pdfa_with_its_language(language):
    data = pdf.render(sample(language))
    assert data.startswith(b"%PDF-")
    assert pdfa_problems(data, language=language) == []


def test_pdf_text_extracts_with_the_norwegian_letters():
    reader = PdfReader(io.BytesIO(pdf.render(sample())))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in (
        "Planstrategi for Øvre Ålfjord",
        "Folketallet går ned; andelen over 80 år øker.",
        "Kommuneplanens arealdel",
        "Bærekraftig økonomi",
        "Innhold",
    ):
        assert expected in text, expected
    assert reader.metadata.title == "Planstrategi for Øvre Ålfjord"


def test_the_check_finds_what_an_ordinary_pdf_lacks():
    from weasyprint import HTML

    plain = HTML(string="<html><body><p>Hei</p></body></html>").write_pdf()
    problems = pdfa_problems(plain, language="nb")
    assert any("PDF/A-2" in problem for problem in problems)
    assert any("not tagged" in problem for problem in problems)
    assert any("language" in problem for problem in problems)
    assert pdfa_problems(b"not a pdf") and "not a readable PDF" in pdfa_problems(b"x")[0]


def test_wrong_language_is_reported():
    assert pdfa_problems(pdf.render(sample("nn")), language="nb") == [
        "document language is 'nn', expected 'nb'"
    ]


def test_render_by_format_and_unknown_format():
    assert render(sample(), "odt")[1] == "application/vnd.oasis.opendocument.text"
    assert render(sample(), "pdf")[1] == "application/pdf"
    with pytest.raises(ValueError):
        render(sample(), "docx")


def test_control_characters_in_user_text_do_not_break_the_odt(odt_text):
    document = sample()
    document.blocks.append(Paragraph("Tittel med \x0b vertikal tab og \x00 NUL"))
    text = odt_text(odt.render(document))
    assert "Tittel med vertikal tab og NUL" in " ".join(text.split())


def test_a_wide_table_fits_landscape_pages_with_its_header_on_every_page():
    header = ["Plan", "Type", "Sider", "Avgjerd", "Forslag", "Målår", "Slåast saman med"]
    header += ["Ansvarleg", "Grunngiving"]
    row = ["Kommunedelplan for idrett, fysisk aktivitet og friluftsliv 2019–2030"]
    row += ["Handlingsdel (handlings- og økonomiplan)", 120, "Slå saman med ein annan plan"]
    row += ["Rullere", 2027, "Kommuneplanens samfunnsdel 2020–2032", "Plan og utvikling"]
    row += ["Planen er eldre enn åtte år. https://www.example.no/planar/idrett-og-friluftsliv"]
    document = Document(
        title="Vurdering av planbehov",
        language="nn",
        municipality_name="Tydal",
        blocks=[Heading("Planbehov"), Table(caption="Planbehov", header=header, rows=[row] * 12)],
    )

    data = pdf.render(document)

    pages = visible_text(data)
    text = "".join(pages)
    for cell in [*header, *row]:
        assert "".join(str(cell).split()) in text, cell
    table_pages = [page for page in pages if "Kommunedelplan" in page]
    assert len(table_pages) > 1
    assert all("Grunngiving" in page for page in table_pages)  # the header on every page
    landscape = [page for page in PdfReader(io.BytesIO(data)).pages if page.mediabox.width > 800]
    assert len(landscape) == len(table_pages)


def test_visible_text_leaves_out_what_lies_beyond_the_page():
    document = sample()
    document.blocks.append(Paragraph("Synleg"))
    narrow = pdf.html(document).replace(
        "<p>Synleg</p>", '<p style="margin-left: 25cm">Usynleg</p><p>Synleg</p>'
    )
    from weasyprint import HTML

    pages = visible_text(HTML(string=narrow).write_pdf())

    assert "Synleg" in "".join(pages) and "Usynleg" not in "".join(pages)


def test_the_warm_up_of_a_server_worker_never_stops_it(monkeypatch, caplog):
    weasyprint = pytest.importorskip("weasyprint")

    def broken(**kwargs):
        raise OSError("cannot load library 'pango-1.0-0'")

    monkeypatch.setattr(weasyprint, "HTML", broken)

    pdf.warm_up()  # does not raise: the worker starts, the download says PDF is unavailable

    assert "PDF warm-up skipped: cannot load library" in caplog.text
