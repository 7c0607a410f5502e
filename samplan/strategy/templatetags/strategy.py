"""The dashboard's panel of the planning strategy written in Python (`{% strategy_panel %}`),
byte for byte the template it replaces (pinned in strategy/tests/test_strategy_panel.py)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from samplan.core.dates import NUMERIC, SHORT, written_date
from samplan.core.links import link
from samplan.core.text import escaped, panel_card, panel_links, written

register = template.Library()


def _members_notice(strategy: Any, number: str, escape: Any) -> str:
    """The notice asking the elected members for their input, or "" when it is not shown."""
    if not strategy.shared_with_members or strategy.status == "vedtatt":
        return ""
    if strategy.workshop_on:
        date = escape(written_date(strategy.workshop_on, SHORT))
        ask = gettext(
            "Mark the priorities that matter most to you before the workshop on %(date)s."
        ) % {"date": date}
    else:
        ask = gettext("Mark the priorities that matter most to you before the workshop.")
    url = escape(link("strategy:members", number, strategy.period_start))
    page = gettext("The elected members' page")
    return (
        '\n  <div class="ds-alert" data-color="info"><p class="ds-paragraph"><strong>'
        f"{gettext('Elected members: your input is asked for.')}</strong> {ask}"
        f'\n    <a class="ds-link" href="{url}">{page}</a>'
        "</p></div>\n  "
    )


def _started(context: Context, panel: dict[str, Any], number: str, escape: Any) -> str:
    """The facts, the notice and the links of a strategy that is started."""
    strategy = panel["strategy"]
    period = f"{written(panel['period'], context)}–{written(panel['period_end'], context)}"
    links = panel_links(
        (
            escape(link("strategy:detail", strategy.municipality_id, strategy.period_start)),
            gettext("Open the planning strategy"),
        ),
        (
            escape(link("strategy:read", number, strategy.period_start)),
            gettext("Read the strategy on screen"),
        ),
    )
    return (
        '\n  <dl class="sp-facts">'
        f"\n    <dt>{gettext('Election period')}</dt><dd>{period}</dd>"
        f"\n    <dt>{gettext('Status')}</dt><dd>{escape(strategy.get_status_display())}</dd>"
        f"\n    <dt>{gettext('Adopted at the latest')}</dt>"
        f"<dd>{escape(written_date(panel['deadline'], NUMERIC))}</dd>"
        f"\n  </dl>\n  {_members_notice(strategy, number, escape)}{links}\n  "
    )


@register.simple_tag(takes_context=True)
def strategy_panel(context: Context, panel: dict[str, Any], number: str) -> SafeString:
    """The panel (selectors.strategy_panel_read's data), as strategy/panels/strategy.html
    wrote it with the municipality's `number`: values escaped as autoescaping does, the fixed
    texts as `{% translate %}` and `{% blocktranslate %}` give them (not escaped)."""
    escape = escaped if context.autoescape else str
    if panel["strategy"]:
        shown = _started(context, panel, number, escape)
    else:
        text = gettext("The planning strategy for %(start)s–%(end)s is not started.") % {
            "start": written(panel["period"], context),
            "end": written(panel["period_end"], context),
        }
        index = (escape(link("strategy:index", number)), gettext("Planning strategy"))
        shown = f'\n  <p class="ds-paragraph">{text}</p>{panel_links(index)}\n  '
    heading = gettext("Planning strategy")
    return mark_safe(panel_card("strategy", heading, f"\n  {shown}"))  # noqa: S308
