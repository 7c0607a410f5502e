from __future__ import annotations

from typing import Any

from django import template

from ..figures import percent
from ..symbols import unit_label

register = template.Library()


@register.filter
def pct(value: float | None, digits: int = 1) -> str:
    """8.25 → "8,3"; None → "–" (a gap stays a gap)."""
    return percent(value, digits)


@register.filter
def signed(value: float | None) -> str:
    if value is None:
        return "–"
    return ("+" if value > 0 else "") + percent(value)


@register.filter
def ssb_unit(unit: str) -> str:
    """SSB's unit ("personer") in the reader's language."""
    return unit_label(unit or "")


@register.inclusion_tag("stats/_source.html")
def stats_source(source: Any, year: Any = None) -> dict[str, Any]:
    return {"source": source, "year": year}
