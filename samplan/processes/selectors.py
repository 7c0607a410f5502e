"""Reads for process plans: what the pages, the dashboard panel and plantakt show, each in a
fixed, small number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import chain
from operator import attrgetter
from typing import Any, NamedTuple

from django.db.models import CharField, Count, F, Model, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samplan.core import links, modules, queries
from samplan.core.audit import history_entries
from samplan.core.modules import CalendarItem, CalendarQuery, StatusCell
from samplan.core.prepared import PreparedQuery
from samplan.municipalities.models import Municipality, Organisation

from . import charts, checks
from .arenas import process_subject_key
from .library import COUNTY_PREFIX, Change, template_changes
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
    Strategy,
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


@cache
def _choices(model: type[Model], name: str) -> dict[Any, Any]:
    return dict(model._meta.get_field(name).flatchoices)


def _label(rows: list[Any], *names: str) -> None:
    """Give each row `<name>_label`: the label of the field's value, as get_<name>_display
    gives it, from a table made once per field instead of once per call (the labels stay
    lazy, so they are in the page's language)."""
    for row in rows:
        for name in names:
            value = getattr(row, name)
            setattr(row, f"{name}_label", _choices(type(row), name).get(value, value))


# The reads of a process's parts, their SQL compiled once per process (core/prepared.py and
# core/queries.py): the ORM's compiling costs more CPU than the database takes to answer.
_PHASES = PreparedQuery(lambda process: Phase.objects.filter(process_id=process), process=-1)
_PROCESS_ACTIVITIES = PreparedQuery(
    lambda process: Activity.objects.filter(phase__process_id=process), process=-1
)
_ROLES = PreparedQuery(
    lambda process: ProcessActor.objects.filter(process_id=process).select_related("actor"),
    process=-1,
)
_PARTICIPANTS = queries.PreparedRows(
    lambda process: Activity.participants.through.objects.filter(
        activity__phase__process_id=process
    ),
    params={"process": int},
    data={"activity": "activity_id", "role": "processactor_id"},
)
_RESULTS = queries.PreparedRows(
    lambda process: IntermediateResult.objects.filter(process_id=process),
    params={"process": int},
    date="due_on",
    fields=("title", "measure"),
)
_ANSWERS = queries.PreparedRows(
    lambda process: KeyQuestion.objects.filter(process_id=process),
    params={"process": int},
    fields=("key", "text", "status", "version"),
)
_FORCES = queries.PreparedRows(
    lambda process: Force.objects.filter(process_id=process),
    params={"process": int},
    fields=("direction", "description", "response"),
)


def _participants(process: Process) -> queries.RowsQuery:
    """Who takes part in what: (activity id, process actor id) pairs."""
    return _PARTICIPANTS(
        process=process.pk, items=lambda _pk, _date, data: [(data["activity"], data["role"])]
    )


def _forces(process: Process) -> queries.RowsQuery:
    """The process's forces (the caller sorts them: see _read)."""
    return _FORCES(
        process=process.pk,
        items=lambda pk, _date, data: [Force(pk=pk, process=process, **data)],
    )


def _read(*rows: list[Model]) -> None:
    """Instances made from read_together's data are read from the database, as from_db marks
    them."""
    for row in chain(*rows):
        row._state.adding = False


def _of_process(rows: list[Any], process: Process) -> list[Any]:
    """Rows read by the process's id, knowing their process (as process.phases.all() would)."""
    for row in rows:
        row.process = process
    return rows


def phases_and_roles(
    process: Process, links: list[tuple[int, int]] | None = None
) -> tuple[list[Phase], list[ProcessActor]]:
    """The phases, each with its activities as `activity_list` (by date), each activity with
    its participants as `participant_list`; and the actors of the process with their register
    entry, each with the activities it takes part in as `activity_list` (dated first, by date).
    Three plain queries (the phases, the activities, the actors) and who takes part in what
    (`links`: read by the caller with its other small reads, see parts_of; else one more
    query); the participants are the actor rows already read, not read again."""
    phases = _of_process(_PHASES(process=process.pk), process)
    activities = _PROCESS_ACTIVITIES(process=process.pk)
    if links is None:
        (links,) = queries.read_together([_participants(process)])
    roles = _of_process(_ROLES(process=process.pk), process)
    by_phase: dict[int, list[Activity]] = {phase.pk: [] for phase in phases}
    for activity in activities:
        by_phase[activity.phase_id].append(activity)
    for phase in phases:
        phase.activity_list = by_phase[phase.pk]
        for activity in phase.activity_list:
            activity.phase = phase
    taking_part: dict[int, set[int]] = {}
    for activity_id, role_id in links:
        taking_part.setdefault(activity_id, set()).add(role_id)
    by_role: dict[int, list[Activity]] = {role.pk: [] for role in roles}
    for activity in activities:
        chosen = taking_part.get(activity.pk, set())
        activity.participant_list = [role for role in roles if role.pk in chosen]
        for role in activity.participant_list:
            by_role[role.pk].append(activity)
    for role in roles:
        role.activity_list = sorted(
            by_role[role.pk],
            key=lambda a: (a.starts_on is None, a.starts_on or datetime.date.min, a.pk),
        )
    today = timezone.localdate()
    for activity in activities:  # held, or forgotten: a past activity not marked done
        activity.not_marked = bool(
            activity.starts_on and activity.starts_on < today and activity.done_on is None
        )
    _label(activities, "kind", "group")
    _label(roles, "involvement", "strategy")
    _label([role.actor for role in roles], "kind", "group")
    return phases, roles


def questions_of(process: Process, stored: list[KeyQuestion] | None = None) -> list[dict[str, Any]]:
    """The six key questions in their order, each with the guide and the stored answer
    (`stored`: the answers when the caller has read them, see parts_of)."""
    stored = list(process.questions.all()) if stored is None else stored
    answers = {answer.key: answer for answer in stored}
    return [{"question": question, "answer": answers.get(question.key)} for question in QUESTIONS]


def parts_of(
    process: Process, also: tuple[queries.RowsQuery, ...] = ()
) -> tuple[
    list[IntermediateResult], list[KeyQuestion], list[Force], list[tuple[int, int]], list[list]
]:
    """The process's intermediate results (dated first, by date), key question answers, forces
    (by direction), who takes part in which activity (for phases_and_roles) and what the
    caller's `also` read (one list each), read in one query."""
    results, answers, forces, links, *more = queries.read_together(
        [
            _RESULTS(
                process=process.pk,
                items=lambda pk, date, data: [
                    IntermediateResult(pk=pk, process=process, due_on=date, **data)
                ],
            ),
            _ANSWERS(
                process=process.pk,
                items=lambda pk, _date, data: [KeyQuestion(pk=pk, process=process, **data)],
            ),
            _forces(process),
            _participants(process),
            *also,
        ]
    )
    results.sort(key=lambda result: result.due_on is None)  # stable: by date within
    forces.sort(key=lambda force: (force.direction, force.pk))  # as Force's ordering
    _read(results, answers, forces)
    _label(answers, "status")
    return results, answers, forces, links, more


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


_MARK = 987654321


def _address(name: str, *args: object) -> Callable[[object], str]:
    """reverse(name, args=[*args, last]) for the `last` of each row, with one reverse per
    process (core/links.py; the keys and primary keys in these addresses need no quoting)."""
    head, tail = links.link(name, *args, _MARK).rsplit(str(_MARK), 1)
    return lambda last: f"{head}{last}{tail}"


def _row_addresses(
    process: Process,
    phases: list[Phase],
    results: list[IntermediateResult],
    questions: list[dict[str, Any]],
) -> None:
    """The edit and delete addresses of each row of the process page, as attributes."""
    knr, pk = process.municipality_id, process.pk
    delete = {
        part: _address("processes:delete", knr, pk, part)
        for part in ("fase", "aktivitet", "delresultat")
    }
    phase_edit = _address("processes:phase_edit", knr, pk)
    activity_add = _address("processes:activity_add", knr, pk)
    activity_edit = _address("processes:activity_edit", knr, pk)
    for phase in phases:
        phase.edit_url = phase_edit(phase.pk)
        phase.delete_url = delete["fase"](phase.pk)
        phase.activity_add_url = activity_add(phase.pk)
        for activity in phase.activity_list:
            activity.edit_url = activity_edit(activity.pk)
            activity.delete_url = delete["aktivitet"](activity.pk)
    result_edit = _address("processes:interim_edit", knr, pk)
    for result in results:
        result.edit_url = result_edit(result.pk)
        result.delete_url = delete["delresultat"](result.pk)
    answer = _address("processes:question", knr, pk)
    for item in questions:
        item["answer_url"] = answer(item["question"].key)


def process_page(process: Process) -> dict[str, Any]:
    """Everything the process page shows, with what other modules tied to the process (the
    consultations: core.modules.subject_links, read with the process's parts)."""
    return _process_page(process)


def detail_page(process: Process) -> dict[str, Any]:
    """process_page with the political workshops' results saved to the process
    (`workshop_records`: core.modules.subject_records), read with the process's parts."""
    return _process_page(process, records=True)


def _process_page(process: Process, *, records: bool = False) -> dict[str, Any]:
    subject = process_subject_key(process)
    linked = modules.subject_links(process.municipality, subject)
    saved = modules.subject_records_read(process.municipality, subject) if records else None
    also = (*linked.queries, *(saved.queries if saved else ()))
    results, answers, forces, links, found = parts_of(process, also)
    phases, roles = phases_and_roles(process, links)
    questions = questions_of(process, answers)
    _row_addresses(process, phases, results, questions)
    page = {
        "process": process,
        "phases": phases,
        "results": results,
        "questions": questions,
        "roles": roles,
        "forces": forces,
        "warnings": checks.process_warnings(process, phases, roles),
        "timeline": charts.timeline(phases),
        "linked": linked.panel(found[: len(linked.queries)]),
    }
    if saved is not None:
        page["workshop_records"] = saved.panel(found[len(linked.queries) :])
    return page


def actors_page(process: Process) -> dict[str, Any]:
    """The actor analysis: the grid, the table, the forces and the participation plan (the
    forces read with who takes part in what)."""
    forces, links = queries.read_together([_forces(process), _participants(process)])
    forces.sort(key=lambda force: (force.direction, force.pk))  # as Force's ordering
    _read(forces)
    phases, roles = phases_and_roles(process, links)
    activities = [activity for phase in phases for activity in phase.activity_list]
    grid = charts.grid(roles)
    for dot in grid.dots:
        dot.role.suggested_label = Strategy(dot.strategy).label  # shown where none is chosen
    _label(forces, "direction")
    knr, pk = process.municipality_id, process.pk
    for rows, edit, part in ((roles, "role_edit", "aktor"), (forces, "force_edit", "kraft")):
        edit_url = _address(f"processes:{edit}", knr, pk)
        delete_url = _address("processes:delete", knr, pk, part)
        for row in rows:
            row.edit_url, row.delete_url = edit_url(row.pk), delete_url(row.pk)
    return {
        "process": process,
        "roles": roles,
        "grid": grid,
        "forces": forces,
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
    """Running and planned processes and the next dated activities not done (read with the
    other panels: the first five of each)."""
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
        Activity.objects.filter(
            phase__process__municipality_id=municipality,
            starts_on__gte=today,
            done_on__isnull=True,
        )
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
    process_url = _address("processes:detail", municipality.pk)  # reversed once, not per row

    def items(pk: int, date: datetime.date | None, data: dict) -> list[CalendarItem]:
        return [
            CalendarItem(
                key=f"aktivitet-{pk}",
                title=data["title"],
                date=date,  # type: ignore[arg-type]
                description=f"{data['process']} – {data['phase']}",
                url=process_url(data["process_id"]),
                done_on=queries.json_date(data["done_on"]),
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
        "done_on": "done_on",
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
    """The templates a county municipality has published, each with `uses`: how many process
    plans were copied from it, in every municipality (one query)."""
    key = Concat(Value(COUNTY_PREFIX), Cast(OuterRef("pk"), CharField()))
    copied = Process.objects.filter(source_template=key)
    return list(
        ProcessTemplate.objects.filter(organisation=organisation).annotate(
            uses=queries.count_of(copied)
        )
    )


@dataclass(frozen=True)
class TemplateVersion:
    """One published version of a county's template: who published it, when, and what it
    changed from the version before (empty for the first)."""

    version: int
    when: datetime.datetime
    who: str
    changes: list[Change]


def template_versions(template: ProcessTemplate, limit: int = 30) -> list[TemplateVersion]:
    """The template's history, newest first, each version compared with the one before it the
    way a copy's "what the template changed since" is (one query)."""
    records = list(template.history.select_related("history_user").order_by("history_date"))
    versions = []
    previous = None
    for record in records:
        changes = _head_changes(previous, record) + (
            template_changes(previous.content, record.content) if previous else []
        )
        user = record.history_user
        versions.append(
            TemplateVersion(
                record.version, record.history_date, str(user) if user else _("System"), changes
            )
        )
        previous = record
    return versions[::-1][:limit]


def _head_changes(previous: Any, record: Any) -> list[Change]:
    if previous is None:
        return []
    return [
        Change("changed", label, str(getattr(record, field)))
        for field, label in (("name", _("Name")), ("description", _("Description")))
        if getattr(previous, field) != getattr(record, field)
    ]


def running_process_cells(
    municipalities: list[Municipality], today: datetime.date
) -> modules.PanelRead:
    """The status board's process-plan column for many municipalities, as a read not yet made
    (read with the other columns' in one query; `modules.panel_data` makes it alone): the
    running process plans, the next dated activity among them (not done: an activity marked done
    is never next), and those still running after their planned end (late: the plan's end date
    is the rule). Each plan's line (the municipality's own page) also names its past activities
    not marked done (how many, the oldest), so that a forgotten one is seen; they change neither
    the cell's text nor its urgency."""
    return _running_read(municipalities, today, detailed=True)


def running_process_summary(
    municipalities: list[Municipality], today: datetime.date
) -> modules.PanelRead:
    """running_process_cells without the plans' lines (the boards show none): the same query
    without the past activities not marked done."""
    return _running_read(municipalities, today, detailed=False)


def _running_read(
    municipalities: list[Municipality], today: datetime.date, *, detailed: bool
) -> modules.PanelRead:
    numbers = [municipality.number for municipality in municipalities]
    prepared = _RUNNING_IN_DETAIL if detailed else _RUNNING_IN
    rows = prepared(
        items=lambda _pk, next_on, data: [
            (
                data["number"],
                _Running(
                    data["name"],
                    queries.json_date(data["ends_on"]),
                    next_on,
                    data["next_title"],
                    data.get("forgotten", 0),
                    queries.json_date(data.get("forgotten_on")),
                    data.get("forgotten_title") or "",
                ),
            )
        ],
        numbers=numbers,
        today=today,
    )
    return modules.panel_read(
        rows, panel=lambda found: _running_process_cells(numbers, found[0], today, detailed)
    )


class _Running(NamedTuple):
    """A running process plan of the status board's column."""

    name: str
    ends_on: datetime.date | None
    next_on: datetime.date | None  # the next dated activity not done
    next_title: str
    # Its past activities not marked done: how many, the oldest's date and title (read only for
    # the municipality's own page).
    forgotten: int = 0
    forgotten_on: datetime.date | None = None
    forgotten_title: str = ""


def _ahead(today: datetime.date) -> QuerySet:
    """The activities of the outer process starting on `today` or later and not done, the first
    first."""
    return Activity.objects.filter(
        phase__process=OuterRef("pk"), starts_on__gte=today, done_on__isnull=True
    ).order_by("starts_on", "pk")


def _not_marked(today: datetime.date) -> QuerySet:
    """The activities of the outer process that started before `today` and are not marked done
    (held, or forgotten), the oldest first."""
    return Activity.objects.filter(
        phase__process=OuterRef("pk"), starts_on__lt=today, done_on__isnull=True
    ).order_by("starts_on", "pk")


def _running(numbers: list[str], today: datetime.date) -> QuerySet:
    return Process.objects.filter(
        status=ProcessStatus.RUNNING, municipality_id__in=numbers
    ).annotate(
        next_on=Subquery(_ahead(today).values("starts_on")[:1]),
        next_title=Subquery(_ahead(today).values("title")[:1]),
    )


_RUNNING_SHAPE: dict[str, Any] = {
    "params": {"numbers": list[str], "today": datetime.date},
    "date": "next_on",
    "data": {"number": "municipality_id"},
}
# Their SQL made once per process (and length of the list of numbers): building the subqueries
# costs more than the database takes to answer.
_RUNNING_IN = queries.PreparedRows(
    _running, fields=("name", "ends_on", "next_title"), **_RUNNING_SHAPE
)
_RUNNING_IN_DETAIL = queries.PreparedRows(
    lambda numbers, today: _running(numbers, today).annotate(
        forgotten=queries.count_of(_not_marked(today)),
        forgotten_on=Subquery(_not_marked(today).values("starts_on")[:1]),
        forgotten_title=Subquery(_not_marked(today).values("title")[:1]),
    ),
    fields=("name", "ends_on", "next_title", "forgotten", "forgotten_on", "forgotten_title"),
    **_RUNNING_SHAPE,
)


def _running_process_cells(
    numbers: list[str],
    rows: list[tuple[str, _Running]],
    today: datetime.date,
    detailed: bool,
) -> dict[str, StatusCell]:
    found: dict[str, list[_Running]] = {}
    for number, running in sorted(rows, key=lambda row: (row[0], row[1].name)):
        found.setdefault(number, []).append(running)  # by municipality and name
    url = reverse("processes:index", args=["knr"])  # made once, the number put in per row
    # Most rows have none: their text is made once.
    none = _running_count(0)
    return {
        number: _running_cell(found[number], today, url.replace("knr", number), detailed)
        if number in found
        else StatusCell(none, sort=1_000_000, url=url.replace("knr", number))
        for number in numbers
    }


def _running_cell(
    running: list[_Running], today: datetime.date, url: str, detailed: bool
) -> StatusCell:
    """One municipality's status-board cell of its running process plans (`detailed`: with a
    line per plan)."""
    text = _running_count(len(running))
    late = [plan.ends_on for plan in running if plan.ends_on and plan.ends_on < today]
    upcoming = sorted((plan.next_on, plan.next_title) for plan in running if plan.next_on)
    if upcoming:
        on, title = upcoming[0]
        text += " · " + _("next: %(title)s %(date)s") % {"title": title, "date": _day(on)}
    if late:
        text += " · " + ngettext(
            "%(count)s past its planned end", "%(count)s past their planned end", len(late)
        ) % {"count": len(late)}
    return StatusCell(
        text,
        urgency=2 if late else 0,
        sort=-len(late) if late else (upcoming[0][0] - today).days if upcoming else 1_000_000,
        details=tuple(_running_line(plan, today) for plan in running) if detailed else (),
        url=url,
    )


def _running_line(plan: _Running, today: datetime.date) -> str:
    """A running plan's line on the municipality's own page."""
    line = (
        _("%(process)s: next %(title)s %(date)s")
        % {"process": plan.name, "title": plan.next_title, "date": _day(plan.next_on)}
        if plan.next_on
        else _("%(process)s: no dated activity ahead") % {"process": plan.name}
    )
    if plan.ends_on and plan.ends_on < today:
        line += " · " + _("planned end %(date)s passed") % {"date": _day(plan.ends_on)}
    if plan.forgotten:
        line += " · " + ngettext(
            "%(count)s past activity not marked as done: %(title)s %(date)s",
            "%(count)s past activities not marked as done, the oldest %(title)s %(date)s",
            plan.forgotten,
        ) % {
            "count": plan.forgotten,
            "title": plan.forgotten_title,
            "date": _day(plan.forgotten_on),
        }
    return line


def _running_count(count: int) -> str:
    return ngettext("%(count)s running process plan", "%(count)s running process plans", count) % {
        "count": count
    }


def _day(value: datetime.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""
