"""Writes for the plan register: create, change, delete, import; and the exports."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from samplan.core import freeze
from samplan.documents.content import DOCUMENT_FORMATS
from samplan.documents.content import render as render_document
from samplan.municipalities.models import Municipality
from samplan.municipalities.services import workspace_get_or_create

from . import catalogue, tabular
from .cleanup import cleanup_table, planning_needs_rows, planning_needs_summary
from .documents import planning_needs_document, register_document
from .importer import PlanRow, RowError, validate_rows
from .models import CleanupDecision, Plan

PLAN_FIELDS = (
    "external_id",
    "title",
    "plan_type",
    "status",
    "adopted_year",
    "adopted_date",
    "adopted_by",
    "revision_interval_years",
    "next_revision_override",
    "responsible_unit",
    "responsible_person",
    "pages",
    "link",
    "themes",
    "sdgs",
    "in_financial_plan",
)


def apply_statutory_defaults(plan: Plan) -> None:
    """Mark a plan as statutory with its legal basis when the catalogue recognises it."""
    item = catalogue.statutory_item_for(plan.title, plan.plan_type)
    if item is not None and item.status == "statutory" and not plan.legal_basis:
        plan.is_statutory = True
        plan.legal_basis = item.legal_basis


@transaction.atomic
def plan_save(*, plan: Plan) -> Plan:
    """Create or change a plan (validated first; recorded in the history)."""
    if plan.pk is None:
        apply_statutory_defaults(plan)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def plan_delete(*, plan: Plan) -> None:
    """Delete a plan. Plans that refer to it keep existing; the reference is emptied. Refused
    when a decision on it belongs to an adopted planning strategy (set it repealed instead)."""
    for decision in plan.decisions.all():
        _refuse_if_period_frozen(decision)
    plan.delete()


@dataclass
class ImportReport:
    """What an import did, or why it did nothing."""

    file_error: str = ""
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    workspace_created: bool = False

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors


# Model fields by the template column they come from, for errors found by the model's rules.
FIELD_COLUMNS = {
    "external_id": "id",
    "title": "tittel",
    "plan_type": "plantype",
    "status": "status",
    "adopted_year": "vedtatt",
    "adopted_date": "vedtatt",
    "adopted_by": "vedtatt_av",
    "revision_interval_years": "revisjonsintervall_aar",
    "next_revision_override": "neste_revisjon",
    "responsible_unit": "ansvarlig_enhet",
    "responsible_person": "ansvarlig_person",
    "pages": "sider",
    "link": "lenke",
    "themes": "tema",
    "sdgs": "baerekraftsmaal",
    "in_financial_plan": "i_okonomiplan",
}


def _next_revision_override(row: PlanRow) -> datetime.date | None:
    """Keep a next-revision date only if it differs from what the interval gives."""
    if row.next_revision_override is None:
        return None
    probe = Plan(
        adopted_year=row.adopted_year,
        adopted_date=row.adopted_date,
        revision_interval_years=row.revision_interval_years,
    )
    computed = probe.compute_next_revision()
    return None if computed == row.next_revision_override else row.next_revision_override


def plans_import(*, municipality: Municipality, filename: str, data: bytes) -> ImportReport:
    """Import a register from CSV, XLSX or ODS. All or nothing.

    Rows match existing plans on the id column, else on title and plan type; matches are updated,
    others created. A municipality without a workspace gets one.
    """
    report = ImportReport()
    try:
        raw_rows = tabular.read_table(filename, data)
    except tabular.TableError as error:
        report.file_error = str(error)
        return report
    if not raw_rows:
        report.file_error = _("The file has headers but no plans.")
        return report
    rows, report.errors = validate_rows(raw_rows)
    if report.errors:
        return report

    existing = list(Plan.objects.for_municipality(municipality))
    by_id = {plan.external_id: plan for plan in existing if plan.external_id}
    by_key = {(catalogue.normalise(plan.title), plan.plan_type): plan for plan in existing}
    titles_in_file = {catalogue.normalise(row.title) for row in rows}
    titles_known = titles_in_file | {key[0] for key in by_key}
    for row in rows:
        if row.parent_title and catalogue.normalise(row.parent_title) not in titles_known:
            report.errors.append(
                RowError(
                    row.row,
                    "overordnet_plan",
                    _("No plan titled “%(title)s” in the file or the register.")
                    % {"title": row.parent_title},
                )
            )
    if report.errors:
        return report

    try:
        with transaction.atomic():
            try:
                municipality.workspace  # noqa: B018 - existence check
            except Exception:  # RelatedObjectDoesNotExist
                workspace_get_or_create(municipality=municipality)
                report.workspace_created = True
            saved: list[tuple[PlanRow, Plan]] = []
            for row in rows:
                plan = by_id.get(row.external_id) if row.external_id else None
                if plan is None:
                    plan = by_key.get((catalogue.normalise(row.title), row.plan_type))
                values = {name: getattr(row, name) for name in PLAN_FIELDS}
                values["next_revision_override"] = _next_revision_override(row)
                if plan is None:
                    plan = Plan(municipality=municipality, **values)
                    apply_statutory_defaults(plan)
                    report.created += 1
                else:
                    changed = any(getattr(plan, name) != value for name, value in values.items())
                    if not changed:
                        report.unchanged += 1
                        saved.append((row, plan))
                        continue
                    for name, value in values.items():
                        setattr(plan, name, value)
                    report.updated += 1
                try:
                    plan.full_clean(exclude=["parent", "replaces", "merged_into"])
                except ValidationError as error:
                    for column, messages in error.message_dict.items():
                        for message in messages:
                            report.errors.append(
                                RowError(row.row, FIELD_COLUMNS.get(column, column), message)
                            )
                    continue
                plan.save()
                saved.append((row, plan))
            if report.errors:
                raise _Rollback
            all_plans = {
                catalogue.normalise(plan.title): plan
                for plan in Plan.objects.for_municipality(municipality)
            }
            for row, plan in saved:
                parent = (
                    all_plans.get(catalogue.normalise(row.parent_title))
                    if row.parent_title
                    else None
                )
                if (parent.pk if parent else None) != plan.parent_id:
                    plan.parent = parent
                    plan.save()
    except _Rollback:
        report.created = report.updated = report.unchanged = 0
        report.workspace_created = False
    return report


class _Rollback(Exception):
    """Raised inside the import transaction to undo every write."""


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
            ]
        )
    return rows


# Spreadsheet formats (the register's columns, for re-import); DOCUMENT_FORMATS are documents.
EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", tabular.write_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        tabular.write_xlsx,
    ),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", tabular.write_ods),
}


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
    plans = Plan.objects.for_municipality(municipality).select_related("parent").order_by("title")
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
            "KP",
            "gjeldende",
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
        ]
    ]


@transaction.atomic
def decision_save(*, decision: CleanupDecision) -> CleanupDecision:
    """Create or change a clean-up decision (validated first; recorded in the history).
    Refused when the period's planning strategy is adopted (samplan.core.freeze)."""
    _refuse_if_period_frozen(decision)
    decision.full_clean()
    decision.save()
    return decision


def _refuse_if_period_frozen(decision: CleanupDecision) -> None:
    periods = {decision.period_start}
    if decision.pk is not None:  # moving a decision out of a frozen period changes it too
        periods |= set(
            CleanupDecision.objects.filter(pk=decision.pk).values_list("period_start", flat=True)
        )
    for period_start in periods:
        freeze.check(
            "cleanup_period", municipality=decision.municipality, period_start=period_start
        )
