"""The clean-up of the plan portfolio for an election period ("vurdering av planbehov").

Combines the plans, the decisions taken and the suggestions from plan health into the table the
planning strategy needs, with counts before and after.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from samplan.municipalities.models import Municipality

from .health import SUPERSEDED_VERSION, Finding
from .models import CleanupDecision, Decision, Plan
from .selectors import plan_health

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
        return f"{self.period_start}–{self.period_start + 4}"


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
    plans = list(
        Plan.objects.for_municipality(municipality)
        .filter(~Q(status__in=["utgaatt", "opphevet"]) | Q(decisions__period_start=period_start))
        .distinct()
        .order_by("title")
    )
    decisions = {
        decision.plan_id: decision
        for decision in CleanupDecision.objects.filter(
            municipality=municipality, period_start=period_start, plan__isnull=False
        ).select_related("merge_into")
    }
    new_plans = list(
        CleanupDecision.objects.filter(
            municipality=municipality, period_start=period_start, plan__isnull=True
        )
    )
    findings_by_plan: dict[int, list[Finding]] = {}
    for finding in plan_health(municipality):
        if finding.plan_id is not None:
            findings_by_plan.setdefault(finding.plan_id, []).append(finding)
    # Older versions of a rolling plan are its history: not a plan to decide on.
    history = {
        plan_id
        for plan_id, findings in findings_by_plan.items()
        if any(finding.kind == SUPERSEDED_VERSION for finding in findings)
    }
    # A plan a current or revised plan replaces is history too (expired replacing plans only
    # replace expired ones, which are not in the list).
    replaced = {
        plan.replaces_id for plan in plans if plan.replaces_id and plan.status != "i_arbeid"
    }
    plans = [plan for plan in plans if plan.pk in decisions or plan.pk not in history | replaced]
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
    plans_before = len(plans)
    pages_before = sum(plan.pages or 0 for plan in plans)
    removed = [
        row.plan
        for row in rows
        if row.decision and row.decision.decision in (Decision.REPEAL, Decision.MERGE)
    ]
    plans_after = plans_before - len(removed) + len(new_plans)
    pages_after = pages_before - sum(plan.pages or 0 for plan in removed if plan)
    return CleanupTable(
        period_start=period_start,
        rows=rows,
        new_plans=new_plans,
        plans_before=plans_before,
        pages_before=pages_before,
        plans_after=plans_after,
        pages_after=pages_after,
        undecided=sum(1 for row in rows if row.decision is None),
    )


@transaction.atomic
def accept_suggestions(municipality: Municipality, period_start: int) -> int:
    """Record the suggested decision for every plan that has no decision yet. Returns the count."""
    table = cleanup_table(municipality, period_start)
    created = 0
    for row in table.rows:
        if row.decision is not None or row.plan is None:
            continue
        if row.suggestion == Decision.MERGE:
            continue  # merging needs the user to choose the plan to merge into
        decision = CleanupDecision(
            municipality=municipality,
            period_start=period_start,
            plan=row.plan,
            decision=row.suggestion,
            target_year=period_start + 1 if row.suggestion == Decision.REVISE else None,
            rationale=" ".join(row.reasons)[:2000],
            responsible=row.plan.responsible_unit or row.plan.responsible_person,
        )
        decision.full_clean()
        decision.save()
        created += 1
    return created


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
                decision.rationale if decision else " ".join(row.reasons),
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
                decision.rationale,
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
