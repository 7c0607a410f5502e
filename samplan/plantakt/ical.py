"""The period's items as an iCalendar file (RFC 5545), for Outlook, Google Calendar and
Thunderbird: one all-day event per item, with a stable UID so a subscribed calendar updates the
event when a deadline moves instead of adding a new one."""

from __future__ import annotations

import datetime

import icalendar
from django.utils.translation import gettext as _

from . import engine
from .labels import KIND_LABELS, season_names, status


def _description(item: engine.Item) -> str:
    lines = [item.explanation] if item.explanation else []
    if item.legal_basis:
        lines.append(_("Legal basis: %(basis)s") % {"basis": item.legal_basis})
    if item.depends_on:
        lines.append(_("Depends on: %(keys)s") % {"keys": ", ".join(item.depends_on)})
    if item.unconfirmed:
        lines.append(_("UNCONFIRMED: check this rule before relying on it."))
    if item.basis_unconfirmed:
        lines.append(
            _("Paragraph not confirmed: %(paragraph)s") % {"paragraph": item.basis_unconfirmed}
        )
    if item.assumed:
        lines.append(_("at the latest: the constitution date is missing"))
    if item.done_on:
        shown = status(item, item.done_on)
        lines.append(shown[0] if shown else "")
    if item.holiday:
        lines.append(
            _("Holiday warning (%(seasons)s): suggested date %(date)s.")
            % {
                "seasons": season_names(item.holiday.seasons),
                "date": item.holiday.suggested.strftime("%d.%m.%Y"),
            }
        )
    return "\n".join(lines)


def calendar_bytes(
    period: engine.Period, *, name: str, stamp: datetime.datetime | None = None
) -> bytes:
    """The iCalendar file for a computed period."""
    stamp = stamp or datetime.datetime.now(datetime.UTC)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Samplan//Plantakt//NO")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for item in period.items:
        event = icalendar.Event()
        event.add(
            "uid", f"{item.key}.{period.municipality}.{period.election_year}@plantakt.samplan"
        )
        event.add("dtstamp", stamp)
        event.add("dtstart", item.date)
        event.add("dtend", item.date + datetime.timedelta(days=1))
        prefix = "✓ " if item.done else ""
        event.add("summary", f"{prefix}{item.title} [{KIND_LABELS[item.kind]}]")
        event.add("description", _description(item))
        event.add("categories", [str(KIND_LABELS[item.kind])])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
