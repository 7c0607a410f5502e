"""Small helpers for text shown to people."""

from __future__ import annotations

import html
from typing import Any

from django.conf import settings
from django.template.base import render_value_in_context
from django.utils.translation import gettext as _

_INNER = str.maketrans({"«": "\u201c", "»": "\u201d"})


def quoted(text: str) -> str:
    """`text` in the quote marks of the active language: «…» in Norwegian, “…” in English.
    Quote marks already inside become the inner marks ("…" inside «…»)."""
    return _("“%(text)s”") % {"text": str(text).translate(_INNER)}


def escaped(value: object) -> str:
    """conditional_escape without its lazy-string wrappers, for markup written in Python one
    value at a time: safe text as it is, anything else escaped as Django's escape does it
    (html.escape of the value as text; a lazy translation as its text)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def written(value: object, context: Any) -> str:
    """What `{{ value }}` writes in `context` (render_value_in_context), for markup written in
    Python: a plain integer (a count, a year) at once, as Django writes one without thousand
    separators (localizing it looks up the language's formats first)."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return render_value_in_context(value, context)


def panel_card(key: str, heading: str, body: str) -> str:
    """A dashboard panel's card as the panel templates write it: the section, its heading (the
    id `panel-<key>`) and `body` (markup, escaped by the caller)."""
    return (
        f'\n<section class="ds-card sp-panel" aria-labelledby="panel-{key}">'
        f'\n  <h2 class="ds-heading" data-size="sm" id="panel-{key}">{heading}</h2>{body}'
        "\n</section>"
    )


def panel_links(*links: tuple[str, str]) -> str:
    """A dashboard panel's paragraph of links, each (address, text), both escaped by the
    caller, between " · "."""
    shown = " · ".join(f'<a class="ds-link" href="{url}">{text}</a>' for url, text in links)
    return f'\n  <p class="ds-paragraph">{shown}</p>'
