"""Reads for participation's pages, panel and calendar: computed once per request."""

from __future__ import annotations

import datetime
from collections import Counter
from itertools import chain
from operator import attrgetter
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samplan.core import freshness, modules, queries
from samplan.core.audit import history_entries
from samplan.core.modules import CalendarItem, CalendarQuery, StatusCell, SubjectRecord
from samplan.core.prepared import PreparedQuery
from samplan.core.queries import count_of
from samplan.municipalities.models import Municipality
from samplan.processes.arenas import process_of_subject
from samplan.processes.models import Actor, ProcessActor

from .models import (
    AgeBand,
    Answer,
    Consultation,
    ConsultationDocument,
    Moderation,
    Question,
    Status,
    Submission,
    TakenIntoAccount,
)


def consultation_list(municipality: Municipality) -> list[Consultation]:
    return list(
        Consultation.objects.filter(municipality=municipality).annotate(
            submission_count=Count("submissions", distinct=True),
            unprocessed=Count(
                "submissions",
                filter=Q(submissions__taken_into_account="")
                & ~Q(submissions__moderation=Moderation.WITHDRAWN),
                distinct=True,
            ),
        )
    )


def _counts(values: list[str], labels: dict[str, str] | None = None) -> list[dict[str, object]]:
    """Rows of (label, count, share of the largest) for a table with bars."""
    counter = Counter(value or "" for value in values)
    top = max(counter.values(), default=0)
    return [
        {
            "label": (labels or {}).get(value, value) or _("Not given"),
            "count": count,
            "max": top,
        }
        for value, count in counter.most_common()
    ]


def analysis(submissions: list[Submission]) -> dict[str, list[dict[str, object]]]:
    """Counts per category, age band, place and conclusion (withdrawn ones not counted)."""
    counted = [s for s in submissions if s.moderation != Moderation.WITHDRAWN]
    return {
        "category": _counts([s.category for s in counted]),
        "age_band": _counts([s.age_band for s in counted], dict(AgeBand.choices)),
        "place": _counts([s.place.strip().title() for s in counted]),
        "taken_into_account": _counts(
            [s.taken_into_account for s in counted], dict(TakenIntoAccount.choices)
        ),
    }


def register_actors(consultation: Consultation) -> tuple[list[Actor], list[Actor]]:
    """The municipality's actor register for the invitation page: (those with a contact e-mail,
    those without), each with `in_process` (in the actor analysis of the consultation's process
    plan; those first), then by name. One query."""
    in_process = ProcessActor.objects.filter(actor=OuterRef("pk"), process=consultation.process_id)
    actors = sorted(
        Actor.objects.filter(municipality=consultation.municipality_id).annotate(
            in_process=Exists(in_process)
        ),
        key=lambda actor: (not actor.in_process, actor.name.lower(), actor.pk),
    )
    return [a for a in actors if a.email], [a for a in actors if not a.email]


def consultation_detail(consultation: Consultation) -> dict[str, object]:
    """The planner's page: dates, questions, documents, invitations, the submissions (the
    moderation queue), the analysis and the history."""
    submissions = list(consultation.submissions.select_related("receipt").order_by("number"))
    invitations = list(consultation.invitations.select_related("mail"))
    questions = list(consultation.questions.all())
    records = sorted(
        chain(
            consultation.history.select_related("history_user"),
            Question.history.filter(consultation_id=consultation.pk).select_related("history_user"),
            Submission.history.filter(consultation_id=consultation.pk).select_related(
                "history_user"
            ),
        ),
        key=attrgetter("history_date"),
        reverse=True,
    )
    return {
        "consultation": consultation,
        "questions": questions,
        "documents": list(consultation.documents.all()),
        "invitations": invitations,
        "submissions": submissions,
        "waiting": [s for s in submissions if s.moderation == Moderation.WAITING],
        "unprocessed": sum(1 for s in submissions if not s.is_processed),
        "analysis": analysis(submissions),
        "logs": list(consultation.anonymisation_logs.all()),
        "history": history_entries(records, complete=True),
    }


PUBLIC_PAGE_SIZE = 50

# The public page's reads of the consultation's questions and documents, their SQL compiled
# once per process (core/prepared.py); the rows are what consultation.questions.all() gives.
_QUESTIONS = PreparedQuery(
    lambda consultation: Question.objects.filter(consultation_id=consultation), consultation=-1
)
_DOCUMENTS = PreparedQuery(
    lambda consultation: ConsultationDocument.objects.filter(consultation_id=consultation),
    consultation=-1,
)


