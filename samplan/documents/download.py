"""A document as a download: the response of every module's "ODT / PDF" links.

`document_download` renders a `Document` and sends it as an attachment; when PDF cannot be made
on this server (WeasyPrint's system libraries are missing) it says so and goes back to the page
the link was on (`back`), where the ODT link still works.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .content import Document
from .pdf import UNAVAILABLE_MESSAGE, PdfUnavailable
from .render import render

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """`content` as a file to save, named `filename`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def document_download(
    request: HttpRequest, document: Document, file_format: str, filename: str, back: object
) -> HttpResponse:
    """`document` as ODT or PDF/A named `filename`; without PDF on this server, the message and
    a redirect to `back` (a URL or a model with get_absolute_url)."""
    try:
        content, content_type = render(document, file_format)
    except PdfUnavailable:
        messages.error(request, UNAVAILABLE_MESSAGE)
        return redirect(back)
    return download_response(content, content_type, filename)
