"""Reads for guidance: the advisers' status board (bulk: a few queries for all municipalities,
none per row), the municipality's guidance page, the dashboard panel."""

from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from operator import attrgetter
from typing import Any, NamedTuple

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Min, OuterRef, Q, QuerySet, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samplan.core import freshness, modules, pickling
from samplan.core.modules import (
    CalendarItem,
    CalendarQuery,
    StatusCell,
    guidance_targets,
    status_columns,
)
from samplan.core.paging import page_numbers
from samplan.core.prepared import PreparedQuery
from samplan.core.queries import (
    PreparedRows,
    count_of,
    first_rows,
    instance,
    json_datetime,
    newest,
)
from samplan.municipalities.models import Municipality, Organisation, OrganisationKind
from samplan.municipalities.permissions import (
    Capability,
    access_map,
    followed_numbers,
    user_memberships,
)

from .models import (
    Comment,
    ExperiencePost,
    Gathering,
    Meeting,
    Network,
    OfficeAssignment,
    OfficeCapacity,
    Thread,
    ThreadStatus,
)
from .permissions import visible_network_ids
from .rows import row_html
from .summary import stored_rows, stored_texts

EMPTY = StatusCell("–", sort=float("inf"))
_NUMBER = "knr"  # stands for a municipality's number in an address made once for many rows


@dataclass(frozen=True)
class Column:
    key: str
    label: str


@dataclass(frozen=True)
class Row:
    """One municipality on the board: a cell per column, in the board's column order."""

    number: str
    name: str
    has_workspace: bool
    cells: tuple[StatusCell, ...]
    urgency: int
    url: str = ""  # the municipality's guidance page


CellValues = tuple[tuple[str, int, float, str], ...]  # each cell's text, urgency, sort, address


class BoardRow:
    """A municipality's row on the board as the page and the XLSX use it, made once per version
    of its data and stored (summary.py): plain values and the table row as HTML (see rows.py).

    Stored as three lines of text (`encode`): the number, name, urgency and address as JSON,
    the cells' values as JSON, the HTML as it is (JSON never holds a raw line break). A board
    shown as it is needs the first and the last: the cells' values are decoded only when a
    column sorts the rows or the XLSX lists them (357 rows' cells and HTML as one JSON took
    a third of a national board's time with caching off)."""

    __slots__ = ("_values", "html", "name", "number", "url", "urgency")

    def __init__(
        self, number: str, name: str, urgency: int, url: str, values: CellValues | str, html: str
    ) -> None:
        self.number, self.name, self.urgency, self.url = number, name, urgency, url
        self._values = values  # or their JSON, not decoded yet
        self.html = html

    @property
    def values(self) -> CellValues:
        values = self._values
        if isinstance(values, str):  # decoded once (two threads doing it at once agree)
            values = self._values = tuple(tuple(value) for value in json.loads(values))
        return values

    def encode(self) -> str:
        """The row as stored (see the class)."""
        values = self._values if isinstance(self._values, str) else json.dumps(self._values)
        header = json.dumps([self.number, self.name, self.urgency, self.url])
        return f"{header}\n{values}\n{self.html}"

    def encode_parts(self) -> tuple[str, str]:
        """The row's head (`head`) and the row as stored (`encode`)."""
        return self.head(), self.encode()

    def head(self) -> str:
        """What a board sorts, filters and counts by, stored beside the row and read for every
        followed municipality (BoardEntry): number, name, urgency, address, the cells' sort
        keys."""
        return json.dumps([self.number, self.name, self.urgency, self.url, self.sorts])

    @property
    def sorts(self) -> tuple[float, ...]:
        """Each cell's sort key, in the board's column order."""
        return tuple(value[2] for value in self.values)

    def entry(self) -> BoardEntry:
        """The row's place on the board (as its stored head gives it)."""
        return BoardEntry(self.number, self.name, self.urgency, self.url, self.sorts)

    @classmethod
    def decode(cls, stored: str) -> BoardRow:
        """A row from its stored text (its cells' values decoded when first read)."""
        return cls.decode_all([stored])[0]

    @classmethod
    def decode_all(cls, stored: list[str]) -> list[BoardRow]:
        """Rows from their stored texts, their headers decoded as one JSON array (a national
        board's 357 headers one by one cost twice the rest of making its rows)."""
        parts = [text.split("\n", 2) for text in stored]
        headers = json.loads(f"[{','.join([part[0] for part in parts])}]")
        return [
            cls(number, name, urgency, url, values, html)
            for (number, name, urgency, url), (_header, values, html) in zip(
                headers, parts, strict=True
            )
        ]

    def __reduce__(self) -> tuple[type, tuple]:
        return (BoardRow, (self.number, self.name, self.urgency, self.url, self._values, self.html))

    def _key(self) -> tuple:
        return (self.number, self.name, self.urgency, self.url, self.values, self.html)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BoardRow) and self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]  (compared by value, not hashed)

    def __repr__(self) -> str:
        return f"BoardRow({self.number!r}, {self.name!r}, urgency={self.urgency})"

    @property
    def cells(self) -> tuple[StatusCell, ...]:
        return tuple(
            StatusCell(text, urgency, sort, url=url) for text, urgency, sort, url in self.values
        )


