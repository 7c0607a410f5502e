"""The process plan's activity rows, written in Python (`{% activity_rows phase.activity_list %}`).

A template loop over a phase's activities was half of the process page's rendering (some twenty
nodes a row, in every phase). The rows are the same markup, byte for byte (pinned in
processes/tests/test_activity_rows.py against the loop they replace): every value escaped as
autoescaping does, the fixed texts translated as `{% translate %}` and `{% blocktranslate %}`
give them. No queries: the activities come with their participants and addresses
(selectors.phases_and_roles, _row_addresses).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.context import Context
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from samplan.core.dates import NUMERIC, written_date
from samplan.core.text import escaped

register = template.Library()

_CSRF = CsrfTokenNode()


def _date(value: object) -> str:
    """`value|dmy`, escaped."""
    return escaped(written_date(value, NUMERIC))


def _kind_and_knowledge(activity: Any, escape: Any) -> str:
    """The first cell: the title, its tags and what knowledge it builds."""
    cell = escape(activity.title)
    if activity.county_guidance:
        tag = escape(gettext("Guidance wanted"))
        cell += f' <span class="ds-tag" data-size="sm" data-color="info">{tag}</span>'
    if activity.group:
        label = escape(activity.group_label)
        cell += f' <span class="ds-tag" data-size="sm" data-color="neutral">{label}</span>'
    if activity.knowledge:
        cell += f"<br><small>{escape(gettext('Knowledge:'))} {escape(activity.knowledge)}</small>"
    return cell


def _when(activity: Any, escape: Any) -> str:
    """The date cell: the dates, the place, and done or not marked as done."""
    cell = _date(activity.starts_on) or "–"
    if activity.ends_on and activity.ends_on != activity.starts_on:
        cell += f"–{_date(activity.ends_on)}"
    if activity.place:
        cell += f"<br><small>{escape(activity.place)}</small>"
    if activity.done_on:
        done = gettext("Done %(date)s") % {"date": _date(activity.done_on)}
        cell += f'<br><span class="ds-tag" data-size="sm" data-color="success">{done}</span>'
    elif activity.not_marked:
        tag = escape(gettext("Not marked as done"))
        cell += f'<br><span class="ds-tag" data-size="sm" data-color="warning">{tag}</span>'
    return cell


@register.simple_tag(takes_context=True)
def activity_rows(context: Context, activities: list[Any]) -> SafeString:
    """A phase's activities as table rows, as the template loop wrote them (`can_edit`,
    `edit_label` and `remove_label` from the page's context)."""
    escape = escaped if context.autoescape else str
    can_edit = context.get("can_edit")
    if can_edit:
        edit = escape(context.get("edit_label", ""))
        remove = escape(context.get("remove_label", ""))
        csrf = _CSRF.render(context)
    rows = []
    for activity in activities:
        title = escape(activity.title)
        responsible = escape(activity.responsible or "–")
        people = ", ".join(escape(role.actor.name) for role in activity.participant_list) or "–"
        actions = (
            '\n    <td class="sp-row-actions"><a class="ds-link" '
            f'href="{escape(activity.edit_url)}">{edit}<span class="ds-sr-only"> {title}</span>'
            '</a>\n      <form method="post" '
            f'action="{escape(activity.delete_url)}">{csrf}<button type="submit" '
            'class="ds-button" data-variant="tertiary" data-size="sm" data-color="danger">'
            f'{remove}<span class="ds-sr-only"> {title}</span></button></form></td>'
            if can_edit
            else "\n    "
        )
        rows.append(
            f"\n    <tr><td>{_kind_and_knowledge(activity, escape)}</td>"
            f"\n    <td>{escape(activity.kind_label)}</td>"
            f"\n    <td>{_when(activity, escape)}</td>"
            f"\n    <td>{responsible}</td>"
            f"\n    <td>{people}</td>{actions}</tr>\n  "
        )
    return mark_safe("".join(rows))  # noqa: S308 (every value escaped)
