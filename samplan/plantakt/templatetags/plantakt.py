"""Template helpers for plantakt: labels for the engine's codes, the holiday warning text and
the dashboard panel's next deadlines (`{% next_panel %}`, written in Python: the template it
replaces cost more than the rest of the panel, pinned byte for byte in
plantakt/tests/test_next_panel.py)."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samplan.core.links import link
from samplan.core.templatetags.samplan import rendered_once
from samplan.core.text import escaped, panel_card, panel_links, written

from .. import engine
from ..labels import (
    DATE_RULE_LABELS,
    KIND_LABELS,
    lateness_text,
    module_labels,
    season_names,
    status,
)

register = template.Library()


@register.filter
def date_rule_label(value: str) -> str:
    return str(DATE_RULE_LABELS.get(value, value))


@register.filter
def module_label(value: str) -> str:
    return str(module_labels().get(value, value))


@register.filter
def kind_label(value: str) -> str:
    return str(KIND_LABELS.get(value, value))


@register.simple_tag
def item_status(item: engine.Item, today: datetime.date) -> tuple[str, str] | None:
    """Done in time, how many days late, or how many days overdue: (text, colour) or None."""
    return status(item, today)


@register.simple_tag
def lateness(done: datetime.date | None, deadline: datetime.date | None) -> str:
    """ "in time" or "N days after the deadline" for a date done against a legal deadline (the
    strategy page uses it for the adoption and the publication); empty when either is missing."""
    if not done or not deadline:
        return ""
    return lateness_text((done - deadline).days)


@register.simple_tag
def holiday_text(warning: engine.HolidayWarning) -> str:
    values = {
        "seasons": season_names(warning.seasons),
        "days": warning.overlap_days,
        "date": warning.suggested.strftime("%d.%m.%Y"),
    }
    if warning.moves == "start":
        return (
            _(
                "The period overlaps %(seasons)s (%(days)s days). Consider publishing earlier, "
                "by %(date)s."
            )
            % values
        )
    return (
        _(
            "The consultation overlaps %(seasons)s (%(days)s days). Consider a longer deadline, "
            "to %(date)s."
        )
        % values
    )


@register.simple_tag(takes_context=True)
def plantakt_header(context: template.Context) -> SafeString:
    """`{% plantakt_header %}` (plantakt/_header.html): the calendar pages' heading, links,
    period facts and notices, plantakt/_header_fixed.html rendered once per process for the
    same values (rendered_once): the period's and municipality's facts as plain values. A value
    the page does not have counts as absent, as the template would take it."""
    municipality, period = context["municipality"], context["period"]
    return rendered_once(
        "plantakt/_header_fixed.html",
        view=context.get("view", ""),
        heading=context.get("heading", ""),
        municipality={"name": municipality.name, "number": municipality.number},
        period={
            "label": period.label,
            "election_year": period.election_year,
            "election_date": period.election_date,
            "election_confirmed": period.election_confirmed,
            "constituted_on": period.constituted_on,
            "constitution_assumed": period.constitution_assumed,
        },
        is_example=bool(context.get("is_example")),
        has_workspace=bool(context.get("has_workspace")),
        can_edit=bool(context.get("can_edit")),
        periods=list(context.get("periods") or []),
        unconfirmed_count=context.get("unconfirmed_count") or 0,
    )


@register.simple_tag(takes_context=True)
def next_panel(context: template.Context, panel: dict[str, Any], number: str) -> SafeString:
    """The dashboard's panel of the next deadlines (selectors.next_panel's data), as
    plantakt/panels/next.html wrote it with the municipality's `number`: values escaped as
    autoescaping does, the fixed texts as `{% translate %}` gives them (not escaped)."""
    escape = escaped if context.autoescape else str
    upcoming, overdue, count = panel["upcoming"], panel["overdue"], panel["overdue_count"]
    if upcoming:
        lines = "".join(f"<li>{shown['html']}</li>" for _item, shown in upcoming)
        coming = (
            '\n  <ul class="sp-plain-list" data-testid="deadlines-upcoming">'
            f"\n    {lines}\n  </ul>\n  "
        )
    else:
        none = _("No upcoming deadlines in this election period.")
        coming = f'<p class="ds-paragraph">{none}</p>'
    late = ""
    if count:
        counter = written(count, context)
        tag = ngettext("%(counter)s overdue deadline", "%(counter)s overdue deadlines", count) % {
            "counter": counter
        }
        lines = "".join(f"<li>{shown['html']}</li>" for _item, shown in overdue)
        late = (
            '\n  <h3 class="ds-heading" data-size="2xs" id="panel-plantakt-overdue">'
            f'<span class="ds-tag" data-color="danger" data-size="sm">{tag}</span></h3>'
            '\n  <ul class="sp-plain-list" data-testid="deadlines-overdue" '
            f'aria-labelledby="panel-plantakt-overdue">\n    {lines}\n  </ul>\n  '
        )
        if count > len(overdue):
            shown = _("The %(shown)s most recent are shown.") % {
                "shown": written(len(overdue), context)
            }
            late += f'<p class="ds-paragraph">{shown}</p>'
        late += "\n  "
    year = written(panel["election_year"], context)
    links = panel_links(
        (escape(link("plantakt:wheel", number)), _("Year wheel")),
        (
            f"{escape(link('plantakt:list', number))}?periode={year}&amp;overdue=on",
            _("Overdue deadlines"),
        ),
    )
    body = f"\n  {coming}\n  {late}{links}"
    return mark_safe(panel_card("plantakt", _("Next deadlines"), body))  # noqa: S308
