"""The shapes the API reads and writes (pydantic through django-ninja).

Input shapes forbid unknown fields (422, nothing written); text may not hold NUL characters or
lone surrogates, which no database stores."""

from __future__ import annotations

import datetime
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field

from samplan.plans.models import Decision, PlanStatus, PlanType
from samplan.processes.models import LONG_TEXT, ProcessKind, ProcessStatus
from samplan.strategy.models import MasterPlanDecision, StrategyStatus

from .machinery import Page


def _storable(text: str) -> str:
    if "\x00" in text:
        raise ValueError("NUL")
    text.encode("utf-8")  # a lone surrogate raises UnicodeEncodeError, a ValueError
    return text


def Text(max_length: int) -> object:  # noqa: N802 (a type)
    return Annotated[str, Field(max_length=max_length), AfterValidator(_storable)]


class Municipality(Schema):
    number: str
    name: str
    capability: str


class MunicipalityPage(Page):
    items: list[Municipality]


class PlanOut(Schema):
    id: int
    municipality: str
    external_id: str
    title: str
    plan_type: PlanType
    is_statutory: bool
    legal_basis: str
    status: PlanStatus
    adopted_year: int | None
    adopted_date: datetime.date | None
    adopted_by: str
    revision_interval_years: int | None
    next_revision_override: datetime.date | None
    next_revision: datetime.date | None
    responsible_unit: str
    responsible_person: str
    pages: int | None
    link: str
    themes: list[str]
    sdgs: list[int]
    parent_id: int | None
    replaces_id: int | None
    merged_into_id: int | None
    in_financial_plan: bool
    note: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    url: str


class PlanPage(Page):
    items: list[PlanOut]


class PlanFields(Schema):
    """The fields a user writes, as in the plan form; all optional here (PATCH)."""

    model_config = ConfigDict(extra="forbid")

    external_id: Text(50) | None = None  # type: ignore[valid-type]
    title: Text(300) | None = None  # type: ignore[valid-type]
    plan_type: PlanType | None = None
    status: PlanStatus | None = None
    adopted_year: Annotated[int, Field(ge=1900, le=2200)] | None = None
    adopted_date: datetime.date | None = None
    adopted_by: Text(100) | None = None  # type: ignore[valid-type]
    revision_interval_years: Annotated[int, Field(ge=1, le=30)] | None = None
    next_revision_override: datetime.date | None = None
    responsible_unit: Text(200) | None = None  # type: ignore[valid-type]
    responsible_person: Text(200) | None = None  # type: ignore[valid-type]
    pages: Annotated[int, Field(ge=0, le=100_000)] | None = None
    link: Text(500) | None = None  # type: ignore[valid-type]
    themes: list[Text(100)] | None = None  # type: ignore[valid-type]
    sdgs: list[Annotated[int, Field(ge=1, le=17)]] | None = None
    parent_id: Annotated[int, Field(ge=1, le=2**63 - 1)] | None = None
    replaces_id: Annotated[int, Field(ge=1, le=2**63 - 1)] | None = None
    merged_into_id: Annotated[int, Field(ge=1, le=2**63 - 1)] | None = None
    in_financial_plan: bool | None = None
    note: Text(2000) | None = None  # type: ignore[valid-type]


class PlanCreate(PlanFields):
    """A new plan: a title and a type at least."""

    title: Text(300)  # type: ignore[valid-type]
    plan_type: PlanType


class CleanupDecisionOut(Schema):
    id: int
    period_start: int
    plan_id: int | None
    decision: Decision
    target_year: int | None
    merge_into_id: int | None
    new_plan_title: str
    new_plan_type: str
    rationale: str
    responsible: str


class CleanupDecisionPage(Page):
    items: list[CleanupDecisionOut]


class DeadlineOut(Schema):
    id: int
    election_year: int
    title: str
    date: datetime.date
    description: str
    done_on: datetime.date | None


class DeadlinePage(Page):
    items: list[DeadlineOut]


