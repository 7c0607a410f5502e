"""The figures of one municipality, computed from the cached series, with their sources.

Every number is computed from SSB's figures as cached; nothing is estimated or interpolated. A
year that is missing for a region gives a missing figure (None), shown as a gap. Comparisons:
the county, Norway, and the municipalities of the same centrality class and size band
("similar municipalities"), added up (sum of numerators over sum of denominators) over those that
have the figures for the years in question.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from types import SimpleNamespace
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samplan.core import freshness
from samplan.core.memo import MISSING
from samplan.core.modules import PanelRead, panel_read
from samplan.core.prepared import PreparedQuery
from samplan.core.queries import PreparedRows, json_datetime, read_together
from samplan.municipalities.models import Municipality

from .models import Measure, Series, Statement
from .tables import AGE_GROUPS, CHANGES, PROJECTION, PUBLISHER, TABLE_FOR_MEASURE, table_url

YEARS_BACK = 10
NORWAY = "0"
# Size bands (population) for "similar municipalities", with the same centrality class.
SIZE_BANDS = ((0, 2000), (2000, 5000), (5000, 10000), (10000, 20000), (20000, 50000))
ELDERLY = ("67-79", "80+")
WORKING_AGE = ("20-44", "45-66")


@dataclass(frozen=True)
class SourceInfo:
    """Where a figure comes from: SSB's table, how it got here, and the reference of the year."""

    table_id: str
    source: str
    fetched_at: datetime.datetime
    updated: str
    reference: str
    table_title: str = ""
    unit: str = ""  # SSB's unit, as its answer names it ("personer"); "" = not named

    def as_json(self) -> dict[str, Any]:
        return {
            **table_json(self.table_id),
            "table_title": self.table_title,
            "unit": self.unit,
            "source": self.source,
            "fetched_at": self.fetched_at.isoformat(),
            "updated": self.updated,
            "reference": self.reference,
        }


def table_json(table_id: str) -> dict[str, str]:
    """Who publishes a table, its number and its address."""
    return {"publisher": PUBLISHER, "table": table_id, "table_url": table_url(table_id)}


@dataclass(frozen=True)
class Compared:
    """One figure for the municipality and for what it is compared with (None = gap)."""

    municipality: float | None
    county: float | None
    norway: float | None
    similar: float | None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class KeyFigure:
    key: str
    label: str
    unit: str  # "percent", "ratio" or "per_1000"
    year: int | None
    values: Compared
    source: SourceInfo | None
    base_year: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": str(self.label),
            "unit": self.unit,
            "year": self.year,
            "base_year": self.base_year,
            "values": self.values.as_json(),
            "source": self.source.as_json() if self.source else None,
        }


