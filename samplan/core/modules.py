"""The modules a municipality workspace has, for navigation and the dashboard.

Each app registers itself in its AppConfig.ready(): a label for the navigation, the URL name of
its start page (taking the municipality number `knr`), optionally a dashboard panel template and
a function that adds the module's example data to the example workspace.
The dashboard and the navigation show exactly the modules that are installed, in `order`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from .queries import PreparedRows, RowsQuery, read_together, rows_query


@dataclass(frozen=True)
class Module:
    key: str
    label: str | Promise
    url_name: str
    order: int
    # A shorter label for the header's menu, where every module's link must fit on one line on
    # a desktop screen (the module's pages and the dashboard use `label`).
    menu_label: str | Promise | None = None
    dashboard_template: str | None = None
    # The panel's data: called with the Municipality, returning a PanelRead (the panel's reads
    # not yet made: the dashboard reads every panel's together in one query, then each module
    # makes what its template shows as `panel`), or else the data itself (a selector of its
    # own queries). Templates run no queries.
    dashboard_panel: Callable[[Any], PanelRead | object] | None = None
    # The panel shows public reference data (facts, statistics), so it is shown also for a
    # municipality that has no workspace; other panels (findings, deadlines) would raise alarms
    # about a register nobody keeps.
    panel_without_workspace: bool = False
    # Fills the example workspace (`samplan demo`); called with the Municipality, idempotent;
    # writes in the municipality's language form (decorate it with in_municipality_language).
    example_data: Callable[[Any], object] | None = None
    # Fills a synthetic workspace (`samplan seed-scale`); called with the Municipality and a
    # random.Random seeded for it, so the same seed gives the same data. Returns rows written.
    scale_data: Callable[[Any, Any], int] | None = None
    # The module's dated items for the planning calendar (plantakt's list, year wheel, timeline
    # and iCal feed): called with the Municipality and the election year, returning a
    # CalendarQuery (see calendar_query: read together with the other modules' in one query),
    # or else a list of CalendarItem rows (a selector of a query or two, no per-row queries).
    calendar_items: Callable[[Any, int], CalendarQuery | list[CalendarItem]] | None = None
    # The module's columns on the adviser's status board (samplan.guidance): one row per
    # municipality a county or national organisation follows.
    status_columns: tuple[StatusColumn, ...] = ()
    # What advisers may comment on in a municipality (guidance threads): called with the
    # Municipality, returning GuidanceTarget rows the municipality's members can see.
    guidance_targets: Callable[[Any], list[GuidanceTarget]] | None = None
    # Facts that prefill a learning network's application form (samplan.guidance): called with
    # the Municipality, returning text by question key ("samfunnsdel", "timetable",
    # "statistics"). A selector of a query or two.
    application_facts: Callable[[Any], dict[str, str]] | None = None
    # The module's public pages about the municipality (its published goals), linked from the
    # public municipality page: called with the Municipality, returning PublicLink rows only
    # when there is something public to see. A selector of one query.
    public_links: Callable[[Any], list[PublicLink]] | None = None


@dataclass(frozen=True)
class PublicLink:
    """A public page of a module about one municipality, for the public municipality page."""

    key: str
    label: str
    url: str


@dataclass(frozen=True)
class StatusCell:
    """One municipality's entry in a status-board column. `urgency`: 0 nothing due, 1 due soon,
    2 late or overdue; `sort` orders the column (lower first: the most urgent); `details` are
    the lines of the municipality's own page."""

    text: str
    urgency: int = 0
    sort: float = 0.0
    details: tuple[str, ...] = ()
    url: str = ""


@dataclass(frozen=True)
class StatusColumn:
    """A column of the adviser's status board. `cells` is a bulk selector: called once with
    every municipality of the board and today's date, it returns a StatusCell by municipality
    number (a few queries for all rows, none per row), or a PanelRead that returns them (its
    reads are made with the other columns' PanelReads in one query); a municipality without an
    entry shows an empty cell."""

    key: str
    label: str | Promise
    cells: Callable[[list[Any], datetime.date], dict[str, StatusCell] | PanelRead]
    # The same cells without their `details` (the lines only a municipality's own page shows),
    # for the boards of many municipalities, when leaving the details out saves work per item
    # (the titles of every overdue plan of 357 municipalities); `cells` when not given.
    summary: Callable[[list[Any], datetime.date], dict[str, StatusCell] | PanelRead] | None = None


@dataclass(frozen=True)
class GuidanceTarget:
    """Something in a municipality an adviser may comment on (a section of the planning
    strategy, a process plan, a consultation document). `key` is unique within the module."""

    key: str
    label: str
    url: str = ""


