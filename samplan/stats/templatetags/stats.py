from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from samplan.core.templatetags.samplan import rendered_once

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


@register.simple_tag
def stats_source(source: Any, year: Any = None) -> SafeString:
    """A figure's source line (stats/_source.html), rendered once per source, year, language and
    time zone (`rendered_once`: the sources are SSB's tables, the same for every municipality;
    the line's translations and dates cost some 0.1 ms each, four on the statistics page)."""
    return rendered_once("stats/_source.html", source=source, year=year)