@dataclass
class MunicipalityFigures:
    municipality: Municipality
    similar: list[Municipality]
    latest_year: int | None
    base_year: int | None
    population: dict[int, int | None]  # every snapshot year; None = not in the snapshot
    age_now: dict[str, int] | None
    age_then: dict[str, int] | None
    key_figures: list[KeyFigure]
    flows: dict[str, dict[int, float | None]]  # measure → year → value; {} = not fetched yet
    projection: dict[int, dict[str, float | None]]  # year → {"total", "80+", "67+"}
    sources: dict[str, SourceInfo] = field(default_factory=dict)
    age_shares: dict[str, Compared] = field(default_factory=dict)  # per cent, latest year
    # SSB's symbol for a missing figure: "population", "projection" or a flow measure → year →
    # symbol (only years SSB gave a symbol for).
    statuses: dict[str, dict[int, str]] = field(default_factory=dict)

    def figure(self, key: str) -> KeyFigure | None:
        return next((figure for figure in self.key_figures if figure.key == key), None)

    @property
    def population_now(self) -> int | None:
        return self.population.get(self.latest_year) if self.latest_year else None

    @property
    def population_then(self) -> int | None:
        return self.population.get(self.base_year) if self.base_year else None

    def as_json(self) -> dict[str, Any]:
        def years(values: dict[int, Any]) -> dict[str, Any]:
            return {str(year): value for year, value in sorted(values.items())}

        def symbols(key: str) -> dict[str, str]:
            return {str(year): s for year, s in sorted(self.statuses.get(key, {}).items())}

        return {
            "municipality": {"number": self.municipality.number, "name": self.municipality.name},
            "county": self.municipality.county_id,
            "similar_municipalities": [m.number for m in self.similar],
            "latest_year": self.latest_year,
            "base_year": self.base_year,
            "population": {
                "values": years(self.population),
                "statuses": symbols("population"),
                "source": _source_json(self.sources.get(Measure.POPULATION_AGE)),
            },
            "age_groups": {
                "groups": list(AGE_GROUPS),
                "shares": {group: c.as_json() for group, c in self.age_shares.items()},
                str(self.latest_year): self.age_now,
                str(self.base_year): self.age_then,
                "source": _source_json(self.sources.get(Measure.POPULATION_AGE)),
            },
            "key_figures": [figure.as_json() for figure in self.key_figures],
            "flows": {
                measure: {
                    "values": years(values) if values else None,
                    "statuses": symbols(measure),
                    "status": "fetched" if values else "not_fetched",
                    "source": _source_json(self.sources.get(measure)),
                    **table_json(TABLE_FOR_MEASURE[measure]),
                }
                for measure, values in self.flows.items()
            },
            "projection": {
                "values": years(self.projection) if self.projection else None,
                "statuses": symbols("projection"),
                "status": "fetched" if self.projection else "not_fetched",
                "source": _source_json(self.sources.get(Measure.PROJECTION_AGE)),
                **table_json(PROJECTION.table_id),
            },
        }


def _source_json(source: SourceInfo | None) -> dict[str, Any] | None:
    return source.as_json() if source else None


class Store:
    """The cached series of some regions, by (measure, region, category) → {year: value}."""

    def __init__(self, regions: Iterable[str] | None) -> None:
        """The series of `regions` (one query); None: none yet (see of_rows)."""
        self.values: dict[tuple[str, str, str], dict[int, float | None]] = {}
        self.statuses: dict[tuple[str, str, str], dict[int, str]] = {}
        self.sources: dict[str, SourceInfo] = {}
        # groups() by (measure, region, year): the values do not change once read
        self._groups: dict[tuple[str, str, int], dict[str, int] | None] = {}
        if regions is not None:
            # As plain rows (_SERIES_OF: its SQL made once per process, each row's fields and
            # its fetch's as one JSON value), not model instances from a query compiled anew.
            self._add_rows(
                read_together([_SERIES_OF(items=_read_series, regions=sorted(set(regions)))])[0]
            )

    @classmethod
    def of_rows(cls, rows: Iterable[Any]) -> Store:
        """A Store of series already read (each with the Series' fields and its `fetch`'s), in
        the order the Series' own query gives them."""
        store = cls(None)
        store._add_rows(rows)
        return store

    def _add_rows(self, rows: Iterable[Any]) -> None:
        references = self._references()
        for row in sorted(rows, key=lambda row: (row.measure, row.region, row.category)):
            self._add(row, references)

    @staticmethod
    def _references() -> dict[str, Any]:
        return {
            Measure.POPULATION_AGE: gettext_lazy("1 January"),
            Measure.PROJECTION_AGE: PROJECTION.reference,
            **{measure: CHANGES.reference for _code, measure in CHANGES.contents},
        }

    def _add(self, row: Any, references: dict[str, Any]) -> None:
        self.values[(row.measure, row.region, row.category)] = {
            int(year): value for year, value in row.values.items()
        }
        self.statuses[(row.measure, row.region, row.category)] = {
            int(year): str(symbol) for year, symbol in (row.statuses or {}).items() if symbol
        }
        current = self.sources.get(row.measure)
        if current is None or current.fetched_at < row.fetch.fetched_at:
            self.sources[row.measure] = SourceInfo(
                table_id=row.fetch.table_id,
                source=row.fetch.source,
                fetched_at=row.fetch.fetched_at,
                updated=row.fetch.updated,
                reference=str(references.get(row.measure, "")),
                table_title=row.fetch.label,
                unit=row.unit,
            )

    def get(self, measure: str, region: str, category: str, year: int) -> float | None:
        return self.values.get((measure, region, category), {}).get(year)

    def status(self, measure: str, region: str, category: str, year: int) -> str:
        """SSB's symbol for the value ("" if none)."""
        return self.statuses.get((measure, region, category), {}).get(year, "")

    def groups_status(self, region: str, year: int, measure: str = Measure.POPULATION_AGE) -> str:
        """SSB's symbol for the first age group that is missing in a year ("" if none)."""
        for group in AGE_GROUPS:
            if self.get(measure, region, group, year) is None:
                symbol = self.status(measure, region, group, year)
                if symbol:
                    return symbol
        return ""

    def groups(
        self, region: str, year: int, measure: str = Measure.POPULATION_AGE
    ) -> dict[str, int] | None:
        """All seven age groups of a year, or None if any is missing (a new dict each call)."""
        key = (measure, region, year)
        found = self._groups.get(key, MISSING)
        if found is MISSING:
            found = self._groups[key] = self._groups_of(region, year, measure)
        return dict(found) if found is not None else None

    def _groups_of(self, region: str, year: int, measure: str) -> dict[str, int] | None:
        """groups(), computed: the figures page asks for the same ones some hundred times
        (every ratio of every region compared)."""
        result = {}
        for group in AGE_GROUPS:
            value = self.values.get((measure, region, group), {}).get(year)
            if value is None:
                return None
            result[group] = int(value)
        return result

    def total(self, region: str, year: int, measure: str = Measure.POPULATION_AGE) -> int | None:
        groups = self.groups(region, year, measure)
        return sum(groups.values()) if groups is not None else None

    def years(self, measure: str, region: str) -> list[int]:
        years: set[int] = set()
        for (m, r, _c), values in self.values.items():
            if m == measure and r == region:
                years |= set(values)
        return sorted(years)


