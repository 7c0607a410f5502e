"""Reads for plantakt shared by the views, the dashboard panel, the feeds and the CLI."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samplan.core import freshness, modules, queries
from samplan.core.modules import CalendarItem, Module, StatusCell
from samplan.core.queries import json_date
from samplan.core.text import escaped
from samplan.municipalities.models import Municipality
from samplan.plans.catalogue import CURRENT_STATUSES
from samplan.plans.models import Plan, PlanStatus

from . import engine
from .labels import KIND_LABELS
from .models import ElectionPeriod, ItemDecision, MunicipalityPeriod, OwnItem, RuleSetting

_NUMBER = "knr"  # stands for a municipality's number in an address made once for many rows


def rules() -> dict[str, engine.RuleValue]:
    """The deadline rules: the engine's defaults, corrected by the stored settings."""
    return {**engine.DEFAULT_RULES, **_national()[1]}


def _national() -> tuple[dict[int, tuple[datetime.date, bool]], dict[str, engine.RuleValue]]:
    """The national data every period needs, in one query once per request (cached until the
    data changes, see core/freshness): the stored election days (by election year: the day,
    whether it is confirmed) and the stored deadline rules (by key)."""
    return freshness.per_request(
        "plantakt_national",
        lambda: freshness.cached("plantakt_national", _read_national, municipality=None),
    )


_ELECTIONS = queries.PreparedRows(
    lambda: ElectionPeriod.objects.all(),
    params={},
    date="election_date",
    data={"year": "election_year", "confirmed": "confirmed"},
)
_SETTINGS = queries.PreparedRows(
    lambda: RuleSetting.objects.all(),
    params={},
    fields=("key", "month", "day", "confirmed", "source"),
)


def _read_national() -> tuple[dict[int, tuple[datetime.date, bool]], dict[str, engine.RuleValue]]:
    elections, settings = queries.read_together(
        [
            _ELECTIONS(
                items=lambda _pk, date, data: [(data["year"], (date, bool(data["confirmed"])))],
            ),
            _SETTINGS(
                items=lambda _pk, _date, data: [
                    (data["key"], RuleSetting(**{**data, "confirmed": bool(data["confirmed"])}))
                ],
            ),
        ]
    )
    return dict(elections), {key: setting.as_rule() for key, setting in sorted(settings)}


def election(election_year: int) -> tuple[datetime.date, bool]:
    """The election day of `election_year` and whether it is confirmed."""
    stored = _national()[0].get(election_year)
    if stored is not None:
        return stored
    known = engine.KNOWN_ELECTIONS.get(election_year)
    if known:
        return known
    return engine.second_monday_of_september(election_year), False


def current_election_year(today: datetime.date) -> int:
    """The election year of the period `today` is in (a period runs from election to election)."""
    year = today.year - (today.year - 3) % 4
    if today < election(year)[0]:
        year -= 4
    return max(year, engine.FIRST_ELECTION_YEAR)


def stored_period(municipality: Municipality, election_year: int) -> MunicipalityPeriod | None:
    return MunicipalityPeriod.objects.filter(
        municipality=municipality, election_year=election_year
    ).first()


def period_input(
    municipality: Municipality,
    election_year: int,
    *,
    constituted_on: datetime.date | None = None,
) -> engine.PeriodInput:
    """Everything stored about a municipality's period, as engine input. `constituted_on`
    replaces the stored constitution date (the CLI's --konstituert)."""
    reads, made = period_reads(municipality, election_year, constituted_on=constituted_on)
    return made(queries.read_together(reads))


def period_reads(
    municipality: Municipality,
    election_year: int,
    *,
    constituted_on: datetime.date | None = None,
) -> tuple[list[queries.RowsQuery], Callable[[list[list]], engine.PeriodInput]]:
    """period_input as reads not yet made (the dashboard reads them with the other panels'):
    the stored period, the item decisions, the own items and the other modules' calendar
    items, and what makes the engine input of what they read."""
    engine.check_election_year(election_year)
    own, items = modules.calendar_reads(
        municipality, election_year, _period_rows(municipality, election_year)
    )

    def made(read: list[list]) -> engine.PeriodInput:
        (stored, decided, own_items, revisions), found = items(read)
        election_date, confirmed = election(election_year)
        stored_on, revise = stored[0] if stored else (None, False)
        return engine.PeriodInput(
            municipality=municipality.number,
            election_year=election_year,
            election_date=election_date,
            election_confirmed=confirmed,
            constituted_on=constituted_on or stored_on,
            revise_master_plan=bool(revise),
            decisions=dict(decided),
            rules=rules(),
            plan_revisions=revisions,
            own_items=own_items,
            module_items=module_items(found),
        )

    return own, made


