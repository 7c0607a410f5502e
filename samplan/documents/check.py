"""Checks that a PDF is what Samplan promises: PDF/A-2 (declared in its XMP metadata, with an
output intent and every font embedded), tagged (a structure tree, marked content) and with its
document language set. Used by the tests and `make bench`, so pikepdf is a development
dependency (the `dev` extra); the running product never imports this module.

This is a check of the properties Samplan is responsible for, not a full PDF/A validator such as
veraPDF (a Java program that is not available here).
"""

from __future__ import annotations

import io

import pikepdf


def pdfa_problems(data: bytes, *, language: str | None = None) -> list[str]:
    """What keeps the PDF from being tagged PDF/A-2 in `language`; empty when nothing does."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as error:
        return [f"not a readable PDF: {error}"]
    problems: list[str] = []
    with pdf:
        if pdf.is_encrypted:
            problems.append("the PDF is encrypted (PDF/A forbids it)")
        metadata = pdf.open_metadata()
        part = metadata.get("pdfaid:part")
        conformance = metadata.get("pdfaid:conformance")
        if part != "2":
            problems.append(f"XMP metadata does not declare PDF/A-2 (pdfaid:part={part!r})")
        if conformance not in ("A", "U", "B"):
            problems.append(f"XMP metadata has no PDF/A conformance level ({conformance!r})")
        root = pdf.Root
        intents = root.get("/OutputIntents")
        if not intents or not any(
            intent.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in intent
            for intent in intents
        ):
            problems.append("no PDF/A output intent with an ICC profile")
        if "/StructTreeRoot" not in root:
            problems.append("the PDF is not tagged (no structure tree)")
        mark_info = root.get("/MarkInfo")
        if not mark_info or not bool(mark_info.get("/Marked", False)):
            problems.append("the PDF is not marked as tagged (/MarkInfo /Marked)")
        declared = str(root.get("/Lang", "")) or None
        if not declared:
            problems.append("no document language (/Lang)")
        elif language and declared.split("-")[0] != language:
            problems.append(f"document language is {declared!r}, expected {language!r}")
        problems.extend(_unembedded_fonts(pdf))
    return problems


def _unembedded_fonts(pdf: pikepdf.Pdf) -> list[str]:
    problems = []
    seen: set[str] = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            descendants = font.get("/DescendantFonts")
            target = descendants[0] if descendants else font
            descriptor = target.get("/FontDescriptor")
            name = str(target.get("/BaseFont", "?"))
            if name in seen:
                continue
            seen.add(name)
            if descriptor is None or not any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                problems.append(f"font {name} is not embedded")
    return problems


# Text that runs into the outer 1.5 cm of the page is cut by printers (and the documents have
# margins of 2 cm or more): it does not count as on the page.
EDGE = 1.5 / 2.54 * 72


def visible_text(data: bytes) -> list[str]:
    """The text of each page that lies inside the page's printable area, without whitespace.

    A table wider than the page is still written into the PDF, beyond the page's edge, where
    plain text extraction finds it but no reader or printer shows it. Each run of text is kept
    only when it starts on the page and, by an estimate of its width (0.4 of the font size per
    character, a little less than the average of the fonts Samplan uses), ends on it.
    Whitespace is removed, so a cell whose words wrap over several lines reads as one string.
    """
    from pypdf import PdfReader

    return [_visible_page_text(page) for page in PdfReader(io.BytesIO(data)).pages]


def _visible_page_text(page: object) -> str:
    right = float(page.mediabox.width) - EDGE  # type: ignore[attr-defined]
    parts: list[str] = []

    def visit(text: str, cm: list, tm: list, _font: object, size: float) -> None:
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        length = 0.4 * size * abs(tm[0] * cm[0]) * len(text.strip())
        if text.strip() and x >= EDGE and x + length <= right:
            parts.append(text)

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return "".join("".join(parts).split())


def cells_off_the_page(document: object, data: bytes) -> list[str]:
    """The text of every header and body cell of the document's tables that is not on the
    pages of its PDF `data` (see `visible_text`); empty when every cell can be read."""
    from django.utils import translation

    from .content import Table, cell_text

    text = "".join(visible_text(data))
    missing = []
    with translation.override(document.language):  # type: ignore[attr-defined]
        for block in document.blocks:  # type: ignore[attr-defined]
            if not isinstance(block, Table):
                continue
            for cell in [*block.header, *(cell for row in block.rows for cell in row)]:
                squeezed = "".join(cell_text(cell).split())
                if squeezed and squeezed not in text:
                    missing.append(cell_text(cell))
    return missing
