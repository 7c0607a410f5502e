"""Read endpoints of the other modules: clean-up decisions, deadlines, statistics, strategies,
process plans, goals, measures and consultations. Each is a page of the municipality's own rows,
after `get_municipality_for_user` as its pages do; they are declared in one table (`LISTS`)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Schema

from samplan.goals.models import Goal, Measure
from samplan.municipalities.models import Municipality
from samplan.municipalities.permissions import get_municipality_for_user
from samplan.participation.models import Consultation
from samplan.plans.models import CleanupDecision
from samplan.plantakt.models import OwnItem
from samplan.processes.models import Process
from samplan.stats.models import Series
from samplan.strategy.models import Strategy

from . import schemas
from .machinery import LIMIT, OFFSET, READ_ERRORS, YEAR, page_of, router
from .selectors import measure_out


class NoFilters(Schema):
    pass


class PeriodFilter(Schema):
    period_start: int | None = YEAR


class ElectionYearFilter(Schema):
    election_year: int | None = YEAR


class YearFilter(Schema):
    year: int | None = YEAR


@dataclass(frozen=True)
class ListEndpoint:
    """One read list: its address under the municipality, what it answers and how it reads."""

    path: str
    operation_id: str
    summary: str
    page: type[Schema]
    rows: Callable[[Municipality, Any], QuerySet]
    item: Callable[[Any], dict[str, object]] | None = None
    filters: type[Schema] = NoFilters


def _fields_of(page: type[Schema]) -> Callable[[Any], dict[str, object]]:
    """The item of a page's schema, read field by field from the row."""
    item_schema = page.model_fields["items"].annotation.__args__[0]
    names = list(item_schema.model_fields)
    return lambda row: {name: getattr(row, name) for name in names}


def _only(rows: QuerySet, **lookups: object) -> QuerySet:
    """`rows` filtered by the lookups that were given (None: not filtered)."""
    return rows.filter(**{key: value for key, value in lookups.items() if value is not None})


LISTS = (
    ListEndpoint(
        "ryddevedtak",
        "cleanup_decisions_list",
        "Vedtak om rydding i planverket",
        schemas.CleanupDecisionPage,
        lambda municipality, filters: _only(
            CleanupDecision.objects.filter(municipality=municipality),
            period_start=filters.period_start,
        ).order_by("period_start", "pk"),
        filters=PeriodFilter,
    ),
    ListEndpoint(
        "frister",
        "deadlines_list",
        "Kommunens egne frister i plantakten",
        schemas.DeadlinePage,
        lambda municipality, filters: _only(
            OwnItem.objects.filter(municipality=municipality),
            election_year=filters.election_year,
        ).order_by("date", "pk"),
        filters=ElectionYearFilter,
    ),
    ListEndpoint(
        "statistikk",
        "statistics_list",
        "Statistikk fra SSB for kommunen",
        schemas.SeriesPage,
        lambda municipality, filters: Series.objects.filter(region=municipality.number).order_by(
            "measure", "pk"
        ),
    ),
    ListEndpoint(
        "planstrategier",
        "strategies_list",
        "Planstrategiene",
        schemas.StrategyPage,
        lambda municipality, filters: Strategy.objects.filter(municipality=municipality).order_by(
            "period_start", "pk"
        ),
    ),
    ListEndpoint(
        "prosessplaner",
        "processes_list",
        "Prosessplanene",
        schemas.ProcessPage,
        lambda municipality, filters: Process.objects.filter(municipality=municipality).order_by(
            "name", "pk"
        ),
    ),
    ListEndpoint(
        "maal",
        "goals_list",
        "Målene",
        schemas.GoalPage,
        lambda municipality, filters: Goal.objects.filter(municipality=municipality).order_by(
            "order", "pk"
        ),
    ),
    ListEndpoint(
        "tiltak",
        "measures_list",
        "Tiltakene i handlingsdelen",
        schemas.MeasurePage,
        lambda municipality, filters: _only(
            Measure.objects.filter(municipality=municipality)
            .select_related("action_plan")
            .prefetch_related("goals"),
            action_plan__first_year=filters.year,
        ).order_by("-action_plan__first_year", "pk"),
        item=measure_out,
        filters=YearFilter,
    ),
    ListEndpoint(
        "horinger",
        "consultations_list",
        "Høringer og medvirkning",
        schemas.ConsultationPage,
        lambda municipality, filters: Consultation.objects.filter(
            municipality=municipality
        ).order_by("-opens_on", "pk"),
    ),
)


def _register(endpoint: ListEndpoint) -> None:
    item = endpoint.item or _fields_of(endpoint.page)
    filters_schema = endpoint.filters

    def page(request: HttpRequest, knr: str, filters: Any, limit: int, offset: int) -> dict:
        access = get_municipality_for_user(request, knr)
        rows = endpoint.rows(access.municipality, filters)
        return page_of(request, rows, limit=limit, offset=offset, item=item)

    # django-ninja takes an empty filter schema for a required parameter: a list without
    # filters has no `filters` parameter at all.
    def unfiltered(
        request: HttpRequest, knr: str, limit: int = LIMIT, offset: int = OFFSET
    ) -> dict:
        return page(request, knr, NoFilters(), limit, offset)

    def filtered(
        request: HttpRequest,
        knr: str,
        filters: Query[filters_schema],  # type: ignore[valid-type]
        limit: int = LIMIT,
        offset: int = OFFSET,
    ) -> dict:
        return page(request, knr, filters, limit, offset)

    view = unfiltered if filters_schema is NoFilters else filtered
    view.__name__ = endpoint.operation_id
    router.get(
        f"/kommuner/{{knr}}/{endpoint.path}",
        response={200: endpoint.page, **READ_ERRORS},
        operation_id=endpoint.operation_id,
        url_name=endpoint.operation_id,
        summary=endpoint.summary,
    )(view)


for _endpoint in LISTS:
    _register(_endpoint)
