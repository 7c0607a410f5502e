"""The dashboard's panel of political arenas written in Python (`{% politics_panel %}`), byte
for byte the template it replaces (pinned in politics/tests/test_politics_panel.py)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from samplan.core.dates import NUMERIC, written_date
from samplan.core.links import link
from samplan.core.text import escaped, panel_card, panel_links, written

register = template.Library()


def _last_held(context: Context, workshop: Any, escape: Any) -> str:
    """The last workshop held: its title, date and how many took part; "–" without one."""
    if not workshop:
        return "–"
    count = workshop.participant_count
    taking_part = ngettext("%(count)s taking part", "%(count)s taking part", count) % {
        "count": written(count, context)
    }
    return (
        f"{escape(workshop.title)}, {escape(written_date(workshop.held_on, NUMERIC))} "
        f"({taking_part})"
    )


@register.simple_tag(takes_context=True)
def politics_panel(context: Context, panel: dict[str, Any], number: str) -> SafeString:
    """The panel (selectors.panel's data), as politics/panels/politics.html wrote it with the
    municipality's `number`: values escaped as autoescaping does, the fixed texts as
    `{% translate %}` and `{% blocktranslate %}` give them (not escaped)."""
    escape = escaped if context.autoescape else str
    running = (
        f"<dt>{gettext('Workshop running')}</dt><dd>{escape(panel['open'].title)}</dd>"
        if panel["open"]
        else ""
    )
    delegation = gettext("%(count)s of %(total)s decisions") % {
        "count": written(panel["delegations"], context),
        "total": written(panel["decisions"], context),
    }
    facts = (
        f'\n  <dl class="sp-facts">\n    {running}'
        f"\n    <dt>{gettext('Last workshop')}</dt>"
        f"<dd>{_last_held(context, panel['last_held'], escape)}</dd>"
        f"\n    <dt>{gettext('Delegation recorded')}</dt><dd>{delegation}</dd>\n  </dl>"
    )
    links = panel_links(
        (escape(link("politics:index", number)), gettext("Political arenas")),
        (escape(link("politics:roles", number)), gettext("Who decides what")),
    )
    heading = gettext("Political arenas")
    return mark_safe(panel_card("politics", heading, facts + links))  # noqa: S308
