"""Reads of the goals module: what each page and the dashboard panel show, computed once per
request in a fixed number of queries (pinned in core/tests/test_query_counts.py)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from operator import attrgetter
from typing import Any

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samplan.core import modules
from samplan.core.audit import history_entries
from samplan.core.instances import PreparedInstances, in_order
from samplan.core.modules import CalendarItem, CalendarQuery, StatusCell
from samplan.core.queries import PreparedRows, count_of, first_rows, instance, read_together
from samplan.municipalities.models import Municipality
from samplan.plans.models import Plan

from .kostra import function_name
from .models import (
    PLAN_YEARS,
    ActionPlan,
    BudgetLine,
    FocusArea,
    Goal,
    GoalComment,
    Indicator,
    Measure,
    MeasureKind,
    MeasureStatus,
    Period,
    ReportAdoption,
    Status,
)

SDG_COUNT = 17


@dataclass
class GoalNode:
    goal: Goal
    children: list[GoalNode] = field(default_factory=list)
    measure_count: int = 0
    costs: list[int] = field(default_factory=lambda: [0] * PLAN_YEARS)
    depth: int = 0


@dataclass
class AreaNode:
    area: FocusArea
    goals: list[GoalNode] = field(default_factory=list)


def _flatten(nodes: list[GoalNode], depth: int = 0) -> list[GoalNode]:
    result = []
    for node in nodes:
        node.depth = depth
        result.append(node)
        result.extend(_flatten(node.children, depth + 1))
    return result


def latest_plan(municipality: Municipality, year: int | None = None) -> ActionPlan | None:
    """The version of the handlingsdel for `year` (the latest starting on or before it; without
    a year, the newest)."""
    plans = ActionPlan.objects.filter(municipality=municipality)
    if year is not None:
        plans = plans.filter(first_year__lte=year)
    return plans.order_by("-first_year").first()


def report_adoption(municipality: Municipality, year: int) -> ReportAdoption | None:
    """When the council adopted the annual report for `year`, if recorded (one query)."""
    return ReportAdoption.objects.filter(municipality=municipality, year=year).first()


def goal_tree(
    municipality: Municipality, plan: ActionPlan | None, *, public_only: bool = False
) -> list[AreaNode]:
    """Focus areas with their goals as a tree (sub-goals under their goal, in order), each goal
    with the number and cost per year of the plan's measures that serve it."""
    areas = FocusArea.objects.filter(municipality=municipality)
    goals = Goal.objects.filter(municipality=municipality)
    if public_only:
        areas, goals = areas.filter(public=True), goals.filter(public=True, focus_area__public=True)
    goals = list(goals)
    links: Iterable[tuple] = []
    if plan is not None:
        through = Measure.goals.through.objects.filter(
            measure__action_plan=plan, goal_id__in=[goal.pk for goal in goals]
        )
        if public_only:
            through = through.filter(measure__public=True)
        links = through.values_list("goal_id", *_COSTS)
    return _tree(areas, goals, links, public_only)


# The costs per year of a measure, read through the measure's link to a goal.
_COSTS = [f"measure__cost_{year}" for year in range(1, PLAN_YEARS + 1)]


def _tree(
    areas: Iterable[FocusArea], goals: Iterable[Goal], links: Iterable[tuple], public_only: bool
) -> list[AreaNode]:
    """goal_tree made from what it read: `links` (goal id, cost per year) are the plan's
    measures' links to the goals."""
    nodes = {goal.pk: GoalNode(goal) for goal in goals}
    for goal_id, *measure_costs in links:
        node = nodes[goal_id]
        node.measure_count += 1
        node.costs = [a + b for a, b in zip(node.costs, measure_costs, strict=True)]
    by_area: dict[int, list[GoalNode]] = defaultdict(list)
    for node in nodes.values():
        parent = nodes.get(node.goal.parent_id) if node.goal.parent_id else None
        if parent is not None:
            parent.children.append(node)
        elif node.goal.parent_id is None or not public_only:
            by_area[node.goal.focus_area_id].append(node)
    return [AreaNode(area, _flatten(by_area.get(area.pk, []))) for area in areas]


