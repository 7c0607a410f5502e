"""A decided case as an archive package (a .zip): its documents as PDF/A and `arkivstruktur.xml`
(Noark 5, see noark.py), validated before anyone gets it.

Two kinds of case: an adopted planning strategy (its consultations, the merknadsbehandling of
each, and the council's decision with the adopted document), and a yearly goal report. Reads that
make files live here, as plans/exports.py does for the plan register; nothing is written.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import NamedTuple

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samplan.documents.content import Document, Heading, Paragraph
from samplan.documents.render import render
from samplan.goals import selectors as goal_selectors
from samplan.goals.documents import report_document
from samplan.municipalities.models import Municipality
from samplan.participation.documents import merknad_document
from samplan.participation.models import Consultation, Status
from samplan.participation.selectors import table_rows
from samplan.plans.documents import example_notice
from samplan.strategy.documents import adopted_file
from samplan.strategy.models import Strategy

from . import noark

METADATA_NAME = "arkivstruktur.xml"
SCHEMA_NAMES = ("arkivstruktur.xsd", "metadatakatalog.xsd")
PLAN_DOCUMENT = "Plan"  # dokumenttype (the code list may be extended by the archive)
CONSULTATION_LETTER = "Brev"
REPORT = "Rapport"


class NotDecided(Exception):
    """The case is not decided yet, so there is nothing to archive; `message` says what the
    user does first."""

    def __init__(self, message: object) -> None:
        super().__init__(message)
        self.message = message


STRATEGY_NOT_ADOPTED = gettext_lazy(
    "Only an adopted planning strategy can be archived. Adopt it first."
)


class Package(NamedTuple):
    filename: str
    data: bytes


def _maker(user: object) -> str:
    return getattr(user, "name", "") or getattr(user, "email", "") or "Samplan"


def _case(
    municipality: Municipality,
    user: object,
    key: str,
    title: str,
    sequence: int,
    span: tuple[datetime.date, datetime.date],
    registrations: list[noark.Registration],
) -> noark.CaseFile:
    """The case file around `registrations`; `span` is the day the case started and the day it
    was decided (its saksaar is the year it started)."""
    creator = _("%(name)s municipality") % {"name": municipality.name}
    return noark.CaseFile(
        key=key,
        title=title,
        year=span[0].year,
        sequence=sequence,
        opened_on=span[0],
        closed_on=span[1],
        creator_id=municipality.number,
        creator_name=creator,
        unit=creator,
        responsible=_maker(user),
        made_by=_maker(user),
        made_at=timezone.localtime(),
        registrations=registrations,
    )


def _pdf(path: str, document: Document, document_type: str) -> noark.ArchiveFile:
    data, _media_type = render(document, "pdf")
    return noark.ArchiveFile(
        path=path, data=data, title=document.title, document_type=document_type
    )


# The planning strategy ------------------------------------------------------------------------


def strategy_consultations(strategy: Strategy) -> list[Consultation]:
    """The strategy's consultations that were made public (drafts are no part of the case)."""
    return list(
        strategy.consultations.exclude(status=Status.DRAFT)
        .select_related("municipality__workspace")
        .order_by("opens_on", "pk")
    )


def _notice(consultation: Consultation, language: str) -> Document:
    """The consultation as it was announced: what, when, and the summary for the public."""
    closes = timezone.localtime(consultation.closes_at).strftime("%d.%m.%Y")
    blocks = [
        Paragraph(
            _("%(kind)s from %(opens)s to %(closes)s.")
            % {
                "kind": consultation.get_kind_display(),
                "opens": consultation.opens_on.strftime("%d.%m.%Y"),
                "closes": closes,
            }
        ),
        Heading(_("About the consultation")),
        Paragraph(consultation.summary),
    ]
    if consultation.description:
        blocks += [Paragraph(part) for part in consultation.description.split("\n\n") if part]
    return Document(
        title=consultation.title,
        language=language,
        municipality_name=consultation.municipality.name,
        subtitle=consultation.get_kind_display(),
        example_notice=example_notice(consultation.municipality),
        blocks=blocks,
        table_of_contents=False,
    )


