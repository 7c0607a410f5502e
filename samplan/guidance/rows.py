"""The status board's table rows as HTML, made in Python (pure: no queries, no templates).

A national board has a row for every municipality (357), so a row made by template nodes (a
lookup, a filter, an `if` per cell) cost more than everything else on the page. Each row is made
once, when the board is computed (and cached with it), byte for byte as the template made it."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from samplan.core.modules import StatusCell


def _escape(value: Any) -> str:
    """As Django's autoescaping: text marked safe as it is, anything else escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def cells_html(cells: Iterable[StatusCell], texts: dict[str, str] | None = None) -> str:
    """A status row's cells as table cells, each a link when the column gives one. `texts`:
    the cells' texts escaped so far (a board's rows share most texts: "No action plan for
    2025", "–"), filled in."""
    texts = {} if texts is None else texts
    made = []
    for cell in cells:
        if type(cell.text) is str:  # plain text (not marked safe, not lazy): remembered
            text = texts.get(cell.text)
            if text is None:
                text = texts[cell.text] = html.escape(cell.text)
        else:
            text = _escape(cell.text)
        if cell.url:
            made.append(f'<td><a class="ds-link" href="{_escape(cell.url)}">{text}</a></td>')
        else:
            made.append(f"<td>{text}</td>")
    return "".join(made)


def row_html(
    *,
    name: str,
    url: str,
    urgency: int,
    has_workspace: bool,
    cells: Iterable[StatusCell],
    tags: tuple[str, str, str],
    texts: dict[str, str] | None = None,
) -> str:
    """One municipality's `<tr>` on the board (with the whitespace the template gave it):
    its name linked to its guidance page, a tag when something is late (urgency 2) or due soon
    (1), a note when it has no workspace, then its cells. `tags`: the words "Late", "Due soon"
    and "Has not started using Samplan" in the active language, translated once per board;
    `texts` as for cells_html."""
    late, due_soon, not_started = tags
    if urgency == 2:
        tag = f' <span class="ds-tag" data-color="danger" data-size="sm">{_escape(late)}</span>'
    elif urgency == 1:
        tag = (
            f' <span class="ds-tag" data-color="warning" data-size="sm">{_escape(due_soon)}</span>'
        )
    else:
        tag = ""
    note = "" if has_workspace else f'<br><small class="sp-muted">{_escape(not_started)}</small>'
    return (
        f'\n    <tr>\n      <th scope="row"><a class="ds-link" href="{_escape(url)}">'
        f"{_escape(name)}</a>{tag}{note}</th>\n      {cells_html(cells, texts)}\n    </tr>\n  "
    )