def _suggestion(priority: Any) -> dict:
    return {
        "pk": priority.pk,
        "title": priority.title,
        "description": priority.description,
        "marks": priority.marks,
    }


def _titles(tree: list[AreaNode]) -> Iterable[str]:
    return chain(
        (area.area.title for area in tree),
        (node.goal.title for area in tree for node in area.goals),
    )


def _not_used(priorities: list[dict], titles: Iterable[str]) -> list[dict]:
    """The latest planning strategy's priorities (with the elected members' marks, in order)
    whose title no focus area or goal has (`titles`): starting points the planner may take or
    leave."""
    used = {title.casefold() for title in titles}
    return [item for item in priorities if item["title"].casefold() not in used]


def goal_tree_page(
    municipality: Municipality, year: int, *, suggest: bool
) -> tuple[ActionPlan | None, list[AreaNode], list[dict]]:
    """The goal tree page in one query: the handlingsdel of `year` (latest_plan), the whole goal
    tree with its measures' money (goal_tree) and, with `suggest`, the suggestions."""
    number = municipality.number
    reads = [
        _PLANS(municipality=number, year=year),
        _AREAS(municipality=number),
        _GOALS(municipality=number),
        _LINKS(
            items=lambda _pk, _date, data: [(data["goal"], *(data[cost] for cost in _COSTS))],
            municipality=number,
            year=year,
        ),
    ]
    if suggest:
        reads.append(_SUGGESTIONS(municipality=number))
    plans, areas, goals, links, *more = read_together(reads)
    priorities = more[0] if more else []
    plan = in_order(plans)[0] if plans else None
    tree = _tree(in_order(areas), in_order(goals), links, public_only=False)
    shown = [_suggestion(item) for item in in_order(priorities)]
    return plan, tree, _not_used(shown, _titles(tree)) if suggest else []


def _latest_plans(municipality: str, year: int) -> QuerySet:
    return ActionPlan.objects.filter(municipality_id=municipality, first_year__lte=year).order_by(
        "-first_year"
    )


def _priorities(municipality: str) -> QuerySet:
    from samplan.strategy.models import Priority, PriorityVote

    return (
        Priority.objects.filter(strategy__municipality_id=municipality)
        .annotate(marks=count_of(PriorityVote.objects.filter(priority=OuterRef("pk"))))
        .order_by("-strategy__period_start", "-marks", "title")
    )


# goal_tree_page's reads, their SQL made once per process: the handlingsdel versions up to the
# year (latest_plan is the first), the focus areas and goals, the links of the latest version's
# measures to the goals with their costs, the strategy's priorities with their marks.
_PLANS = PreparedInstances(_latest_plans, params={"municipality": str, "year": int})
_AREAS = PreparedInstances(
    lambda municipality: FocusArea.objects.filter(municipality_id=municipality),
    params={"municipality": str},
)
_GOALS = PreparedInstances(
    lambda municipality: Goal.objects.filter(municipality_id=municipality),
    params={"municipality": str},
)
_LINKS = PreparedRows(
    lambda municipality, year: Measure.goals.through.objects.filter(
        goal__municipality_id=municipality,
        measure__action_plan=Subquery(_latest_plans(municipality, year).values("pk")[:1]),
    ),
    params={"municipality": str, "year": int},
    fields=("goal", *_COSTS),
)
_SUGGESTIONS = PreparedInstances(_priorities, params={"municipality": str})


def suggested_title(municipality: Municipality, priority: str) -> str:
    """The title of one of the municipality's strategy priorities ("" for any other)."""
    from samplan.strategy.models import Priority

    if not priority.isdigit():
        return ""
    found = Priority.objects.filter(strategy__municipality=municipality, pk=int(priority)).first()
    return found.title if found else ""