@dataclass(frozen=True)
class CalendarItem:
    """A dated item a module contributes to the planning calendar (an activity of a process
    plan, a reporting date, a gathering). `key` is unique within the module; `url` leads to the
    page where the item is edited or read (plantakt links there instead of "record as done")."""

    key: str
    title: str
    date: datetime.date
    description: str = ""
    url: str = ""
    done_on: datetime.date | None = None
    # plantakt's kinds: "lovkrav" for a legal deadline, "anbefaling", or "egen" (the default).
    kind: str = "egen"


# A module's calendar items as a read that is not yet made (core.queries.RowsQuery: a QuerySet
# annotated by calendar_query with a key, a date and the data of each row, and what turns one
# row into the module's CalendarItems). The planning calendar reads every module's rows in one
# query (UNION ALL, calendar_read), so a new module adds no query to plantakt or the dashboard.
CalendarQuery = RowsQuery
calendar_query = rows_query
calendar_read = read_together


# A module's dated rows of one municipality between two dates, as PreparedRows (its SQL made
# once per process): `build(municipality, first, last)` gives the QuerySet.
CALENDAR_PARAMS = {"municipality": str, "first": datetime.date, "last": datetime.date}


def calendar_rows(
    build: Callable[[str, datetime.date, datetime.date], Any], **shape: Any
) -> PreparedRows:
    """PreparedRows of a module's calendar items (`shape`: rows_query's date, fields, data)."""
    return PreparedRows(build, params=CALENDAR_PARAMS, **shape)


def calendar_rows_of(
    rows: PreparedRows,
    municipality: Any,
    first: datetime.date,
    last: datetime.date,
    items: Callable[[int, datetime.date | None, dict[str, Any]], list[CalendarItem]],
) -> CalendarQuery:
    """The CalendarQuery of a module's calendar_rows for the municipality and the dates."""
    return rows(items=items, municipality=municipality.pk, first=first, last=last)


def calendar_query_items(query: CalendarQuery) -> list[CalendarItem]:
    """One module's calendar items (its own selector, for its tests and pages)."""
    return calendar_read([query])[0]


@dataclass(frozen=True)
class PanelRead:
    """A dashboard panel as reads not yet made: `queries` (RowsQuery, see core.queries) are read
    with every other panel's in one query (UNION ALL); `panel` gets what each of them read (in
    their order) and returns what the panel template shows. A module adds no query to the
    dashboard this way."""

    queries: tuple[RowsQuery, ...]
    panel: Callable[[list[list[Any]]], object]


def panel_read(*queries: RowsQuery, panel: Callable[[list[list[Any]]], object]) -> PanelRead:
    return PanelRead(queries=queries, panel=panel)


def panel_data(value: PanelRead | object) -> object:
    """What a panel shows, its reads made alone (for a module's own pages and tests)."""
    return read_panels([value])[0]


def read_panels(values: list[PanelRead | object]) -> list[object]:
    """The panels' data: every PanelRead's queries read in one query, other values as they are."""
    reads = [value for value in values if isinstance(value, PanelRead)]
    found = iter(read_together([query for read in reads for query in read.queries]))
    made = {id(read): read.panel([next(found) for _query in read.queries]) for read in reads}
    return [made[id(value)] if isinstance(value, PanelRead) else value for value in values]


_REGISTRY: dict[str, Module] = {}


def register_module(module: Module) -> None:
    """Add a module (idempotent: registering the same key again replaces it)."""
    _REGISTRY[module.key] = module


def modules() -> list[Module]:
    """All registered modules, in navigation order."""
    return sorted(_REGISTRY.values(), key=lambda module: module.order)


def dashboard_panels(municipality: Any, *, has_workspace: bool) -> list[tuple[str, object]]:
    """The dashboard's panels in order, each as (template, data from its selector); without a
    workspace only the panels of public reference data. The panels' reads (PanelRead) are made
    in one query."""
    shown = [
        module
        for module in modules()
        if module.dashboard_template and (has_workspace or module.panel_without_workspace)
    ]
    data = read_panels(
        [
            module.dashboard_panel(municipality) if module.dashboard_panel else None
            for module in shown
        ]
    )
    return [(module.dashboard_template, panel) for module, panel in zip(shown, data, strict=True)]


def calendar_items(municipality: Any, election_year: int) -> list[tuple[Module, CalendarItem]]:
    """Every registered module's calendar items for the municipality and election period: the
    modules' CalendarQuery rows in one query, each module's items in module order."""
    return calendar_items_with(municipality, election_year, [])[1]


