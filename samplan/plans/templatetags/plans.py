"""Template filters of the plan register, plan health and the dashboard panel."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

register = template.Library()

# A finding's severity as a tag (colour and word), and a suggested clean-up decision in words:
# filters rather than included templates, as the findings table shows one per row.
SEVERITY_TAGS = {
    "high": ("danger", _("Serious")),
    "medium": ("warning", _("Attention")),
}
INFORMATION_TAG = ("info", _("Information"))
SUGGESTION_LABELS = {
    "videreføre": _("Keep"),
    "revidere": _("Revise"),
    "slå_sammen": _("Merge"),
    "oppheve": _("Repeal"),
    "ny_plan": _("New plan"),
}


@register.filter
def severity_tag(severity: str) -> SafeString:
    """A finding's severity as a Designsystemet tag: "Alvorlig", "Obs" or "Informasjon"."""
    color, label = SEVERITY_TAGS.get(severity, INFORMATION_TAG)
    return format_html(
        '<span class="ds-tag" data-color="{}" data-size="sm">{}</span>', color, label
    )


@register.filter
def suggestion_label(suggestion: str) -> str:
    """A suggested clean-up decision in words, "–" for none."""
    return str(SUGGESTION_LABELS.get(suggestion, "–"))


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