def goal_detail(goal: Goal, plans: list[ActionPlan]) -> dict:
    plan = plans[0] if plans else None
    indicators = list(goal.indicators.prefetch_related("values"))
    measures = list(
        Measure.objects.filter(goals=goal, action_plan=plan).prefetch_related("statuses")
        if plan
        else []
    )
    comments = list(goal.comments.select_related("author"))
    records = sorted(
        chain(
            goal.history.select_related("history_user"),
            Indicator.history.filter(goal_id=goal.pk).select_related("history_user"),
            GoalComment.history.filter(goal_id=goal.pk).select_related("history_user"),
        ),
        key=attrgetter("history_date"),
        reverse=True,
    )
    return {
        "goal": goal,
        "indicators": [indicator_view(item) for item in indicators],
        "measures": measures,
        "plan": plan,
        "strategies": list(goal.strategies.all()),
        "children": list(goal.children.all()),
        "comments": comments,
        "history": history_entries(records),
    }


def indicator_view(indicator: Indicator) -> dict:
    """An indicator with its values by year, its latest value and whether it moves the right
    way (compared with the baseline)."""
    values = {value.year: value for value in indicator.values.all()}
    latest = values[max(values)] if values else None
    trend = None
    if latest is not None and indicator.baseline is not None:
        better = latest.value > indicator.baseline
        if latest.value == indicator.baseline:
            trend = "same"
        else:
            trend = "good" if better == (indicator.direction == "opp") else "bad"
    reached = None
    if latest is not None and indicator.target is not None:
        if indicator.direction == "opp":
            reached = latest.value >= indicator.target
        else:
            reached = latest.value <= indicator.target
    return {
        "indicator": indicator,
        "values": [values[year] for year in sorted(values)],
        "latest": latest,
        "trend": trend,
        "reached": reached,
    }


@dataclass
class GoalMoney:
    goal: Goal
    measures: list[Measure]
    costs: list[int]
    lines: list[BudgetLine]


@dataclass
class FunctionMoney:
    funksjon: str
    name: str
    amounts: list[int]
    lines: int


@dataclass
class MoneyPicture:
    plan: ActionPlan
    goals: list[GoalMoney]
    goals_without_measures: list[Goal]
    measures_without_money: list[Measure]
    unlinked_by_function: list[FunctionMoney]
    budget_totals: list[int]
    linked_totals: list[int]
    unlinked_totals: list[int]
    measure_totals: list[int]
    line_count: int


def _sum(rows: list[list[int | None]]) -> list[int]:
    return [sum(row[index] or 0 for row in rows) for index in range(PLAN_YEARS)]


def money_picture(plan: ActionPlan) -> MoneyPicture:
    """Per goal, what the plan's measures cost per year and which budget lines carry them;
    goals without measures; measures without money; budget lines no measure carries, by KOSTRA
    function. Sums are integers (whole kroner): exact."""
    measures = list(plan.measures.prefetch_related("goals", "budget_lines"))
    goals = list(Goal.objects.filter(municipality_id=plan.municipality_id))
    lines = list(plan.lines.all())
    by_goal: dict[int, list[Measure]] = defaultdict(list)
    linked: set[int] = set()
    for measure in measures:
        for goal in measure.goals.all():
            by_goal[goal.pk].append(measure)
        linked |= {line.pk for line in measure.budget_lines.all()}
    goal_money = []
    for goal in goals:
        served = by_goal.get(goal.pk, [])
        if not served:
            continue
        carried = {line.pk: line for m in served for line in m.budget_lines.all()}
        goal_money.append(
            GoalMoney(goal, served, _sum([m.costs for m in served]), list(carried.values()))
        )
    unlinked = [line for line in lines if line.pk not in linked]
    by_function: dict[str, list[BudgetLine]] = defaultdict(list)
    for line in unlinked:
        by_function[line.funksjon].append(line)
    return MoneyPicture(
        plan=plan,
        goals=goal_money,
        goals_without_measures=[goal for goal in goals if goal.pk not in by_goal],
        measures_without_money=[
            m
            for m in measures
            if m.kind != MeasureKind.NO_COST and not any(m.costs) and not m.budget_lines.all()
        ],
        unlinked_by_function=[
            FunctionMoney(
                funksjon,
                function_name(funksjon),
                _sum([line.amounts for line in rows]),
                len(rows),
            )
            for funksjon, rows in sorted(by_function.items())
        ],
        budget_totals=_sum([line.amounts for line in lines]),
        linked_totals=_sum([line.amounts for line in lines if line.pk in linked]),
        unlinked_totals=_sum([line.amounts for line in unlinked]),
        measure_totals=_sum([m.costs for m in measures]),
        line_count=len(lines),
    )


