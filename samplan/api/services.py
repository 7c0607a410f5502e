"""Writes of the API app: make and revoke API keys; the plan writes of the API."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from samplan.core.audit import service
from samplan.goals.models import Goal, Measure
from samplan.goals.services import goal_save, measure_save
from samplan.municipalities.permissions import Access
from samplan.plans.models import Plan
from samplan.plans.services import plan_delete, plan_save
from samplan.processes.models import Process
from samplan.processes.services import process_save

from .machinery import check_if_match
from .models import KEY_START, ApiToken, key_hash
from .selectors import goal_etag, measure_etag, plan_etag, process_etag

M = TypeVar("M", bound=models.Model)


@service
def token_create(*, name: str, user: object) -> tuple[ApiToken, str]:
    """Make a key for `user`; returns the stored key and the key itself (shown once)."""
    key = KEY_START + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name.strip(), prefix=key[:10], key_hash=key_hash(key))
    token.full_clean()
    token.save()
    return token, key


@service
def token_revoke(*, token: ApiToken, user: object) -> None:
    """Revoke (delete) a key: it stops working at once."""
    token.delete()


# The plan writes of the API: the plan register's own service (plans.services.plan_save /
# plan_delete) does the writing; these add what an API write needs around it: relations
# resolved within the municipality, and the ETag checked under a row lock.

RELATIONS = ("parent", "replaces", "merged_into")


def _resolve_relations(access: Access, data: dict[str, object]) -> dict[str, object]:
    """parent_id / replaces_id / merged_into_id → plans of the same municipality (an id of
    another municipality is refused like one that does not exist)."""
    resolved = dict(data)
    for name in RELATIONS:
        key = f"{name}_id"
        if key not in resolved:
            continue
        pk = resolved.pop(key)
        related = None
        if pk is not None:
            related = Plan.objects.filter(municipality=access.municipality, pk=pk).first()
            if related is None:
                raise ValidationError({key: _("There is no plan with this id here.")})
        resolved[name] = related
    return resolved


def _blank_for_null(data: dict[str, object]) -> dict[str, object]:
    """null for a text field means empty, as in the form."""
    text_fields = {"external_id", "adopted_by", "responsible_unit", "responsible_person"}
    text_fields |= {"link", "note"}
    return {
        key: "" if key in text_fields and value is None else value for key, value in data.items()
    }


def _locked(
    rows: QuerySet[M], *, access: Access, pk: int, if_match: str | None, etag: Callable[[M], str]
) -> M:
    """Row `pk` of the municipality, locked until the transaction ends, if it is still the
    version the caller read (else 412, or 428 without If-Match)."""
    found = get_object_or_404(
        rows.select_for_update(of=("self",)), pk=pk, municipality=access.municipality
    )
    check_if_match(if_match, etag(found))
    return found


def _assign(row: models.Model, data: dict[str, object], texts: Iterable[str]) -> None:
    """The fields given set on the row; null for a text field means empty, as in the form."""
    for key, value in data.items():
        setattr(row, key, "" if value is None and key in texts else value)


@service
def plan_create(*, access: Access, data: dict[str, object], user: object) -> Plan:
    """A new plan in the municipality, from the API's fields."""
    values = _resolve_relations(access, _blank_for_null(data))
    values = {key: value for key, value in values.items() if value is not None}
    plan = Plan(municipality=access.municipality, **values)
    return plan_save(plan=plan, user=user)


@service
def plan_change(
    *, access: Access, pk: int, if_match: str | None, data: dict[str, object], user: object
) -> Plan:
    """Change the fields given, if the plan is still the version the caller read."""
    plan = _locked(Plan.objects.all(), access=access, pk=pk, if_match=if_match, etag=plan_etag)
    for key, value in _resolve_relations(access, _blank_for_null(data)).items():
        setattr(plan, key, value)
    return plan_save(plan=plan, user=user)


@service
def plan_remove(*, access: Access, pk: int, if_match: str | None, user: object) -> None:
    """Delete the plan, if it is still the version the caller read."""
    plan = _locked(Plan.objects.all(), access=access, pk=pk, if_match=if_match, etag=plan_etag)
    plan_delete(plan=plan, user=user)


@service
def goal_change(
    *, access: Access, pk: int, if_match: str | None, data: dict[str, object], user: object
) -> Goal:
    """Change the goal's fields given, if it is still the version the caller read."""
    rows = Goal.objects.select_related("focus_area", "parent")
    goal = _locked(rows, access=access, pk=pk, if_match=if_match, etag=goal_etag)
    _assign(goal, data, ("description",))
    return goal_save(goal=goal, expected_version=goal.version, user=user)


@service
def measure_change(
    *, access: Access, pk: int, if_match: str | None, data: dict[str, object], user: object
) -> Measure:
    """Change the measure's fields given (costs as four years, the goals it serves by id), if
    it is still the version the caller read."""
    rows = Measure.objects.select_related("action_plan")
    measure = _locked(rows, access=access, pk=pk, if_match=if_match, etag=measure_etag)
    values = dict(data)
    goals = list(measure.goals.all())
    if values.get("goal_ids") is not None:
        wanted = set(values.pop("goal_ids"))
        goals = list(Goal.objects.filter(municipality=access.municipality, pk__in=wanted))
        if len(goals) != len(wanted):
            raise ValidationError({"goal_ids": _("There is no goal with this id here.")})
    values.pop("goal_ids", None)
    costs = values.pop("costs", None)
    if costs is not None:
        measure.cost_1, measure.cost_2, measure.cost_3, measure.cost_4 = costs
    _assign(measure, values, ("description", "unit"))
    return measure_save(measure=measure, goals=goals, expected_version=measure.version, user=user)


# The text fields of a process plan: null means empty, as in the form.
PROCESS_TEXTS = {"community_goal", "owner", "team", "desired_result", "desired_result_measure"}
PROCESS_TEXTS |= {"participation_plan"}


@service
def process_change(
    *, access: Access, pk: int, if_match: str | None, data: dict[str, object], user: object
) -> Process:
    """Change the process plan's fields given, if it is still the version the caller read
    (processes.services.process_save validates: the dates in order, a desired result kept while
    the process has phases)."""
    rows = Process.objects.select_related("municipality", "plan")
    process = _locked(rows, access=access, pk=pk, if_match=if_match, etag=process_etag)
    _assign(process, data, PROCESS_TEXTS)
    return process_save(process=process, expected_version=process.version, user=user)