Ratio = Callable[[Store, str], tuple[float, float] | None]


def _aggregate(store: Store, regions: list[str], ratio: Ratio, scale: float) -> float | None:
    numerator = denominator = 0.0
    for region in regions:
        parts = ratio(store, region)
        if parts is None:
            continue
        numerator += parts[0]
        denominator += parts[1]
    if not denominator:
        return None
    return numerator / denominator * scale


def _share(groups: tuple[str, ...], year: int, over: tuple[str, ...] | None = None) -> Ratio:
    def ratio(store: Store, region: str) -> tuple[float, float] | None:
        counts = store.groups(region, year)
        if counts is None:
            return None
        denominator = sum(counts[g] for g in over) if over else sum(counts.values())
        return sum(counts[g] for g in groups), denominator

    return ratio


def _change(year: int, base_year: int) -> Ratio:
    def ratio(store: Store, region: str) -> tuple[float, float] | None:
        now, then = store.total(region, year), store.total(region, base_year)
        if now is None or then is None:
            return None
        return now - then, then

    return ratio


def _projected_change(groups: tuple[str, ...], year: int, base_year: int) -> Ratio:
    def ratio(store: Store, region: str) -> tuple[float, float] | None:
        now = store.groups(region, year, Measure.PROJECTION_AGE)
        then = store.groups(region, base_year, Measure.PROJECTION_AGE)
        if now is None or then is None:
            return None
        now_n, then_n = sum(now[g] for g in groups), sum(then[g] for g in groups)
        return now_n - then_n, then_n

    return ratio


def _per_1000(measure: str, year: int) -> Ratio:
    def ratio(store: Store, region: str) -> tuple[float, float] | None:
        value = store.get(measure, region, "", year)
        population = store.total(region, year)
        if value is None or population is None:
            return None
        return value, population

    return ratio


def size_band(population: int) -> tuple[int, int | None]:
    for low, high in SIZE_BANDS:
        if low <= population < high:
            return low, high
    return SIZE_BANDS[-1][1], None


def similar_municipalities(municipality: Municipality) -> list[Municipality]:
    """The other municipalities with the same centrality class and in the same size band."""
    low, high = size_band(municipality.population)
    mine = {"centrality": municipality.centrality, "low": low, "number": municipality.pk}
    if high is None:
        return _SIMILAR_ABOVE(**mine)
    return _SIMILAR(**mine, high=high)