def calendar_items_with(
    municipality: Any, election_year: int, own: list[CalendarQuery]
) -> tuple[list[list[Any]], list[tuple[Module, CalendarItem]]]:
    """calendar_items, with the caller's `own` queries read in the same query (plantakt's
    stored period, decisions and own items): (the items of each of `own`, the modules' items)."""
    queries, items = calendar_reads(municipality, election_year, own)
    return items(calendar_read(queries))


def calendar_reads(
    municipality: Any, election_year: int, own: list[CalendarQuery]
) -> tuple[
    list[CalendarQuery],
    Callable[[list[list[Any]]], tuple[list[list[Any]], list[tuple[Module, CalendarItem]]]],
]:
    """calendar_items_with as reads not yet made (for a PanelRead): the queries (the caller's
    `own` first), and what turns what they read into calendar_items_with's result."""
    found = [
        (module, module.calendar_items(municipality, election_year))
        for module in modules()
        if module.calendar_items
    ]
    queries = [result for _module, result in found if isinstance(result, CalendarQuery)]

    def items(
        read: list[list[Any]],
    ) -> tuple[list[list[Any]], list[tuple[Module, CalendarItem]]]:
        rest = iter(read[len(own) :])
        return read[: len(own)], [
            (module, item)
            for module, result in found
            for item in (next(rest) if isinstance(result, CalendarQuery) else result)
        ]

    return [*own, *queries], items


@dataclass(frozen=True)
class WorkshopSubject:
    """Something a political workshop can be about, whose result is saved to it: the planning
    strategy of a period, later a process plan or a goal. `key` is unique within the
    municipality ("strategy:2023"); `proposals` are what the members rank (the strategy's
    candidate priorities, a goal's measures); `url` leads to the subject's own page."""

    key: str
    title: str
    url: str = ""
    proposals: tuple[str, ...] = ()


_WORKSHOP_SUBJECTS: dict[str, Callable[[Any], list[WorkshopSubject]]] = {}


def register_workshop_subjects(
    source: str, subjects: Callable[[Any], list[WorkshopSubject]]
) -> None:
    """Let political workshops be about a module's things: `subjects` is a selector called with
    the Municipality (idempotent: registering `source` again replaces it)."""
    _WORKSHOP_SUBJECTS[source] = subjects


def workshop_subjects(municipality: Any) -> list[WorkshopSubject]:
    """Every registered source's workshop subjects for the municipality."""
    return [
        subject
        for source in sorted(_WORKSHOP_SUBJECTS)
        for subject in _WORKSHOP_SUBJECTS[source](municipality)
    ]


@dataclass(frozen=True)
class CoursePart:
    """One part of the elected members' course (folkevalgtopplæring), made from the
    municipality's own data by the module that owns it: `facts` are short sentences about the
    municipality, `role` says in plain words what the elected member does with it, `url` leads
    to the page with the details. `order` places the part in the course."""

    key: str
    title: str
    facts: tuple[str, ...]
    role: str
    url: str = ""
    order: int = 50


_COURSE_PARTS: dict[str, Callable[[Any], list[CoursePart]]] = {}


def register_course_parts(source: str, parts: Callable[[Any], list[CoursePart]]) -> None:
    """Add a module's parts to the elected members' course: `parts` is a selector called with
    the Municipality (idempotent: registering `source` again replaces it)."""
    _COURSE_PARTS[source] = parts


def course_parts(municipality: Any) -> list[CoursePart]:
    """Every registered source's course parts for the municipality, in course order."""
    parts = [
        part for source in sorted(_COURSE_PARTS) for part in _COURSE_PARTS[source](municipality)
    ]
    return sorted(parts, key=lambda part: part.order)


# The internal plan forum's proposed agenda (politics): points from the modules about what is
# open, e.g. guidance threads not resolved and elected members' comments since the last meeting.
_FORUM_POINTS: dict[str, Callable[[Any, datetime.date], list[str]]] = {}


def register_forum_points(source: str, points: Callable[[Any, datetime.date], list[str]]) -> None:
    """Add a module's points to the plan forum's proposed agenda: `points` is a selector called
    with the Municipality and the date of the last meeting (or four weeks back), returning one
    line per point, already in the user's language (idempotent per `source`)."""
    _FORUM_POINTS[source] = points


def forum_points(municipality: Any, since: datetime.date) -> list[str]:
    """Every registered source's points for the municipality, source by source."""
    return [
        point
        for source in sorted(_FORUM_POINTS)
        for point in _FORUM_POINTS[source](municipality, since)
    ]


@dataclass(frozen=True)
class SubjectRecord:
    """Something saved to a subject by another module (a political workshop's result saved to
    the planning strategy): shown on the subject's page without importing that module."""

    title: str
    date: datetime.date | None
    summary: str
    url: str = ""


_SUBJECT_RECORDS: dict[str, Callable[[Any, str], PanelRead]] = {}