@dataclass
class DiffRow:
    measure: Measure | None
    old: Measure | None
    changes: list[str]


def plan_diff(plan: ActionPlan) -> dict[str, list[DiffRow]]:
    """What changed from the version the plan was made from: measures carried over (with what
    changed), ended (not carried over) and added."""
    current = list(plan.measures.select_related("carried_from").prefetch_related("goals"))
    previous = list(plan.previous.measures.all()) if plan.previous_id else []
    carried_ids = {m.carried_from_id for m in current if m.carried_from_id}
    carried, added = [], []
    for measure in current:
        old = measure.carried_from
        if old is None or old.action_plan_id != plan.previous_id:
            added.append(DiffRow(measure, None, []))
            continue
        carried.append(DiffRow(measure, old, _changes(old, measure, plan)))
    ended = [DiffRow(None, old, []) for old in previous if old.pk not in carried_ids]
    return {"carried": carried, "ended": ended, "added": added}


def _changes(old: Measure, new: Measure, plan: ActionPlan) -> list[str]:
    changes = []
    for name in ("title", "unit", "kind", "end_year", "description"):
        if getattr(old, name) != getattr(new, name):
            label = str(Measure._meta.get_field(name).verbose_name)
            changes.append(_("%(field)s changed") % {"field": label})
    shift = plan.first_year - old.action_plan.first_year if old.action_plan_id else 0
    for index, year in enumerate(plan.years):
        old_index = index + shift
        before = old.costs[old_index] if 0 <= old_index < PLAN_YEARS else None
        if before is not None and before != new.costs[index]:
            changes.append(
                _("%(year)s: %(old)s kr → %(new)s kr")
                % {"year": year, "old": _kr(before), "new": _kr(new.costs[index])}
            )
    return changes


def _kr(amount: int) -> str:
    return f"{amount:,}".replace(",", "\u00a0").replace("-", "−")


def follow_up(plan: ActionPlan, year: int) -> list[dict]:
    """Each measure of the plan with its status per period of `year`."""
    measures = plan.measures.prefetch_related(
        Prefetch("statuses", queryset=MeasureStatus.objects.filter(year=year)),
        "goals",
    )
    rows = []
    for measure in measures:
        by_period = {status.period: status for status in measure.statuses.all()}
        rows.append(
            {
                "measure": measure,
                "periods": [(period, by_period.get(period)) for period in Period.values],
                "latest": next(
                    (by_period[p] for p in reversed(Period.values) if p in by_period), None
                ),
            }
        )
    return rows


def status_counts(rows: list[dict]) -> list[tuple[str, str, int]]:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        if row["latest"] is not None:
            counts[row["latest"].status] += 1
    return [(value, str(label), counts[value]) for value, label in Status.choices]


def sdg_coverage(municipality: Municipality) -> list[dict]:
    """For each of the 17 goals: the municipality's goals and current plans tagged with it."""
    goals = list(Goal.objects.filter(municipality=municipality).exclude(sdgs=[]))
    plans = list(Plan.objects.for_municipality(municipality).current().exclude(sdgs=[]))
    result = []
    for number in range(1, SDG_COUNT + 1):
        result.append(
            {
                "number": number,
                "goals": [goal for goal in goals if number in goal.sdgs],
                "plans": [plan for plan in plans if number in plan.sdgs],
            }
        )
    return result


