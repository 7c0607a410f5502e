"""Small helpers for text shown to people."""

from __future__ import annotations

from django.utils.translation import gettext as _

_INNER = str.maketrans({"«": "\u201c", "»": "\u201d"})


def quoted(text: str) -> str:
    """`text` in the quote marks of the active language: «…» in Norwegian, “…” in English.
    Quote marks already inside become the inner marks ("…" inside «…»)."""
    return _("“%(text)s”") % {"text": str(text).translate(_INNER)}
