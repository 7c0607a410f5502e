"""The challenge picture (utfordringsbilde): plain statements computed from the figures.

Each statement has a key, the computed numbers it rests on, a default wording (gettext, so it
comes in Bokmål or Nynorsk), the figure it belongs to and its source. A statement whose numbers
are missing (a gap) is not made: nothing is said about what is not known.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .figures import MunicipalityFigures, SourceInfo, percent
from .models import Measure

SAME = 0.5  # a change under half a per cent is "about the same"


@dataclass(frozen=True)
class ComputedStatement:
    key: str
    numbers: dict[str, Any]
    anchor: str  # the figure on the statistics page
    source: SourceInfo | None

    @property
    def text(self) -> str:
        return wording(self.key, self.numbers)


def _pct(value: float) -> str:
    return percent(abs(value), 0 if abs(value) >= 10 else 1)


YEAR_KEYS = {"base", "year", "first", "last", "start", "target"}


def _counts(numbers: dict[str, Any]) -> dict[str, Any]:
    """Counts with a thin space between thousands ("1 430"); years as they are."""
    return {
        key: f"{value:,}".replace(",", "\u00a0")
        if isinstance(value, int) and key not in YEAR_KEYS
        else value
        for key, value in numbers.items()
    }


def wording(key: str, numbers: dict[str, Any]) -> str:
    """The default sentence for a statement, in the active language."""
    n = _counts(numbers)
    if key == "population_change":
        if abs(numbers["change"]) < SAME:
            return _("The population is about the same as in %(base)s (%(then)s, now %(now)s).") % n
        text = (
            _("The population has fallen by %(pct)s %% since %(base)s, from %(then)s to %(now)s.")
            if n["change"] < 0
            else _(
                "The population has grown by %(pct)s %% since %(base)s, from %(then)s to %(now)s."
            )
        )
        return text % {**n, "pct": _pct(n["change"])}
    if key == "share_80":
        return _(
            "%(share)s %% of the inhabitants are 80 or older; in Norway as a whole it is "
            "%(norway)s %%."
        ) % {"share": percent(n["share"]), "norway": percent(n["norway"])}
    if key == "share_67":
        return _(
            "%(share)s %% of the inhabitants are 67 or older; in similar municipalities it is "
            "%(similar)s %%."
        ) % {"share": percent(n["share"]), "similar": percent(n["similar"])}
    if key == "dependency_ratio":
        return _(
            "There are %(ratio)s people aged 67 or older for every 100 aged 20–66 "
            "(Norway: %(norway)s)."
        ) % {"ratio": percent(n["ratio"]), "norway": percent(n["norway"])}
    if key == "children_change":
        verb = (
            _("The number of children aged 0–15 has fallen by %(pct)s %% since %(base)s.")
            if n["change"] < 0
            else _("The number of children aged 0–15 has grown by %(pct)s %% since %(base)s.")
        )
        return verb % {"pct": _pct(n["change"]), "base": n["base"]}
    if key == "births_deaths":
        return _("In %(first)s–%(last)s there were %(births)s births and %(deaths)s deaths.") % n
    if key == "projection_80":
        return _(
            "SSB projects %(then)s inhabitants aged 80 or older in %(target)s, against %(now)s "
            "in %(start)s (%(sign)s%(pct)s %%)."
        ) % {**n, "sign": "−" if n["change"] < 0 else "+", "pct": _pct(n["change"])}
    raise KeyError(key)


def _change(now: float, then: float) -> float:
    return round((now - then) / then * 100, 1)


def compute(figures: MunicipalityFigures) -> list[ComputedStatement]:
    """The statements the figures support, in reading order."""
    result: list[ComputedStatement] = []
    population_source = figures.sources.get(Measure.POPULATION_AGE)
    now, then = figures.population_now, figures.population_then
    if now is not None and then:
        result.append(
            ComputedStatement(
                "population_change",
                {
                    "change": _change(now, then),
                    "base": figures.base_year,
                    "year": figures.latest_year,
                    "then": then,
                    "now": now,
                },
                "#figure-population",
                population_source,
            )
        )
    for key in ("share_80", "share_67", "dependency_ratio"):
        figure = figures.figure(key)
        if figure is None or figure.values.municipality is None:
            continue
        value = round(figure.values.municipality, 1)
        other = figure.values.similar if key == "share_67" else figure.values.norway
        if other is None:
            continue
        name = "ratio" if key == "dependency_ratio" else "share"
        compare = "similar" if key == "share_67" else "norway"
        result.append(
            ComputedStatement(
                key,
                {name: value, compare: round(other, 1), "year": figure.year},
                "#figure-key",
                population_source,
            )
        )
    if figures.age_now and figures.age_then:
        children_now = figures.age_now["0-5"] + figures.age_now["6-15"]
        children_then = figures.age_then["0-5"] + figures.age_then["6-15"]
        if children_then:
            result.append(
                ComputedStatement(
                    "children_change",
                    {
                        "change": _change(children_now, children_then),
                        "base": figures.base_year,
                        "year": figures.latest_year,
                        "then": children_then,
                        "now": children_now,
                    },
                    "#figure-age",
                    population_source,
                )
            )
    births = figures.flows.get(Measure.BIRTHS) or {}
    deaths = figures.flows.get(Measure.DEATHS) or {}
    years = sorted(y for y in births if births[y] is not None and deaths.get(y) is not None)
    years = years[-10:]
    # Only an unbroken run of years: a gap would make the sum wrong.
    if years and years[-1] - years[0] == len(years) - 1:
        result.append(
            ComputedStatement(
                "births_deaths",
                {
                    "first": years[0],
                    "last": years[-1],
                    "births": int(sum(births[y] for y in years)),
                    "deaths": int(sum(deaths[y] for y in years)),
                },
                "#figure-flows",
                figures.sources.get(Measure.BIRTHS),
            )
        )
    projection = figures.projection
    start_years = sorted(y for y, v in projection.items() if v.get("80+") is not None)
    if start_years:
        start = start_years[0]
        target = 2040 if 2040 in start_years else start_years[-1]
        first, last = projection[start]["80+"], projection[target]["80+"]
        if target > start and first:
            result.append(
                ComputedStatement(
                    "projection_80",
                    {
                        "start": start,
                        "target": target,
                        "now": int(first),
                        "then": int(last),
                        "change": _change(last, first),
                    },
                    "#figure-projection",
                    figures.sources.get(Measure.PROJECTION_AGE),
                )
            )
    return result