class SeriesOut(Schema):
    measure: str
    category: str
    unit: str
    values: dict[str, float | int | None]


class SeriesPage(Page):
    items: list[SeriesOut]


class StrategyOut(Schema):
    id: int
    period_start: int
    status: str
    public_from: datetime.date | None
    council_meeting: datetime.date | None
    adopted_on: datetime.date | None
    statement_deadline: datetime.date | None
    master_plan_decision: str


class StrategyPage(Page):
    items: list[StrategyOut]


class ProcessOut(Schema):
    id: int
    name: str
    kind: str
    status: str
    plan_id: int | None
    starts_on: datetime.date | None
    ends_on: datetime.date | None


class ProcessPage(Page):
    items: list[ProcessOut]


class ProcessDetail(ProcessOut):
    """One process plan with its texts: what `GET`/`PATCH …/prosessplaner/{id}` give."""

    community_goal: str
    owner: str
    team: str
    sami_relevant: bool
    desired_result: str
    desired_result_measure: str
    participation_plan: str


class GoalOut(Schema):
    id: int
    focus_area_id: int
    parent_id: int | None
    title: str
    description: str
    sdgs: list[int]
    public: bool


class GoalPage(Page):
    items: list[GoalOut]


class MeasureOut(Schema):
    id: int
    action_plan_year: int
    title: str
    description: str
    unit: str
    start_year: int
    end_year: int | None
    kind: str
    costs: list[int]
    goal_ids: list[int]


class MeasurePage(Page):
    items: list[MeasureOut]


class ConsultationOut(Schema):
    id: int
    title: str
    kind: str
    subject: str
    status: str
    opens_on: datetime.date
    closes_at: datetime.datetime | None
    plan_id: int | None
    strategy_id: int | None
    process_id: int | None


class ConsultationPage(Page):
    items: list[ConsultationOut]


class GoalFields(Schema):
    """What the API changes on a goal (as the goal form): all optional (PATCH)."""

    model_config = ConfigDict(extra="forbid")

    title: Text(300) | None = None  # type: ignore[valid-type]
    description: Text(4000) | None = None  # type: ignore[valid-type]
    sdgs: list[Annotated[int, Field(ge=1, le=17)]] | None = None
    public: bool | None = None


class MeasureFields(Schema):
    """What the API changes on a measure (as the measure form): all optional (PATCH)."""

    model_config = ConfigDict(extra="forbid")

    title: Text(300) | None = None  # type: ignore[valid-type]
    description: Text(4000) | None = None  # type: ignore[valid-type]
    unit: Text(200) | None = None  # type: ignore[valid-type]
    start_year: Annotated[int, Field(ge=1900, le=2200)] | None = None
    end_year: Annotated[int, Field(ge=1900, le=2200)] | None = None
    costs: (
        Annotated[
            list[Annotated[int, Field(ge=-(10**12), le=10**12)]], Field(min_length=4, max_length=4)
        ]
        | None
    ) = None  # noqa: E501
    goal_ids: (
        Annotated[
            list[Annotated[int, Field(ge=1, le=2**63 - 1)]], Field(min_length=1, max_length=100)
        ]
        | None
    ) = None  # noqa: E501
    public: bool | None = None


class ProcessFields(Schema):
    """What the API changes on a process plan (as the process form): all optional (PATCH). The
    phases, activities, key questions and actors are changed in Samplan."""

    model_config = ConfigDict(extra="forbid")

    name: Text(200) | None = None  # type: ignore[valid-type]
    kind: ProcessKind | None = None
    status: ProcessStatus | None = None
    community_goal: Text(LONG_TEXT) | None = None  # type: ignore[valid-type]
    owner: Text(200) | None = None  # type: ignore[valid-type]
    team: Text(LONG_TEXT) | None = None  # type: ignore[valid-type]
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    sami_relevant: bool | None = None
    desired_result: Text(LONG_TEXT) | None = None  # type: ignore[valid-type]
    desired_result_measure: Text(LONG_TEXT) | None = None  # type: ignore[valid-type]
    participation_plan: Text(LONG_TEXT) | None = None  # type: ignore[valid-type]


