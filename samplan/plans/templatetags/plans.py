"""Template tags of the plan register (the dashboard panel)."""

from __future__ import annotations

from typing import Any

from django import template

from samplan.core import freshness
from samplan.municipalities.models import Municipality
from samplan.plans.health import HIGH, MEDIUM
from samplan.plans.models import Plan
from samplan.plans.selectors import plan_health

register = template.Library()


@register.simple_tag
def plan_health_summary(municipality: Municipality) -> dict[str, Any]:
    """Counts for the dashboard panel and the three most severe findings."""
    return freshness.cached(
        "plan_health_summary", lambda: _summary(municipality), municipality=municipality.pk
    )


def _summary(municipality: Municipality) -> dict[str, Any]:
    plans = list(Plan.objects.for_municipality(municipality).only("status", "pages"))
    current = [plan for plan in plans if plan.status in ("gjeldende", "under_revisjon")]
    findings = plan_health(municipality)
    return {
        "plans": len(plans),
        "current": len(current),
        "pages": sum(plan.pages or 0 for plan in current),
        "high": sum(1 for finding in findings if finding.severity == HIGH),
        "medium": sum(1 for finding in findings if finding.severity == MEDIUM),
        "top": findings[:3],
    }


@register.filter
def sdg_names(numbers: list[int]) -> str:
    """UN sustainable development goals by number and name: "3. God helse og livskvalitet"."""
    from samplan.plans.forms import SDG_NAMES

    return "; ".join(f"{number}. {SDG_NAMES[number]}" for number in numbers if number in SDG_NAMES)


@register.filter
def column_label(column: str) -> str:
    """A column of the import file in words, with its name in the file: "Plan type (plantype)"."""
    from samplan.plans.tabular import COLUMN_LABELS

    label = COLUMN_LABELS.get(column)
    return f"{label} ({column})" if label is not None else column
