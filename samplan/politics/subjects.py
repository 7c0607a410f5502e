"""What a workshop can be about, from the modules this app may read: the planning strategies
(their candidate priorities are the proposals to rank). Registered in apps.py through
core.modules.register_workshop_subjects."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samplan.core.instances import PreparedInstances, in_order
from samplan.core.modules import PanelRead, SubjectRecord, WorkshopSubject, panel_read
from samplan.municipalities.models import Municipality
from samplan.strategy.models import Strategy

from .models import Step, Workshop


def strategy_subjects(municipality: Municipality) -> list[WorkshopSubject]:
    """One subject per planning strategy, newest first (two queries)."""
    strategies = Strategy.objects.filter(municipality=municipality).prefetch_related("priorities")
    return [
        WorkshopSubject(
            key=f"strategy:{strategy.period_start}",
            title=_("Planning strategy %(period)s") % {"period": strategy.period_label},
            url=strategy.get_absolute_url(),
            proposals=tuple(priority.title for priority in strategy.priorities.all()),
        )
        for strategy in strategies.order_by("-period_start")
    ]


# Read on the page of every subject (a process, a strategy) with the page's other reads: its
# SQL made once per process.
_CLOSED_WORKSHOPS = PreparedInstances(
    lambda municipality, subject: Workshop.objects.filter(
        municipality_id=municipality, subject=subject, step=Step.CLOSED
    ).order_by("-held_on"),
    params={"municipality": str, "subject": str},
    fields=("municipality", "title", "held_on", "participant_count", "result"),
)


def workshop_records(municipality: Municipality, subject: str) -> PanelRead:
    """The closed workshops saved to `subject`, newest first, with their top proposals, as a
    read not yet made (read with the subject page's other reads)."""

    def records(found: list[list[Workshop]]) -> list[SubjectRecord]:
        return [_record(workshop) for workshop in in_order(found[0])]

    return panel_read(
        _CLOSED_WORKSHOPS(municipality=municipality.pk, subject=subject), panel=records
    )


def _record(workshop: Workshop) -> SubjectRecord:
    ranking = [row[0] for row in (workshop.result or {}).get("ranking", [])[:3]]
    summary = ngettext(
        "%(count)s took part.", "%(count)s took part.", workshop.participant_count
    ) % {"count": workshop.participant_count}
    if ranking:
        summary += " " + _("Ranked highest: %(proposals)s.") % {"proposals": ", ".join(ranking)}
    return SubjectRecord(
        title=workshop.title,
        date=workshop.held_on,
        summary=summary,
        url=workshop.get_absolute_url(),
    )
