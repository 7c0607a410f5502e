"""Writes of the goals module: keyword-only, atomic, checked (full_clean) before saving, with the
acting user in the audit history. Objects two planners may edit at once are saved only at the
version the planner read (optimistic locking)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from samplan.core.audit import service
from samplan.core.versioning import Versioned, check_and_bump
from samplan.municipalities.models import Municipality

from .indicators import ssb_values
from .models import (
    PLAN_YEARS,
    ActionPlan,
    BudgetLine,
    FocusArea,
    Goal,
    GoalComment,
    GoalStrategy,
    Indicator,
    IndicatorSource,
    IndicatorValue,
    Measure,
    MeasureStatus,
    ReportAdoption,
)


def _loaded_relations(obj: models.Model) -> list[str]:
    """Foreign keys whose object the service was given: checking that it exists is a query
    that tells nothing new."""
    return [
        field.name
        for field in obj._meta.concrete_fields
        if field.is_relation and field.is_cached(obj)
    ]


def _save(obj: models.Model) -> None:
    obj.full_clean(exclude=_loaded_relations(obj))
    obj.save()


def _save_versioned(obj: Versioned, expected: int | None) -> None:
    check_and_bump(obj, expected)
    _save(obj)


@service
def focus_area_save(*, focus_area: FocusArea, expected_version: int | None, user: Any) -> FocusArea:
    _save_versioned(focus_area, expected_version)
    return focus_area


@service
def focus_area_delete(*, focus_area: FocusArea, user: Any) -> None:
    goals = list(Goal.objects.filter(focus_area=focus_area))
    if goals:
        raise ValidationError(
            _("The focus area has goals: %(goals)s. Move or delete them first.")
            % {"goals": ", ".join(goal.title for goal in goals)}
        )
    focus_area.delete()


def _check_tree(goal: Goal) -> None:
    """The parent is in the same municipality, and the goal is not its own ancestor."""
    if goal.parent_id is None:
        return
    parent = goal.parent
    if parent.municipality_id != goal.municipality_id:
        raise ValidationError({"parent": _("The goal must belong to the same municipality.")})
    seen = {goal.pk}
    while parent is not None:
        if parent.pk in seen:
            raise ValidationError(
                {"parent": _("A goal cannot be under itself or under one of its sub-goals.")}
            )
        seen.add(parent.pk)
        parent = parent.parent
    goal.focus_area_id = goal.parent.focus_area_id


@service
def goal_save(*, goal: Goal, expected_version: int | None, user: Any) -> Goal:
    _check_tree(goal)
    if goal.focus_area.municipality_id != goal.municipality_id:
        raise ValidationError({"focus_area": _("The focus area belongs to another municipality.")})
    goal.sdgs = sorted(set(goal.sdgs or []))
    _save_versioned(goal, expected_version)
    # Sub-goals follow their goal to its focus area.
    for child in Goal.objects.filter(parent=goal).exclude(focus_area_id=goal.focus_area_id):
        child.focus_area_id = goal.focus_area_id
        goal_save(goal=child, expected_version=child.version, user=user)
    return goal


@service
def goal_delete(*, goal: Goal, user: Any) -> None:
    """Delete a goal with no measures and no sub-goals; else say which."""
    measures = list(Measure.objects.filter(goals=goal).select_related("action_plan"))
    if measures:
        raise ValidationError(
            _("Measures serve this goal: %(measures)s. Take the goal off them first.")
            % {
                "measures": "; ".join(
                    f"{measure.title} ({measure.action_plan.first_year})" for measure in measures
                )
            }
        )
    children = list(Goal.objects.filter(parent=goal))
    if children:
        raise ValidationError(
            _("The goal has sub-goals: %(goals)s. Move or delete them first.")
            % {"goals": ", ".join(child.title for child in children)}
        )
    goal.delete()


@service
def goal_strategy_add(*, goal: Goal, text: str, user: Any) -> GoalStrategy:
    strategy = GoalStrategy(municipality_id=goal.municipality_id, goal=goal, text=text.strip())
    _save(strategy)
    return strategy


@service
def goal_strategy_delete(*, strategy: GoalStrategy, user: Any) -> None:
    strategy.delete()


@service
def report_adoption_save(
    *,
    municipality: Municipality,
    year: int,
    adopted_on: datetime.date,
    case_number: str,
    user: Any,
) -> ReportAdoption:
    """Record (or correct) the date the council adopted the annual report for `year`: its goal
    report becomes a decided case. A date in the future is refused."""
    if adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": _("The date cannot be in the future.")})
    adoption = ReportAdoption.objects.filter(municipality=municipality, year=year).first()
    adoption = adoption or ReportAdoption(municipality=municipality, year=year)
    adoption.adopted_on = adopted_on
    adoption.case_number = case_number.strip()
    _save(adoption)
    return adoption


@service
def comment_add(*, goal: Goal, text: str, user: Any) -> GoalComment:
    comment = GoalComment(
        municipality_id=goal.municipality_id, goal=goal, author=user, text=text.strip()
    )
    _save(comment)
    return comment


@service
def indicator_save(*, indicator: Indicator, expected_version: int | None, user: Any) -> Indicator:
    _save_versioned(indicator, expected_version)
    return indicator


@service
def indicator_delete(*, indicator: Indicator, user: Any) -> None:
    indicator.delete()


@service
def indicator_values_save(
    *, indicator: Indicator, values: dict[int, Decimal | None], user: Any
) -> int:
    """Set the indicator's own values by year (None removes a year). Returns rows changed."""
    changed = 0
    existing = {value.year: value for value in indicator.values.all()}
    for year, number in values.items():
        row = existing.get(year)
        if number is None:
            if row is not None:
                row.delete()
                changed += 1
            continue
        if row is not None and row.value == number:
            continue
        row = row or IndicatorValue(
            municipality_id=indicator.municipality_id, indicator=indicator, year=year
        )
        row.value, row.from_ssb = number, False
        _save(row)
        changed += 1
    return changed