def _period_rows(municipality: Municipality, election_year: int) -> list[queries.RowsQuery]:
    """The reads of the stored period ((constitution date, revise the master plan)), the item
    decisions ((key, date)), the own items and the plans' revisions."""
    mine = {"municipality": municipality.pk, "year": election_year}
    return [
        _STORED(items=lambda _pk, date, data: [(date, data["revise"])], **mine),
        _DECISIONS(items=lambda _pk, date, data: [(data["key"], date)], **mine),
        _OWN(
            items=lambda pk, date, data: [
                engine.OwnItem(
                    pk, data["title"], date, data["description"], json_date(data["done_on"])
                )
            ],
            **mine,
        ),
        _REVISIONS(items=_plan_revision, municipality=municipality.pk),
    ]


_PERIOD = {"municipality": str, "year": int}


def _of_period(model: type) -> Callable[[str, int], object]:
    return lambda municipality, year: model.objects.filter(  # type: ignore[attr-defined]
        municipality_id=municipality, election_year=year
    )


_STORED = queries.PreparedRows(
    _of_period(MunicipalityPeriod),
    params=_PERIOD,
    date="constituted_on",
    data={"revise": "revise_master_plan"},
)
_DECISIONS = queries.PreparedRows(
    _of_period(ItemDecision), params=_PERIOD, date="decided_on", data={"key": "item_key"}
)
_OWN = queries.PreparedRows(
    lambda municipality, year: OwnItem.objects.for_period(municipality, year),
    params=_PERIOD,
    date="date",
    data={"title": "title", "description": "description", "done_on": "done_on"},
)


# The plans in force (as plans.selectors.current_of finds them among the municipality's plans:
# current or under revision, not replaced by one of its plans that is not in progress) whose
# next revision is known: only the facts the engine takes, read with the period's other rows
# rather than every plan of the register as model instances in a query of its own.
_REVISIONS = queries.PreparedRows(
    lambda municipality: (
        Plan.objects.for_municipality(municipality)
        .filter(status__in=CURRENT_STATUSES)
        .exclude(
            replaced_by__in=Plan.objects.for_municipality(municipality).exclude(
                status=PlanStatus.IN_PROGRESS
            )
        )
        .exclude(next_revision_override__isnull=True, next_revision_computed__isnull=True)
    ),
    params={"municipality": str},
    fields=(
        "title",
        "legal_basis",
        "next_revision_override",
        "next_revision_computed",
        "adopted_year",
        "adopted_date",
    ),
)


def _plan_revision(pk: int, _date: object, data: dict) -> list[engine.PlanRevision]:
    """A revision from a plan's facts read, by the plan's own rules for its next revision
    (applied to the facts, not to a model instance: making one costs more than the read)."""
    plan = SimpleNamespace(
        next_revision_override=json_date(data["next_revision_override"]),
        next_revision_computed=json_date(data["next_revision_computed"]),
        adopted_year=data["adopted_year"],
        adopted_date=json_date(data["adopted_date"]),
    )
    return [
        engine.PlanRevision(
            pk,
            data["title"],
            Plan.next_revision.fget(plan),
            data["legal_basis"],
            year_only=Plan.next_revision_year_only.fget(plan),
        )
    ]


def module_items(found: list[tuple[Module, CalendarItem]]) -> list[engine.ModuleItem]:
    """The dated items other modules register (core.modules.Module.calendar_items)."""
    return [
        engine.ModuleItem(
            module=module.key,
            key=item.key,
            title=item.title,
            date=item.date,
            description=item.description,
            url=item.url,
            done_on=item.done_on,
            kind=item.kind,
        )
        for module, item in found
    ]


def period_for(
    municipality: Municipality,
    election_year: int,
    *,
    constituted_on: datetime.date | None = None,
) -> engine.Period:
    """The computed period (raises engine.PeriodError on bad input). Cached until the data
    changes (core/freshness) unless `constituted_on` replaces the stored date."""

    def compute() -> engine.Period:
        return computed(period_input(municipality, election_year, constituted_on=constituted_on))

    if constituted_on is not None:
        return compute()
    return freshness.cached("plantakt_period", compute, election_year, municipality=municipality.pk)