def _similar(centrality: int, low: int, number: str, high: int | None = None) -> Any:
    candidates = Municipality.objects.filter(centrality=centrality, population__gte=low).exclude(
        pk=number
    )
    if high is not None:
        candidates = candidates.filter(population__lt=high)
    return candidates.order_by("number")


# similar_municipalities' query, its SQL compiled once per process (with and without the size
# band's upper bound); the samples are values no other parameter has (in the fields' ranges).
_SIMILAR = PreparedQuery(_similar, centrality=30007, low=30008, number="-9", high=30010)
_SIMILAR_ABOVE = PreparedQuery(_similar, centrality=30007, low=30008, number="-9")


def latest_year(store: Store, region: str) -> int | None:
    """The latest year with every age group's figure (and a population): the years from the
    latest back, until one has them (not the total of every year of the series: some twenty
    years of seven groups, at every dashboard)."""
    for year in reversed(store.years(Measure.POPULATION_AGE, region)):  # sorted
        if store.total(region, year):
            return year
    return None


FIGURE_LABELS: dict[str, str | Promise] = {
    "population_change": gettext_lazy("Population change in ten years"),
    "share_67": gettext_lazy("Share aged 67 or older"),
    "share_80": gettext_lazy("Share aged 80 or older"),
    "dependency_ratio": gettext_lazy("Aged 67+ per 100 aged 20–66 (old-age dependency ratio)"),
    "births": gettext_lazy("Live births per 1,000 inhabitants"),
    "deaths": gettext_lazy("Deaths per 1,000 inhabitants"),
    "net_migration": gettext_lazy("Net migration per 1,000 inhabitants"),
    "projected_80_change": gettext_lazy("Projected change in the number aged 80 or older"),
}


def municipality_figures(municipality: Municipality) -> MunicipalityFigures:
    """Every figure of the statistics page for one municipality (cached until the data
    changes, see core/freshness)."""
    return freshness.cached(
        "stats_figures", lambda: _municipality_figures(municipality), municipality=municipality.pk
    )


def _municipality_figures(municipality: Municipality) -> MunicipalityFigures:
    similar = similar_municipalities(municipality)
    county = municipality.county_id
    knr = municipality.number
    store = Store([knr, county, NORWAY, *(m.number for m in similar)])
    targets = {
        "municipality": [knr],
        "county": [county],
        "norway": [NORWAY],
        "similar": [m.number for m in similar],
    }

    def compared(ratio: Ratio, scale: float) -> Compared:
        return Compared(**{name: _aggregate(store, r, ratio, scale) for name, r in targets.items()})

    population_source = store.sources.get(Measure.POPULATION_AGE)
    year = latest_year(store, knr) or latest_year(store, NORWAY)
    base = year - YEARS_BACK if year else None
    key_figures: list[KeyFigure] = []
    population: dict[int, int | None] = {}
    if year is not None and base is not None:
        # The county's years (the municipal snapshot's span), so a missing year shows as a gap.
        all_years = store.years(Measure.POPULATION_AGE, county) or store.years(
            Measure.POPULATION_AGE, knr
        )
        population = {y: store.total(knr, y) for y in all_years}
        key_figures += _population_figures(year, base, compared, population_source)
    flows, flow_figures = _flows(store, knr, compared)
    key_figures += flow_figures
    projection = _projection(store, knr)
    projected = _projected_80_figure(
        projection, compared, store.sources.get(Measure.PROJECTION_AGE)
    )
    if projected is not None:
        key_figures.append(projected)
    age_shares = (
        {group: compared(_share((group,), year), 100) for group in AGE_GROUPS} if year else {}
    )
    return MunicipalityFigures(
        municipality=municipality,
        similar=similar,
        latest_year=year,
        base_year=base,
        population=population,
        age_now=store.groups(knr, year) if year else None,
        age_then=store.groups(knr, base) if base else None,
        key_figures=key_figures,
        flows=flows,
        projection=projection,
        sources=store.sources,
        age_shares=age_shares,
        statuses=_missing_symbols(store, knr, population, flows, projection),
    )


