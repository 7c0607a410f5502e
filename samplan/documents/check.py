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