class _Input:
    """An engine input as the key of the computed periods: everything it holds, and the
    language its texts are translated into."""

    __slots__ = ("data", "key")

    def __init__(self, data: engine.PeriodInput) -> None:
        self.data = data
        self.key = (
            translation.get_language(),
            data.municipality,
            data.election_year,
            data.election_date,
            data.election_confirmed,
            data.constituted_on,
            data.revise_master_plan,
            tuple(sorted(data.decisions.items())),
            tuple(sorted(data.rules.items())),
            tuple(data.plan_revisions),
            tuple(data.own_items),
            tuple(data.module_items),
        )

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Input) and self.key == other.key


# At most 64 kept (tens of KB each): the pages a worker serves over and over.
@functools.lru_cache(maxsize=64)
def _computed(data: _Input) -> engine.Period:
    return engine.compute(data.data)


def computed(data: engine.PeriodInput) -> engine.Period:
    """engine.compute(data), computed once per process for the same input and language (the
    period's deadlines, holidays and texts; a period and its items cannot be changed): the key
    is the whole input, so any change in the municipality's data is a new computation at once,
    with the page cache switched off too. Raises engine.PeriodError on bad input."""
    return _computed(_Input(data))


@dataclass(frozen=True)
class NextItems:
    """The dashboard's deadlines: the next upcoming ones, and the overdue ones apart."""

    upcoming: list[engine.Item]
    overdue: list[engine.Item]
    overdue_count: int


def next_items(municipality: Municipality, today: datetime.date, *, limit: int = 5) -> NextItems:
    """The next open items from `today` on (soonest first), and apart from them the overdue
    ones (most recent first, at most `limit`) with how many there are in all."""
    return _next_of(period_for(municipality, current_election_year(today)), today, limit)


def _next_of(period: engine.Period, today: datetime.date, limit: int) -> NextItems:
    open_items = sorted((item for item in period.items if not item.done), key=lambda i: i.date)
    overdue = [item for item in open_items if item.overdue(today)]
    coming = [item for item in open_items if not item.overdue(today)]
    return NextItems(
        upcoming=coming[:limit], overdue=overdue[::-1][:limit], overdue_count=len(overdue)
    )


def next_panel(municipality: Municipality) -> modules.PanelRead:
    """The dashboard panel: the next deadlines, the overdue ones apart with their count (the
    period's reads made with the other panels')."""
    today = timezone.localdate()
    election_year = current_election_year(today)
    reads, made = period_reads(municipality, election_year)

    def panel(read: list[list]) -> dict:
        items = _next_of(computed(made(read)), today, 5)
        kinds = {key: str(label).lower() for key, label in KIND_LABELS.items()}
        texts = _next_texts()
        return {
            # Each item with what the panel shows of it (_next_shown).
            "upcoming": [_next_shown(item, today, kinds, texts) for item in items.upcoming],
            "overdue": [_next_shown(item, today, kinds, texts) for item in items.overdue],
            "overdue_count": items.overdue_count,
            "election_year": election_year,
        }

    return modules.panel_read(*reads, panel=panel)


def _next_texts() -> dict[str, str]:
    """The panel's fixed texts of an item, translated and escaped once a panel."""
    return {
        "latest": conditional_escape(_("at the latest")),
        "missing": conditional_escape(_("Constitution date missing")),
        "unconfirmed": conditional_escape(_("Unconfirmed")),
    }