class BoardEntry(NamedTuple):
    """A municipality's place on the board: what the board sorts, filters and counts by, read
    from the stored row's head for every followed municipality (a page's rows in full only)."""

    number: str
    name: str
    urgency: int
    url: str
    sorts: tuple[float, ...] | list[float]

    @classmethod
    def decode_all(cls, heads: list[str]) -> list[BoardEntry]:
        """The entries of stored heads (BoardRow.head), decoded as one JSON array."""
        return list(map(partial(tuple.__new__, cls), json.loads(f"[{','.join(heads)}]")))


PER_PAGE = 50  # municipalities on a page of the board
# Of an entry or a row.
_NAME, _URGENCY = attrgetter("name"), attrgetter("urgency")


@dataclass
class Board:
    columns: list[Column]
    rows: list[BoardRow]  # the page's (every row the filter shows, when not paged)
    total: int = 0  # of all the municipalities followed, whatever the filter and page
    urgent: int = 0
    late: int = 0
    shown: int = 0  # what the filter shows, on all pages
    sort: str = ""
    show: str = ""
    query: str = ""
    page: Page | None = None  # None: not paged (the XLSX)

    @property
    def page_numbers(self) -> list[int | None]:
        """The pager's page numbers (core.paging.page_numbers)."""
        return page_numbers(self.page)

    @property
    def rows_html(self) -> SafeString:
        """The shown rows' `<tr>`s, in order."""
        return mark_safe("".join(row.html for row in self.rows))  # noqa: S308 (made by rows.py)


def followed(organisation: Organisation) -> list[Municipality]:
    """The municipalities an organisation follows or serves, with their workspaces, by name: as
    the user's membership read them (municipalities.permissions prefetches them, with their
    workspaces, for a member of a county or national organisation), else in one query."""
    if "municipalities" in getattr(organisation, "_prefetched_objects_cache", {}):
        return list(organisation.municipalities.all())
    return list(organisation.municipalities.select_related("workspace").order_by("name"))


def status_rows(
    municipalities: list[Municipality],
    today: datetime.date,
    known: dict[str, dict[str, StatusCell] | modules.PanelRead] | None = None,
    *,
    summary: bool = False,
) -> tuple[list[Column], list[Row]]:
    """Every registered status column computed once for all `municipalities` (each column's
    selector is a bulk read), as one row per municipality, the urgent first. `known`: cells
    of columns (by key) the caller has already made from what it read, not read again (or
    makes from its own reads: a PanelRead, read with the columns'). `summary`: the cells
    without their details (the boards show none), from the columns' cheaper selectors."""
    columns, rows, _also = status_rows_with(municipalities, today, known, summary=summary)
    return columns, rows


