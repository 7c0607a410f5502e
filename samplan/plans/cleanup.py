"""The clean-up of the plan portfolio for an election period ("vurdering av planbehov").

Combines the plans, the decisions taken and the suggestions from plan health into the table the
planning strategy needs, with counts before and after.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from samplan.core import freeze
from samplan.core.dates import period_label
from samplan.core.instances import PreparedInstances
from samplan.core.modules import PanelRead, panel_read
from samplan.core.queries import read_together
from samplan.municipalities.models import Municipality

from .catalogue import CURRENT_STATUSES
from .health import SUPERSEDED_VERSION, Finding, superseded_ids
from .models import CleanupDecision, Decision, Plan
from .selectors import (
    counted_plans_read,
    decisions_read,
    health_rows_read,
    plan_findings,
    plan_health,
    replaced_ids,
)

SUGGESTION_PRIORITY = ("oppheve", "slå_sammen", "revidere")


def current_period_start(today: datetime.date | None = None) -> int:
    """The election year that started the current period (constitution in October)."""
    today = today or datetime.date.today()
    start = today.year - ((today.year - 2023) % 4)
    if today.year == start and today.month < 10:
        start -= 4
    return start


@dataclass
class CleanupRow:
    plan: Plan | None
    decision: CleanupDecision | None
    suggestion: str
    reasons: list[str]


@dataclass
class CleanupTable:
    period_start: int
    rows: list[CleanupRow]
    new_plans: list[CleanupDecision]
    plans_before: int
    pages_before: int
    plans_after: int
    pages_after: int
    undecided: int

    @property
    def period_label(self) -> str:
        return period_label(self.period_start)


def _suggestion_for(findings: list[Finding]) -> str:
    """The strongest suggestion of a plan's findings. A plan kept by a rule (a grant condition,
    an area plan's legal effect) is never suggested repealed or merged."""
    suggestions = {finding.suggestion for finding in findings if finding.suggestion}
    if any(finding.keep_reason for finding in findings):
        suggestions -= {Decision.REPEAL, Decision.MERGE}
    for suggestion in SUGGESTION_PRIORITY:
        if suggestion in suggestions:
            return suggestion
    return Decision.KEEP


def _reasons(findings: list[Finding]) -> list[str]:
    """The findings' reasons, with why the plan is kept once if a rule keeps it."""
    reasons = [finding.reason for finding in findings]
    keep = next((finding.keep_reason for finding in findings if finding.keep_reason), "")
    if keep and not any(keep in reason for reason in reasons):
        reasons.append(keep)
    return reasons


def cleanup_table(municipality: Municipality, period_start: int) -> CleanupTable:
    """Every current or in-progress plan with its decision or suggested decision."""
    # Current plans, and plans repealed or expired since a decision on them in this period was
    # taken (carrying out "oppheve" must not remove the plan from the period's table).
    every_plan = list(Plan.objects.for_municipality(municipality).order_by("title"))
    period_decisions = list(
        CleanupDecision.objects.filter(
            municipality=municipality, period_start=period_start
        ).select_related("merge_into")
    )  # one query: decisions on plans, and new plans (no plan yet)
    return table_of(period_start, every_plan, period_decisions, plan_findings(every_plan))


_PERIOD_DECISIONS = PreparedInstances(
    lambda municipality, period: CleanupDecision.objects.filter(
        municipality_id=municipality, period_start=period
    ),
    params={"municipality": str, "period": int},
    related=("merge_into",),
    ordered=False,
)


def read_table(municipality: Municipality, period_start: int) -> CleanupTable:
    """`cleanup_table` for a page: the plans with what the table and plan health read of them
    (HEALTH_FIELDS, as light objects, not Plan instances) and the period's decisions in one
    query, its SQL made once per process; the findings remembered per process (`plan_findings`)."""
    every_plan, period_decisions = read_together(
        [
            health_rows_read(municipality),
            _PERIOD_DECISIONS(municipality=municipality.number, period=period_start),
        ]
    )
    every_plan.sort(key=lambda plan: plan.rank)  # by title
    # The decisions in the model's order: by plan title, then new plans by their title.
    period_decisions.sort(key=lambda decision: decision.new_plan_title)
    return table_of(period_start, every_plan, period_decisions, plan_findings(every_plan))