def goals_panel(municipality: Municipality) -> modules.PanelRead:
    """The dashboard panel: how many goals and measures, and how the latest follow-up stands
    (read with the other panels: the goal count, the year's handlingsdel with its number of
    measures, and the statuses of its latest follow-up counted by status)."""
    mine = {"municipality": municipality.pk, "year": datetime.date.today().year}

    def panel(read: list[list]) -> dict:
        found = read[1][0] if read[1] else None
        counts = dict(read[2])
        return {
            "plan": found,
            "goal_count": sum(read[0]),
            "measure_count": found.measure_count if found else 0,
            "statuses": [(str(label), counts.get(value, 0)) for value, label in Status.choices],
        }

    return modules.panel_read(
        _GOAL_COUNT(
            items=lambda _pk, _date, data: [data["count"]], municipality=mine["municipality"]
        ),
        _PANEL_PLAN(items=lambda pk, _date, data: [instance(ActionPlan, pk, data)], **mine),
        _PANEL_STATUSES(items=lambda _pk, _date, data: [(data["status"], data["count"])], **mine),
        panel=panel,
    )


def _panel_plans(municipality: str, year: int) -> Any:
    return ActionPlan.objects.filter(municipality_id=municipality, first_year__lte=year).order_by(
        "-first_year"
    )


def _panel_statuses(municipality: str, year: int) -> Any:
    plan_pk = Subquery(_panel_plans(municipality, year).values("pk")[:1])
    reported = MeasureStatus.objects.filter(measure__action_plan=plan_pk).order_by(
        "-year", _period_order().desc()
    )
    return MeasureStatus.objects.filter(
        measure__action_plan=plan_pk,
        year=Subquery(reported.values("year")[:1]),
        period=Subquery(reported.values("period")[:1]),
    ).values("status")


_GOAL_COUNT = PreparedRows(
    lambda municipality: Goal.objects.filter(municipality_id=municipality).values("municipality"),
    params={"municipality": str},
    pk=Min("pk"),
    data=lambda: {"count": Count("pk")},
)
_PANEL_PLAN = PreparedRows(
    lambda municipality, year: first_rows(_panel_plans(municipality, year), 1),
    params={"municipality": str, "year": int},
    fields=("municipality_id", "first_year"),
    data=lambda: {"measure_count": count_of(Measure.objects.filter(action_plan=OuterRef("pk")))},
)
_PANEL_STATUSES = PreparedRows(
    _panel_statuses,
    params={"municipality": str, "year": int},
    pk=Min("pk"),
    data=lambda: {"status": "status", "count": Count("pk")},
)


def _goals_panel(municipality: Municipality) -> dict:
    return modules.panel_data(goals_panel(municipality))  # type: ignore[return-value]


def _period_order() -> Case:
    """A period's place in its year (1st tertial, 2nd tertial, the year): their codes do not sort
    that way ("aar" < "t1")."""
    return Case(
        *(When(period=period, then=Value(index)) for index, period in enumerate(Period.values)),
        output_field=IntegerField(),
    )


# When the follow-up is reported: after each tertial (30 April, 31 August; the municipalities'
# common practice, reported on 15 June and 15 October) and the goal-achievement chapter of the
# årsberetning by 31 March (KL § 14-7). Samplan's dates, see docs/sources.md 1.5.
REPORT_DATES = (
    ("t1", 0, 6, 15),
    ("t2", 0, 10, 15),
    ("aar", 1, 3, 31),
)


