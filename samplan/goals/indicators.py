"""Indicators from Statistics Norway: the series the statistics module stores, by year, for one
municipality. Read through `samplan.stats.figures.Store` (the stored series, no network)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from samplan.stats.figures import Store
from samplan.stats.models import Measure
from samplan.stats.tables import AGE_GROUPS

# key → (label, unit)
SSB_SERIES = {
    "population": (_("Population, 1 January"), _("persons")),
    "share_67": (_("Share aged 67 or older"), "%"),
    "share_80": (_("Share aged 80 or older"), "%"),
    "children": (_("Children aged 0–15"), _("persons")),
    "net_migration": (_("Net migration"), _("persons")),
    "births": (_("Live births"), _("persons")),
}


def series_choices() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, (label, _unit) in SSB_SERIES.items()]


def _share(groups: dict[str, int], names: tuple[str, ...]) -> Decimal | None:
    total = sum(groups.values())
    if not total:
        return None
    share = Decimal(sum(groups[name] for name in names) * 100) / Decimal(total)
    return share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _population_value(key: str, groups: dict[str, int]) -> Decimal | None:
    if key == "population":
        return Decimal(sum(groups.values()))
    if key == "share_67":
        return _share(groups, ("67-79", "80+"))
    if key == "share_80":
        return _share(groups, ("80+",))
    if key == "children":
        return Decimal(groups["0-5"] + groups["6-15"])
    return None


FLOWS = {"net_migration": Measure.NET_MIGRATION, "births": Measure.BIRTHS}


def ssb_values(
    knr: str, keys: set[str], store: Store | None = None
) -> dict[str, dict[int, Decimal]]:
    """The values by year of each series in `keys` for municipality `knr` (years SSB has)."""
    store = store or Store([knr])
    result: dict[str, dict[int, Decimal]] = {key: {} for key in keys}
    for year in store.years(Measure.POPULATION_AGE, knr):
        groups = store.groups(knr, year)
        if groups is None or set(groups) != set(AGE_GROUPS):
            continue
        for key in keys:
            value = _population_value(key, groups)
            if value is not None:
                result[key][year] = value
    for key in keys & set(FLOWS):
        for year, value in store.values.get((FLOWS[key], knr, ""), {}).items():
            if value is not None:
                result[key][year] = Decimal(int(value))
    return result