Comparing = Callable[[Ratio, float], Compared]


def _population_figures(
    year: int, base: int, compared: Comparing, source: SourceInfo | None
) -> list[KeyFigure]:
    """The key figures of the population: its change, the elderly's shares, the dependency."""
    return [
        KeyFigure(
            "population_change",
            FIGURE_LABELS["population_change"],
            "percent",
            year,
            compared(_change(year, base), 100),
            source,
            base_year=base,
        ),
        KeyFigure(
            "share_67",
            FIGURE_LABELS["share_67"],
            "percent",
            year,
            compared(_share(ELDERLY, year), 100),
            source,
        ),
        KeyFigure(
            "share_80",
            FIGURE_LABELS["share_80"],
            "percent",
            year,
            compared(_share(("80+",), year), 100),
            source,
        ),
        KeyFigure(
            "dependency_ratio",
            FIGURE_LABELS["dependency_ratio"],
            "ratio",
            year,
            compared(_share(ELDERLY, year, over=WORKING_AGE), 100),
            source,
        ),
    ]


def _flows(
    store: Store, knr: str, compared: Comparing
) -> tuple[dict[str, dict[int, float | None]], list[KeyFigure]]:
    """Births, deaths and migration by year, and their key figures per 1,000 inhabitants."""
    flows: dict[str, dict[int, float | None]] = {}
    key_figures = []
    for _code, measure in CHANGES.contents:
        values = store.values.get((measure, knr, ""), {})
        flows[measure] = dict(sorted(values.items()))
        years_with_population = [
            y for y, v in values.items() if v is not None and store.total(knr, y) is not None
        ]
        if years_with_population:
            flow_year = max(years_with_population)
            key_figures.append(
                KeyFigure(
                    measure,
                    FIGURE_LABELS[measure],
                    "per_1000",
                    flow_year,
                    compared(_per_1000(measure, flow_year), 1000),
                    store.sources.get(measure),
                )
            )
    return flows, key_figures


def _projection(store: Store, knr: str) -> dict[int, dict[str, float | None]]:
    """The projected population by year: in all, 67 or older, 80 or older."""
    projection: dict[int, dict[str, float | None]] = {}
    for proj_year in store.years(Measure.PROJECTION_AGE, knr):
        groups = store.groups(knr, proj_year, Measure.PROJECTION_AGE)
        projection[proj_year] = {
            "total": sum(groups.values()) if groups else None,
            "67+": sum(groups[g] for g in ELDERLY) if groups else None,
            "80+": groups["80+"] if groups else None,
        }
    return projection


def _projected_80_figure(
    projection: dict[int, dict[str, float | None]],
    compared: Comparing,
    source: SourceInfo | None,
) -> KeyFigure | None:
    """The projected change in the number aged 80 or older, to 2040 (or the last year)."""
    projected = sorted(y for y, v in projection.items() if v["80+"] is not None)
    if len(projected) < 2:
        return None
    start, target = projected[0], (2040 if 2040 in projected else projected[-1])
    return KeyFigure(
        "projected_80_change",
        FIGURE_LABELS["projected_80_change"],
        "percent",
        target,
        compared(_projected_change(("80+",), target, start), 100),
        source,
        base_year=start,
    )


def _missing_symbols(
    store: Store,
    region: str,
    population: dict[int, int | None],
    flows: dict[str, dict[int, float | None]],
    projection: dict[int, dict[str, float | None]],
) -> dict[str, dict[int, str]]:
    """SSB's symbols for the figures of `region` that are missing (see MunicipalityFigures)."""
    result: dict[str, dict[int, str]] = {
        "population": {
            year: symbol
            for year, value in population.items()
            if value is None and (symbol := store.groups_status(region, year))
        },
        "projection": {
            year: symbol
            for year, values in projection.items()
            if values["total"] is None
            and (symbol := store.groups_status(region, year, Measure.PROJECTION_AGE))
        },
    }
    for measure, values in flows.items():
        result[measure] = {
            year: symbol
            for year, value in values.items()
            if value is None and (symbol := store.status(measure, region, "", year))
        }
    return result


