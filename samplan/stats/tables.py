"""Which SSB tables Samplan reads, and how their answers become series.

The population by age group comes from the shipped snapshot (table 07459). Births, deaths and
net migration (table 06913) and the population projection are fetched by `samplan stats refresh`.
If SSB renames a table or a code, SSB answers 400/404 and the refresh stops with a clear message,
keeping the cached figures; change the codes here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .jsonstat import Dataset
from .models import Measure

AGE_GROUPS: tuple[str, ...] = ("0-5", "6-15", "16-19", "20-44", "45-66", "67-79", "80+")
_GROUP_BOUNDS = ((0, 5), (6, 15), (16, 19), (20, 44), (45, 66), (67, 79), (80, 200))

POPULATION_TABLE = "07459"
# Who publishes every figure Samplan shows, and where each table is on the web.
PUBLISHER = "Statistisk sentralbyrå"
TABLE_ADDRESS = "https://www.ssb.no/statbank/table/{table_id}"


def table_url(table_id: str) -> str:
    """The address of an SSB table in Statistikkbanken, e.g. …/statbank/table/07459."""
    return TABLE_ADDRESS.format(table_id=table_id)


@dataclass(frozen=True)
class TableSpec:
    """One SSB table and the measures Samplan takes from it."""

    table_id: str
    # ContentsCode → measure
    contents: tuple[tuple[str, str], ...]
    reference: str | Promise  # what the year means
    by_age: bool = False
    years: str = "from(2010)"


CHANGES = TableSpec(
    table_id="06913",
    contents=(
        ("Levendefodte", Measure.BIRTHS),
        ("Dode", Measure.DEATHS),
        ("Nettoinnflytting", Measure.NET_MIGRATION),
    ),
    reference=_("during the year"),
)
# 14288 "Framskrevet folkemengde 1. januar, etter region, kjønn, alder, år og statistikkvariabel":
# the content variable holds the projection alternatives; MMMM is SSB's main alternative
# (medium fertility, life expectancy, internal migration and immigration).
PROJECTION = TableSpec(
    table_id="14288",
    contents=(("MMMM", Measure.PROJECTION_AGE),),
    reference=_("1 January, main alternative"),
    by_age=True,
    years="*",
)
REFRESH_TABLES: tuple[TableSpec, ...] = (CHANGES, PROJECTION)

TABLE_FOR_MEASURE: dict[str, str] = {
    Measure.POPULATION_AGE: POPULATION_TABLE,
    **{measure: spec.table_id for spec in REFRESH_TABLES for _code, measure in spec.contents},
}


def age_group(code: str) -> str | None:
    """The age group of an SSB single-year age code ("000", "7", "105+"); None if not one."""
    digits = code.rstrip("+").lstrip("0") or ("0" if code.strip("+") else "")
    if not digits.isdigit():
        return None
    age = int(digits)
    for group, (low, high) in zip(AGE_GROUPS, _GROUP_BOUNDS, strict=True):
        if low <= age <= high:
            return group
    return None


@dataclass
class SeriesData:
    """One series of an answer: values by year (None = missing), SSB's symbols by year (the
    reason a value is missing, or a mark such as provisional) and SSB's unit."""

    values: dict[str, float | None]
    statuses: dict[str, str]
    unit: str


def series_from_dataset(
    spec: TableSpec, dataset: Dataset
) -> dict[tuple[str, str, str], SeriesData]:
    """{(measure, region, category): SeriesData} from an answer.

    Single ages are added up into Samplan's age groups; a group with any missing age is missing,
    with the symbol of the first missing age. A missing value keeps SSB's symbol; none is made up
    where SSB gave none.
    """
    measures = dict(spec.contents)
    missing = {"Region", "ContentsCode", "Tid"} - set(dataset.dimension_ids)
    if missing:
        raise ValueError(
            _("The answer lacks the dimensions %(names)s.") % {"names": ", ".join(sorted(missing))}
        )
    if spec.by_age and "Alder" not in dataset.dimension_ids:
        raise ValueError(_("The answer has no age dimension."))
    result: dict[tuple[str, str, str], SeriesData] = {}
    for row in dataset.rows:
        measure = measures.get(row.codes["ContentsCode"])
        if measure is None:
            continue
        category = ""
        if spec.by_age:
            category = age_group(row.codes["Alder"]) or ""
            if not category:
                continue  # totals such as "999" are not ages
        region = row.codes["Region"].removeprefix("K-")
        unit = dataset.units.get(row.codes["ContentsCode"])
        series = result.setdefault(
            (measure, region, category), SeriesData({}, {}, unit.base if unit else "")
        )
        values, statuses = series.values, series.statuses
        year = row.codes["Tid"]
        if row.value is None:
            if values.get(year) is not None or year not in values:
                statuses.pop(year, None)  # the reason of the missing age replaces any mark
            values[year] = None
        elif year in values and values[year] is None:
            continue  # one missing age makes the group missing
        else:
            values[year] = (values.get(year) or 0) + row.value
        if row.status:
            statuses.setdefault(year, row.status)
    return result


def region_codes(codes: Iterable[str]) -> list[str]:
    return sorted(set(codes), key=lambda code: (len(code), code))
