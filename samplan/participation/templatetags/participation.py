"""The dashboard's panel of consultations written in Python (`{% participation_panel %}`): the
template it replaces cost more than the panel's read (pinned byte for byte in
participation/tests/test_participation_panel.py)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from samplan.core.links import link
from samplan.core.text import escaped, panel_card, panel_links, written

register = template.Library()


def _row(context: Context, consultation: Any, escape: Any) -> str:
    """A consultation's line: its link, status, submissions and those not processed."""
    url = escape(link("participation:detail", consultation.municipality_id, consultation.pk))
    status = escape(str(consultation.get_status_display()).lower())
    count = consultation.submission_count
    submissions = ngettext("%(count)s submission", "%(count)s submissions", count) % {
        "count": written(count, context)
    }
    unprocessed = (
        ", "
        + gettext("%(count)s not processed") % {"count": written(consultation.unprocessed, context)}
        if consultation.unprocessed
        else ""
    )
    return (
        f'\n    <li><a class="ds-link" href="{url}">{escape(consultation.title)}</a>: '
        f"{status}, {submissions}{unprocessed}</li>\n  "
    )


@register.simple_tag(takes_context=True)
def participation_panel(context: Context, panel: dict[str, Any]) -> SafeString:
    """The panel (selectors.participation_panel's data), as participation/panels/
    participation.html wrote it: values escaped as autoescaping does, the fixed texts as
    `{% translate %}` and `{% blocktranslate %}` give them (not escaped)."""
    escape = escaped if context.autoescape else str
    if panel["rows"]:
        rows = "".join(_row(context, consultation, escape) for consultation in panel["rows"])
        shown = f'\n  <ul class="sp-plain-list">{rows}</ul>\n  '
    else:
        none = gettext("No consultation is open or waiting for processing.")
        shown = f'\n  <p class="ds-paragraph">{none}</p>\n  '
    index = escape(link("participation:index", panel["municipality"].number))
    body = f"\n  {shown}" + panel_links((index, gettext("Open participation")))
    # the template has no line break before the section
    card = panel_card("participation", gettext("Participation"), body).removeprefix("\n")
    return mark_safe(card)  # noqa: S308 (every value escaped)
