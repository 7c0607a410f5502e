"""The merknadsbehandling as the council's case document (ODT, PDF/A) and as a spreadsheet."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from samplan.documents.content import Document, Heading, Paragraph, Table
from samplan.plans.documents import example_notice
from samplan.plans.tabular import write_xlsx

from .models import Consultation, Submission
from .selectors import analysis


def contributor(submission: Submission) -> str:
    """Who sent it, as the case document may name it: an anonymous contributor is not named."""
    if submission.anonymised:
        return _("(anonymised)")
    if submission.anonymous:
        return _("Anonymous")
    parts = [part for part in (submission.name, submission.organisation) if part]
    source = submission.get_source_display() if submission.source_note else ""
    return ", ".join(parts) or source or _("Anonymous")


def table_header() -> list[str]:
    return [
        _("No."),
        _("From"),
        _("Summary"),
        _("The administration's assessment"),
        _("Taken into account"),
        _("Where"),
    ]


def table_values(submissions: list[Submission]) -> list[list[object]]:
    return [
        [
            submission.number,
            contributor(submission),
            submission.summary or submission.text[:500],
            submission.assessment,
            submission.get_taken_into_account_display(),
            submission.where,
        ]
        for submission in submissions
    ]


def merknad_document(
    consultation: Consultation, submissions: list[Submission], language: str
) -> Document:
    counts = analysis(submissions)
    return Document(
        title=_("Assessment of submissions: %(title)s") % {"title": consultation.title},
        language=language,
        municipality_name=consultation.municipality.name,
        subtitle=_("Merknadsbehandling, %(kind)s %(opens)s–%(closes)s")
        % {
            "kind": consultation.get_kind_display(),
            "opens": consultation.opens_on.strftime("%d.%m.%Y"),
            "closes": timezone.localtime(consultation.closes_at).strftime("%d.%m.%Y"),
        },
        example_notice=example_notice(consultation.municipality),
        blocks=[
            Heading(_("About the consultation")),
            Paragraph(consultation.summary),
            Paragraph(
                _("%(count)s submissions were received and assessed.") % {"count": len(submissions)}
            ),
            Table(
                caption=_("Conclusions"),
                header=[_("Taken into account"), _("Submissions")],
                rows=[[row["label"], row["count"]] for row in counts["taken_into_account"]],
            ),
            Heading(_("The submissions and their assessment")),
            Table(
                caption=_("Merknadsbehandling"),
                header=table_header(),
                rows=table_values(submissions),
            ),
        ],
        sources=[_("Submissions received through Samplan and entered from meetings.")],
        table_of_contents=False,
    )


def merknad_xlsx(submissions: list[Submission]) -> bytes:
    return write_xlsx(
        table_values(submissions), sheet_title=_("Merknadsbehandling"), header=table_header()
    )
