"""How process plans plug into the political arenas, through the registries in core.modules
(this app does not import politics):

- workshop subjects: each process plan that is not finished, with its intermediate results
  and the answer to "What do we do?" as the proposals to rank, else its phases;
- the elected members' course part on the ongoing processes and where the members take part.

Registered in apps.py. Each function is a selector of a few queries, none per row."""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samplan.core.modules import CoursePart, WorkshopSubject
from samplan.municipalities.models import Municipality

from .models import Activity, ActivityKind, KeyQuestion, Process, ProcessStatus, QuestionKey

# A workshop has at most 30 challenges and proposals (politics.services.MAX_OPTIONS); a subject
# offers at most this many proposals, leaving room for the challenges. The planner can edit them.
MAX_PROPOSALS = 15
# The activities where elected members take part in a process.
POLITICAL_KINDS = (ActivityKind.POLITICAL_WORKSHOP, ActivityKind.COUNCIL_DECISION)
OPEN = (ProcessStatus.PLANNED, ProcessStatus.RUNNING)


SUBJECT_PREFIX = "process:"


def process_subject_key(process: Process) -> str:
    return f"{SUBJECT_PREFIX}{process.pk}"


def process_of_subject(key: str) -> int | None:
    """The process id in a subject key made by process_subject_key; None for another subject."""
    number = key.removeprefix(SUBJECT_PREFIX)
    return int(number) if key.startswith(SUBJECT_PREFIX) and number.isdigit() else None


def _lines(text: str) -> list[str]:
    """The lines of an answer, without list marks ("- ", "• ", "* ")."""
    lines = (line.strip().lstrip("-•*").strip() for line in text.splitlines())
    return [line[:200] for line in lines if line]


def workshop_subjects(municipality: Municipality) -> list[WorkshopSubject]:
    """One subject per process plan that is planned or running (four queries)."""
    processes = (
        Process.objects.filter(municipality=municipality, status__in=OPEN)
        .prefetch_related(
            "results",
            "phases",
            Prefetch(
                "questions",
                queryset=KeyQuestion.objects.filter(key=QuestionKey.WHAT),
                to_attr="what",
            ),
        )
        .order_by("name")
    )
    subjects = []
    for process in processes:
        proposals = [result.title for result in process.results.all()]
        for answer in process.what:
            proposals.extend(_lines(answer.text))
        if not proposals:
            proposals = [phase.title for phase in process.phases.all()]
        subjects.append(
            WorkshopSubject(
                key=process_subject_key(process),
                title=_("Process plan: %(name)s") % {"name": process.name},
                url=process.get_absolute_url(),
                proposals=tuple(proposals)[:MAX_PROPOSALS],
            )
        )
    return subjects


def course_parts(municipality: Municipality) -> list[CoursePart]:
    """The course part on the ongoing processes: how many, and the coming points where the
    elected members take part (political workshops, decisions); none without an open process
    (two queries)."""
    count = Process.objects.filter(municipality=municipality, status__in=OPEN).count()
    if not count:
        return []
    facts = [
        ngettext(
            "%(count)s process plan is planned or running.",
            "%(count)s process plans are planned or running.",
            count,
        )
        % {"count": count}
    ]
    coming = (
        Activity.objects.filter(
            phase__process__municipality=municipality,
            phase__process__status__in=OPEN,
            kind__in=POLITICAL_KINDS,
            starts_on__gte=timezone.localdate(),
            done_on__isnull=True,
        )
        .select_related("phase__process")
        .order_by("starts_on", "pk")[:5]
    )
    facts.extend(
        _("%(date)s: %(activity)s (%(process)s)")
        % {
            "date": activity.starts_on.strftime("%d.%m.%Y"),
            "activity": activity.title,
            "process": activity.phase.process.name,
        }
        for activity in coming
    )
    if len(facts) == 1:
        facts.append(_("No political workshop or decision is planned in them yet."))
    return [
        CoursePart(
            key="prosesser",
            title=_("The planning processes and your part in them"),
            facts=tuple(facts),
            role=_(
                "The council starts the planning and adopts the plan at the end; in between you "
                "take part where the process plan says: in political workshops and decisions. "
                "Ask for a process plan when a plan is started, so you know when you are needed."
            ),
            url=reverse("processes:index", args=[municipality.pk]),
            order=45,
        )
    ]