def calendar_query(municipality: Municipality, election_year: int) -> CalendarQuery:
    """The reporting dates of the election period's four budget years, done when every measure
    of the year's plan has a status for the period (read with the other modules' calendar items
    in one query: each action plan with its number of measures and of statuses per period)."""
    return _REPORTS(
        items=lambda _pk, _date, row: _report_items(municipality, row),
        municipality=municipality.pk,
        first=election_year + 1,
        last=election_year + 4,
    )


def _report_data() -> dict[str, Any]:
    statuses = MeasureStatus.objects.filter(
        measure__action_plan=OuterRef("pk"), year=OuterRef("first_year")
    )
    data: dict[str, Any] = {"year": "first_year"}
    data["measures"] = count_of(Measure.objects.filter(action_plan=OuterRef("pk")))
    for period, *_date in REPORT_DATES:
        data[period] = count_of(statuses.filter(period=period))
    return data


_REPORTS = PreparedRows(
    lambda municipality, first, last: ActionPlan.objects.filter(
        municipality_id=municipality, first_year__gte=first, first_year__lte=last
    ),
    params={"municipality": str, "first": int, "last": int},
    data=_report_data,
)


def calendar_items(municipality: Municipality, election_year: int) -> list[CalendarItem]:
    """The reporting dates of the election period's four budget years, by year (one query)."""
    items = modules.calendar_query_items(calendar_query(municipality, election_year))
    return sorted(items, key=lambda item: item.date)


def _report_items(municipality: Municipality, row: dict[str, Any]) -> list[CalendarItem]:
    """The reporting dates of one budget year's action plan."""
    year = row["year"]
    items = []
    labels = dict(Period.choices)
    url = reverse("goals:follow_up", args=[municipality.number, year])  # once for the year's dates
    for period, offset, month, day in REPORT_DATES:
        done = row["measures"] and row[period] >= row["measures"]
        when = datetime.date(year + offset, month, day)
        is_year = period == "aar"
        items.append(
            CalendarItem(
                key=f"rapport-{year}-{period}",
                title=(
                    _("Annual report %(year)s: goal achievement") % {"year": year}
                    if is_year
                    else _("Follow-up report %(year)s, %(period)s")
                    % {"year": year, "period": labels[period]}
                ),
                date=when,
                description=(
                    _("The annual report (årsberetning) by 31 March (KL § 14-7).")
                    if is_year
                    else _("Status of the measures after the tertial.")
                ),
                url=url,
                done_on=when if done else None,
                # plantakt has the legal deadline of the årsberetning itself
                kind="anbefaling",
            )
        )
    return items


@dataclass
class ImportChanges:
    matched: int
    new: int
    removed: list[tuple[BudgetLine, list[str]]]


def import_changes(plan: ActionPlan, parsed: object) -> ImportChanges:
    """What a previewed import would do to the plan's budget lines: lines matched (kept with
    their links to measures), new lines, and lines removed (with the measures that lose them)."""
    keys = {row.key for row in parsed.good}  # type: ignore[attr-defined]
    existing = list(plan.lines.prefetch_related("measures"))
    matched = sum(1 for line in existing if line.key in keys)
    return ImportChanges(
        matched=matched,
        new=len(keys) - matched,
        removed=[
            (line, [measure.title for measure in line.measures.all()])
            for line in existing
            if line.key not in keys
        ],
    )


def public_goal(goal: Goal, plan: ActionPlan | None) -> dict:
    """A public goal: its public indicators, sub-goals, strategies and public measures with their
    latest status."""
    measures = []
    if plan is not None:
        for measure in plan.measures.filter(goals=goal, public=True).prefetch_related("statuses"):
            statuses = list(measure.statuses.all())
            measures.append({"measure": measure, "latest": statuses[-1] if statuses else None})
    return {
        "goal": goal,
        "plan": plan,
        "indicators": [
            indicator_view(item)
            for item in goal.indicators.filter(public=True).prefetch_related("values")
        ],
        "strategies": list(goal.strategies.all()),
        "children": list(goal.children.filter(public=True)),
        "measures": measures,
    }


