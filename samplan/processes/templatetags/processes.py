"""The process plan's repeated parts written in Python: the activity rows
(`{% activity_rows phase.activity_list %}`), the phases around them (`{% phase_sections phases %}`)
and the six key questions (`{% key_questions questions %}`).

A template loop over a phase's activities was half of the process page's rendering (some twenty
nodes a row, in every phase); the phases' loop around the rows (an include and some thirty nodes
a phase) and the questions' loop (some twenty nodes a question) were most of the rest. The markup
is the same, byte for byte (pinned in processes/tests/test_activity_rows.py and
test_phase_sections.py against the loops they replace): every value escaped as autoescaping
does, numbers written as the template writes them, the fixed texts translated as `{% translate %}`
and `{% blocktranslate %}` give them. No queries: the phases come with their activities, the
activities with their participants, every row with its addresses (selectors.phases_and_roles,
_row_addresses), the questions with their answers (selectors.questions_of).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import render_value_in_context
from django.template.context import Context
from django.template.defaultfilters import linebreaksbr
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from samplan.core.dates import NUMERIC, written_date
from samplan.core.links import link
from samplan.core.text import escaped, panel_card, panel_links

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


_TAG_COLOURS = {"omforent": "success", "utkast": "info"}


@register.simple_tag(takes_context=True)
def key_questions(context: Context, questions: list[dict[str, Any]]) -> SafeString:
    """The six key questions as articles, as the template loop wrote them (`can_edit` and
    `answer_label` from the page's context)."""
    autoescape = context.autoescape
    escape = escaped if autoescape else str
    can_edit = context.get("can_edit")
    answer_label = escape(context.get("answer_label", ""))
    articles = []
    for item in questions:
        question, answer = item["question"], item.get("answer")
        key, title = escape(question.key), escape(question.title)
        colour = _TAG_COLOURS.get(answer.status if answer else "", "neutral")
        status = escape(answer.status_label) if answer else escape(gettext("Not started"))
        text = answer.text if answer else ""
        body = (
            f'<p class="ds-paragraph" data-variant="long">{linebreaksbr(text, autoescape)}</p>'
            if text
            else f'<p class="ds-paragraph"><small>{escape(question.asks)}</small></p>'
        )
        link = (
            '<p class="ds-paragraph"><a class="ds-link" '
            f'href="{escape(item.get("answer_url", ""))}">{answer_label}'
            f'<span class="ds-sr-only"> {title}</span></a></p>'
            if can_edit
            else ""
        )
        articles.append(
            f'\n  <article id="sporsmal-{key}" aria-labelledby="q-{key}">'
            f'\n    <h3 class="ds-heading" data-size="xs" id="q-{key}">{title}'
            f'\n      <span class="ds-tag" data-size="sm" data-color="{colour}">{status}'
            "</span></h3>"
            f"\n    {body}\n    {link}\n  </article>\n  "
        )
    return mark_safe("".join(articles))  # noqa: S308 (every value escaped)


def _phase_dates(phase: Any, escape: Any) -> str:
    """The phase's dates after its title, " (04.03.2026–…)", or "" without dates."""
    if not (phase.starts_on or phase.ends_on):
        return ""
    starts = escape(written_date(phase.starts_on, NUMERIC) or "…")
    ends = escape(written_date(phase.ends_on, NUMERIC) or "…")
    return f" <small>({starts}–{ends})</small>"


def _activities_table(context: Context, phase: Any, escape: Any, can_edit: object) -> str:
    """What processes/_activities.html wrote: the phase's activities as a table, or a tag."""
    if not phase.activity_list:
        tag = escape(gettext("No activities yet"))
        return (
            '\n<p class="ds-paragraph"><span class="ds-tag" data-color="warning">'
            f"{tag}</span></p>\n\n"
        )
    caption = gettext("Activities in %(phase)s") % {"phase": escape(phase.title)}
    heads = "".join(
        f'<th scope="col">{escape(text)}</th>'
        for text in (
            gettext("Activity"),
            gettext("Kind"),
            gettext("Date"),
            gettext("Responsible"),
            gettext("Participants"),
        )
    )
    if can_edit:
        actions = escape(gettext("Actions"))
        heads += f'<th scope="col"><span class="ds-sr-only">{actions}</span></th>'
    return (
        '\n<div class="sp-table-wrap">\n<table class="ds-table" data-size="sm">'
        f'\n  <caption class="ds-sr-only">{caption}</caption>'
        f"\n  <thead><tr>{heads}</tr></thead>\n  <tbody>"
        f"\n  {activity_rows(context, phase.activity_list)}\n  </tbody>\n</table>\n</div>\n\n"
    )


def _phase_actions(context: Context, phase: Any, escape: Any, title: str) -> str:
    """The phase's buttons for an editor (the labels from the page's context)."""
    add, edit, remove = (
        escape(context.get(name, ""))
        for name in ("add_label", "edit_phase_label", "remove_phase_label")
    )
    return (
        '<p class="ds-paragraph sp-row-actions">'
        '\n      <a class="ds-button" data-variant="secondary" data-size="sm" '
        f'href="{escape(phase.activity_add_url)}">{add}'
        f'<span class="ds-sr-only"> – {title}</span></a>'
        f'\n      <a class="ds-link" href="{escape(phase.edit_url)}">{edit}'
        f'<span class="ds-sr-only"> {title}</span></a>'
        f'\n      <form method="post" action="{escape(phase.delete_url)}">{_CSRF.render(context)}'
        '<button type="submit" class="ds-button" data-variant="tertiary" data-size="sm" '
        f'data-color="danger">{remove}<span class="ds-sr-only"> {title}</span></button></form>'
        "\n    </p>"
    )


@register.simple_tag(takes_context=True)
def phase_sections(context: Context, phases: list[Any]) -> SafeString:
    """The phases, each with its activities' table, as the template loop and its include of
    processes/_activities.html wrote them (`can_edit` and the labels from the page's context)."""
    escape = escaped if context.autoescape else str
    can_edit = context.get("can_edit")
    goal_label = escape(context.get("goal_label", ""))
    sections = []
    for phase in phases:
        pk = render_value_in_context(phase.pk, context)
        title = escape(phase.title)
        goal = (
            f'<p class="ds-paragraph"><strong>{goal_label}</strong> {escape(phase.goal)}</p>'
            if phase.goal
            else ""
        )
        actions = _phase_actions(context, phase, escape, title) if can_edit else ""
        sections.append(
            f'\n  <section class="ds-card sp-section" aria-labelledby="phase-{pk}">'
            f'\n    <h3 class="ds-heading" data-size="sm" id="phase-{pk}">'
            f"{render_value_in_context(phase.order, context)}. {title}"
            f"{_phase_dates(phase, escape)}</h3>"
            f"\n    {goal}\n    {_activities_table(context, phase, escape, can_edit)}"
            f"\n    {actions}\n  </section>\n  "
        )
    return mark_safe("".join(sections))  # noqa: S308 (every value escaped)


def _panel_processes(context: Context, processes: list[Any], escape: Any) -> str:
    """The panel's list of running and planned processes (links, status, example tag)."""
    example = gettext("Example data")
    lines = []
    for process in processes:
        url = escape(link("processes:detail", process.municipality_id, process.pk))
        tag = (
            f' <span class="ds-tag" data-size="sm" data-color="warning">{example}</span>'
            if process.is_example
            else ""
        )
        lines.append(
            f'<li><a class="ds-link" href="{url}">{escape(process.name)}</a> – '
            f"{escape(process.get_status_display())}{tag}</li>"
        )
    return f'<ul class="sp-plain-list">{"".join(lines)}</ul>'


def _panel_activities(context: Context, activities: list[Any], escape: Any) -> str:
    """The panel's next activities (date, title, process), or "" without any."""
    if not activities:
        return ""
    lines = "".join(
        f'<li><time datetime="{escape(activity.starts_on.isoformat())}">'
        f"{_date(activity.starts_on)}</time>: {escape(activity.title)} "
        f"<small>({escape(activity.phase.process.name)})</small></li>"
        for activity in activities
    )
    return (
        f'\n  <h3 class="ds-heading" data-size="2xs">{gettext("Next activities")}</h3>'
        f'\n  <ul class="sp-plain-list">{lines}</ul>\n  '
    )


@register.simple_tag(takes_context=True)
def processes_panel(context: Context, panel: dict[str, Any], number: str) -> SafeString:
    """The dashboard's panel of process plans (selectors.dashboard_panel's data), as
    processes/panels/processes.html wrote it with the municipality's `number` (pinned in
    processes/tests/test_processes_panel.py): values escaped as autoescaping does, the fixed
    texts as `{% translate %}` gives them (not escaped)."""
    escape = escaped if context.autoescape else str
    if panel["processes"]:
        shown = (
            f"\n  {_panel_processes(context, panel['processes'], escape)}"
            f"\n  {_panel_activities(context, panel['upcoming'], escape)}\n  "
        )
    else:
        shown = f'\n  <p class="ds-paragraph">{gettext("No running process plans.")}</p>\n  '
    index = (escape(link("processes:index", number)), gettext("All process plans"))
    body = f"\n  {shown}{panel_links(index)}"
    return mark_safe(panel_card("processes", gettext("Process plans"), body))  # noqa: S308