def _cached(name: str, consultation: Consultation, compute: Any, *parts: object) -> Any:
    """`compute()` for the consultation, once per version of its municipality's data."""
    return freshness.cached(
        f"participation.{name}",
        compute,
        consultation.pk,
        *parts,
        municipality=consultation.municipality_id,
    )


def _knowing(rows: list[Any], consultation: Consultation) -> list[Any]:
    """Rows of the consultation, knowing it (as read for this request)."""
    for row in rows:
        row.consultation = consultation
    return rows


def public_questions(consultation: Consultation) -> list[Question]:
    """The consultation's questions in their order (each knowing its consultation); cached per
    version of the municipality's data."""
    questions = _cached("questions", consultation, lambda: _QUESTIONS(consultation=consultation.pk))
    return _knowing(questions, consultation)


def _public_documents(consultation: Consultation) -> list[ConsultationDocument]:
    return _knowing(_DOCUMENTS(consultation=consultation.pk), consultation)


def _published(consultation: Consultation) -> Any:
    """The consultation's published submissions in their order, with what the public page
    shows."""
    return (
        consultation.submissions.filter(moderation=Moderation.PUBLISHED)
        .order_by("number")
        .only(
            "number",
            "text",
            "summary",
            "assessment",
            "taken_into_account",
            "where",
            "anonymous",
            "organisation",
            "consultation_id",
            "created_at",
        )
    )


_PUBLIC_FIELDS = ("number", "text", "summary", "assessment", "taken_into_account", "where")
_TAKEN_COLOURS = {TakenIntoAccount.YES: "success", TakenIntoAccount.PARTLY: "warning"}


def _published_html(consultation: Consultation, first: int, last: int, answered: bool) -> str:
    """Published submissions number `first` to `last` (from 1) as the public page's list items.

    Made in Python (a template loop over 50 submissions cost half the page), byte for byte the
    template's markup (pinned in the tests): each a heading (its number, the organisation unless
    anonymous), its excerpt (the summary or else the text, its first 60 words, as
    `truncatewords:60` cuts it) and, when the consultation is answered, how it was taken into
    account."""
    rows = _published(consultation).values_list(*_PUBLIC_FIELDS, "anonymous", "organisation")
    labels = dict(TakenIntoAccount.choices)
    items = []
    for number, text, summary, assessment, taken, where, anonymous, organisation in rows[
        max(first - 1, 0) : last
    ]:
        heading = escape(_("Submission %(number)s") % {"number": number})
        if organisation and not anonymous:
            heading += f" – {escape(organisation)}"
        status = ""
        if answered and taken:
            colour = _TAKEN_COLOURS.get(taken, "neutral")
            place = f" ({escape(where)})" if where else ""
            status = (
                f'<p class="ds-paragraph"><span class="ds-tag" data-color="{colour}">'
                f"{escape(labels.get(taken, taken))}</span> {escape(assessment)}{place}</p>"
            )
        excerpt = escape(Truncator(summary or text).words(60, " …"))
        items.append(
            f'\n    <li class="ds-card sp-statement"><h3 class="ds-heading" data-size="2xs">'
            f'{heading}</h3>\n      <p class="ds-paragraph">{excerpt}</p>\n      {status}'
            "\n    </li>"
        )
    return "".join(items)


def public_page(
    consultation: Consultation,
    page: str | int | None = 1,
    questions: list[Question] | None = None,
) -> dict[str, object]:
    """The public page: the summary, documents, questions, and the published submissions with
    their status, 50 to a page (never a held one, never the names of anonymous or private
    contributors), each with its `excerpt` (the summary or else the text, its first 60 words,
    as `truncatewords:60` cuts it). The count, the documents and each page of submissions are
    cached per version of the municipality's data (a submission or a moderation moves it); the
    consultation, whether it is open or answered, is as read for this request."""
    published_count, documents = _cached(
        "public_count",
        consultation,
        lambda: (_published(consultation).count(), _public_documents(consultation)),
    )
    # The page's numbers from the count alone (a range has the count's length): the same page,
    # first and last number and neighbours as a paginator of the submissions themselves.
    published = Paginator(range(published_count), PUBLIC_PAGE_SIZE).get_page(page)
    answered = consultation.status == Status.ANSWERED
    rows_html = _cached(
        "public_rows",
        consultation,
        lambda: _published_html(
            consultation, published.start_index(), published.end_index(), answered
        ),
        published.number,
        answered,
    )
    workspace = getattr(consultation.municipality, "workspace", None)
    return {
        "consultation": consultation,
        "municipality": consultation.municipality,
        "workspace": workspace,
        "is_example": bool(getattr(workspace, "is_example", False)),
        "documents": _knowing(documents, consultation),
        "questions": questions if questions is not None else public_questions(consultation),
        "published": published,
        "published_html": mark_safe(rows_html),  # noqa: S308 (every value escaped)
        "answered": answered,
        "is_open": consultation.is_open(),
    }