def key_figure_summary(municipality: Municipality) -> dict[str, Any]:
    """The few numbers of the dashboard panel (municipality only, one query)."""
    return _summary(Store([municipality.number]), municipality)


# A series' fields and its fetch's, as _read_series takes them.
_SERIES_FIELDS = ("measure", "region", "category", "values", "statuses", "unit")
_SERIES_DATA = {
    "fetch_table_id": "fetch__table_id",
    "fetch_source": "fetch__source",
    "fetch_fetched_at": "fetch__fetched_at",
    "fetch_updated": "fetch__updated",
    "fetch_label": "fetch__label",
}
# The population series of one municipality with their fetch, the one measure the dashboard's
# panel shows (its SQL made once per process, read with the other panels').
_POPULATION_SERIES = PreparedRows(
    lambda region: Series.objects.filter(region=region, measure=Measure.POPULATION_AGE),
    params={"region": str},
    fields=_SERIES_FIELDS,
    data=_SERIES_DATA,
)


# Every series of some regions (Store's read), as _POPULATION_SERIES reads one region's.
_SERIES_OF = PreparedRows(
    lambda regions: Series.objects.filter(region__in=regions),
    params={"regions": list[str]},
    fields=_SERIES_FIELDS,
    data=_SERIES_DATA,
)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value  # SQLite: JSON as text


def _read_series(_pk: int, _date: object, data: dict[str, Any]) -> list[SimpleNamespace]:
    return [
        SimpleNamespace(
            measure=data["measure"],
            region=data["region"],
            category=data["category"],
            values=_json(data["values"]),
            statuses=_json(data["statuses"]),
            unit=data["unit"],
            fetch=SimpleNamespace(
                table_id=data["fetch_table_id"],
                source=data["fetch_source"],
                fetched_at=json_datetime(data["fetch_fetched_at"]),
                updated=data["fetch_updated"],
                label=data["fetch_label"],
            ),
        )
    ]


def key_figure_panel(municipality: Municipality) -> PanelRead:
    """The dashboard panel's data (key_figure_summary's) as a read not yet made: the population
    series read with the other panels' in one query."""
    return panel_read(
        _POPULATION_SERIES(items=_read_series, region=municipality.number),
        panel=lambda found: _summary(Store.of_rows(found[0]), municipality),
    )


def _summary(store: Store, municipality: Municipality) -> dict[str, Any]:
    year = latest_year(store, municipality.number)
    if year is None:
        return {"year": None}
    share_80 = _aggregate(store, [municipality.number], _share(("80+",), year), 100)
    change = _aggregate(store, [municipality.number], _change(year, year - YEARS_BACK), 100)
    return {
        "year": year,
        "base_year": year - YEARS_BACK,
        "population": store.total(municipality.number, year),
        "change": change,
        "share_80": share_80,
        "source": store.sources.get(Measure.POPULATION_AGE),
    }


def percent(value: float | None, digits: int = 1) -> str:
    """A number in Norwegian form ("8,3"), or "–" for a gap."""
    if value is None:
        return "–"
    text = f"{value:.{digits}f}"
    if float(text) == 0:
        text = text.lstrip("-")  # no "−0,0"
    return text.replace(".", ",").replace("-", "−")


def statistics_fact(municipality: Municipality) -> dict[str, str]:
    """Which SSB series Samplan holds for the municipality (with their latest year) and how
    many statements the planner has written, for a learning network's application."""
    rows = Series.objects.filter(region=municipality.number).values_list("measure", "values")
    latest: dict[str, int] = {}
    for measure, values in rows:
        years = [int(year) for year, value in (values or {}).items() if value is not None]
        if years:
            latest[measure] = max(latest.get(measure, 0), max(years))
    lines = [
        _("%(measure)s (SSB, to %(year)s)") % {"measure": Measure(measure).label, "year": year}
        for measure, year in sorted(latest.items())
    ]
    statements = Statement.objects.filter(municipality=municipality).count()
    if statements:
        lines.append(
            _("%(count)s statements on the challenge picture written in Samplan")
            % {"count": statements}
        )
    return {"statistics": "\n".join(lines)}
