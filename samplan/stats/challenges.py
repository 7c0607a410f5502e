"""The challenge picture (utfordringsbilde): plain statements computed from the figures.

Each statement has a key, the computed numbers it rests on, a default wording (gettext, so it
comes in Bokmål or Nynorsk), the figure it belongs to and its source. A statement whose numbers
are missing (a gap) is not made: nothing is said about what is not known.
"""

from __future__ import annotations

import re
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

    def render(self, own: str) -> str:
        """The planner's own wording, with its placeholders filled in; the default if none."""
        return render(own, self.key, self.numbers) if own else self.text


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


def _template(key: str, numbers: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """The default sentence's template (in the active language) and its values, formatted."""
    n = _counts(numbers)
    if key == "population_change":
        # Every placeholder stays available whichever sentence applies, so that a planner's
        # wording keeps working when the change becomes "about the same" (or back).
        values = {
            "pct": _pct(n["change"]),
            "base": n["base"],
            "then": n["then"],
            "now": n["now"],
            # Not in the default sentence, but planners write it ("78 færre enn i 2016").
            "difference": f"{abs(numbers['now'] - numbers['then']):,}".replace(",", "\u00a0"),
        }
        if abs(numbers["change"]) < SAME:
            return _(
                "The population is about the same as in %(base)s (%(then)s, now %(now)s)."
            ), values
        text = (
            _("The population has fallen by %(pct)s %% since %(base)s, from %(then)s to %(now)s.")
            if n["change"] < 0
            else _(
                "The population has grown by %(pct)s %% since %(base)s, from %(then)s to %(now)s."
            )
        )
        return text, values
    if key == "share_80":
        return _(
            "%(share)s %% of the inhabitants are 80 or older; in Norway as a whole it is "
            "%(norway)s %%."
        ), {"share": percent(n["share"]), "norway": percent(n["norway"])}
    if key == "share_67":
        return _(
            "%(share)s %% of the inhabitants are 67 or older; in similar municipalities it is "
            "%(similar)s %%."
        ), {"share": percent(n["share"]), "similar": percent(n["similar"])}
    if key == "dependency_ratio":
        return _(
            "There are %(ratio)s people aged 67 or older for every 100 aged 20–66 "
            "(Norway: %(norway)s)."
        ), {"ratio": percent(n["ratio"]), "norway": percent(n["norway"])}
    if key == "children_change":
        text = (
            _("The number of children aged 0–15 has fallen by %(pct)s %% since %(base)s.")
            if n["change"] < 0
            else _("The number of children aged 0–15 has grown by %(pct)s %% since %(base)s.")
        )
        return text, {"pct": _pct(n["change"]), "base": n["base"]}
    if key == "births_deaths":
        return _("In %(first)s–%(last)s there were %(births)s births and %(deaths)s deaths."), {
            name: str(n[name]) for name in ("first", "last", "births", "deaths")
        }
    if key == "projection_80":
        return _(
            "SSB projects %(projected)s inhabitants aged 80 or older in %(target)s, against "
            "%(current)s in %(start)s (%(pct)s %%)."
        ), {
            "projected": n["then"],
            "target": n["target"],
            "current": n["now"],
            "start": n["start"],
            "pct": ("−" if n["change"] < 0 else "+") + _pct(n["change"]),
        }
    raise KeyError(key)


def wording(key: str, numbers: dict[str, Any]) -> str:
    """The default sentence for a statement, in the active language."""
    text, values = _template(key, numbers)
    return text % values


# The placeholders a planner writes in a statement's own wording, by the template's names; each
# is filled in from the figure, so the numbers are never typed ("har gått ned med {endring} %").
PLACEHOLDERS = {
    "pct": "endring",
    "base": "fra_år",
    "then": "fra",
    "now": "til",
    "difference": "forskjell",
    "share": "andel",
    "norway": "norge",
    "similar": "like_kommuner",
    "ratio": "forhold",
    "first": "første_år",
    "last": "siste_år",
    "births": "fødte",
    "deaths": "døde",
    "projected": "framskrevet",
    "target": "mål_år",
    "current": "antall_nå",
    "start": "start_år",
}
_PLACEHOLDER = re.compile(r"\{([^{}\s]{1,30})\}")
# A typed number: "1 430" (thousands apart), "9,2", "9.2", "2016".
_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])|\d+(?:[.,]\d+)?")


def placeholder_values(key: str, numbers: dict[str, Any]) -> dict[str, str]:
    """What each placeholder of a statement stands for now ({"endring": "9,2", ...})."""
    _text, values = _template(key, numbers)
    return {PLACEHOLDERS[name]: str(value) for name, value in values.items()}


def placeholder_wording(key: str, numbers: dict[str, Any]) -> str:
    """The default sentence with placeholders where the numbers go: where a planner starts."""
    text, values = _template(key, numbers)
    return text % {name: "{" + PLACEHOLDERS[name] + "}" for name in values}