class DeadlineFields(Schema):
    """What the API changes on an own deadline of plantakt (as the page's own-item form): all
    optional (PATCH). The election period is chosen when it is made."""

    model_config = ConfigDict(extra="forbid")

    title: Text(200) | None = None  # type: ignore[valid-type]
    date: datetime.date | None = None
    description: Text(2000) | None = None  # type: ignore[valid-type]
    done_on: datetime.date | None = None


class DeadlineCreate(DeadlineFields):
    """A new own deadline: a title and a date at least; the election period it belongs to
    (the current one when not given)."""

    title: Text(200)  # type: ignore[valid-type]
    date: datetime.date
    election_year: Annotated[int, Field(ge=1900, le=2200)] | None = None


class CleanupDecisionFields(Schema):
    """What the API changes on a clean-up decision (as the page's decision forms): all optional
    (PATCH). A decision on a plan has `decision` and `merge_into_id`; a new plan that is needed
    has `new_plan_title` and `new_plan_type`."""

    model_config = ConfigDict(extra="forbid")

    decision: Decision | None = None
    target_year: Annotated[int, Field(ge=1900, le=2200)] | None = None
    merge_into_id: Annotated[int, Field(ge=1, le=2**63 - 1)] | None = None
    new_plan_title: Text(300) | None = None  # type: ignore[valid-type]
    new_plan_type: PlanType | None = None
    rationale: Text(2000) | None = None  # type: ignore[valid-type]
    responsible: Text(200) | None = None  # type: ignore[valid-type]


class CleanupDecisionCreate(CleanupDecisionFields):
    """A new clean-up decision for an election period: on a plan (`plan_id`, with `decision`),
    or a new plan that is needed (no `plan_id`; `new_plan_title`)."""

    period_start: Annotated[int, Field(ge=1900, le=2200)]
    plan_id: Annotated[int, Field(ge=1, le=2**63 - 1)] | None = None


class StrategyDetail(StrategyOut):
    """One planning strategy with its dates and texts: what `GET`/`PATCH
    …/planstrategier/{id}` give."""

    workshop_on: datetime.date | None
    constituted_on: datetime.date | None
    master_plan_parts: str
    shared_with_members: bool
    revision: int
    introduction: str
    frameworks: str
    trends: str
    choices_community: str
    choices_land_use: str
    choices_environment: str
    choices_sectors: str
    master_plan_rationale: str
    involvement: str
    updated_at: datetime.datetime


class StrategyFields(Schema):
    """What the API changes on a planning strategy (as the page's status form and its guided
    sections): all optional (PATCH). The status moves forward only; going back a status and
    starting a revision are done in Samplan, where a reason is asked for."""

    model_config = ConfigDict(extra="forbid")

    status: StrategyStatus | None = None
    constituted_on: datetime.date | None = None
    public_from: datetime.date | None = None
    council_meeting: datetime.date | None = None
    adopted_on: datetime.date | None = None
    statement_deadline: datetime.date | None = None
    workshop_on: datetime.date | None = None
    master_plan_decision: MasterPlanDecision | None = None
    master_plan_parts: Text(300) | None = None  # type: ignore[valid-type]
    shared_with_members: bool | None = None
    introduction: Text(20000) | None = None  # type: ignore[valid-type]
    frameworks: Text(20000) | None = None  # type: ignore[valid-type]
    trends: Text(20000) | None = None  # type: ignore[valid-type]
    choices_community: Text(20000) | None = None  # type: ignore[valid-type]
    choices_land_use: Text(20000) | None = None  # type: ignore[valid-type]
    choices_environment: Text(20000) | None = None  # type: ignore[valid-type]
    choices_sectors: Text(20000) | None = None  # type: ignore[valid-type]
    master_plan_rationale: Text(20000) | None = None  # type: ignore[valid-type]
    involvement: Text(20000) | None = None  # type: ignore[valid-type]
