"""The internal plan forum: the agenda a meeting is proposed (coming deadlines, overdue ones,
overdue plan revisions, open comments from the modules) and the meetings as plantakt calendar
items."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from samplan.core import modules
from samplan.core.modules import CalendarItem, CalendarQuery
from samplan.municipalities.models import Municipality
from samplan.plans.models import Plan
from samplan.plantakt.selectors import next_items

from .models import ForumMeeting

# The next meeting is proposed this long after the last one (the forum meets monthly).
INTERVAL = datetime.timedelta(weeks=4)
HORIZON = datetime.timedelta(weeks=12)


def proposed_agenda(municipality: Municipality, on: datetime.date) -> str:
    """One line per point: the deadlines of the next twelve weeks, the overdue deadlines, the
    plans whose revision is overdue and the open comments the modules register
    (`core.modules.register_forum_points`: guidance threads not resolved, elected members'
    comments on goals since the last meeting before `on`, or the last four weeks)."""
    items = next_items(municipality, on, limit=10)
    lines = [
        _("Deadline %(date)s: %(title)s")
        % {"date": item.date.strftime("%d.%m.%Y"), "title": item.title}
        for item in items.upcoming
        if item.date <= on + HORIZON
    ]
    lines += [
        _("Overdue since %(date)s: %(title)s")
        % {"date": item.date.strftime("%d.%m.%Y"), "title": item.title}
        for item in items.overdue
    ]
    lines += [
        _("Revision overdue: %(title)s") % {"title": plan.title}
        for plan in Plan.objects.for_municipality(municipality).overdue(on=on).only("title")[:10]
    ]
    last = (
        ForumMeeting.objects.filter(municipality=municipality, date__lt=on)
        .values_list("date", flat=True)
        .first()
    )
    lines += modules.forum_points(municipality, last or on - INTERVAL)
    return "\n".join(f"- {line}" for line in lines)


def next_date(municipality: Municipality, today: datetime.date) -> datetime.date:
    last = (
        ForumMeeting.objects.filter(municipality=municipality)
        .values_list("date", flat=True)
        .first()
    )
    return max(today, last + INTERVAL) if last else today


# The forum's meetings from 1 September of the election year until the next election period.
_MEETINGS = modules.calendar_rows(
    lambda municipality, first, last: ForumMeeting.objects.filter(
        municipality_id=municipality, date__gte=first, date__lt=last
    ),
    date="date",
    data={},
)


def calendar_query(municipality: Municipality, election_year: int) -> CalendarQuery:
    """The forum's meetings in the election period, for plantakt (read with the other modules'
    calendar items in one query)."""

    def items(pk: int, date: datetime.date | None, data: dict) -> list[CalendarItem]:
        return [
            CalendarItem(
                key=f"planforum-{pk}",
                title=_("Plan forum"),
                date=date,  # type: ignore[arg-type]
                url=reverse("politics:forum_meeting", args=[municipality.pk, pk]),
            )
        ]

    first, last = datetime.date(election_year, 9, 1), datetime.date(election_year + 4, 9, 1)
    return modules.calendar_rows_of(_MEETINGS, municipality, first, last, items)


def calendar_items(municipality: Municipality, election_year: int) -> list[CalendarItem]:
    """The forum's meetings in the election period, by date (one query)."""
    return modules.calendar_query_items(calendar_query(municipality, election_year))
