"""The clean-up page's table (plans/cleanup.html): `cleanup.cleanup_table` (read as
`cleanup.read_table`) with its plan rows made in Python, cached per version of the
municipality's data.

A row of the template cost as much as the rest of the page (some forty nodes, an include for the
suggestion, two reverses and a translated display per row); the rows are now one string, made by
`rows_html` with the page's fixed texts translated once, byte for byte the template's old markup
(pinned in the tests). The whole value (counts, rows, new plans and why the period is frozen) is
computed once per version of the municipality's data, period, permission, language and day
(core/freshness): a decision or a plan edit moves the version, so it shows at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from samplan.core import freshness
from samplan.core.dates import period_label
from samplan.municipalities.models import Municipality

from .cleanup import CleanupCounts, CleanupRow, CleanupTable, read_table
from .models import CleanupDecision, Decision
from .selectors import plan_url_maker
from .templatetags.plans import SUGGESTION_LABELS


@dataclass(frozen=True)
class CleanupPage(CleanupCounts):
    """What plans/cleanup.html shows of the table (`table` in its context): the counts, the
    plan rows, the new plans and why the period is frozen ("" if it is not)."""

    rows_html: SafeString
    new_plans: list[CleanupDecision]
    frozen: str

    @property
    def period_label(self) -> str:
        return period_label(self.period_start)


def page_table(
    municipality: Municipality, period_start: int, *, can_edit: bool, frozen: Callable[[], str]
) -> CleanupPage:
    """The page's table of `period_start` (cached); `frozen()`: why the period's decisions
    cannot be changed, or "" (the municipality's data: computed with the table)."""

    def compute() -> CleanupPage:
        table = read_table(municipality, period_start)
        message = frozen()
        counts = {field.name: getattr(table, field.name) for field in fields(CleanupCounts)}
        rows = rows_html(table, municipality.number, can_edit=can_edit, frozen=message)
        return CleanupPage(**counts, rows_html=rows, new_plans=table.new_plans, frozen=message)

    return freshness.cached(
        "plans.cleanup_page", compute, period_start, can_edit, municipality=municipality.pk
    )


def rows_html(table: CleanupTable, knr: str, *, can_edit: bool, frozen: str) -> SafeString:
    """The table's plan rows as the template made them, its texts translated once."""
    decisions = {value: str(label) for value, label in Decision.choices}
    suggested = escape(_("Suggested:"))
    suggestions = {key: escape(str(label)) for key, label in SUGGESTION_LABELS.items()}
    plan_url = plan_url_maker(knr)
    decide_url = plan_url_maker(knr, "plans:decision_edit")
    decide = escape(_("Decide"))
    period = table.period_start
    parts = []
    for row in table.rows:
        plan = row.plan
        assert plan is not None
        title = escape(plan.title)
        if not can_edit:
            action = ""
        elif frozen:
            action = "<td></td>"
        else:
            action = (
                f'<td><a class="ds-link" href="{decide_url(plan.pk)}?periode={period}">{decide}'
                f'<span class="ds-sr-only"> {title}</span></a></td>'
            )
        parts.append(
            f'\n    <tr>\n      <td><a class="ds-link" href="{plan_url(plan.pk)}">{title}</a></td>'
            f"\n      <td>{_decision_cell(row, decisions, suggested, suggestions)}</td>"
            f"\n{_decision_columns(row)}\n      {action}\n    </tr>\n  "
        )
    return mark_safe("".join(parts))  # noqa: S308 -- every value escaped above


def _decision_cell(
    row: CleanupRow, decisions: dict[str, str], suggested: str, suggestions: dict[str, str]
) -> str:
    decision = row.decision
    if decision is None:
        # (the suggestion's include ended with a newline)
        return f"<em>{suggested} {suggestions.get(row.suggestion, '–')}\n</em>"
    shown = escape(decisions.get(decision.decision, decision.decision))
    if decision.merge_into_id is not None and decision.merge_into is not None:
        shown += f" → {escape(decision.merge_into.title)}"
    return shown


def _decision_columns(row: CleanupRow) -> str:
    """The "When", "Responsible" and "Rationale" cells."""
    decision = row.decision
    if decision is None:
        rationale = " ".join(escape(reason) for reason in row.reasons) or "–"
        return f"      <td>–</td>\n      <td>–</td>\n      <td>{rationale}</td>"
    year = decision.target_year or "–"
    responsible = escape(decision.responsible) if decision.responsible else "–"
    rationale = escape(decision.rationale_display) or "–"
    return f"      <td>{year}</td>\n      <td>{responsible}</td>\n      <td>{rationale}</td>"
