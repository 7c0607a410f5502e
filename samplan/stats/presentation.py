"""The charts and data tables of the statistics page, with their texts in the active language."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from . import charts
from .figures import MunicipalityFigures, percent
from .models import Measure
from .symbols import meaning
from .tables import AGE_GROUPS


@dataclass(frozen=True)
class ChartBlock:
    svg: SafeString
    table: SafeString


def _block(svg: str, table: str) -> ChartBlock:
    # Both are built by charts.py, which escapes every text it is given.
    return ChartBlock(mark_safe(svg), mark_safe(table))  # noqa: S308


def _cell(value: float | None, symbol: str) -> float | charts.Symbol | None:
    """A table cell: the value, or SSB's symbol for a missing one (None: no symbol given)."""
    if value is not None or not symbol:
        return value
    return charts.Symbol(symbol, meaning(symbol))


def _gaps(values: dict[int, object]) -> str:
    missing = [str(year) for year, value in values.items() if value is None]
    if not missing:
        return ""
    return " " + _("No figures for %(years)s.") % {"years": ", ".join(missing)}


def population_chart(figures: MunicipalityFigures) -> ChartBlock | None:
    values = figures.population
    present = {year: value for year, value in values.items() if value is not None}
    if not present:
        return None
    name = figures.municipality.name
    first, last = min(present), max(present)
    title = _("Population of %(name)s on 1 January, %(first)s–%(last)s") % {
        "name": name,
        "first": min(values),
        "last": max(values),
    }
    desc = _(
        "Line chart. %(first_value)s inhabitants in %(first)s, %(last_value)s in %(last)s; "
        "lowest %(low)s, highest %(high)s."
    ) % {
        "first": first,
        "first_value": present[first],
        "last": last,
        "last_value": present[last],
        "low": min(present.values()),
        "high": max(present.values()),
    } + _gaps(values)
    svg = charts.line_chart(
        title,
        desc,
        [charts.Line(name, {str(y): v for y, v in values.items()})],
        y_label=_("inhabitants"),
    )
    symbols = figures.statuses.get("population", {})
    table = charts.data_table(
        title,
        [_("Year"), _("Inhabitants")],
        [(str(y), _cell(v, symbols.get(y, ""))) for y, v in values.items()],
    )
    return _block(svg, table)


def age_charts(figures: MunicipalityFigures) -> ChartBlock | None:
    if figures.age_now is None and figures.age_then is None:
        return None
    now, then = figures.age_now or {}, figures.age_then or {}
    title = _("Inhabitants by age group in %(name)s, %(base)s and %(year)s") % {
        "name": figures.municipality.name,
        "base": figures.base_year,
        "year": figures.latest_year,
    }
    changes = []
    for group in AGE_GROUPS:
        if group in now and group in then:
            changes.append(f"{group}: {then[group]} → {now[group]}")
    desc = _("Population pyramid by age group, %(base)s on the left, %(year)s on the right.") % {
        "base": figures.base_year,
        "year": figures.latest_year,
    }
    desc += (
        " " + "; ".join(changes)
        if changes
        else " " + _("No figures for %(years)s.") % {"years": figures.base_year}
    )
    svg = charts.pyramid(
        title,
        desc,
        AGE_GROUPS,
        (str(figures.base_year), [then.get(g) for g in AGE_GROUPS]),
        (str(figures.latest_year), [now.get(g) for g in AGE_GROUPS]),
    )
    table = charts.data_table(
        title,
        [_("Age group"), str(figures.base_year), str(figures.latest_year)],
        [(group, then.get(group), now.get(group)) for group in AGE_GROUPS],
    )
    return _block(svg, table)