def public_index(municipality: Municipality) -> list[Consultation]:
    return list(
        Consultation.objects.filter(
            municipality=municipality,
            status__in=[Status.PUBLISHED, Status.CLOSED, Status.ANSWERED],
        )
    )


def own_submission(submission: Submission) -> dict[str, object]:
    answers = {
        answer.question_id: answer.value for answer in Answer.objects.filter(submission=submission)
    }
    return {"answers": answers, "attachments": list(submission.attachments.all())}


def table_rows(consultation: Consultation) -> list[Submission]:
    """The merknadsbehandling: every submission not withdrawn, in order, with its links."""
    return list(
        consultation.submissions.exclude(moderation=Moderation.WITHDRAWN)
        .prefetch_related(Prefetch("priorities"))
        .order_by("number")
    )


def participation_panel(municipality: Municipality) -> modules.PanelRead:
    """The dashboard panel: consultations open now or closing soon, with counts (read with the
    other panels: the published consultations and the closed ones with submissions not
    processed, each with its counts)."""

    def panel(read: list[list]) -> dict[str, object]:
        now = timezone.now()
        by_title = sorted(read[0], key=attrgetter("title"))
        found = sorted(by_title, key=attrgetter("opens_on"), reverse=True)  # stable: titles A–Å
        return {
            "rows": found[:5],
            "open": sum(1 for c in found if c.status == Status.PUBLISHED and c.closes_at > now),
            "municipality": municipality,
        }

    consultations = _PANEL_CONSULTATIONS(
        items=lambda pk, _date, data: [queries.instance(Consultation, pk, data)],
        municipality=municipality.pk,
    )
    return modules.panel_read(consultations, panel=panel)


def _panel_consultations(municipality: str) -> Any:
    submissions = Submission.objects.filter(consultation=OuterRef("pk"))
    return (
        Consultation.objects.filter(municipality_id=municipality)
        .annotate(
            submission_count=count_of(submissions),
            unprocessed=count_of(
                submissions.filter(taken_into_account="").exclude(moderation=Moderation.WITHDRAWN)
            ),
        )
        .filter(Q(status=Status.PUBLISHED) | Q(status=Status.CLOSED, unprocessed__gt=0))
    )


_PANEL_CONSULTATIONS = queries.PreparedRows(
    _panel_consultations,
    params={"municipality": str},
    fields=(
        "municipality_id",
        "title",
        "status",
        "opens_on",
        "closes_at",
        "submission_count",
        "unprocessed",
    ),
)


def calendar_query(municipality: Municipality, election_year: int) -> CalendarQuery:
    """Closing dates of the period's consultations, for plantakt (read with the other modules'
    calendar items in one query)."""
    kinds = dict(Consultation._meta.get_field("kind").flatchoices)

    def items(pk: int, date: datetime.date | None, data: dict) -> list[CalendarItem]:
        return [
            CalendarItem(
                key=f"consultation.{pk}",
                title=_("Deadline: %(title)s") % {"title": data["title"]},
                date=date,  # type: ignore[arg-type]
                description=str(kinds.get(data["kind"], data["kind"])),
                url=reverse("participation:detail", args=[municipality.pk, pk]),
                done_on=date if data["status"] in (Status.CLOSED, Status.ANSWERED) else None,
            )
        ]

    first, last = datetime.date(election_year, 10, 1), datetime.date(election_year + 4, 12, 31)
    return modules.calendar_rows_of(_CLOSING, municipality, first, last, items)


_CLOSING = modules.calendar_rows(
    lambda municipality, first, last: Consultation.objects.filter(
        municipality_id=municipality, closes_at__date__gte=first, closes_at__date__lte=last
    ).exclude(status=Status.DRAFT),
    date=TruncDate("closes_at"),
    data={"title": "title", "kind": "kind", "status": "status"},
)


def calendar_items(municipality: Municipality, election_year: int) -> list[CalendarItem]:
    """Closing dates of the period's consultations, by date (one query)."""
    return modules.calendar_query_items(calendar_query(municipality, election_year))


