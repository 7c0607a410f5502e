"""Reads of the API app: a user's keys for the profile, a plan's version (ETag)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import models

from samplan.goals.models import Goal, Measure
from samplan.plans.models import Plan
from samplan.processes.models import Process
from samplan.strategy.models import Strategy

from .machinery import etag_of
from .models import ApiToken
from .schemas import PlanOut


def tokens_of(user: object) -> list[ApiToken]:
    """The user's API keys, by name (one query)."""
    return list(ApiToken.objects.filter(user=user).order_by("name", "created_at"))


def plan_etag(plan: Plan) -> str:
    """The plan's version: its id and its time of change."""
    return etag_of("plan", plan.pk, plan.updated_at.isoformat())


def plan_out(plan: Plan, url: str | None = None) -> dict[str, object]:
    """A plan as the API shows it; `url`, its address, when the caller has it already."""
    return {
        **{
            name: getattr(plan, name)
            for name in PlanOut.model_fields
            if name not in ("municipality", "url")
        },
        "municipality": plan.municipality_id,
        "url": url or plan.get_absolute_url(),
    }


def goal_etag(goal: Goal) -> str:
    """The goal's version: its id and its version number (goals.services checks it too)."""
    return etag_of("goal", goal.pk, goal.version)


def measure_etag(measure: Measure) -> str:
    """The measure's version: its id and its version number."""
    return etag_of("measure", measure.pk, measure.version)


def process_etag(process: Process) -> str:
    """The process plan's version: its id and its version number (processes.services checks
    it too)."""
    return etag_of("process", process.pk, process.version)


def strategy_etag(strategy: Strategy) -> str:
    """The strategy's version: its id and its time of change (as a plan's), and the council's
    constitution date, which plantakt keeps."""
    return etag_of(
        "strategy", strategy.pk, strategy.updated_at.isoformat(), strategy.constituted_on
    )


def content_etag(kind: str, names: Sequence[str]) -> Callable[[models.Model], str]:
    """The version of an object that keeps neither a version number nor a time of change (an
    own deadline, a clean-up decision): a digest of its fields `names`, so any change to them
    gives another ETag."""
    return lambda found: etag_of(kind, found.pk, *(repr(getattr(found, name)) for name in names))


# What the API shows of them, and (a clean-up decision) the plan-health reasons it keeps.
deadline_etag = content_etag(
    "deadline", ("election_year", "title", "date", "description", "done_on")
)
decision_etag = content_etag(
    "decision",
    ("period_start", "plan_id", "decision", "target_year", "merge_into_id", "new_plan_title")
    + ("new_plan_type", "rationale", "responsible", "reasons"),
)


def measure_out(measure: Measure) -> dict[str, object]:
    """A measure as the API shows it (its action plan and goals read with it)."""
    names = ["id", "title", "description", "unit", "start_year", "end_year", "kind"]
    return {
        **{name: getattr(measure, name) for name in names},
        "action_plan_year": measure.action_plan.first_year,
        "costs": [measure.cost_1, measure.cost_2, measure.cost_3, measure.cost_4],
        "goal_ids": sorted(goal.pk for goal in measure.goals.all()),
    }
