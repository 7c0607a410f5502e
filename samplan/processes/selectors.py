"""Reads for process plans: what the pages, the dashboard panel and plantakt show, each in a
fixed, small number of queries."""

from __future__ import annotations

import datetime
from itertools import chain
from operator import attrgetter
from typing import Any

from django.db.models import Count, Prefetch
from django.utils import timezone

from samplan.core import freshness
from samplan.core.audit import history_entries
from samplan.core.modules import CalendarItem
from samplan.municipalities.models import Municipality, Organisation

from . import charts, checks
from .models import (
    Activity,
    Actor,
    Force,
    IntermediateResult,
    KeyQuestion,
    Phase,
    Process,
    ProcessActor,
    ProcessStatus,
    ProcessTemplate,
)
from .questions import QUESTIONS


def process_list(municipality: Municipality) -> list[Process]:
    """The municipality's processes with their number of phases and activities."""
    return list(
        Process.objects.filter(municipality=municipality).annotate(
            phase_count=Count("phases", distinct=True),
            activity_count=Count("phases__activities", distinct=True),
        )
    )


def phases_of(process: Process) -> list[Phase]:
    """The phases, each with its activities and their participants (three queries)."""
    return list(
        process.phases.prefetch_related(
            Prefetch(
                "activities",
                queryset=Activity.objects.prefetch_related(
                    Prefetch("participants", queryset=ProcessActor.objects.select_related("actor"))
                ),
            )
        )
    )


def roles_of(process: Process) -> list[ProcessActor]:
    """The actors of the process with their register entry and activities (two queries)."""
    return list(
        process.actor_roles.select_related("actor").prefetch_related(
            Prefetch("activities", queryset=Activity.objects.select_related("phase"))
        )
    )


def questions_of(process: Process) -> list[dict[str, Any]]:
    """The six key questions in their order, each with the guide and the stored answer."""
    answers = {answer.key: answer for answer in process.questions.all()}
    return [{"question": question, "answer": answers.get(question.key)} for question in QUESTIONS]


def process_history(process: Process) -> list:
    """The history of the process and everything in it, newest first."""
    phase_ids = [phase.pk for phase in process.phases.all()]
    records = sorted(
        chain(
            process.history.select_related("history_user"),
            KeyQuestion.history.filter(process_id=process.pk).select_related("history_user"),
            IntermediateResult.history.filter(process_id=process.pk).select_related("history_user"),
            Phase.history.filter(process_id=process.pk).select_related("history_user"),
            Activity.history.filter(phase_id__in=phase_ids).select_related("history_user"),
            ProcessActor.history.filter(process_id=process.pk).select_related("history_user"),
            Force.history.filter(process_id=process.pk).select_related("history_user"),
        ),
        key=attrgetter("history_date"),
        reverse=True,
    )[:200]
    return history_entries(records)


def process_page(process: Process) -> dict[str, Any]:
    """Everything the process page shows."""
    phases = phases_of(process)
    roles = roles_of(process)
    return {
        "process": process,
        "phases": phases,
        "results": list(process.results.all()),
        "questions": questions_of(process),
        "roles": roles,
        "forces": list(process.forces.all()),
        "warnings": checks.process_warnings(process, phases, roles),
        "timeline": charts.timeline(phases),
    }


def actors_page(process: Process) -> dict[str, Any]:
    """The actor analysis: the grid, the table, the forces and the participation plan."""
    roles = roles_of(process)
    phases = phases_of(process)
    activities = [activity for phase in phases for activity in phase.activities.all()]
    return {
        "process": process,
        "roles": roles,
        "grid": charts.grid(roles),
        "forces": list(process.forces.all()),
        "group_warnings": checks.missing_groups(process, roles, activities),
    }


def register(municipality: Municipality) -> list[Actor]:
    """The municipality's actor register, with the number of processes each takes part in."""
    return list(
        Actor.objects.filter(municipality=municipality).annotate(
            process_count=Count("roles", distinct=True)
        )
    )


def dashboard_panel(municipality: Municipality) -> dict[str, Any]:
    """Running and planned processes and the next dated activities (two queries; cached until
    the municipality's data changes, see core/freshness)."""
    return freshness.cached(
        "processes_panel", lambda: _dashboard_panel(municipality), municipality=municipality.pk
    )


def _dashboard_panel(municipality: Municipality) -> dict[str, Any]:
    today = timezone.localdate()
    processes = list(
        Process.objects.filter(municipality=municipality)
        .exclude(status=ProcessStatus.DONE)
        .order_by("starts_on", "name")[:5]
    )
    upcoming = list(
        Activity.objects.filter(phase__process__municipality=municipality, starts_on__gte=today)
        .exclude(phase__process__status=ProcessStatus.DONE)
        .select_related("phase__process")
        .order_by("starts_on", "pk")[:5]
    )
    return {"processes": processes, "upcoming": upcoming}


def calendar_items(municipality: Municipality, election_year: int) -> list[CalendarItem]:
    """The dated activities of the election period, for plantakt (one query)."""
    first = datetime.date(election_year, 1, 1)
    last = datetime.date(election_year + 4, 12, 31)
    activities = (
        Activity.objects.filter(
            phase__process__municipality=municipality,
            starts_on__gte=first,
            starts_on__lte=last,
        )
        .select_related("phase__process")
        .order_by("starts_on", "pk")
    )
    return [
        CalendarItem(
            key=f"aktivitet-{activity.pk}",
            title=activity.title,
            date=activity.starts_on,
            description=f"{activity.phase.process.name} – {activity.phase.title}",
            url=activity.phase.process.get_absolute_url(),
        )
        for activity in activities
    ]


def templates_copied_from(municipality: Municipality, key: str) -> list[Process]:
    return list(Process.objects.filter(municipality=municipality, source_template=key))


def search(processes: list[Process], query: str) -> list[Process]:
    """The processes whose name or desired result contains every word of `query`."""
    words = query.lower().split()
    return [
        process
        for process in processes
        if all(word in f"{process.name} {process.desired_result}".lower() for word in words)
    ]


def county_templates(organisation: Organisation) -> list[ProcessTemplate]:
    """The templates a county municipality has published."""
    return list(ProcessTemplate.objects.filter(organisation=organisation))