def goal_report_cells(
    municipalities: list[Municipality], today: datetime.date
) -> modules.PanelRead:
    """The status board's goal-report column for many municipalities, as a read not yet made
    (read with the other columns' in one query; `modules.panel_data` makes it alone): last year's
    annual report (goal achievement, due 31 March, KL § 14-7), done when every measure of the
    action plan in force for the year (as on the follow-up page) has a status for the year, as
    plantakt's calendar counts it; late when it is not done by its date. The page's lines: last
    year's and this year's reports, measures reported of measures. A municipality without an
    action plan for last year has no report to make."""
    return _report_read(municipalities, today, details=True)


def goal_report_summary(
    municipalities: list[Municipality], today: datetime.date
) -> modules.PanelRead:
    """goal_report_cells without the page's lines (the boards show none)."""
    return _report_read(municipalities, today, details=False)


def _report_read(
    municipalities: list[Municipality], today: datetime.date, *, details: bool
) -> modules.PanelRead:
    numbers = [municipality.number for municipality in municipalities]
    year = today.year - 1
    return modules.panel_read(
        _REPORTS_IN(
            items=lambda _pk, _date, data: [
                (data["number"], data["first_year"], data["measure_count"])
                + tuple(data[name] for name in _REPORTED)
            ],
            numbers=numbers,
            year=year,
            next_year=year + 1,
        ),
        panel=lambda found: _report_cells(numbers, year, found[0], today, details=details),
    )


def _report_cells(
    numbers: list[str],
    year: int,
    rows: list[tuple[Any, ...]],
    today: datetime.date,
    *,
    details: bool,
) -> dict[str, StatusCell]:
    plans: dict[str, list[tuple[Any, ...]]] = {}
    for number, *row in rows:
        plans.setdefault(number, []).append(tuple(row))
    url = reverse("goals:follow_up", args=["knr", 0])  # made once, the number put in per row
    index = reverse("goals:index", args=["knr"])
    none = _("No action plan for %(year)s") % {"year": year}  # most rows: made once
    # translated once
    labels = {key: str(label) for key, label in Period.choices} if details else None
    return {
        number: _report_cell(year, plans[number], today, url.replace("knr", number), labels)
        if number in plans
        else StatusCell(none, sort=2_000_000, url=index.replace("knr", number))
        for number in numbers
    }


# The counts of measures with a status, for each of the two years (0: the report's year, 1:
# the next) and each report period, in _report_cell's order.
_REPORTED = tuple(f"in_{which}_{period}" for which in (0, 1) for period, *_date in REPORT_DATES)


def _reports(numbers: list[str], year: int, next_year: int) -> QuerySet:
    """The action plans in force for `year` and `next_year` (the newest starting on or before
    it, as the follow-up page reads them), each with its first year, its number of measures
    and, for each of the two years and each report period, the number of its measures with a
    status."""

    def in_force(last: int) -> Subquery:
        """The first year of the plan in force for `last` (one plan per municipality and
        year): a maximum the database reads from the unique index, where the newest plan's pk
        by its order was a sort of the table's plans for each plan."""
        return Subquery(
            ActionPlan.objects.filter(
                municipality_id=OuterRef("municipality_id"), first_year__lte=last
            )
            .order_by()
            .values("municipality_id")
            .annotate(newest=Max("first_year"))
            .values("newest")[:1]
        )

    reported = {
        f"in_{which}_{period}": Count(
            "measures__statuses",
            filter=Q(measures__statuses__year=report_year, measures__statuses__period=period),
        )
        for which, report_year in enumerate((year, next_year))
        for period, *_date in REPORT_DATES
    }
    return (
        ActionPlan.objects.filter(Q(first_year=in_force(year)) | Q(first_year=in_force(next_year)))
        .filter(municipality_id__in=numbers)
        .order_by()
        .values("municipality_id", "first_year")
        .annotate(measure_count=Count("measures", distinct=True), **reported)
    )


