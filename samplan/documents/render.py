"""Render a `Document` (samplan.documents.content) as ODT or PDF/A.

`content` is a leaf (the document model, no renderer); the renderers (`odt`, `pdf`) import it;
this module picks one of them by format.
"""

from __future__ import annotations

from . import pdf
from .content import Document

ODT_CONTENT_TYPE = "application/vnd.oasis.opendocument.text"
PDF_CONTENT_TYPE = "application/pdf"
DOCUMENT_FORMATS = ("odt", "pdf")


def render(document: Document, file_format: str) -> tuple[bytes, str]:
    """The document as ODT or PDF/A: (content, content type)."""
    if file_format == "odt":
        from . import odt  # odfpy: imported at the first ODT download, not in every worker

        return odt.render(document), ODT_CONTENT_TYPE
    if file_format == "pdf":
        return pdf.render(document), PDF_CONTENT_TYPE
    raise ValueError(f"unknown document format {file_format!r}")