def _next_shown(
    item: engine.Item, today: datetime.date, kinds: dict[str, str], texts: dict[str, str]
) -> tuple[engine.Item, dict[str, str]]:
    """An item and what the panel shows of it, made here once rather than by filters and
    translations per item in the template: its date (ISO and as shown), its kind in words, how
    many days it is overdue ("" when it is not), and the item's line as HTML (`html`: as the
    include plantakt/_next_item.html wrote it, an include per item costing more than the
    rest of the panel)."""
    days = item.overdue_by_days(today)
    shown = {
        "iso": item.date.isoformat(),
        "day": f"{item.date.day}.{item.date.month}.{item.date.year:04d}",  # date:"j.n.Y"
        "kind": kinds.get(item.kind, item.kind.lower()),
        "overdue": (
            ngettext("Overdue by %(days)s day", "Overdue by %(days)s days", days) % {"days": days}
            if days
            else ""
        ),
    }
    esc = escaped  # conditional_escape without its lazy-string wrappers (core.text)
    shown["html"] = mark_safe(  # noqa: S308 -- every value escaped, the texts our own
        (f"{texts['latest']} " if item.assumed else "")
        + f'<time datetime="{esc(shown["iso"])}">{esc(shown["day"])}</time>: '
        f"{esc(item.title)} ({esc(shown['kind'])})"
        + (
            ' <span class="ds-tag" data-color="danger" data-size="sm">'
            f"{esc(shown['overdue'])}</span>"
            if shown["overdue"]
            else ""
        )
        + (
            f' <span class="ds-tag" data-color="warning" data-size="sm">{texts["missing"]}</span>'
            if item.needs_date
            else ""
        )
        + (
            ' <span class="ds-tag" data-color="warning" data-size="sm">'
            f"{texts['unconfirmed']}</span>\n"
            if item.unconfirmed
            else ""
        )
        + "\n"
    )
    return item, shown


def _legal_cell(
    period: engine.Period, today: datetime.date, number: str, election_year: int
) -> StatusCell:
    legal = [item for item in period.items if item.kind == engine.LOVKRAV and not item.done]
    overdue = [item for item in legal if item.overdue(today)]
    coming = [item for item in legal if not item.overdue(today)][:3]
    lines = [
        _("%(title)s: %(date)s (%(days)s days late)")
        % {
            "title": item.title,
            "date": item.date.strftime("%d.%m.%Y"),
            "days": (today - item.date).days,
        }
        for item in overdue
    ] + [
        _("%(title)s: %(date)s") % {"title": item.title, "date": item.date.strftime("%d.%m.%Y")}
        for item in coming
    ]
    url = reverse("plantakt:list", args=[number]) + f"?periode={election_year}"
    if overdue:
        return StatusCell(
            ngettext(
                "%(count)s legal deadline passed", "%(count)s legal deadlines passed", len(overdue)
            )
            % {"count": len(overdue)},
            urgency=2,
            sort=-(today - overdue[0].date).days,
            details=tuple(lines),
            url=url,
        )
    if not coming:
        return StatusCell(_("None left this period"), sort=1_000_000, url=url)
    first = coming[0]
    days = (first.date - today).days
    return StatusCell(
        _("%(title)s: %(date)s") % {"title": first.title, "date": first.date.strftime("%d.%m.%Y")},
        urgency=1 if days <= 30 else 0,
        sort=days,
        details=tuple(lines),
        url=url,
    )


def legal_deadline_cells(
    municipalities: list[Municipality], today: datetime.date
) -> modules.PanelRead:
    """The status board's column of legal deadlines for many municipalities, as a read not yet
    made (the stored periods and decisions, read with the other columns' in one query;
    `panel_data` makes it alone): the overdue ones and the next three of the current period.
    The national election days and rules are read before (one query, cached), then the pure
    engine runs for each different thing the municipalities stored (remembered, see
    _legal_cell_of)."""
    election_year = current_election_year(today)
    numbers = [municipality.number for municipality in municipalities]
    election_date, confirmed = election(election_year)
    rule_values = rules()
    national = (
        translation.get_language(),
        today,
        election_year,
        election_date,
        confirmed,
        tuple(sorted(rule_values.items())),
    )
    # made once, the number put in per row
    url = reverse("plantakt:list", args=[_NUMBER]) + f"?periode={election_year}"

    def cells(found: list[list[tuple]]) -> dict[str, StatusCell]:
        stored, decisions = _stored(*found)
        made = {}
        for number in numbers:
            constituted_on, revise = stored.get(number, (None, False))
            decided = decisions.get(number, {})
            # The engine's items follow from what a municipality stored about the period, not
            # from the municipality: those that stored the same (most stored nothing) share one
            # cell and differ only in its link.
            key = (*national, constituted_on, revise, tuple(sorted(decided.items())))
            cell = _LEGAL_CELLS.get(key, _UNKNOWN)
            if cell is _UNKNOWN:
                cell = _legal_cell_of(key, number, rule_values, decided)
            if cell is not None:
                made[number] = StatusCell(
                    cell.text, cell.urgency, cell.sort, cell.details, url.replace(_NUMBER, number)
                )
        return made

    return modules.panel_read(*stored_period_reads(numbers, election_year), panel=cells)