# Its SQL made once per process (and length of the list of numbers): building the aggregates
# costs more than sending them.
_REPORTS_IN = PreparedRows(
    _reports,
    params={"numbers": list[str], "year": int, "next_year": int},
    pk=Min("pk"),
    fields=("first_year", "measure_count", *_REPORTED),
    data={"number": "municipality_id"},
)


def _report_cell(
    year: int,
    plans: list[tuple[Any, ...]],
    today: datetime.date,
    url: str,
    labels: dict[str, str] | None,
) -> StatusCell:
    """One municipality's status-board cell of its goal reports: `plans` are the rows of
    _reports (first year, measures, then the measures reported per year and period), at least
    one. `url`: the follow-up page of year 0. `labels`: the report periods' names, for the
    page's lines (None: no lines)."""
    details: list[str] = []
    measures_in: dict[int, int] = {}  # by report year: the measures of the plan in force
    reported_in: dict[tuple[int, str], int] = {}  # by report year and period
    for report_year, counts in ((year, slice(2, 5)), (year + 1, slice(5, 8))):
        plan = max((row for row in plans if row[0] <= report_year), default=None)
        if plan is None:
            continue
        measures = plan[1]
        for (period, offset, month, day), reported in zip(REPORT_DATES, plan[counts], strict=True):
            reported_in[report_year, period] = reported
            if labels is None:
                continue
            title = (
                _("Annual report %(year)s: goal achievement") % {"year": report_year}
                if period == "aar"
                else _("Follow-up report %(year)s, %(period)s")
                % {"year": report_year, "period": labels[period]}
            )
            details.append(
                _("%(report)s (by %(date)s): %(done)s of %(count)s measures reported")
                % {
                    "report": title,
                    "date": datetime.date(report_year + offset, month, day).strftime("%d.%m.%Y"),
                    "done": reported,
                    "count": measures,
                }
            )
        measures_in[report_year] = measures
    if year not in measures_in:
        text = _("No action plan for %(year)s") % {"year": year}
        url = url.replace("/0/", f"/{year + 1}/")
        return StatusCell(text, sort=2_000_000, details=tuple(details), url=url)
    url = url.replace("/0/", f"/{year}/")
    measures, reported = measures_in[year], reported_in[year, "aar"]
    if measures and reported >= measures:
        text = _("Annual report %(year)s: reported") % {"year": year}
        return StatusCell(text, sort=1_000_000, details=tuple(details), url=url)
    if reported:
        text = _("Annual report %(year)s: %(done)s of %(count)s measures reported") % {
            "year": year,
            "done": reported,
            "count": measures,
        }
    else:
        text = _("Annual report %(year)s: not started") % {"year": year}
    offset, month, day = next(rest for period, *rest in REPORT_DATES if period == "aar")
    days = (datetime.date(year + offset, month, day) - today).days
    text += " · " + (
        _("%(days)s days late") % {"days": -days}
        if days < 0
        else _("due %(date)s")
        % {"date": datetime.date(year + offset, month, day).strftime("%d.%m.%Y")}
    )
    return StatusCell(
        text, urgency=2 if days < 0 else 0, sort=days, details=tuple(details), url=url
    )


def forum_points(municipality: Municipality, since: datetime.date) -> list[str]:
    """The plan forum's agenda points from the goals: each goal elected members commented on
    since `since` (the last forum meeting), with how many comments (one query)."""
    rows = (
        GoalComment.objects.filter(municipality=municipality, created_at__date__gte=since)
        .values("goal__title")
        .annotate(count=Count("pk"), first=Min("created_at"))
        .order_by("first")[:10]
    )
    return [
        ngettext(
            "%(count)s new comment from elected members on the goal “%(goal)s”",
            "%(count)s new comments from elected members on the goal “%(goal)s”",
            row["count"],
        )
        % {"count": row["count"], "goal": row["goal__title"]}
        for row in rows
    ]