def status_rows_with(
    municipalities: list[Municipality],
    today: datetime.date,
    known: dict[str, dict[str, StatusCell] | modules.PanelRead] | None = None,
    also: tuple[modules.PanelRead, ...] = (),
    *,
    summary: bool = False,
) -> tuple[list[Column], list[Row], list[object]]:
    """status_rows, and what the caller's own reads (`also`) give, read in the same query."""
    known = known or {}
    registered = status_columns()
    columns = board_columns()

    def selector(column: modules.StatusColumn) -> Any:
        return (column.summary if summary else None) or column.cells

    # A column's cells, or its reads not yet made (a PanelRead): those are read in one query.
    computed = modules.read_panels(
        [
            known[column.key] if column.key in known else selector(column)(municipalities, today)
            for _module, column in registered
        ]
        + list(also)
    )
    computed, found = computed[: len(registered)], computed[len(registered) :]
    # One reverse() for all rows: the address with a placeholder for the number.
    url = reverse("guidance:municipality", args=[_NUMBER])
    rows = []
    for municipality in municipalities:
        cells = tuple(cells.get(municipality.number, EMPTY) for cells in computed)
        rows.append(
            Row(
                number=municipality.number,
                name=municipality.name,
                has_workspace=hasattr(municipality, "workspace"),
                cells=cells,
                urgency=max((cell.urgency for cell in cells), default=0),
                url=url.replace(_NUMBER, municipality.number),
            )
        )
    rows.sort(key=lambda row: (-row.urgency, row.name))
    return columns, rows, found


def board(
    organisation: Organisation,
    *,
    sort: str = "",
    show: str = "",
    query: str = "",
    page: str | None = "1",
) -> Board:
    """The status board of the municipalities `organisation` follows, sorted by a column
    (`sort`: a column key, lowest first) and filtered (`show`: "urgent" or "late"; `query`: part
    of a name), then paged (`page`: the page's number, PER_PAGE rows a page, as Django's
    `Paginator.get_page` takes it: not a number gives the first page, one out of range the last;
    None: every row the filter shows, for the XLSX). The sorting, the filters and the counts
    work on every followed municipality's entry (`board_entries`); only the shown rows are read
    in full (their cells and HTML)."""
    columns, entries, made = board_entries(organisation)
    keys = [column.key for column in columns]
    result = Board(columns=columns, rows=[], total=len(entries), show=show, query=query)
    urgencies = Counter(map(_URGENCY, entries))
    result.urgent = sum(count for urgency, count in urgencies.items() if urgency >= 1)
    result.late = sum(count for urgency, count in urgencies.items() if urgency >= 2)
    if show == "urgent":
        entries = [entry for entry in entries if entry.urgency >= 1]
    elif show == "late":
        entries = [entry for entry in entries if entry.urgency >= 2]
    if query.strip():
        wanted = query.strip().lower()
        entries = [entry for entry in entries if wanted in entry.name.lower()]
    if sort == "name":
        entries = sorted(entries, key=attrgetter("name"))
        result.sort = sort
    elif sort in keys:
        index = keys.index(sort)
        entries = sorted(entries, key=lambda entry: (entry.sorts[index], entry.name))
        result.sort = sort
    result.shown = len(entries)
    if page is not None:
        result.page = Paginator(entries, PER_PAGE).get_page(page)
        entries = list(result.page.object_list)
    result.rows = _rows_of(organisation, [entry.number for entry in entries], made)
    return result


def board_entries(
    organisation: Organisation,
) -> tuple[list[Column], list[BoardEntry] | list[BoardRow], dict[str, BoardRow]]:
    """The board's columns, every followed municipality's entry (the urgent first, by name),
    and the rows computed in full by this request (the others are read when shown). Computed
    once per version of the municipalities' data (core/freshness). A board of PER_PAGE
    municipalities or fewer shows them all on one page: its rows are read in full at once, as
    its entries (one query fewer)."""
    numbers = followed_numbers(organisation)
    if numbers is None:
        numbers = [municipality.number for municipality in followed(organisation)]
    if len(numbers) <= PER_PAGE:
        shared_columns, rows = freshness.cached_across(
            "guidance_board_rows.3",
            lambda: board_rows_of(organisation, numbers, full=True),
            numbers,
            organisation.pk,
            immutable=True,  # tuples of BoardRows (strings, numbers, tuples)
        )
        return list(shared_columns), list(rows), {row.number: row for row in rows}
    made: dict[str, BoardRow] = {}
    shared_columns, shared_entries = freshness.cached_across(
        "guidance_board.3",  # BoardEntry values (a new name at each new shape: a shared store
        # outlives a deploy, and an old-shaped value would be read as the new class)
        lambda: board_rows_of(organisation, numbers, made),
        numbers,
        organisation.pk,
        immutable=True,  # tuples of BoardEntries (strings, numbers; no reader changes them)
    )
    return list(shared_columns), list(shared_entries), made