def _consultation_entries(
    consultation: Consultation, number: int, language: str
) -> list[noark.Registration]:
    notice = _pdf(
        f"dokumenter/{number:02d}-horing.pdf", _notice(consultation, language), CONSULTATION_LETTER
    )
    assessment = _pdf(
        f"dokumenter/{number + 1:02d}-merknadsbehandling.pdf",
        merknad_document(consultation, table_rows(consultation), language),
        REPORT,
    )
    closed = timezone.localdate(consultation.closes_at)
    return [
        noark.Registration(
            title=_("Consultation: %(title)s") % {"title": consultation.title},
            kind=noark.OUTGOING,
            dated=consultation.opens_on,
            files=[notice],
        ),
        noark.Registration(
            title=_("Assessment of submissions: %(title)s") % {"title": consultation.title},
            kind=noark.INTERNAL,
            dated=closed,
            files=[assessment],
        ),
    ]


def strategy_case(strategy: Strategy, *, user: object, language: str) -> noark.CaseFile:
    """The adopted strategy's case file; NotDecided while no version is adopted."""
    version = strategy.version_in_force
    if version is None:
        raise NotDecided(STRATEGY_NOT_ADOPTED)
    with translation.override(language):
        entries: list[noark.Registration] = []
        for consultation in strategy_consultations(strategy):
            entries += _consultation_entries(consultation, len(entries) + 1, language)
        data, _media_type = adopted_file(version, "pdf", language)
        title = str(strategy)
        entries.append(
            noark.Registration(
                title=_("Decision: %(title)s") % {"title": title},
                kind=noark.INTERNAL,
                dated=version.decided_on,
                files=[
                    noark.ArchiveFile(
                        path=f"dokumenter/{len(entries) + 1:02d}-planstrategi.pdf",
                        data=data,
                        title=version.label or title,
                        document_type=PLAN_DOCUMENT,
                    )
                ],
                description=_("Adopted by the municipal council on %(date)s")
                % {"date": version.decided_on.strftime("%d.%m.%Y")},
            )
        )
        opened = min([entry.dated for entry in entries] + [strategy.constitution_date])
        key = f"{strategy.municipality_id}/planstrategi/{strategy.period_start}/{version.number}"
        span = (opened, version.decided_on)
        return _case(strategy.municipality, user, key, title, strategy.pk, span, entries)


# The goal report ------------------------------------------------------------------------------


def goal_report_case(
    municipality: Municipality, year: int, *, user: object, language: str
) -> noark.CaseFile:
    """The yearly goal report's case file, decided the day the council adopted the annual
    report; LookupError without an action plan for the year, NotDecided before the adoption is
    recorded."""
    plan = goal_selectors.latest_plan(municipality, year)
    if plan is None:
        raise LookupError(year)
    adoption = goal_selectors.report_adoption(municipality, year)
    if adoption is None:
        raise NotDecided(
            _(
                "The goal report for %(year)s can be archived once the council has adopted the "
                "annual report: record the date of that decision on the follow-up page first."
            )
            % {"year": year}
        )
    decided = adoption.adopted_on
    with translation.override(language):
        document = report_document(municipality, year, language)
        title = document.title
        entry = noark.Registration(
            title=title,
            kind=noark.INTERNAL,
            dated=decided,
            files=[_pdf(f"dokumenter/01-maloppnaelse-{year}.pdf", document, REPORT)],
        )
        key = f"{municipality.number}/maloppnaelse/{year}"
        return _case(municipality, user, key, title, plan.pk, (decided, decided), [entry])


# The package ----------------------------------------------------------------------------------


def files_of(case: noark.CaseFile) -> list[noark.ArchiveFile]:
    return [archive_file for entry in case.registrations for archive_file in entry.files]


def build(case: noark.CaseFile, filename: str) -> Package:
    """The zip: arkivstruktur.xml (validated; InvalidPackage if it is not) and the documents."""
    metadata = noark.validate(noark.arkivstruktur(case))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(METADATA_NAME, metadata)
        for archive_file in files_of(case):
            archive.writestr(archive_file.path, archive_file.data)
        for name in SCHEMA_NAMES:
            archive.write(noark.SCHEMA.parent / name, f"skjema/{name}")
    return Package(filename=filename, data=buffer.getvalue())


def strategy_package(strategy: Strategy, *, user: object, language: str) -> Package:
    case = strategy_case(strategy, user=user, language=language)
    name = f"arkivpakke-planstrategi-{strategy.municipality_id}-{strategy.period_start}.zip"
    return build(case, name)


def goal_report_package(
    municipality: Municipality, year: int, *, user: object, language: str
) -> Package:
    case = goal_report_case(municipality, year, user=user, language=language)
    return build(case, f"arkivpakke-maloppnaelse-{municipality.number}-{year}.zip")
