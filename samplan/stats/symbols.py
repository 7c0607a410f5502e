"""SSB's symbols for figures that are missing or marked, and the units SSB names, in words.

SSB's API puts a symbol in JSON-stat's `status` where a figure is missing (the value is `null`).
Its user guide for PxWebApi 2 ("Spesialtegn i tabellene") names three: "." not possible to give a
figure (the category was not in use when the figures were collected), ".." no basis for figures
(not received, or too uncertain to publish) and ":" not shown for reasons of confidentiality.
Older tables also use "..." (not yet available), "-" (nil) and "*" (provisional), from SSB's
earlier list of standard symbols. See docs/sources.md and docs/statistics.md.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SYMBOLS: dict[str, str | Promise] = {
    ".": gettext_lazy(
        "Not possible to give a figure: the category was not in use when the figures were "
        "collected."
    ),
    "..": gettext_lazy(
        "No basis for figures: the figures have not reached SSB, or are too uncertain to publish."
    ),
    ":": gettext_lazy(
        "Not shown for reasons of confidentiality: the figure could identify persons or businesses."
    ),
    "...": gettext_lazy("Figure not yet available."),
    "-": gettext_lazy("Nil (zero)."),
    "*": gettext_lazy("Provisional figure."),
}

# SSB's base units (as the Norwegian API answers name them) in the reader's language.
UNITS: dict[str, str | Promise] = {
    "personer": gettext_lazy("persons"),
    "prosent": gettext_lazy("per cent"),
    "indeks": gettext_lazy("index"),
    "kroner": gettext_lazy("kroner"),
    "antall": gettext_lazy("number"),
    "promille": gettext_lazy("per thousand"),
}


def meaning(symbol: str) -> str:
    """What SSB's symbol means, for people; an unknown symbol is named as such."""
    known = SYMBOLS.get(symbol)
    if known is not None:
        return str(known)
    return _("SSB's symbol “%(symbol)s” (see SSB's list of symbols in tables).") % {
        "symbol": symbol
    }


def unit_label(unit: str) -> str:
    """SSB's unit in the reader's language; a unit Samplan does not know, as SSB wrote it."""
    known = UNITS.get(unit.strip().lower())
    return str(known) if known is not None else unit.strip()