# The legal-deadline cells computed, by everything they follow from (the engine is pure: the
# language, today, the period's national data and rules, and what the municipality stored): a
# board computes the engine only for inputs no earlier board had (357 municipalities stored some
# 66 different things, 0.6 ms of engine each), a write in one municipality only for its new
# input. Forgotten when it grows past _LEGAL_CELLS_MAX entries (one a day per input otherwise).
_LEGAL_CELLS: dict[tuple, StatusCell | None] = {}
_LEGAL_CELLS_MAX = 4096
_UNKNOWN = StatusCell("")


def _legal_cell_of(
    key: tuple,
    number: str,
    rule_values: dict[str, engine.RuleValue],
    decided: dict[str, datetime.date],
) -> StatusCell | None:
    """The cell of `key` (legal_deadline_cells' key) computed by the engine, remembered."""
    today, election_year, election_date, confirmed = key[1:5]
    constituted_on, revise = key[6:8]
    try:
        computed = engine.compute(
            engine.PeriodInput(
                municipality=number,
                election_year=election_year,
                election_date=election_date,
                election_confirmed=confirmed,
                constituted_on=constituted_on,
                revise_master_plan=revise,
                decisions=decided,
                rules=rule_values,
            )
        )
    except engine.PeriodError:
        computed = None
    cell = computed and _legal_cell(computed, today, number, election_year)
    if len(_LEGAL_CELLS) >= _LEGAL_CELLS_MAX:
        _LEGAL_CELLS.clear()
    _LEGAL_CELLS[key] = cell
    return cell


def stored_period_reads(
    numbers: list[str], election_year: int
) -> tuple[queries.RowsQuery, queries.RowsQuery]:
    """What many municipalities stored about a period, as two reads not yet made (read with
    others in one query): their periods, as rows (number, constitution date, revise the master
    plan), and their item decisions, as rows (number, item key, decided on)."""
    theirs = {"numbers": numbers, "election_year": election_year}
    return (
        _STORED_PERIODS(
            items=lambda _pk, date, data: [(data["number"], date, data["revise"])], **theirs
        ),
        _STORED_DECISIONS(
            items=lambda _pk, date, data: [(data["number"], data["key"], date)], **theirs
        ),
    )


def _stored(
    periods: list[tuple], decided: list[tuple]
) -> tuple[dict[str, tuple[datetime.date | None, bool]], dict[str, dict[str, datetime.date]]]:
    """stored_period_reads' rows by municipality number: (the constitution date, revise the
    master plan), and the item decisions."""
    stored = {number: (date, bool(revise)) for number, date, revise in periods}
    decisions: dict[str, dict[str, datetime.date]] = {}
    for number, key, decided_on in decided:
        decisions.setdefault(number, {})[key] = decided_on
    return stored, decisions


def _theirs(model: type, date: str, data: dict[str, str]) -> queries.PreparedRows:
    """The rows of `model` of many municipalities and one period, their SQL made once per
    process (and length of the list of numbers)."""
    return queries.PreparedRows(
        lambda numbers, election_year: model._default_manager.filter(
            municipality_id__in=numbers, election_year=election_year
        ),
        params={"numbers": list[str], "election_year": int},
        date=date,
        data={"number": "municipality_id", **data},
    )


_STORED_PERIODS = _theirs(MunicipalityPeriod, "constituted_on", {"revise": "revise_master_plan"})
_STORED_DECISIONS = _theirs(ItemDecision, "decided_on", {"key": "item_key"})


TIMETABLE_PREFIXES = ("planning_strategy.", "master_plan.")


def timetable_fact(municipality: Municipality) -> dict[str, str]:
    """The dates of the planning strategy and the master plan in the current period (planned,
    legal or decided), one line each, for a learning network's application."""
    today = timezone.localdate()
    try:
        period = period_for(municipality, current_election_year(today))
    except engine.PeriodError:
        return {}
    lines = [
        _("%(title)s: %(date)s%(done)s")
        % {
            "title": item.title,
            "date": (item.done_on or item.date).strftime("%d.%m.%Y"),
            "done": " (" + _("done") + ")" if item.done else "",
        }
        for item in period.items
        if item.key.startswith(TIMETABLE_PREFIXES)
    ]
    return {"timetable": "\n".join(lines)}
