"""Template filters of the plan register, plan health and the dashboard panel."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from samplan.core.text import escaped as _escaped

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


# The rows of the register's and plan health's tables, made in Python: with 40–80 rows, a
# template per row cost more than all the rest of the page. The cells are as the templates
# had them; the rows' data (addresses, labels) come from the selectors (register_rows,
# finding_rows), and nothing here reads the database.
NONE = "–"
LINK = '<a class="ds-link" href="{}">{}</a>'
STATUTORY_LABEL = _("Statutory")


REGISTER_ROW = (
    '<tr><td><a class="ds-link" href="{}">{}</a>{}</td><td>{}</td><td>{}</td><td>{}</td>'
    '<td>{}</td><td>{}</td><td class="sp-num">{}</td></tr>'
)


@register.simple_tag
def register_table_rows(rows: list[dict]) -> SafeString:
    """The register table's rows (selectors.register_rows), each cell escaped as format_html
    does it."""
    statutory = format_html(
        ' <span class="ds-tag" data-color="info" data-size="sm">{}</span>', STATUTORY_LABEL
    )
    return mark_safe(
        "\n".join(
            REGISTER_ROW.format(
                _escaped(row["url"]),
                _escaped(plan.title),
                statutory if plan.is_statutory else "",
                _escaped(row["plan_type"]),
                _escaped(row["status"]),
                _escaped(plan.adopted_display or NONE),
                plan.next_revision.strftime("%d.%m.%Y") if plan.next_revision else NONE,
                _escaped(plan.responsible_unit or plan.responsible_person or NONE),
                NONE if plan.pages is None else _escaped(plan.pages),
            )
            for row in rows
            for plan in (row["plan"],)
        )
    )


@register.simple_tag
def finding_table_rows(rows: list[dict]) -> SafeString:
    """The findings table's rows (selectors.finding_rows), as format_html_join would make them,
    with the escaping done here: some eighty rows of four cells, where format_html's
    per-argument work cost more than the rest of the table."""
    tags = {severity: severity_tag(severity) for severity in (*SEVERITY_TAGS, "info")}
    suggestions = {key: _escaped(label) for key, label in SUGGESTION_LABELS.items()}
    none = _escaped(NONE)
    lines = []
    for row in rows:
        finding = row["finding"]
        if row["url"]:
            plan = LINK.format(_escaped(row["url"]), _escaped(finding.plan_title))
        else:
            plan = _escaped(finding.plan_title or NONE)
        lines.append(
            f"<tr><td>{tags.get(finding.severity) or severity_tag(finding.severity)}</td>"
            f"<td>{plan}</td><td>{_escaped(row['text'])}</td>"
            f"<td>{suggestions.get(finding.suggestion, none)}</td></tr>"
        )
    return mark_safe("\n".join(lines))  # noqa: S308 -- every value escaped above