def _rows_of(
    organisation: Organisation, numbers: list[str], made: dict[str, BoardRow]
) -> list[BoardRow]:
    """The full rows of `numbers`, in order: those this request computed, the others as stored
    (one query), any not stored any longer computed again (the day or the code moved)."""
    texts = stored_texts([number for number in numbers if number not in made])
    rows = dict(made)
    rows.update(zip(texts, BoardRow.decode_all(list(texts.values())), strict=True))
    if missing := [number for number in numbers if number not in rows]:
        rows.update(_computed_rows(organisation, missing))
    return [rows[number] for number in numbers]


def board_rows_of(
    organisation: Organisation,
    numbers: list[str],
    made: dict[str, BoardRow] | None = None,
    *,
    full: bool = False,
) -> tuple[tuple[Column, ...], tuple[BoardEntry, ...] | tuple[BoardRow, ...]]:
    """The board's columns and entries (the municipalities `numbers`, by name), the urgent
    first. Each row is stored on its own with the versions of its municipality's data it was
    computed from (summary.py): a write in one municipality computes its row again, the others'
    heads are read as stored, whether the page cache is warm, cold or off. The rows computed
    here are also put in `made`, in full. `full`: the rows in full instead of the entries."""

    computed: dict[str, BoardRow] = {}

    def compute(missing: list[str]) -> dict[str, BoardRow]:
        rows = _computed_rows(organisation, missing)
        computed.update(rows)
        if made is not None:
            made.update(rows)
        return rows

    decode = BoardRow.decode_all if full else BoardEntry.decode_all
    found = stored_rows(numbers, compute, BoardRow.encode_parts, decode, full=full)
    if not full:  # the rows computed here, as their entries
        found.update((number, row.entry()) for number, row in computed.items())
    # By name, then the urgent first (a stable sort keeps the names' order): no Python call
    # per row (a national board sorts 357 at every request).
    entries = list(filter(None, map(found.get, numbers)))
    entries.sort(key=_NAME)
    entries.sort(key=_URGENCY, reverse=True)
    return tuple(board_columns()), tuple(entries)


def _computed_rows(organisation: Organisation, numbers: list[str]) -> dict[str, BoardRow]:
    """The rows of `numbers` computed afresh, by number."""
    wanted = set(numbers)
    municipalities = [m for m in followed(organisation) if m.number in wanted]
    # Some 100,000 objects for 357 rows, none of them garbage in a cycle: the collector,
    # run every 700 of them, took a tenth to a third of the board's time.
    with pickling.collector_paused():
        return {row.number: row for row in board_rows(municipalities, timezone.localdate())[1]}


def board_sorts() -> list[tuple[str, str]]:
    """What a board can be sorted by, labelled in the active language (the filter form's
    choices)."""
    return [("", _("Most urgent first")), ("name", _("Name"))] + [
        (column.key, column.label) for column in board_columns()
    ]


def board_columns() -> list[Column]:
    """The registered status columns, labelled in the active language."""
    return [Column(column.key, str(column.label)) for _module, column in status_columns()]


def board_rows(
    municipalities: list[Municipality], today: datetime.date
) -> tuple[list[Column], list[BoardRow]]:
    """The board's columns and rows, the urgent first (status_rows), each row with its HTML."""
    columns, rows = status_rows(municipalities, today, summary=True)
    tags = (_("Late"), _("Due soon"), _("Has not started using Samplan"))  # once per board
    texts: dict[str, str] = {}  # the cells' texts escaped, once per board
    return columns, [
        BoardRow(
            number=row.number,
            name=row.name,
            urgency=row.urgency,
            url=row.url,
            values=tuple((str(cell.text), cell.urgency, cell.sort, cell.url) for cell in row.cells),
            html=row_html(
                name=row.name,
                url=row.url,
                urgency=row.urgency,
                has_workspace=row.has_workspace,
                cells=row.cells,
                tags=tags,
                texts=texts,
            ),
        )
        for row in rows
    ]


