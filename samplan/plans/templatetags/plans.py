"""Template tags of the plan register (the dashboard panel)."""

from __future__ import annotations

from django import template

register = template.Library()


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