def register_subject_records(source: str, records: Callable[[Any, str], PanelRead]) -> None:
    """Let a module show what it saved to a subject (`records` is a selector called with the
    Municipality and the subject's key, e.g. "strategy:2023", that returns a PanelRead of
    SubjectRecord rows: the subject's page reads it with its own reads in one query)."""
    _SUBJECT_RECORDS[source] = records


def subject_records(municipality: Any, subject: str) -> list[SubjectRecord]:
    """What the modules saved to `subject`, source by source (its reads made alone)."""
    return panel_data(subject_records_read(municipality, subject))  # type: ignore[return-value]


def subject_records_read(municipality: Any, subject: str) -> PanelRead:
    """subject_records as one read not yet made: its queries go into the caller's
    read_together (read_panels), its function gives the records."""
    return _records_of(
        [_SUBJECT_RECORDS[source](municipality, subject) for source in sorted(_SUBJECT_RECORDS)]
    )


# What other modules tied to a subject (participation: the consultations tied to a process
# plan), listed on the subject's page without it importing them. Each source gives a PanelRead
# (its reads not yet made) whose function returns SubjectRecord rows, so the subject's page
# reads them with its own small reads in one query.
_SUBJECT_LINKS: dict[str, Callable[[Any, str], PanelRead]] = {}


def register_subject_links(source: str, links: Callable[[Any, str], PanelRead]) -> None:
    """Let a module list what it tied to a subject: `links` is called with the Municipality and
    the subject's key ("process:12") and returns a PanelRead of SubjectRecord rows
    (idempotent: registering `source` again replaces it)."""
    _SUBJECT_LINKS[source] = links


def subject_links(municipality: Any, subject: str) -> PanelRead:
    """Every source's records tied to `subject` as one read not yet made (source by source):
    its queries go into the caller's read_together, its function gives the records."""
    return _records_of(
        [_SUBJECT_LINKS[source](municipality, subject) for source in sorted(_SUBJECT_LINKS)]
    )


def _records_of(reads: list[PanelRead]) -> PanelRead:
    """Several sources' PanelReads of SubjectRecord rows as one, their records in turn."""

    def records(found: list[list[Any]]) -> list[SubjectRecord]:
        rest = iter(found)
        return [
            record
            for read in reads
            for record in read.panel([next(rest) for _query in read.queries])
        ]

    return PanelRead(
        queries=tuple(query for read in reads for query in read.queries), panel=records
    )


def public_links(municipality: Any) -> list[PublicLink]:
    """Every registered module's public pages about the municipality, in module order."""
    return [
        link
        for module in modules()
        if module.public_links
        for link in module.public_links(municipality)
    ]


def status_columns() -> list[tuple[Module, StatusColumn]]:
    """Every registered module's status-board columns, in module order."""
    return [(module, column) for module in modules() for column in module.status_columns]


def guidance_targets(municipality: Any) -> list[tuple[Module, GuidanceTarget]]:
    """Everything in the municipality that advisers may comment on, by module."""
    return [
        (module, target)
        for module in modules()
        if module.guidance_targets
        for target in module.guidance_targets(municipality)
    ]


def guidance_target(municipality: Any, module_key: str, key: str) -> GuidanceTarget | None:
    """One target of one module, or None when it does not exist (or is no longer visible)."""
    module = _REGISTRY.get(module_key)
    if module is None or module.guidance_targets is None:
        return None
    return next(
        (target for target in module.guidance_targets(municipality) if target.key == key), None
    )


def application_facts(municipality: Any) -> dict[str, str]:
    """Every registered module's prefill for a network application, by question key (texts of
    several modules for one key are joined by a blank line)."""
    facts: dict[str, list[str]] = {}
    for module in modules():
        if module.application_facts:
            for key, text in module.application_facts(municipality).items():
                if text:
                    facts.setdefault(key, []).append(text)
    return {key: "\n\n".join(texts) for key, texts in facts.items()}


@dataclass(frozen=True)
class ProfileSection:
    """A section of the user's own profile page that a higher app adds (the API keys): the
    template is shown with `section`, what `context(user)` returns (a selector of a query or
    two)."""

    key: str
    template: str
    context: Callable[[Any], object]


_PROFILE_SECTIONS: dict[str, ProfileSection] = {}


def register_profile_section(section: ProfileSection) -> None:
    """Add a profile section (idempotent by key)."""
    _PROFILE_SECTIONS[section.key] = section


def profile_sections(user: Any) -> list[tuple[str, object]]:
    """The profile's registered sections as (template, data), in the order registered."""
    return [(section.template, section.context(user)) for section in _PROFILE_SECTIONS.values()]