@service
def indicators_fill_from_ssb(*, indicators: Sequence[Indicator], user: Any) -> int:
    """Fill the SSB indicators' values by year from the statistics module. Returns rows written."""
    wanted = [item for item in indicators if item.source == IndicatorSource.SSB]
    if not wanted:
        return 0
    knr = wanted[0].municipality_id
    series = ssb_values(knr, {item.ssb_series for item in wanted})
    written = 0
    for indicator in wanted:
        existing = {value.year: value for value in indicator.values.all()}
        for year, number in series.get(indicator.ssb_series, {}).items():
            row = existing.get(year)
            if row is not None and row.value == number and row.from_ssb:
                continue
            row = row or IndicatorValue(municipality_id=knr, indicator=indicator, year=year)
            row.value, row.from_ssb = number, True
            _save(row)
            written += 1
    return written


@service
def action_plan_create(
    *, municipality: Municipality, first_year: int, ended: Iterable[int] = (), user: Any
) -> ActionPlan:
    """A new version of the handlingsdel for `first_year`, made from the latest earlier one:
    its measures are carried over (their costs moved to the new years) except those that end
    before `first_year` or that the planner marks as `ended` (ids)."""
    if ActionPlan.objects.filter(municipality=municipality, first_year=first_year).exists():
        raise ValidationError(_("There is already a version for %(year)s.") % {"year": first_year})
    previous = (
        ActionPlan.objects.filter(municipality=municipality, first_year__lt=first_year)
        .order_by("-first_year")
        .first()
    )
    plan = ActionPlan(municipality=municipality, first_year=first_year, previous=previous)
    _save(plan)
    if previous is not None:
        _carry_over(previous, plan, set(ended))
    return plan


def _carry_over(previous: ActionPlan, plan: ActionPlan, ended: set[int]) -> None:
    shift = plan.first_year - previous.first_year
    for old in previous.measures.prefetch_related("goals"):
        if old.pk in ended or (old.end_year is not None and old.end_year < plan.first_year):
            continue
        costs = old.costs[shift:] + [0] * min(shift, PLAN_YEARS)
        new = Measure(
            municipality_id=old.municipality_id,
            action_plan=plan,
            title=old.title,
            description=old.description,
            unit=old.unit,
            start_year=old.start_year,
            end_year=old.end_year,
            kind=old.kind,
            carried_from=old,
            public=old.public,
        )
        new.cost_1, new.cost_2, new.cost_3, new.cost_4 = costs[:PLAN_YEARS]
        _save(new)
        new.goals.set(old.goals.all())


