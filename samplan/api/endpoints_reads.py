"""Read endpoints of the other modules: clean-up decisions, deadlines, statistics, strategies,
process plans, goals, measures and consultations. Each reads the municipality's own rows, after
`get_municipality_for_user` as its pages do."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from samplan.goals.models import Goal, Measure
from samplan.municipalities.permissions import get_municipality_for_user
from samplan.participation.models import Consultation
from samplan.plans.models import CleanupDecision
from samplan.plantakt.models import OwnItem
from samplan.processes.models import Process
from samplan.stats.models import Series
from samplan.strategy.models import Strategy

from . import schemas
from .machinery import LIMIT, OFFSET, READ_ERRORS, YEAR, page_of

router = Router()


def _fields(schema: type[schemas.Schema]) -> list[str]:
    return list(schema.model_fields)


def _values(row: object, names: list[str]) -> dict[str, object]:
    return {name: getattr(row, name) for name in names}


@router.get(
    "/kommuner/{knr}/ryddevedtak",
    response={200: schemas.CleanupDecisionPage, **READ_ERRORS},
    operation_id="cleanup_decisions_list",
    summary="Vedtak om rydding i planverket",
)
def cleanup_decisions_list(
    request: HttpRequest,
    knr: str,
    period_start: int | None = YEAR,
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> dict[str, object]:
    access = get_municipality_for_user(request, knr)
    rows = CleanupDecision.objects.filter(municipality=access.municipality).order_by(
        "period_start", "pk"
    )
    if period_start is not None:
        rows = rows.filter(period_start=period_start)
    names = _fields(schemas.CleanupDecisionOut)
    return page_of(request, rows, limit=limit, offset=offset, item=lambda row: _values(row, names))


@router.get(
    "/kommuner/{knr}/frister",
    response={200: schemas.DeadlinePage, **READ_ERRORS},
    operation_id="deadlines_list",
    summary="Kommunens egne frister i plantakten",
)
def deadlines_list(
    request: HttpRequest,
    knr: str,
    election_year: int | None = YEAR,
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> dict[str, object]:
    access = get_municipality_for_user(request, knr)
    rows = OwnItem.objects.filter(municipality=access.municipality).order_by("date", "pk")
    if election_year is not None:
        rows = rows.filter(election_year=election_year)
    names = _fields(schemas.DeadlineOut)
    return page_of(request, rows, limit=limit, offset=offset, item=lambda row: _values(row, names))


@router.get(
    "/kommuner/{knr}/statistikk",
    response={200: schemas.SeriesPage, **READ_ERRORS},
    operation_id="statistics_list",
    summary="Statistikk fra SSB for kommunen",
)
def statistics_list(
    request: HttpRequest, knr: str, limit: int = LIMIT, offset: int = OFFSET
) -> dict[str, object]:
    access = get_municipality_for_user(request, knr)
    rows = Series.objects.filter(region=access.municipality.number).order_by("measure", "pk")
    names = _fields(schemas.SeriesOut)
    return page_of(request, rows, limit=limit, offset=offset, item=lambda row: _values(row, names))


@router.get(
    "/kommuner/{knr}/planstrategier",
    response={200: schemas.StrategyPage, **READ_ERRORS},
    operation_id="strategies_list",
    summary="Planstrategiene",
)
def strategies_list(
    request: HttpRequest, knr: str, limit: int = LIMIT, offset: int = OFFSET
) -> dict[str, object]:
    access = get_municipality_for_user(request, knr)
    rows = Strategy.objects.filter(municipality=access.municipality).order_by("period_start", "pk")
    names = _fields(schemas.StrategyOut)
    return page_of(request, rows, limit=limit, offset=offset, item=lambda row: _values(row, names))


@router.get(
    "/kommuner/{knr}/prosessplaner",
    response={200: schemas.ProcessPage, **READ_ERRORS},
    operation_id="processes_list",
    summary="Prosessplanene",
)
def processes_list(
    request: HttpRequest, knr: str, limit: int = LIMIT, offset: int = OFFSET
) -> dict[str, object]:
    access = get_municipality_for_user(request, knr)
    rows = Process.objects.filter(municipality=access.municipality).order_by("name", "pk")
    names = _fields(schemas.ProcessOut)
    return page_of(request, rows, limit=limit, offset=offset, item=lambda row: _values(row, names))


@router.get(
    "/kommuner/{knr}/maal",
    response={200: schemas.GoalPage, **READ_ERRORS},
    operation_id="goals_list",
    summary="Målene",
)
def goals_list(
    request: HttpRequest, knr: str, limit: int = LIMIT, offset: int = OFFSET
) -> dict[str, object]:
    access = get_municipality_for_user(request, knr)
    rows = Goal.objects.filter(municipality=access.municipality).order_by("order", "pk")
    names = _fields(schemas.GoalOut)
    return page_of(request, rows, limit=limit, offset=offset, item=lambda row: _values(row, names))


def _measure(measure: Measure) -> dict[str, object]:
    return {
        **_values(measure, ["id", "title", "description", "unit", "start_year", "end_year"]),
        "kind": measure.kind,
        "action_plan_year": measure.action_plan.first_year,
        "costs": [measure.cost_1, measure.cost_2, measure.cost_3, measure.cost_4],
        "goal_ids": sorted(goal.pk for goal in measure.goals.all()),
    }


@router.get(
    "/kommuner/{knr}/tiltak",
    response={200: schemas.MeasurePage, **READ_ERRORS},
    operation_id="measures_list",
    summary="Tiltakene i handlingsdelen",
)
def measures_list(
    request: HttpRequest,
    knr: str,
    year: int | None = YEAR,
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> dict[str, object]:
    access = get_municipality_for_user(request, knr)
    rows = (
        Measure.objects.filter(municipality=access.municipality)
        .select_related("action_plan")
        .prefetch_related("goals")
        .order_by("-action_plan__first_year", "pk")
    )
    if year is not None:
        rows = rows.filter(action_plan__first_year=year)
    return page_of(request, rows, limit=limit, offset=offset, item=_measure)


@router.get(
    "/kommuner/{knr}/horinger",
    response={200: schemas.ConsultationPage, **READ_ERRORS},
    operation_id="consultations_list",
    summary="Høringer og medvirkning",
)
def consultations_list(
    request: HttpRequest, knr: str, limit: int = LIMIT, offset: int = OFFSET
) -> dict[str, object]:
    access = get_municipality_for_user(request, knr)
    rows = Consultation.objects.filter(municipality=access.municipality).order_by("-opens_on", "pk")
    names = _fields(schemas.ConsultationOut)
    return page_of(request, rows, limit=limit, offset=offset, item=lambda row: _values(row, names))