def table_of(
    period_start: int,
    every_plan: list[Plan],
    period_decisions: list[CleanupDecision],
    findings: Iterable[Finding],
) -> CleanupTable:
    """The table of `every_plan` (by title), the period's decisions and the plans' findings
    (`plan_findings`)."""
    decisions = {d.plan_id: d for d in period_decisions if d.plan_id is not None}
    new_plans = [decision for decision in period_decisions if decision.plan_id is None]
    findings_by_plan: dict[int, list[Finding]] = {}
    for finding in findings:
        if finding.plan_id is not None:
            findings_by_plan.setdefault(finding.plan_id, []).append(finding)
    # Older versions of a rolling plan are its history: not a plan to decide on.
    history = {
        plan_id
        for plan_id, findings in findings_by_plan.items()
        if any(finding.kind == SUPERSEDED_VERSION for finding in findings)
    }
    plans = _table_plans(every_plan, decisions, history)
    rows = []
    for plan in plans:
        findings = findings_by_plan.get(plan.pk, [])
        rows.append(
            CleanupRow(
                plan=plan,
                decision=decisions.get(plan.pk),
                suggestion=_suggestion_for(findings),
                reasons=_reasons(findings),
            )
        )
    counts = _counts(plans, {pk: d.decision for pk, d in decisions.items()}, len(new_plans))
    return CleanupTable(period_start=period_start, rows=rows, new_plans=new_plans, **counts)


def _table_plans(every_plan: list[Plan], decided: Collection[int], history: set[int]) -> list[Plan]:
    """The plans of the clean-up table: the current ones and those decided on in the period,
    without the older versions of rolling plans (`history`) and the plans a current or revised
    plan replaces (expired replacing plans only replace expired ones, which are not in it)."""
    plans = [
        plan
        for plan in every_plan
        if plan.status not in ("utgaatt", "opphevet") or plan.pk in decided
    ]
    replaced = replaced_ids(plans)
    return [plan for plan in plans if plan.pk in decided or plan.pk not in history | replaced]


def _counts(plans: list[Plan], decisions: dict[int, str], new_plans: int) -> dict[str, int]:
    """The table's counts before and after the decisions (`decisions`: by plan id)."""
    plans_before = len(plans)
    pages_before = sum(plan.pages or 0 for plan in plans)
    removed = [
        plan for plan in plans if decisions.get(plan.pk) in (Decision.REPEAL, Decision.MERGE)
    ]
    return {
        "plans_before": plans_before,
        "pages_before": pages_before,
        "plans_after": plans_before - len(removed) + new_plans,
        "pages_after": pages_before - sum(plan.pages or 0 for plan in removed),
        "undecided": sum(1 for plan in plans if plan.pk not in decisions),
    }


@dataclass(frozen=True)
class CleanupCounts:
    """The clean-up table's counts alone (the strategy page shows them, not the table)."""

    period_start: int
    plans_before: int
    pages_before: int
    plans_after: int
    pages_after: int
    undecided: int


@dataclass(slots=True)
class _CountedPlan:
    """What the clean-up's counts need of a plan (read as values, no model instance): enough
    for `_table_plans`, `_counts` and `superseded_ids`."""

    pk: int
    title: str
    plan_type: str
    status: str
    adopted_year: int | None
    pages: int | None
    replaces_id: int | None
    replaced: bool = False  # as plan_facts: another (not in progress) plan replaces it

    @property
    def id(self) -> int:
        return self.pk

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_STATUSES and not self.replaced


def _counted_plan(pk: int, _date: object, data: dict) -> list[_CountedPlan]:
    return [
        _CountedPlan(
            pk,
            data["title"],
            data["plan_type"],
            data["status"],
            data["adopted_year"],
            data["pages"],
            data["replaces"],
        )
    ]


