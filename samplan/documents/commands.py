"""Documents written by management commands (see samplan.core.commands)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from samplan.documents.pdf import PdfUnavailable


def render_or_error(export: Callable[..., tuple[bytes, str]], *args: Any, **kwargs: Any) -> bytes:
    """The content a file or document export makes; a missing PDF library is a clear error."""
    try:
        content, _content_type = export(*args, **kwargs)
    except PdfUnavailable as error:
        raise CommandError(
            _("PDF needs WeasyPrint and Pango (apt-get install libpango-1.0-0): %(error)s")
            % {"error": error}
        ) from error
    return content
