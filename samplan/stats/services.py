"""Writes for the statistics: refresh from SSB (all or nothing) and the challenge statements."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samplan.core.audit import acting_as, service
from samplan.municipalities.models import Municipality

from .challenges import ComputedStatement
from .models import Fetch, Measure, Series, Source, Statement
from .ssb import SsbClient, SsbError, TableQuery, chunks
from .tables import AGE_GROUPS, REFRESH_TABLES, TableSpec, series_from_dataset

REGIONS_PER_QUERY = 50  # keeps the URL short and the answer well under SSB's cell limit


@dataclass(frozen=True)
class RefreshResult:
    requests: int
    series: int
    regions: int


def _build_query(spec: TableSpec, regions: list[str]) -> TableQuery:
    selections: list[tuple[str, tuple[str, ...]]] = [
        ("Region", tuple(regions)),
        ("ContentsCode", tuple(code for code, _measure in spec.contents)),
        ("Tid", (spec.years,)),
    ]
    if spec.by_age:
        selections.insert(1, ("Alder", ("*",)))
    return TableQuery(spec.table_id, tuple(selections))


def refresh(
    *,
    regions: list[str],
    client: SsbClient,
    progress: Callable[[int, int], None] | None = None,
    user: object | None = None,
) -> RefreshResult:
    """Fetch every refreshable table for `regions` from SSB, then write all of it at once.

    Any failure raises SsbError before anything is written: the cached figures stay as they were.
    (Not a `service` as a whole: the network is read before the transaction opens.)
    """
    plan = [
        (spec, chunk) for spec in REFRESH_TABLES for chunk in chunks(regions, REGIONS_PER_QUERY)
    ]
    fetched = []
    for done, (spec, chunk) in enumerate(plan, start=1):
        query = _build_query(spec, chunk)
        dataset = client.fetch(query)
        try:
            series = series_from_dataset(spec, dataset)
        except ValueError as error:
            raise SsbError(
                _("SSB's answer for table %(table)s could not be read: %(detail)s")
                % {"table": spec.table_id, "detail": str(error)}
            ) from error
        if not series:
            raise SsbError(
                _("SSB's answer for table %(table)s had none of the figures asked for.")
                % {"table": spec.table_id}
            )
        fetched.append((spec, query, client.url(query), dataset, series))
        if progress is not None:
            progress(done, len(plan))
    written = 0
    now = timezone.now()
    with transaction.atomic(), acting_as(user):
        for spec, query, url, dataset, series in fetched:
            fetch = Fetch.objects.create(
                source=Source.SSB,
                table_id=spec.table_id,
                query=query.as_json(),
                url=url,
                fetched_at=now,
                updated=dataset.updated[:40],
                label=dataset.label[:400],
            )
            # Replace exactly the series in the answer (measure and region); others stay.
            for measure in {key[0] for key in series}:
                regions_in_answer = {key[1] for key in series if key[0] == measure}
                Series.objects.filter(measure=measure, region__in=regions_in_answer).delete()
            Series.objects.bulk_create(
                [
                    Series(
                        measure=measure,
                        region=region,
                        category=category,
                        fetch=fetch,
                        values=data.values,
                        statuses=data.statuses,
                        unit=data.unit[:40],
                    )
                    for (measure, region, category), data in series.items()
                ],
                batch_size=500,
            )
            written += len(series)
        Fetch.objects.filter(source=Source.SSB, series__isnull=True).delete()
        population_sync(user=user)
    return RefreshResult(requests=len(plan), series=written, regions=len(regions))


@service
def population_sync(*, user: object | None = None) -> int:
    """Give each municipality the newest population figure the statistics have (the sum of the
    age groups on 1 January of the latest complete year), so that every page shows one figure
    with its date. An older figure never replaces a newer one. Returns how many changed."""
    totals: dict[str, dict[int, list[float]]] = {}
    rows = Series.objects.filter(measure=Measure.POPULATION_AGE, category__in=AGE_GROUPS)
    for region, values in rows.values_list("region", "values"):
        for year, value in values.items():
            if len(region) == 4 and value is not None:
                totals.setdefault(region, {}).setdefault(int(year), []).append(value)
    changed = []
    for municipality in Municipality.objects.filter(number__in=totals):
        complete = {
            year: int(sum(groups))
            for year, groups in totals[municipality.number].items()
            if len(groups) == len(AGE_GROUPS)
        }
        if not complete:
            continue
        year = max(complete)
        newer = year > municipality.population_year
        corrected = (
            year == municipality.population_year and complete[year] != municipality.population
        )
        if newer or corrected:
            municipality.population, municipality.population_year = complete[year], year
            changed.append(municipality)
    Municipality.objects.bulk_update(changed, ["population", "population_year"], batch_size=500)
    return len(changed)


@service
def statement_save(
    *,
    municipality: Municipality,
    computed: ComputedStatement,
    text: str,
    selected: bool,
    user: object | None = None,
) -> Statement:
    """Save the planner's wording and choice; the numbers always come from the computation."""
    statement = Statement.objects.filter(municipality=municipality, key=computed.key).first()
    if statement is None:
        statement = Statement(municipality=municipality, key=computed.key)
    statement.numbers = computed.numbers
    statement.text = text.strip()
    statement.selected = selected
    statement.full_clean()
    statement.save()
    return statement