@service
def measure_save(
    *, measure: Measure, goals: Iterable[Goal], expected_version: int | None, user: Any
) -> Measure:
    goals = list(goals)
    if not goals:
        raise ValidationError({"goals": _("Choose at least one goal the measure serves.")})
    if any(goal.municipality_id != measure.municipality_id for goal in goals):
        raise ValidationError({"goals": _("The goals must belong to the same municipality.")})
    _save_versioned(measure, expected_version)
    if set(measure.goals.all()) != set(goals):
        measure.goals.set(goals)
    return measure


@service
def measure_delete(*, measure: Measure, user: Any) -> None:
    measure.delete()


@service
def measure_links_save(*, measure: Measure, lines: Iterable[BudgetLine], user: Any) -> None:
    lines = list(lines)
    if any(line.action_plan_id != measure.action_plan_id for line in lines):
        raise ValidationError(_("The budget lines must belong to the measure's plan."))
    measure.budget_lines.set(lines)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: list[tuple[str, list[str]]] = field(default_factory=list)


def _line_values(row: dict) -> dict[str, Any]:
    amounts = list(row["amounts"]) + [None] * PLAN_YEARS
    return {
        "description": row["cells"].get("beskrivelse", "")[:300],
        **{f"amount_{index + 1}": amounts[index] for index in range(PLAN_YEARS)},
    }


def _key(cells: dict[str, str]) -> tuple[str, str, str, str]:
    return (cells["ansvar"], cells["funksjon"], cells["art"], cells["prosjekt"])


@service
def budget_import(*, action_plan: ActionPlan, rows: Sequence[dict], user: Any) -> ImportResult:
    """Replace the plan's budget lines by the checked rows of a file (budget.Row.as_data):
    lines with the same ansvar/funksjon/art/prosjekt are updated in place, so measures stay
    linked to them; lines no longer in the file are removed (listed with their measures).
    Written in bulk (with their history, core.audit.AuditedQuerySet)."""
    result = ImportResult()
    existing = {line.key: line for line in action_plan.lines.prefetch_related("measures")}
    new_lines, changed = [], []
    for row in rows:
        values = _line_values(row)
        line = existing.pop(_key(row["cells"]), None)
        if line is not None and all(getattr(line, name) == v for name, v in values.items()):
            result.unchanged += 1
            continue
        if line is None:
            line = BudgetLine(municipality_id=action_plan.municipality_id, action_plan=action_plan)
            line.ansvar, line.funksjon, line.art, line.prosjekt = _key(row["cells"])
            new_lines.append(line)
        else:
            changed.append(line)
        for name, value in values.items():
            setattr(line, name, value)
        line.full_clean(exclude=["municipality", "action_plan"], validate_constraints=False)
    for line in existing.values():  # not in the file
        result.removed.append((str(line), [measure.title for measure in line.measures.all()]))
    if existing:
        BudgetLine.objects.filter(pk__in=[line.pk for line in existing.values()]).delete()
    BudgetLine.objects.bulk_create(new_lines)
    fields = ["description", *(f"amount_{index + 1}" for index in range(PLAN_YEARS))]
    BudgetLine.objects.bulk_update(changed, fields)
    result.created, result.updated = len(new_lines), len(changed)
    return result


@service
def status_save(
    *,
    measure: Measure,
    year: int,
    period: str,
    status: str,
    comment: str,
    spent: int | None,
    user: Any,
) -> MeasureStatus:
    row = MeasureStatus.objects.filter(measure=measure, year=year, period=period).first()
    row = row or MeasureStatus(
        municipality_id=measure.municipality_id, measure=measure, year=year, period=period
    )
    row.status, row.comment, row.spent = status, comment.strip(), spent
    _save(row)
    return row
