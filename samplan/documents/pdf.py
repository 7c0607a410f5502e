"""A `Document` as PDF/A-2a: archival PDF that is tagged (headings, tables, figures with their
text alternatives) and declares its language, as the IT-standards regulation asks of documents
sent to citizens. Rendered from HTML with WeasyPrint; `check.pdfa_problems` verifies the result.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import asdict

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy

from .content import BulletList, Document, Figure, Heading, Paragraph, Table, cell_text

PDF_VARIANT = "pdf/a-2a"

logger = logging.getLogger(__name__)

# Tables with more columns than this are set on landscape pages: nine columns such as the
# planning-needs table do not fit the width of a portrait A4 page.
PORTRAIT_MAX_COLUMNS = 6


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs (Pango) are missing."""


UNAVAILABLE_MESSAGE = gettext_lazy(
    "PDF cannot be made on this server: a program it needs is not installed. Download the ODT "
    "file instead (it opens in Word and LibreOffice), or ask the administrator of this Samplan "
    "installation to set up PDF making."
)


# A word longer than this (a web address, a long compound) may be broken anywhere in a table
# cell; shorter words, numbers and years are never split across lines.
LONG_WORD = 24


def _cell(value: object) -> dict[str, object]:
    text = cell_text(value)
    return {"text": text, "long_word": any(len(word) > LONG_WORD for word in text.split())}


def _blocks(document: Document) -> list[dict[str, object]]:
    blocks: list[dict[str, object]] = []
    for number, block in enumerate(document.blocks, start=1):
        if isinstance(block, Heading):
            blocks.append({"kind": "heading", "id": f"h{number}", **asdict(block)})
        elif isinstance(block, Paragraph):
            blocks.append({"kind": "paragraph", "text": block.text})
        elif isinstance(block, BulletList):
            blocks.append({"kind": "list", "items": list(block.items)})
        elif isinstance(block, Table):
            blocks.append(
                {
                    "kind": "table",
                    "caption": block.caption,
                    "wide": len(block.header) > PORTRAIT_MAX_COLUMNS,
                    "header": list(block.header),
                    "rows": [
                        [
                            _cell(row[index] if index < len(row) else None)
                            for index in range(len(block.header))
                        ]
                        for row in block.rows
                    ],
                }
            )
        elif isinstance(block, Figure):
            encoded = base64.b64encode(block.svg.encode("utf-8")).decode("ascii")
            blocks.append(
                {
                    "kind": "figure",
                    "src": f"data:image/svg+xml;base64,{encoded}",
                    "alt": block.alt,
                    "caption": block.caption,
                    "width_cm": block.width_cm,
                }
            )
    return blocks


def html(document: Document) -> str:
    """The HTML the PDF is made from."""
    with translation.override(document.language):
        headings = [
            {"id": f"h{number}", "text": block.text, "level": block.level}
            for number, block in enumerate(document.blocks, start=1)
            if isinstance(block, Heading) and block.level <= 2
        ]
        return render_to_string(
            "documents/document.html",
            {
                "document": document,
                "blocks": _blocks(document),
                "toc": headings if document.table_of_contents else [],
            },
        )


def render(document: Document) -> bytes:
    """The document as PDF/A-2a bytes."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: Pango is not installed
        # The page tells the reader to ask the administrator; the log tells the administrator.
        logger.error("PDF cannot be made: WeasyPrint or Pango is missing (%s)", error)
        raise PdfUnavailable(str(error)) from error
    return HTML(string=html(document)).write_pdf(pdf_variant=PDF_VARIANT)


def warm_up() -> None:
    """Import WeasyPrint and make a one-line PDF, so that a server process's first download
    does not pay for loading WeasyPrint, Pango and the fonts (about a second). Called when a
    server worker starts; does nothing when PDF making is unavailable (the download says so)."""
    try:
        from weasyprint import HTML

        HTML(string='<html lang="nb"><title>-</title><p>Samplan</p></html>').write_pdf(
            pdf_variant=PDF_VARIANT
        )
    except Exception as error:  # noqa: BLE001 - a warm-up never stops a server from starting
        logger.warning("PDF warm-up skipped: %s", error)