def contact_cells(municipalities: list[Municipality], today: datetime.date) -> modules.PanelRead:
    """The status board's guidance column, as a read not yet made (read with the other columns'
    in one query; `modules.panel_data` makes it alone): the last guidance contact (an adviser's
    comment or an early-dialogue meeting) and the open threads."""
    numbers = [municipality.number for municipality in municipalities]

    def cells(found: list[list[tuple]]) -> dict[str, StatusCell]:
        contacts = {number: (commented, met, count) for number, commented, met, count in found[0]}
        return {
            number: contact_cell(*contacts.get(number, (None, None, 0)), today)
            for number in numbers
        }

    return modules.panel_read(
        _CONTACTS(
            items=lambda _pk, met, data: [
                (data["number"], json_datetime(data["commented"]), met, data["open_threads"])
            ],
            numbers=numbers,
            today=today,
        ),
        panel=cells,
    )


# The reads below are built once per process and compiled once (PreparedRows) or cloned for
# each request, as a class-based view's `queryset` is: building their subqueries and
# aggregates costs more than sending them.


def _contacts(numbers: list[str], today: datetime.date) -> QuerySet:
    """The municipalities' last adviser's comment, last meeting up to `today` and number of
    open threads (subqueries: no join multiplies the rows)."""
    here = OuterRef("number")
    return Municipality.objects.filter(number__in=numbers).annotate(
        commented=newest(
            Comment.objects.filter(thread__municipality_id=here).exclude(
                author_organisation__kind=OrganisationKind.MUNICIPALITY
            ),
            "created_at",
        ),
        met=newest(Meeting.objects.filter(municipality_id=here, date__lte=today), "date"),
        open_threads=count_of(
            Thread.objects.filter(municipality_id=here, status=ThreadStatus.OPEN)
        ),
    )


_CONTACTS = PreparedRows(
    _contacts,
    params={"numbers": list[str], "today": datetime.date},
    pk=Value(0),  # a municipality's key is its number, read in the data
    date="met",
    fields=("number", "commented", "open_threads"),
)


def contact_cell(
    commented: datetime.datetime | None,
    met: datetime.date | None,
    open_threads: int,
    today: datetime.date,
) -> StatusCell:
    """A municipality's cell in the guidance column: the last guidance contact (the newest
    adviser's comment, `commented`, or the last meeting up to today, `met`) and the number of
    open threads."""
    dates = [day for day in (_local(commented), met) if day]
    last = max(dates) if dates else None
    text = last.strftime("%d.%m.%Y") if last else _("No contact recorded")
    if open_threads:
        text += " · " + ngettext(
            "%(count)s open thread", "%(count)s open threads", open_threads
        ) % {"count": open_threads}
    return StatusCell(text, sort=-(today - last).days if last else float("-inf"), urgency=0)