def cleanup_counts_read(municipality: Municipality, period_start: int) -> PanelRead:
    """The counts of `cleanup_table` as reads not yet made (read with a page's other reads),
    without the rest of the table: the plans' suggestions and reasons are not made, and the
    plans are read as the few values the counts need."""

    def counts(read: list[list]) -> CleanupCounts:
        every_plan, period_decisions = read
        decisions = {plan: decision for plan, decision in period_decisions if plan is not None}
        replaced = replaced_ids(every_plan)
        for plan in every_plan:
            plan.replaced = plan.pk in replaced
        history = superseded_ids(every_plan)
        plans = _table_plans(every_plan, decisions, history)
        new_plans = sum(1 for plan, _decision in period_decisions if plan is None)
        return CleanupCounts(period_start, **_counts(plans, decisions, new_plans))

    return panel_read(
        counted_plans_read(municipality, _counted_plan),
        decisions_read(municipality, period_start),
        panel=counts,
    )


def target_year_for(
    *, due: datetime.date | None, period_start: int, today: datetime.date
) -> int | None:
    """The target year for revising a plan: the year its revision falls due, but never before
    the current year (from 1 July, the next year: a revision is not adopted in a few months),
    and within the election period. None when the period is over."""
    earliest = max(period_start, today.year if today.month < 7 else today.year + 1)
    latest = period_start + 4
    if earliest > latest:
        return None
    year = due.year if due is not None and due.year >= earliest else earliest
    return min(year, latest)


@dataclass(frozen=True)
class ProposedDecision:
    """What "accept the suggestions" would record for one plan."""

    plan: Plan
    decision: str
    target_year: int | None
    reasons: list[str]


@dataclass
class AcceptPreview:
    """Everything bulk acceptance would record, shown before anything is written."""

    period_start: int
    proposed: list[ProposedDecision]
    merges: list[CleanupRow]  # left out: merging needs the plan to merge into

    @property
    def period_label(self) -> str:
        return period_label(self.period_start)

    @property
    def counts(self) -> list[tuple[str, int]]:
        """(decision label, how many) for each decision that would be recorded."""
        labels = dict(Decision.choices)
        counted = Counter(proposed.decision for proposed in self.proposed)
        return [(str(labels[key]), counted[key]) for key in labels if counted[key]]

    @property
    def repeals(self) -> list[ProposedDecision]:
        return [proposed for proposed in self.proposed if proposed.decision == Decision.REPEAL]

    @property
    def others(self) -> list[ProposedDecision]:
        return [proposed for proposed in self.proposed if proposed.decision != Decision.REPEAL]


def accept_preview(
    municipality: Municipality, period_start: int, *, today: datetime.date | None = None
) -> AcceptPreview:
    """The decisions bulk acceptance would record for the plans that have none."""
    today = today or datetime.date.today()
    table = cleanup_table(municipality, period_start)
    proposed: list[ProposedDecision] = []
    merges: list[CleanupRow] = []
    for row in table.rows:
        if row.decision is not None or row.plan is None:
            continue
        if row.suggestion == Decision.MERGE:
            merges.append(row)
            continue
        target = (
            target_year_for(due=row.plan.next_revision, period_start=period_start, today=today)
            if row.suggestion == Decision.REVISE
            else None
        )
        proposed.append(ProposedDecision(row.plan, row.suggestion, target, row.reasons))
    return AcceptPreview(period_start=period_start, proposed=proposed, merges=merges)


REASON_LANGUAGES = ("nb", "nn", "en")


def keyed_reasons(municipality: Municipality) -> dict[int, list[dict]]:
    """Per plan, its plan-health findings as stored with a decision: each finding's key (its
    kind) with its reason in every language Samplan speaks, so the page and the documents show
    it in the reader's language."""
    by_plan: dict[int, list[dict]] = {}
    for language in REASON_LANGUAGES:
        with translation.override(language):
            findings = plan_health(municipality)
        position: Counter[int] = Counter()
        for finding in findings:
            if finding.plan_id is None:
                continue
            entries = by_plan.setdefault(finding.plan_id, [])
            index = position[finding.plan_id]
            position[finding.plan_id] += 1
            if index == len(entries):
                entries.append({"kind": finding.kind, "text": {}})
            entries[index]["text"][language] = finding.reason
    return by_plan