def render(text: str, key: str, numbers: dict[str, Any]) -> str:
    """A planner's wording with its placeholders filled in from the figure."""
    values = placeholder_values(key, numbers)
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def _plain(number: str) -> str:
    return re.sub(r"[ \u00a0\u202f+−-]", "", number).replace(".", ",")


@dataclass(frozen=True)
class CheckedWording:
    text: str  # with numbers that match the figure turned into placeholders
    errors: list[str]


def check_wording(text: str, key: str, numbers: dict[str, Any]) -> CheckedWording:
    """Check a planner's wording against the figure: placeholders must be known, and a typed
    number must be one of the figure's (it becomes its placeholder, so it follows the figure)
    or a number the default sentence itself has (an age such as 80). Anything else is refused."""
    values = placeholder_values(key, numbers)
    errors = [
        _("{%(name)s} is not a placeholder of this statement.") % {"name": name}
        for name in dict.fromkeys(_PLACEHOLDER.findall(text))
        if name not in values
    ]
    template, _values = _template(key, numbers)
    constants = {_plain(number) for number in _NUMBER.findall(re.sub(r"%\(\w+\)s", "", template))}
    by_value: dict[str, str] = {}
    for name, value in values.items():
        by_value.setdefault(_plain(value), name)

    def replace(match: re.Match[str]) -> str:
        number = _plain(match.group(0))
        if number in constants:
            return match.group(0)
        if number in by_value:
            return "{" + by_value[number] + "}"
        errors.append(
            _(
                "«%(number)s» is not a number from the figure. Write it as a placeholder, such "
                "as {%(example)s}, so that it is filled in from SSB's figures."
            )
            % {"number": match.group(0), "example": next(iter(values))}
        )
        return match.group(0)

    parts = _PLACEHOLDER.split(text)
    # Odd parts are placeholder names: numbers inside them are not typed numbers.
    checked = "".join(
        "{" + part + "}" if index % 2 else _NUMBER.sub(replace, part)
        for index, part in enumerate(parts)
    )
    return CheckedWording(checked, errors)


def _change(now: float, then: float) -> float:
    return round((now - then) / then * 100, 1)


def compute(figures: MunicipalityFigures) -> list[ComputedStatement]:
    """The statements the figures support, in reading order."""
    population_source = figures.sources.get(Measure.POPULATION_AGE)
    found = [
        _population_change(figures, population_source),
        *_shares(figures, population_source),
        _children_change(figures, population_source),
        _births_deaths(figures),
        _projection_80(figures),
    ]
    return [statement for statement in found if statement is not None]


def _population_change(
    figures: MunicipalityFigures, source: SourceInfo | None
) -> ComputedStatement | None:
    now, then = figures.population_now, figures.population_then
    if now is None or not then:
        return None
    return ComputedStatement(
        "population_change",
        {
            "change": _change(now, then),
            "base": figures.base_year,
            "year": figures.latest_year,
            "then": then,
            "now": now,
        },
        "#figure-population",
        source,
    )


def _shares(figures: MunicipalityFigures, source: SourceInfo | None) -> list[ComputedStatement]:
    """The elderly's shares and the dependency ratio, compared with peers or the country."""
    result = []
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
                source,
            )
        )
    return result


def _children_change(
    figures: MunicipalityFigures, source: SourceInfo | None
) -> ComputedStatement | None:
    if not (figures.age_now and figures.age_then):
        return None
    children_now = figures.age_now["0-5"] + figures.age_now["6-15"]
    children_then = figures.age_then["0-5"] + figures.age_then["6-15"]
    if not children_then:
        return None
    return ComputedStatement(
        "children_change",
        {
            "change": _change(children_now, children_then),
            "base": figures.base_year,
            "year": figures.latest_year,
            "then": children_then,
            "now": children_now,
        },
        "#figure-age",
        source,
    )


def _births_deaths(figures: MunicipalityFigures) -> ComputedStatement | None:
    births = figures.flows.get(Measure.BIRTHS) or {}
    deaths = figures.flows.get(Measure.DEATHS) or {}
    years = sorted(y for y in births if births[y] is not None and deaths.get(y) is not None)
    years = years[-10:]
    # Only an unbroken run of years: a gap would make the sum wrong.
    if not years or years[-1] - years[0] != len(years) - 1:
        return None
    return ComputedStatement(
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


def _projection_80(figures: MunicipalityFigures) -> ComputedStatement | None:
    projection = figures.projection
    start_years = sorted(y for y, v in projection.items() if v.get("80+") is not None)
    if not start_years:
        return None
    start = start_years[0]
    target = 2040 if 2040 in start_years else start_years[-1]
    first, last = projection[start]["80+"], projection[target]["80+"]
    if target <= start or not first:
        return None
    return ComputedStatement(
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