def _local(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def guidance_panel(municipality: Municipality) -> modules.PanelRead:
    """The dashboard panel: the open threads (newest activity first) and the next meeting (read
    with the other panels: the five newest open threads, their number, the next meeting)."""
    mine = {"municipality": municipality.pk}

    def panel(read: list[list]) -> dict[str, object]:
        return {
            "threads": sorted(read[0], key=attrgetter("updated_at"), reverse=True),
            "open_count": sum(read[1]),
            "next_meeting": read[2][0] if read[2] else None,
        }

    return modules.panel_read(
        _PANEL_THREADS(items=_panel_thread, **mine),
        _OPEN_COUNT(items=lambda _pk, _date, data: [data["count"]], **mine),
        _NEXT_MEETING(
            items=lambda pk, _date, data: [instance(Meeting, pk, data)],
            today=timezone.localdate(),
            **mine,
        ),
        panel=panel,
    )


def _open_threads(municipality: str) -> Any:
    return Thread.objects.filter(municipality_id=municipality, status=ThreadStatus.OPEN)


_PANEL_THREADS = PreparedRows(
    lambda municipality: first_rows(_open_threads(municipality).order_by("-updated_at"), 5),
    params={"municipality": str},
    fields=("municipality_id", "title", "target_label", "updated_at", "organisation_id"),
    data={"organisation": "organisation__name"},
)
_OPEN_COUNT = PreparedRows(
    lambda municipality: _open_threads(municipality).values("municipality"),
    params={"municipality": str},
    pk=Min("pk"),
    data=lambda: {"count": Count("pk")},
)
_NEXT_MEETING = PreparedRows(
    lambda municipality, today: first_rows(
        Meeting.objects.filter(municipality_id=municipality, date__gte=today).order_by("date"), 1
    ),
    params={"municipality": str, "today": datetime.date},
    fields=("municipality_id", "title", "date"),
)


def _panel_thread(pk: int, _date: object, data: dict) -> list[Thread]:
    organisation = Organisation(pk=data["organisation_id"], name=data.pop("organisation"))
    return [instance(Thread, pk, data, organisation=organisation)]


def forum_points(municipality: Municipality, since: datetime.date) -> list[str]:
    """The plan forum's agenda points from guidance: every open thread (up to ten, newest
    activity first), whoever started it and whenever; `since` does not apply, a thread stays on
    the agenda until it is resolved."""
    threads = _open_threads(municipality.pk).select_related("organisation")[:10]
    return [
        _("Open guidance comment from %(organisation)s: %(title)s (%(target)s)")
        % {
            "organisation": thread.organisation.name,
            "title": thread.title,
            "target": thread.target_label,
        }
        for thread in threads
    ]


def municipality_guidance(municipality: Municipality) -> dict[str, object]:
    """The municipality's guidance page: its threads (open first) with their comment counts,
    the early-dialogue meetings, and its row of the status board in detail (cached until the
    municipality's data changes, see core/freshness)."""
    return freshness.cached(
        "guidance_page", lambda: _municipality_guidance(municipality), municipality=municipality.pk
    )


def _municipality_guidance(municipality: Municipality) -> dict[str, object]:
    today = timezone.localdate()
    mine = {"municipality": municipality.pk}

    def contact(found: list[list]) -> dict[str, StatusCell]:
        """The guidance column from the page's threads and meetings, not read again."""
        threads, meetings = found
        cell = contact_cell(
            max((thread.advised for thread in threads if thread.advised), default=None),
            max((meeting.date for meeting in meetings if meeting.date <= today), default=None),
            sum(1 for thread in threads if thread.status == ThreadStatus.OPEN),
            today,
        )
        return {municipality.number: cell}

    def page(found: list[list]) -> dict[str, object]:
        threads, meetings = found
        return {
            # open first, then by the newest change (the SQL's order: "open" > "lukket")
            "threads": sorted(threads, key=attrgetter("status", "updated_at"), reverse=True),
            "meetings": sorted(meetings, key=attrgetter("date", "pk"), reverse=True),
        }

    reads = (
        _PAGE_THREADS(items=_page_thread, **mine),
        _PAGE_MEETINGS(items=_page_meeting, **mine),
    )
    columns, rows, (data,) = status_rows_with(
        [municipality],
        today,
        {"guidance": modules.panel_read(*reads, panel=contact)},
        (modules.panel_read(*reads, panel=page),),
    )
    threads = data["threads"]
    return {
        "threads": threads,
        "open_threads": [thread for thread in threads if thread.status == ThreadStatus.OPEN],
        "resolved_threads": [
            thread for thread in threads if thread.status == ThreadStatus.RESOLVED
        ],
        "meetings": data["meetings"],
        "status": list(zip(columns, rows[0].cells, strict=True)) if rows else [],
        "networks": active_networks(municipality),
    }


# The page's threads (with their number of comments and the newest adviser's comment) and
# meetings (with their number of follow-ups not done), their SQL made once per process and
# read with the status columns' in one query.
_PAGE_THREADS = PreparedRows(
    lambda municipality: Thread.objects.filter(municipality_id=municipality).annotate(
        comment_count=Count("comments"),
        advised=Max(
            "comments__created_at",
            filter=~Q(comments__author_organisation__kind=OrganisationKind.MUNICIPALITY),
        ),
    ),
    params={"municipality": str},
    fields=(
        "municipality_id",
        "organisation_id",
        "module",
        "target_key",
        "target_label",
        "title",
        "status",
        "created_by_id",
        "assigned_to_id",
        "created_at",
        "updated_at",
        "resolved_at",
        "comment_count",
        "advised",
    ),
    data={
        "organisation": "organisation__name",
        "assigned_name": "assigned_to__name",
        "assigned_email": "assigned_to__email",
    },
)
_PAGE_MEETINGS = PreparedRows(
    lambda municipality: Meeting.objects.filter(municipality_id=municipality).annotate(
        open_follow_ups=Count("follow_ups", filter=Q(follow_ups__done_on__isnull=True))
    ),
    params={"municipality": str},
    fields=(
        "municipality_id",
        "title",
        "date",
        "place",
        "agenda",
        "participants",
        "notes",
        "created_at",
        "updated_at",
        "open_follow_ups",
    ),
)


def _page_thread(pk: int, _date: object, data: dict) -> list[Thread]:
    organisation = Organisation(pk=data["organisation_id"], name=data.pop("organisation"))
    name, email = data.pop("assigned_name"), data.pop("assigned_email")
    user = Thread._meta.get_field("assigned_to").related_model
    assigned = user(pk=data["assigned_to_id"], name=name, email=email) if email else None
    advised = json_datetime(data.pop("advised"))
    return [
        instance(Thread, pk, data, advised=advised, organisation=organisation, assigned_to=assigned)
    ]


def _page_meeting(pk: int, _date: object, data: dict) -> list[Meeting]:
    return [instance(Meeting, pk, data)]


def target_choices(municipality: Municipality) -> list[tuple[str, str]]:
    """What may be commented on, as form choices ("module|key", label)."""
    return [
        (f"{module.key}|{target.key}", target.label)
        for module, target in guidance_targets(municipality)
    ]


def thread_comments(thread: Thread) -> list[Comment]:
    return list(thread.comments.select_related("author", "author_organisation"))


# Learning networks -------------------------------------------------------------------------------


def networks_for_user(user: object) -> dict[str, list[Network]]:
    """The networks the user runs, those their municipalities take part in, and the open
    invitations they may apply to (three queries)."""
    organisations = [membership.organisation_id for membership in user_memberships(user)]
    accesses = access_map(user)
    running = list(Network.objects.filter(owners__in=organisations).distinct())
    member = list(
        Network.objects.filter(
            members__municipality_id__in=list(accesses), members__left_on__isnull=True
        )
        .exclude(pk__in=[network.pk for network in running])
        .distinct()
    )
    editable = any(access.allows(Capability.EDIT) for access in accesses.values())
    known = [network.pk for network in running + member]
    invitations = (
        list(
            Network.objects.filter(application_deadline__gte=timezone.localdate()).exclude(
                pk__in=known
            )
        )
        if editable
        else []
    )
    return {"running": running, "member": member, "invitations": invitations}


def network_page(network: Network, *, is_owner: bool) -> dict[str, object]:
    """A network's page: members (and those who left), gatherings, shared posts; for its
    owners also the applications."""
    return {
        "members": list(network.members.select_related("municipality")),
        "gatherings": list(network.gatherings.all()),
        "posts": list(network.posts.select_related("municipality")),
        "applications": list(network.applications.select_related("municipality", "submitted_by"))
        if is_owner
        else [],
    }


def gathering_calendar_query(municipality: Municipality, election_year: int) -> CalendarQuery:
    """The gatherings of the networks the municipality takes part in, for its plantakt and
    iCal feed (read with the other modules' calendar items in one query)."""
    kinds = dict(Gathering._meta.get_field("kind").flatchoices)

    def items(pk: int, date: datetime.date | None, data: dict) -> list[CalendarItem]:
        kind = kinds.get(data["kind"], data["kind"])
        return [
            CalendarItem(
                key=f"gathering-{pk}",
                title=f"{data['network']}: {data['title']}",
                date=date,  # type: ignore[arg-type]
                description=f"{kind}. {data['place']}".strip(". "),
                url=reverse("guidance:gathering", args=[data["network_id"], pk]),
            )
        ]

    first, last = datetime.date(election_year, 1, 1), datetime.date(election_year + 4, 12, 31)
    return modules.calendar_rows_of(_GATHERINGS, municipality, first, last, items)


_GATHERINGS = modules.calendar_rows(
    lambda municipality, first, last: Gathering.objects.filter(
        network__members__municipality_id=municipality,
        network__members__left_on__isnull=True,
        date__gte=first,
        date__lte=last,
    ),
    date="date",
    fields=("title", "kind", "place", "network_id"),
    data={"network": "network__name"},
)


def gathering_calendar_items(municipality: Municipality, election_year: int) -> list[CalendarItem]:
    """The gatherings of the networks the municipality takes part in, by date (one query)."""
    return modules.calendar_query_items(gathering_calendar_query(municipality, election_year))


def posts_for_user(user: object, *, tag: str = "") -> list[ExperiencePost]:
    """Experience posts the user may read: shared with everyone, with a network they run or
    take part in, or written in one of their municipalities (newest first)."""
    numbers = list(access_map(user))
    posts = ExperiencePost.objects.filter(
        Q(shared_with_all=True)
        | Q(network_id__in=visible_network_ids(user))
        | Q(municipality_id__in=numbers)
    ).select_related("municipality", "network")
    if tag.strip():
        posts = posts.filter(tags__icontains=tag.strip())
    return list(posts[:200])


def active_networks(municipality: Municipality) -> list[Network]:
    """The networks the municipality takes part in now (to share a post with)."""
    return _ACTIVE_NETWORKS(municipality=municipality.pk)


# Its SQL made once per process (ordered by name in the database's collation).
_ACTIVE_NETWORKS = PreparedQuery(
    lambda municipality: Network.objects.filter(
        members__municipality_id=municipality, members__left_on__isnull=True
    ).order_by("name"),
    municipality="prepared:municipality",
)


# The intercommunal plan office ---------------------------------------------------------------


@dataclass(frozen=True)
class MonthLoad:
    month: datetime.date
    capacity: Decimal | None
    planned: Decimal

    @property
    def over(self) -> Decimal:
        """Person-days planned beyond the capacity (0 when within it or none is set)."""
        if self.capacity is None:
            return Decimal(0)
        return max(Decimal(0), self.planned - self.capacity)


def office_page(office: Organisation, year: int) -> dict[str, object]:
    """The office's work view: the served municipalities' status (deadlines, overdue items),
    the year's assignments, capacity against planned work per month, and the yearly summary
    per municipality for cost sharing (a fixed number of queries)."""
    municipalities = followed(office)
    columns, rows = freshness.cached_across(
        "guidance_office",
        lambda: status_rows(municipalities, timezone.localdate(), summary=True),
        [municipality.number for municipality in municipalities],
        office.pk,
    )
    assignments = list(
        OfficeAssignment.objects.filter(office=office, month__year=year).select_related(
            "municipality", "planner"
        )
    )
    capacity = dict(
        OfficeCapacity.objects.filter(office=office, month__year=year).values_list(
            "month", "person_days"
        )
    )
    planned: dict[datetime.date, Decimal] = {}
    by_municipality: dict[str, Decimal] = {}
    by_planner: dict[str, Decimal] = {}
    for item in assignments:
        planned[item.month] = planned.get(item.month, Decimal(0)) + item.person_days
        name = item.municipality.name
        by_municipality[name] = by_municipality.get(name, Decimal(0)) + item.person_days
        who = str(item.planner) if item.planner else _("Not assigned")
        by_planner[who] = by_planner.get(who, Decimal(0)) + item.person_days
    months = [
        MonthLoad(
            datetime.date(year, number, 1),
            capacity.get(datetime.date(year, number, 1)),
            planned.get(datetime.date(year, number, 1), Decimal(0)),
        )
        for number in range(1, 13)
    ]
    return {
        "columns": columns,
        "rows": rows,
        "assignments": assignments,
        "months": months,
        "overbooked": [load for load in months if load.over > 0],
        "by_municipality": sorted(by_municipality.items()),
        "by_planner": sorted(by_planner.items()),
        "total": sum(by_municipality.values(), Decimal(0)),
    }
