"""Writes of the API app: make and revoke API keys; the API's writes of the modules' objects,
each around the module's own service (and, where the page validates with a form, that form)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from typing import TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import QuerySet
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from samplan.core.audit import service
from samplan.core.periods import is_election_year
from samplan.goals.models import Goal, Measure
from samplan.goals.services import goal_save, measure_save
from samplan.municipalities.permissions import Access
from samplan.plans.forms import DecisionForm, NewPlanDecisionForm
from samplan.plans.models import CleanupDecision, Decision, Plan
from samplan.plans.services import decision_save, plan_delete, plan_save
from samplan.plantakt.forms import OwnItemForm
from samplan.plantakt.models import OwnItem
from samplan.plantakt.selectors import current_election_year
from samplan.plantakt.services import own_item_delete, own_item_save
from samplan.processes.models import Process
from samplan.processes.services import process_save
from samplan.strategy.forms import StatusForm
from samplan.strategy.models import Strategy
from samplan.strategy.sections import SECTION_KEYS
from samplan.strategy.services import strategy_save

from .machinery import check_if_match
from .models import KEY_START, ApiToken, key_hash
from .selectors import (
    deadline_etag,
    decision_etag,
    goal_etag,
    measure_etag,
    plan_etag,
    process_etag,
    strategy_etag,
)

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


# The writes of modules whose pages validate with a form (own deadlines, clean-up decisions, a
# strategy's status and dates): the API's fields go through the page's own form, so what the
# page refuses the API refuses, with the same Norwegian message, and then through the module's
# own service, as the page does.


_PAGE_GUARDS = frozenset({"expected_version", "period_version"})


def _through_form(
    form_class: type[forms.ModelForm],
    instance: M,
    data: dict[str, object],
    *,
    names: dict[str, str] | None = None,
    **form_kwargs: object,
) -> forms.ModelForm:
    """The page's form, bound to the object's current values with the API's changes over them,
    and valid (else a ValidationError under the API's field names: `names` maps an API name to
    the form's, e.g. merge_into_id → merge_into). A change to a field the form does not have is
    refused: it does not apply to this object."""
    names = names or {}
    api_name = {form_name: name for name, form_name in names.items()}
    # The version fields are the page's guards against another planner's save (the strategy's
    # status form also carries the period's); the API's is If-Match.
    fields = [name for name in form_class.base_fields if name not in _PAGE_GUARDS]
    current = model_to_dict(instance, fields=fields)
    current |= {name: getattr(instance, name) for name in fields if name not in current}
    changes = {names.get(key, key): value for key, value in data.items()}
    foreign = [key for key in changes if key not in fields]
    if foreign:
        message = _("This field does not apply to this kind of decision.")
        raise ValidationError({api_name.get(key, key): message for key in foreign})
    form = form_class(current | changes, instance=instance, **form_kwargs)
    if not form.is_valid():
        raise ValidationError(
            {
                api_name.get(field, field) if field != NON_FIELD_ERRORS else field: errors
                for field, errors in form.errors.as_data().items()
            }
        )
    return form


@service
def deadline_create(*, access: Access, data: dict[str, object], user: object) -> OwnItem:
    """A new own deadline in plantakt, in the election period given (else the current one),
    validated by the page's own-item form and saved by plantakt's service."""
    values = dict(data)
    year = values.pop("election_year", None) or current_election_year(timezone.localdate())
    item = OwnItem(municipality=access.municipality, election_year=year)
    item.clean_fields(exclude={field.name for field in OwnItem._meta.fields} - {"election_year"})
    form = _through_form(OwnItemForm, item, values)
    return own_item_save(item=form.save(commit=False), user=user)


@service
def deadline_change(
    *, access: Access, pk: int, if_match: str | None, data: dict[str, object], user: object
) -> OwnItem:
    """Change the own deadline's fields given, if it is still the version the caller read."""
    rows = OwnItem.objects.all()
    item = _locked(rows, access=access, pk=pk, if_match=if_match, etag=deadline_etag)
    form = _through_form(OwnItemForm, item, data)
    return own_item_save(item=form.save(commit=False), user=user)


@service
def deadline_remove(*, access: Access, pk: int, if_match: str | None, user: object) -> None:
    """Delete the own deadline, if it is still the version the caller read."""
    rows = OwnItem.objects.all()
    item = _locked(rows, access=access, pk=pk, if_match=if_match, etag=deadline_etag)
    own_item_delete(item=item, user=user)


DECISION_NAMES = {"merge_into_id": "merge_into"}


def _decision_form(
    decision: CleanupDecision, data: dict[str, object], plan: Plan | None
) -> CleanupDecision:
    """The decision with the API's fields, validated by the page's form for its kind: a
    decision on a plan, or a new plan that is needed."""
    if plan is None:
        form = _through_form(
            NewPlanDecisionForm,
            decision,
            data,
            municipality=decision.municipality,
            period_start=decision.period_start,
        )
    else:
        form = _through_form(
            DecisionForm,
            decision,
            data,
            names=DECISION_NAMES,
            plan=plan,
            period_start=decision.period_start,
        )
    return form.save(commit=False)


@service
def decision_create(*, access: Access, data: dict[str, object], user: object) -> CleanupDecision:
    """A new clean-up decision for an election period: on a plan of the municipality (one per
    plan and period, as in the clean-up page), or a new plan that is needed. Saved by the plan
    register's service, which refuses a period whose planning strategy is adopted."""
    values = dict(data)
    period = values.pop("period_start")
    if not is_election_year(period):
        raise ValidationError(
            {
                "period_start": _(
                    "“%(text)s” is not an election period; periods start 2019, 2023, 2027 …"
                )
                % {"text": period}
            }
        )
    decision = CleanupDecision(municipality=access.municipality, period_start=period)
    plan = None
    plan_id = values.pop("plan_id", None)
    if plan_id is not None:
        plan = Plan.objects.filter(municipality=access.municipality, pk=plan_id).first()
        if plan is None:
            raise ValidationError({"plan_id": _("There is no plan with this id here.")})
        if plan.decisions.filter(period_start=period).exists():
            raise ValidationError(
                {"plan_id": _("This plan already has a decision in this election period.")}
            )
    elif values.pop("decision", None) not in (None, Decision.NEW):
        raise ValidationError(
            {"plan_id": _("Give the plan the decision is about (only a new plan has none).")}
        )
    return decision_save(decision=_decision_form(decision, values, plan), user=user)


@service
def decision_change(
    *, access: Access, pk: int, if_match: str | None, data: dict[str, object], user: object
) -> CleanupDecision:
    """Change the clean-up decision's fields given, if it is still the version the caller
    read (its plan and period stay: they are what the decision is about)."""
    rows = CleanupDecision.objects.select_related("plan", "municipality")
    decision = _locked(rows, access=access, pk=pk, if_match=if_match, etag=decision_etag)
    before = decision.decision
    decision = _decision_form(decision, data, decision.plan)
    if decision.decision != before:
        # The plan-health reasons were those of the suggestion the decision followed; the page
        # drops them too when the decision no longer follows it.
        decision.reasons = []
    return decision_save(decision=decision, user=user)


@service
def strategy_change(
    *, access: Access, pk: int, if_match: str | None, data: dict[str, object], user: object
) -> Strategy:
    """Change the strategy's status, dates and texts given, if it is still the version the
    caller read: the status and dates through the page's status form, the texts as the guided
    sections save them, all by the strategy's service. An adopted strategy is refused (start a
    revision in Samplan to change it)."""
    rows = Strategy.objects.all()
    strategy = _locked(rows, access=access, pk=pk, if_match=if_match, etag=strategy_etag)
    strategy.refuse_if_frozen()
    values = dict(data)
    # as the section form keeps them: stripped, null for empty
    texts = {key: (values.pop(key) or "").strip() for key in SECTION_KEYS if key in values}
    form = _through_form(StatusForm, strategy, values)
    strategy = form.save(commit=False)
    _assign(strategy, texts, ())
    constituted = {"constituted_on": form.cleaned_data["constituted_on"]}
    return strategy_save(
        strategy=strategy, user=user, **(constituted if "constituted_on" in data else {})
    )