def open_consultation_cells(
    municipalities: list[Municipality], today: datetime.date
) -> modules.PanelRead:
    """The status board's consultation column for many municipalities, as a read not yet made
    (read with the other columns' in one query; `modules.panel_data` makes it alone): the
    consultations open on `today` (published, opened, closing today or later) and the nearest
    deadline. No urgency: an open consultation is the municipality's work going as planned."""
    numbers = [municipality.number for municipality in municipalities]
    rows = _OPEN_IN(
        items=lambda _pk, closes_on, data: [(data["number"], closes_on, data["title"])],
        numbers=numbers,
        today=today,
    )
    return modules.panel_read(
        rows, panel=lambda found: _open_consultation_cells(numbers, found[0], today)
    )


# Its SQL made once per process (and length of the list of numbers).
_OPEN_IN = queries.PreparedRows(
    lambda numbers, today: Consultation.objects.filter(
        municipality_id__in=numbers,
        status=Status.PUBLISHED,
        opens_on__lte=today,
        closes_at__date__gte=today,
    ),
    params={"numbers": list[str], "today": datetime.date},
    date=TruncDate("closes_at"),
    data={"number": "municipality_id", "title": "title"},
)


def _open_consultation_cells(
    numbers: list[str], rows: list[tuple[str, datetime.date, str]], today: datetime.date
) -> dict[str, StatusCell]:
    found: dict[str, list[tuple[str, datetime.date]]] = {}
    for number, closes_on, title in sorted(rows):  # by municipality, deadline, title
        found.setdefault(number, []).append((title, closes_on))
    url = reverse("participation:index", args=["knr"])  # made once, the number put in per row
    # The texts translated once for all rows (most rows have none: their text is made once).
    none = _open_count(0)
    next_deadline = _("next deadline %(date)s")
    line = _("%(title)s (deadline %(date)s)")
    cells = {}
    for number in numbers:
        if number not in found:
            cells[number] = StatusCell(none, sort=1_000_000, url=url.replace("knr", number))
            continue
        consultations = found[number]
        text = (
            _open_count(len(consultations))
            + " · "
            + next_deadline % {"date": consultations[0][1].strftime("%d.%m.%Y")}
        )
        cells[number] = StatusCell(
            text,
            sort=(consultations[0][1] - today).days,
            details=tuple(
                line % {"title": title, "date": closes_on.strftime("%d.%m.%Y")}
                for title, closes_on in consultations
            ),
            url=url.replace("knr", number),
        )
    return cells


def _open_count(count: int) -> str:
    return ngettext("%(count)s open consultation", "%(count)s open consultations", count) % {
        "count": count
    }


def process_consultations(municipality: Municipality, subject: str) -> modules.PanelRead:
    """The consultations tied to the process plan `subject` ("process:12"), for the process
    page's "Consultations and participation" (registered in core.modules, so processes does not
    import this app), as a read not yet made: the process page reads it with its own (one
    query). Any other subject has none and no query."""
    process = process_of_subject(subject)
    if process is None:
        return modules.panel_read(panel=lambda _found: [])
    kinds = dict(Consultation._meta.get_field("kind").flatchoices)
    statuses = dict(Consultation._meta.get_field("status").flatchoices)
    url = reverse("participation:detail", args=[municipality.pk, _MARK]).replace(str(_MARK), "{}")

    def record(pk: int, opens_on: datetime.date | None, data: dict) -> list[SubjectRecord]:
        closes = timezone.localtime(queries.json_datetime(data["closes_at"]))
        summary = _("%(kind)s · %(status)s · closes %(date)s") % {
            "kind": kinds.get(data["kind"], data["kind"]),
            "status": statuses.get(data["status"], data["status"]),
            "date": closes.strftime("%d.%m.%Y"),
        }
        return [SubjectRecord(data["title"], opens_on, summary, url.format(pk))]

    rows = _OF_PROCESS(items=record, municipality=municipality.pk, process=process)
    return modules.panel_read(rows, panel=lambda found: _newest_first(found[0]))


def _newest_first(records: list[SubjectRecord]) -> list[SubjectRecord]:
    by_title = sorted(records, key=attrgetter("title"))
    return sorted(by_title, key=lambda r: r.date or datetime.date.min, reverse=True)


_MARK = 987654321
_OF_PROCESS = queries.PreparedRows(
    lambda municipality, process: Consultation.objects.filter(
        municipality_id=municipality, process_id=process
    ),
    params={"municipality": str, "process": int},
    date="opens_on",
    fields=("title", "kind", "status", "closes_at"),
)
