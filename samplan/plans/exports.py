"""Reads that make files of the plan register: the register and the planning needs as
spreadsheets or documents, and the empty import template."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import translation

from samplan.documents.render import DOCUMENT_FORMATS
from samplan.documents.render import render as render_document
from samplan.municipalities.models import Municipality

from . import tabular
from .cleanup import cleanup_table, planning_needs_rows, planning_needs_summary
from .documents import planning_needs_document, register_document
from .models import Plan

# Spreadsheet formats (the register's columns, for re-import); DOCUMENT_FORMATS are documents.
EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", tabular.write_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        tabular.write_xlsx,
    ),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", tabular.write_ods),
}


def export_rows(plans: Iterable[Plan]) -> list[list[object]]:
    """The register as rows in the template's column order."""
    rows = []
    for plan in plans:
        rows.append(
            [
                plan.external_id,
                plan.title,
                plan.plan_type,
                plan.status,
                plan.adopted_date.strftime("%d.%m.%Y") if plan.adopted_date else plan.adopted_year,
                plan.adopted_by,
                plan.revision_interval_years,
                plan.next_revision.strftime("%d.%m.%Y") if plan.next_revision else "",
                plan.responsible_unit,
                plan.responsible_person,
                plan.pages,
                plan.link,
                "; ".join(plan.themes),
                "; ".join(str(goal) for goal in plan.sdgs),
                plan.parent.title if plan.parent_id else "",
                "ja" if plan.in_financial_plan else "nei",
                plan.replaces.title if plan.replaces_id else "",
                plan.note,
            ]
        )
    return rows


def plans_export(
    *, municipality: Municipality, file_format: str, language: str | None = None
) -> tuple[bytes, str]:
    """The municipality's register as a file: (content, content type).

    CSV, XLSX and ODS hold the template's columns (for re-import); ODT and PDF/A are a document
    to publish, in `language` (default: the municipality's language form).
    """
    if file_format in DOCUMENT_FORMATS:
        document = register_document(municipality, language or municipality.default_language)
        return render_document(document, file_format)
    if file_format not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {file_format!r}")
    plans = (
        Plan.objects.for_municipality(municipality)
        .select_related("parent", "replaces")
        .order_by("title")
    )
    content_type, writer = EXPORT_FORMATS[file_format]
    return writer(export_rows(plans)), content_type


def planning_needs_export(
    *, municipality: Municipality, period_start: int, file_format: str, language: str | None = None
) -> tuple[bytes, str]:
    """The planning-needs table ("vurdering av planbehov") of a period as a spreadsheet (with the
    counts below the table) or as a document (ODT, PDF/A)."""
    language = language or municipality.default_language
    if file_format in DOCUMENT_FORMATS:
        document = planning_needs_document(municipality, period_start, language)
        return render_document(document, file_format)
    if file_format not in EXPORT_FORMATS:
        raise ValueError(f"unknown format {file_format!r}")
    content_type, writer = EXPORT_FORMATS[file_format]
    with translation.override(language):
        table = cleanup_table(municipality, period_start)
        header, rows = planning_needs_rows(table)
        rows = [*rows, [], *planning_needs_summary(table)]
    if file_format == "csv":
        return tabular.write_csv(rows, header=header), content_type
    title = f"Planbehov {period_start}-{period_start + 4}"
    return writer(rows, header=header, sheet_title=title), content_type


def template_rows() -> list[list[object]]:
    """The downloadable template's example row."""
    return [
        [
            "P-01",
            "Kommuneplanens samfunnsdel 2020–2032",
            "Kommuneplanens samfunnsdel",
            "Gjeldende",
            "2020",
            "kommunestyret",
            "4",
            "",
            "Plan og utvikling",
            "Kari Nordmann",
            "40",
            "https://www.example.no/samfunnsdel.pdf",
            "folkehelse; næring; bolig",
            "3; 8; 11",
            "",
            "ja",
            "",
            "K-sak 18/20",
        ]
    ]
