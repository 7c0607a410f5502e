"""Reads of the API app: a user's keys for the profile, a plan's version (ETag)."""

from __future__ import annotations

from samplan.goals.models import Goal
from samplan.plans.models import Plan

from .machinery import etag_of
from .models import ApiToken


def tokens_of(user: object) -> list[ApiToken]:
    """The user's API keys, by name (one query)."""
    return list(ApiToken.objects.filter(user=user).order_by("name", "created_at"))


def plan_etag(plan: Plan) -> str:
    """The plan's version: its id and its time of change."""
    return etag_of("plan", plan.pk, plan.updated_at.isoformat())


def goal_etag(goal: Goal) -> str:
    """The goal's version: its id and its version number (goals.services checks it too)."""
    return etag_of("goal", goal.pk, goal.version)
