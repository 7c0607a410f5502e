"""Template filters of the status board (no queries: they format what the selectors read)."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from samplan.core.modules import StatusCell

register = template.Library()


@register.filter
def status_cells(cells: Iterable[StatusCell]) -> SafeString:
    """A status row's cells as table cells, each a link when the column gives one: one filter
    per row instead of a loop of template nodes (the board has a row per followed
    municipality, up to all 357)."""
    return mark_safe(  # noqa: S308 (each part is made by format_html)
        "".join(
            format_html('<td><a class="ds-link" href="{}">{}</a></td>', cell.url, cell.text)
            if cell.url
            else format_html("<td>{}</td>", cell.text)
            for cell in cells
        )
    )