def comparison_chart(figures: MunicipalityFigures) -> ChartBlock | None:
    keys = [k for k in ("share_67", "share_80") if figures.figure(k)]
    if not keys:
        return None
    names = [
        (figures.municipality.name, "municipality"),
        (_("County"), "county"),
        (_("Similar municipalities"), "similar"),
        (_("Norway"), "norway"),
    ]
    categories = [_("67 or older"), _("80 or older")][: len(keys)]
    series = [
        (label, [getattr(figures.figure(k).values, attr) for k in keys]) for label, attr in names
    ]
    title = _("Share of elderly inhabitants in %(year)s, per cent") % {"year": figures.latest_year}
    desc = (
        _("Bar chart.")
        + " "
        + "; ".join(
            f"{label}: "
            + ", ".join(f"{c} {percent(v)} %" for c, v in zip(categories, values, strict=True))
            for label, values in series
        )
    )
    svg = charts.bar_chart(title, desc, categories, series, unit=" %", decimals=1)
    table = charts.data_table(
        title,
        ["", *categories],
        [(label, *values) for label, values in series],
    )
    return _block(svg, table)


FLOW_LABELS = {
    Measure.BIRTHS: "Live births",
    Measure.DEATHS: "Deaths",
    Measure.NET_MIGRATION: "Net migration",
}


def flows_chart(figures: MunicipalityFigures) -> ChartBlock | None:
    if not any(figures.flows.values()):
        return None
    years = sorted({year for values in figures.flows.values() for year in values})[-12:]
    labels = [_("Live births"), _("Deaths"), _("Net migration")]
    series = [
        (label, [figures.flows.get(measure, {}).get(y) for y in years])
        for label, measure in zip(labels, FLOW_LABELS, strict=True)
    ]
    title = _("Births, deaths and net migration in %(name)s") % {"name": figures.municipality.name}
    desc = (
        _("Bar chart by year.")
        + " "
        + "; ".join(
            f"{y}: "
            + ", ".join(
                f"{label} {percent(v, 0)}" for label, v in ((s[0], s[1][i]) for s in series)
            )
            for i, y in enumerate(years)
        )
    )
    svg = charts.bar_chart(title, desc, [str(y) for y in years], series)
    symbols = [figures.statuses.get(measure, {}) for measure in FLOW_LABELS]
    table = charts.data_table(
        title,
        [_("Year"), *labels],
        [
            (
                str(y),
                *(_cell(s[1][i], sym.get(y, "")) for s, sym in zip(series, symbols, strict=True)),
            )
            for i, y in enumerate(years)
        ],
    )
    return _block(svg, table)


def projection_chart(figures: MunicipalityFigures) -> ChartBlock | None:
    projection = figures.projection
    if not projection:
        return None
    title = _("SSB's population projection for %(name)s") % {"name": figures.municipality.name}
    lines = [
        charts.Line(_("67 or older"), {str(y): v["67+"] for y, v in projection.items()}),
        charts.Line(_("80 or older"), {str(y): v["80+"] for y, v in projection.items()}),
    ]
    years = sorted(projection)
    desc = (
        _("Line chart.")
        + " "
        + "; ".join(
            f"{y}: 67+ {percent(projection[y]['67+'], 0)}, 80+ {percent(projection[y]['80+'], 0)}"
            for y in years
            if y % 5 == 0 or y == years[-1]
        )
    )
    svg = charts.line_chart(title, desc, lines, y_label=_("inhabitants"), start_at_zero=True)
    missing = figures.statuses.get("projection", {})
    table = charts.data_table(
        title,
        [_("Year"), _("Total"), _("67 or older"), _("80 or older")],
        [
            (str(y), *(_cell(v[key], missing.get(y, "")) for key in ("total", "67+", "80+")))
            for y, v in sorted(projection.items())
        ],
    )
    return _block(svg, table)


def charts_for(figures: MunicipalityFigures) -> dict[str, ChartBlock | None]:
    return {
        "population": population_chart(figures),
        "age": age_charts(figures),
        "comparison": comparison_chart(figures),
        "flows": flows_chart(figures),
        "projection": projection_chart(figures),
    }
