"""Template filters of the status board (no queries: they format what the selectors read)."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString, mark_safe

from samplan.core.modules import StatusCell

from ..rows import cells_html

register = template.Library()


@register.filter
def status_cells(cells: Iterable[StatusCell]) -> SafeString:
    """A status row's cells as table cells, each a link when the column gives one: one filter
    per row instead of a loop of template nodes (the office's work view)."""
    return mark_safe(cells_html(cells))  # noqa: S308 (every value escaped by cells_html)
