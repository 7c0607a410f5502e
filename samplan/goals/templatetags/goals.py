"""The dashboard's panel of goals and measures written in Python (`{% goals_panel %}`): the
template it replaces cost as much as the panel's read (pinned byte for byte in
goals/tests/test_goals_panel.py)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from samplan.core.links import link
from samplan.core.text import escaped, panel_card, panel_links, written

register = template.Library()


@register.simple_tag(takes_context=True)
def goals_panel(context: Context, panel: dict[str, Any], number: str) -> SafeString:
    """The panel (selectors.goals_panel's data), as goals/panels/goals.html wrote it with the
    municipality's `number`: values escaped as autoescaping does, the fixed texts as
    `{% translate %}` gives them (not escaped)."""
    escape = escaped if context.autoescape else str

    def value(found: object) -> str:
        return written(found, context)

    plan = panel["plan"]
    years = statuses = ""
    links = [(escape(link("goals:index", number)), gettext("Open the goal tree"))]
    if plan:
        years = f" ({value(plan.first_year)}–{value(plan.last_year)})"
        lines = "".join(
            f"<li>{value(label)}: {value(count)}</li>"
            for label, count in panel["statuses"]
            if count
        )
        statuses = f'<ul class="sp-plain-list">{lines}</ul>'
        url = escape(link("goals:follow_up", number, plan.first_year))
        links.append((url, gettext("Follow-up")))
    facts = (
        '\n  <dl class="sp-facts">'
        f"\n    <dt>{gettext('Goals')}</dt><dd>{value(panel['goal_count'])}</dd>"
        f"\n    <dt>{gettext('Measures')}</dt><dd>{value(panel['measure_count'])}{years}</dd>"
        f"\n  </dl>\n  {statuses}"
    )
    body = facts + panel_links(*links)
    return mark_safe(panel_card("goals", gettext("Goals and measures"), body))  # noqa: S308