@transaction.atomic
def accept_suggestions(
    *,
    municipality: Municipality,
    period_start: int,
    repeals: Collection[int],
    today: datetime.date | None = None,
) -> dict[str, int]:
    """Record the suggested decision for every plan that has no decision yet, as
    `accept_preview` shows them; a repeal only for the plans in `repeals` (the planner saw each
    listed and kept it ticked). Returns how many of each decision were recorded."""
    freeze.check("cleanup_period", municipality=municipality, period_start=period_start)
    reasons = keyed_reasons(municipality)
    counts: Counter[str] = Counter()
    for proposed in accept_preview(municipality, period_start, today=today).proposed:
        if proposed.decision == Decision.REPEAL and proposed.plan.pk not in repeals:
            continue
        decision = CleanupDecision(
            municipality=municipality,
            period_start=period_start,
            plan=proposed.plan,
            decision=proposed.decision,
            target_year=proposed.target_year,
            reasons=reasons.get(proposed.plan.pk, []),
            responsible=proposed.plan.responsible_unit or proposed.plan.responsible_person,
        )
        decision.full_clean()
        decision.save()
        counts[proposed.decision] += 1
    return dict(counts)


def plan_suggestion(
    municipality: Municipality, plan: Plan, period_start: int, *, today: datetime.date | None = None
) -> ProposedDecision:
    """The suggested decision for one plan, with its reasons and target year (for "Decide")."""
    today = today or datetime.date.today()
    findings = [finding for finding in plan_health(municipality) if finding.plan_id == plan.pk]
    suggestion = _suggestion_for(findings)
    target = (
        target_year_for(due=plan.next_revision, period_start=period_start, today=today)
        if suggestion == Decision.REVISE
        else None
    )
    return ProposedDecision(plan, suggestion, target, [finding.reason for finding in findings])


def planning_needs_rows(table: CleanupTable) -> tuple[list[str], list[list[object]]]:
    """The planning-needs table as a header and rows, in the user's language, for export.

    One row per plan (its decision, or the suggestion where none is taken yet) and one per new
    plan; `planning_needs_summary` gives the counts before and after.
    """
    header = [
        _("Plan"),
        _("Plan type"),
        _("Pages"),
        _("Decision"),
        _("Suggested decision"),
        _("Target year"),
        _("Merge into"),
        _("Responsible"),
        _("Rationale"),
    ]
    suggestions = dict(Decision.choices)
    rows: list[list[object]] = []
    for row in table.rows:
        assert row.plan is not None
        decision = row.decision
        rows.append(
            [
                row.plan.title,
                row.plan.get_plan_type_display(),
                row.plan.pages,
                decision.get_decision_display() if decision else "",
                "" if decision else str(suggestions.get(row.suggestion, "")),
                decision.target_year if decision else None,
                decision.merge_into.title if decision and decision.merge_into_id else "",
                decision.responsible if decision else "",
                decision.rationale_display if decision else " ".join(row.reasons),
            ]
        )
    for decision in table.new_plans:
        rows.append(
            [
                decision.new_plan_title,
                decision.get_new_plan_type_display(),
                None,
                decision.get_decision_display(),
                "",
                decision.target_year,
                "",
                decision.responsible,
                decision.rationale_display,
            ]
        )
    return header, rows


def planning_needs_summary(table: CleanupTable) -> list[list[object]]:
    """The counts before and after, as rows below the table: label, –, pages, plans."""
    return [
        [_("Plans now"), "", table.pages_before, table.plans_before],
        [_("Plans after the decisions"), "", table.pages_after, table.plans_after],
        [_("Plans without a decision"), "", None, table.undecided],
    ]
