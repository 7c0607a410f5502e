"""Reads for process plans: what the pages, the dashboard panel and plantakt show, each in a
fixed, small number of queries."""

from __future__ import annotations

import datetime
from itertools import chain
from operator import attrgetter
from typing import Any

from django.db.models import Count, F, Prefetch
from django.urls import reverse
from django.utils import timezone

from samplan.core import modules, queries
from samplan.core.audit import history_entries
from samplan.core.modules import CalendarItem, CalendarQuery
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


def roles_of(process: Process, phases: list[Phase]) -> list[ProcessActor]:
    """The actors of the process with their register entry (one query), each with the
    activities it takes part in as `activity_list` (dated first, by date), taken from `phases`
    (phases_of: the activities and their participants are read there)."""
    roles = list(process.actor_roles.select_related("actor"))
    by_role: dict[int, list[Activity]] = {role.pk: [] for role in roles}
    for phase in phases:
        for activity in phase.activities.all():
            activity.phase = phase
            for participant in activity.participants.all():
                by_role.setdefault(participant.pk, []).append(activity)
    for role in roles:
        role.activity_list = sorted(
            by_role[role.pk],
            key=lambda a: (a.starts_on is None, a.starts_on or datetime.date.min, a.pk),
        )
    return roles


def questions_of(process: Process, stored: list[KeyQuestion] | None = None) -> list[dict[str, Any]]:
    """The six key questions in their order, each with the guide and the stored answer
    (`stored`: the answers when the caller has read them, see parts_of)."""
    stored = list(process.questions.all()) if stored is None else stored
    answers = {answer.key: answer for answer in stored}
    return [{"question": question, "answer": answers.get(question.key)} for question in QUESTIONS]


def parts_of(process: Process) -> tuple[list[IntermediateResult], list[KeyQuestion], list[Force]]:
    """The process's intermediate results (dated first, by date), key question answers and
    forces (by direction), read in one query."""
    results, answers, forces = queries.read_together(
        [
            queries.rows_query(
                process.results.all(),
                date="due_on",
                fields=("title", "measure"),
                items=lambda pk, date, data: [
                    IntermediateResult(pk=pk, process=process, due_on=date, **data)
                ],
            ),
            queries.rows_query(
                process.questions.all(),
                fields=("key", "text", "status", "version"),
                items=lambda pk, _date, data: [KeyQuestion(pk=pk, process=process, **data)],
            ),
            queries.rows_query(
                process.forces.all(),
                fields=("direction", "description", "response"),
                items=lambda pk, _date, data: [Force(pk=pk, process=process, **data)],
            ),
        ]
    )
    results.sort(key=lambda result: result.due_on is None)  # stable: by date within
    forces.sort(key=lambda force: (force.direction, force.pk))
    for row in (*results, *answers, *forces):
        row._state.adding = False  # read from the database, as from_db marks them
    return results, answers, forces


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
    roles = roles_of(process, phases)
    results, answers, forces = parts_of(process)
    return {
        "process": process,
        "phases": phases,
        "results": results,
        "questions": questions_of(process, answers),
        "roles": roles,
        "forces": forces,
        "warnings": checks.process_warnings(process, phases, roles),
        "timeline": charts.timeline(phases),
    }


def actors_page(process: Process) -> dict[str, Any]:
    """The actor analysis: the grid, the table, the forces and the participation plan."""
    phases = phases_of(process)
    roles = roles_of(process, phases)
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


def dashboard_panel(municipality: Municipality) -> modules.PanelRead:
    """Running and planned processes and the next dated activities (read with the other
    panels: the first five of each)."""
    today = timezone.localdate()
    processes = _RUNNING(
        items=lambda pk, _date, data: [queries.instance(Process, pk, data)],
        municipality=municipality.pk,
    )
    upcoming = _UPCOMING(items=_panel_activity, municipality=municipality.pk, today=today)

    def panel(read: list[list]) -> dict[str, Any]:
        return {
            "processes": sorted(
                read[0], key=lambda p: (p.starts_on is None, p.starts_on or today, p.name)
            ),
            "upcoming": sorted(read[1], key=lambda a: (a.starts_on, a.pk)),
        }

    return modules.panel_read(processes, upcoming, panel=panel)


_RUNNING = queries.PreparedRows(
    lambda municipality: queries.first_rows(
        Process.objects.filter(municipality_id=municipality)
        .exclude(status=ProcessStatus.DONE)
        .order_by(F("starts_on").asc(nulls_last=True), "name"),
        5,
    ),
    params={"municipality": str},
    fields=("municipality_id", "name", "status", "starts_on", "is_example"),
)
_UPCOMING = queries.PreparedRows(
    lambda municipality, today: queries.first_rows(
        Activity.objects.filter(phase__process__municipality_id=municipality, starts_on__gte=today)
        .exclude(phase__process__status=ProcessStatus.DONE)
        .order_by("starts_on", "pk"),
        5,
    ),
    params={"municipality": str, "today": datetime.date},
    date="starts_on",
    fields=("title", "phase_id"),
    data={"process_id": "phase__process_id", "process": "phase__process__name"},
)


def _panel_activity(pk: int, date: datetime.date | None, data: dict) -> list[Activity]:
    process = Process(pk=data.pop("process_id"), name=data.pop("process"))
    phase = Phase(pk=data["phase_id"], process=process)
    return [queries.instance(Activity, pk, data, starts_on=date, phase=phase)]


def calendar_query(municipality: Municipality, election_year: int) -> CalendarQuery:
    """The dated activities of the election period, for plantakt (read with the other modules'
    calendar items in one query)."""

    def items(pk: int, date: datetime.date | None, data: dict) -> list[CalendarItem]:
        return [
            CalendarItem(
                key=f"aktivitet-{pk}",
                title=data["title"],
                date=date,  # type: ignore[arg-type]
                description=f"{data['process']} – {data['phase']}",
                url=reverse("processes:detail", args=[municipality.pk, data["process_id"]]),
            )
        ]

    first, last = datetime.date(election_year, 1, 1), datetime.date(election_year + 4, 12, 31)
    return modules.calendar_rows_of(_ACTIVITIES, municipality, first, last, items)


_ACTIVITIES = modules.calendar_rows(
    lambda municipality, first, last: Activity.objects.filter(
        phase__process__municipality_id=municipality, starts_on__gte=first, starts_on__lte=last
    ),
    date="starts_on",
    fields=("title",),
    data={
        "process": "phase__process__name",
        "process_id": "phase__process_id",
        "phase": "phase__title",
    },
)


def calendar_items(municipality: Municipality, election_year: int) -> list[CalendarItem]:
    """The dated activities of the election period, by date (one query)."""
    return modules.calendar_query_items(calendar_query(municipality, election_year))


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
