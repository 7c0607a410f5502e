"""Writes for the plan register: create, change, delete, import; and the exports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samplan.core import freeze
from samplan.core.audit import service
from samplan.core.versioning import StaleEdit, check_and_bump
from samplan.municipalities.models import Municipality
from samplan.municipalities.services import workspace_get_or_create

from . import catalogue, tabular, versions
from .importer import PlanRow, RowError, validate_rows
from .models import CleanupDecision, Plan, PlanStatus

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
    "note",
)


def apply_statutory_defaults(*, plan: Plan) -> None:
    """Mark a plan as statutory with its legal basis when the catalogue recognises it."""
    item = catalogue.statutory_item_for(plan.title, plan.plan_type)
    if item is not None and item.status == "statutory" and not plan.legal_basis:
        plan.is_statutory = True
        plan.legal_basis = item.legal_basis


def _forget_statutory_defaults(plan: Plan) -> None:
    """Undo `apply_statutory_defaults` before the plan's kind changes (a legal basis typed by
    hand is kept)."""
    item = catalogue.statutory_item_for(plan.title, plan.plan_type)
    if item is not None and plan.legal_basis == item.legal_basis:
        plan.is_statutory = False
        plan.legal_basis = ""


@service
def plan_save(
    *, plan: Plan, user: object | None = None, expected_version: int | None = None
) -> Plan:
    """Create or change a plan (validated first; recorded in the history). With
    `expected_version` (the version the planner's form was made from) the save is refused with
    `StaleEdit` when someone else saved the plan since."""
    if plan.pk is None:
        apply_statutory_defaults(plan=plan)
    plan.full_clean()
    check_and_bump(plan, expected_version)
    plan.save()
    return plan


@service
def plan_delete(*, plan: Plan, user: object | None = None) -> None:
    """Delete a plan. Plans that refer to it keep existing; the reference is emptied. Refused
    when a decision on it belongs to an adopted planning strategy (set it repealed instead)."""
    for decision in plan.decisions.all():
        _refuse_if_period_frozen(decision)
    plan.delete()


@dataclass
class PreviewRow:
    """One row as it will be stored: what the preview shows before anything is written."""

    row: int
    title: str
    plan_type: str
    code_kind: str | None
    status: str
    action: str  # "create", "update" or "unchanged"
    replaces_title: str
    note: str
    warnings: list[RowError]

    @property
    def status_label(self) -> str:
        return str(dict(PlanStatus.choices).get(self.status, self.status))


@dataclass
class ImportReport:
    """What an import did or would do (the preview), or why it did nothing."""

    file_error: str = ""
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    workspace_created: bool = False
    notes: list[str] = field(default_factory=list)
    preview: list[PreviewRow] = field(default_factory=list)
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors

    @property
    def warnings(self) -> list[RowError]:
        return [warning for row in self.preview for warning in row.warnings]


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
    "note": "merknad",
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


ACTION_COUNTERS = {"create": "created", "update": "updated", "unchanged": "unchanged"}


class _Register:
    """The municipality's plans, looked up as an import matches rows to them."""

    def __init__(self, municipality: Municipality) -> None:
        self.plans = list(Plan.objects.for_municipality(municipality))
        self.by_id = {plan.external_id: plan for plan in self.plans if plan.external_id}
        self.by_key = {(catalogue.normalise(p.title), p.plan_type): p for p in self.plans}
        self.by_title: dict[str, list[Plan]] = {}
        for plan in self.plans:
            self.by_title.setdefault(catalogue.normalise(plan.title), []).append(plan)

    def match(self, row: PlanRow) -> Plan | None:
        """On the id, else title and type, else the title alone when one plan has it (a plan
        stored earlier with the wrong kind is corrected, not doubled)."""
        if row.external_id and row.external_id in self.by_id:
            return self.by_id[row.external_id]
        title = catalogue.normalise(row.title)
        plan = self.by_key.get((title, row.plan_type))
        if plan is None and len(self.by_title.get(title, [])) == 1:
            plan = self.by_title[title][0]
            if plan.external_id and row.external_id:
                return None
        return plan


def _check_references(rows: list[PlanRow], register: _Register) -> list[RowError]:
    """Parent and replaced plans named by title must be in the file or the register; a current
    plan in the register that a row replaces is shown as expiring."""
    errors = []
    in_file = {catalogue.normalise(row.title) for row in rows}
    known = in_file | set(register.by_title)
    for row in rows:
        for column, title in (
            ("overordnet_plan", row.parent_title),
            ("erstatter", row.replaces_title),
        ):
            if title and catalogue.normalise(title) not in known:
                errors.append(
                    RowError(
                        row.row,
                        column,
                        _("No plan titled “%(title)s” in the file or the register.")
                        % {"title": title},
                    )
                )
        replaced = _register_plan_replaced(row, register, in_file)
        if replaced is not None:
            row.warnings.append(
                RowError(
                    row.row,
                    "erstatter",
                    _(
                        "“%(title)s” in the register is given the status expired: this row "
                        "replaces it."
                    )
                    % {"title": replaced.title},
                )
            )
    return errors


def _register_plan_replaced(row: PlanRow, register: _Register, in_file: set[str]) -> Plan | None:
    title = catalogue.normalise(row.replaces_title)
    if not title or title in in_file or row.status == "i_arbeid":
        return None
    candidates = [
        p for p in register.by_title.get(title, []) if p.status in catalogue.CURRENT_STATUSES
    ]
    return candidates[0] if len(candidates) == 1 else None


def _link_register_versions(rows: list[PlanRow], register: _Register) -> None:
    """A row that is a newer version of a current plan in the register (and not in the file)
    replaces it."""
    in_file = {catalogue.normalise(row.title) for row in rows}
    others = [
        plan
        for plan in register.plans
        if plan.status in catalogue.CURRENT_STATUSES
        and catalogue.normalise(plan.title) not in in_file
    ]
    items = [row.version() for row in rows] + [
        versions.Version(
            -plan.pk, plan.title, plan.plan_type, adopted=(plan.adopted_year or 0, 0, 0)
        )
        for plan in others
    ]
    by_number = {row.row: row for row in rows}
    by_pk = {plan.pk: plan for plan in others}
    for older, newer in versions.superseded(items).items():
        if older < 0 and newer.key > 0 and not by_number[newer.key].replaces_title:
            by_number[newer.key].replaces_title = by_pk[-older].title


@service
def plans_import(
    *,
    municipality: Municipality,
    filename: str,
    data: bytes,
    kinds: dict[int, str] | None = None,
    save: bool = True,
    user: object | None = None,
) -> ImportReport:
    """Import a register from CSV, XLSX or ODS. All or nothing; `save=False` gives the preview
    (see `plans_import_rows`)."""
    try:
        sheet = tabular.read_sheet(filename, data)
    except tabular.TableError as error:
        return ImportReport(file_error=str(error))
    return plans_import_rows(municipality=municipality, sheet=sheet, kinds=kinds, save=save)


@service
def plans_import_rows(
    *,
    municipality: Municipality,
    sheet: tabular.Sheet,
    kinds: dict[int, str] | None = None,
    save: bool = True,
    user: object | None = None,
) -> ImportReport:
    """Validate the rows of a table and, with `save`, write them. All or nothing.

    Without `save` nothing is written: the report is the preview (each row's kind, status,
    action and warnings). `kinds` are the plan types the planner chose in the preview. Rows
    match existing plans on the id column, else on title and plan type (or the title alone);
    matches are updated, others created. A municipality without a workspace gets one.
    """
    report = ImportReport(notes=list(sheet.notes))
    if not sheet.rows:
        report.file_error = _("The file has headers but no plans.")
        return report
    rows, report.errors = validate_rows(sheet.rows, kinds=kinds)
    if report.errors:
        return report
    register = _Register(municipality)
    _link_register_versions(rows, register)
    report.errors = _check_references(rows, register)
    if report.errors:
        return report
    try:
        with transaction.atomic():
            _write_rows(municipality, rows, register, report)
            if report.errors or not save:
                raise _Rollback
            report.saved = True
    except _Rollback:
        if report.errors:
            report.created = report.updated = report.unchanged = 0
            report.preview = []
        report.workspace_created = False
    return report


def _write_rows(
    municipality: Municipality, rows: list[PlanRow], register: _Register, report: ImportReport
) -> None:
    try:
        municipality.workspace  # noqa: B018 - existence check
    except Exception:  # RelatedObjectDoesNotExist
        workspace_get_or_create(municipality=municipality)
        report.workspace_created = True
    saved: list[tuple[PlanRow, Plan]] = []
    for row in rows:
        plan = register.match(row)
        values = {name: getattr(row, name) for name in PLAN_FIELDS}
        values["next_revision_override"] = _next_revision_override(row)
        if plan is None:
            plan = Plan(municipality=municipality, **values)
            apply_statutory_defaults(plan=plan)
            action = "create"
        elif any(getattr(plan, name) != value for name, value in values.items()):
            kind_changed = plan.plan_type != row.plan_type
            if kind_changed:
                _forget_statutory_defaults(plan)
            for name, value in values.items():
                setattr(plan, name, value)
            if kind_changed:
                apply_statutory_defaults(plan=plan)
            action = "update"
        else:
            action = "unchanged"
        report.preview.append(
            PreviewRow(
                row.row,
                row.title,
                row.plan_type,
                row.code_kind,
                row.status,
                action,
                row.replaces_title,
                row.note,
                row.warnings,
            )
        )
        counter = ACTION_COUNTERS[action]
        setattr(report, counter, getattr(report, counter) + 1)
        if action != "unchanged":
            try:
                plan.full_clean(exclude=["parent", "replaces", "merged_into"])
            except ValidationError as error:
                for column, messages in error.message_dict.items():
                    report.errors.extend(
                        RowError(row.row, FIELD_COLUMNS.get(column, column), message)
                        for message in messages
                    )
                continue
            plan.save()
        saved.append((row, plan))
    if not report.errors:
        _link_rows(municipality, saved)


def _link_rows(municipality: Municipality, saved: list[tuple[PlanRow, Plan]]) -> None:
    """Set each saved plan's parent and the plan it replaces (expiring that one if current)."""
    all_plans = {
        catalogue.normalise(plan.title): plan
        for plan in Plan.objects.for_municipality(municipality)
    }
    for row, plan in saved:
        parent = all_plans.get(catalogue.normalise(row.parent_title)) if row.parent_title else None
        replaces = (
            all_plans.get(catalogue.normalise(row.replaces_title)) if row.replaces_title else None
        )
        if replaces is not None and replaces.pk == plan.pk:
            replaces = None
        changed = False
        if (parent.pk if parent else None) != plan.parent_id:
            plan.parent, changed = parent, True
        if replaces is not None and replaces.pk != plan.replaces_id:
            plan.replaces, changed = replaces, True
        if changed:
            plan.save()
        if (
            replaces is not None
            and plan.status != "i_arbeid"
            and replaces.status in catalogue.CURRENT_STATUSES
        ):
            replaces.status = "utgaatt"
            replaces.save()


class _Rollback(Exception):
    """Raised inside the import transaction to undo every write."""


@service
def decision_save(
    *,
    decision: CleanupDecision,
    user: object | None = None,
    expected_version: int | None = None,
) -> CleanupDecision:
    """Create or change a clean-up decision (validated first; recorded in the history).
    Refused when the period's planning strategy is adopted (samplan.core.freeze), and with
    `StaleEdit` when someone else saved this decision since the planner's form was made
    (`expected_version`) or, for a new one, gave the plan its decision for the period first."""
    _refuse_if_period_frozen(decision)
    _refuse_if_decided_meanwhile(decision)
    decision.full_clean()
    check_and_bump(decision, expected_version)
    decision.save()
    return decision


def _refuse_if_decided_meanwhile(decision: CleanupDecision) -> None:
    """A plan's first decision for a period, when another was saved since the form was made:
    the plan's row is locked first, so of two planners saving at once one waits for the other
    and is then told (not a database error, and not a second decision)."""
    if decision.pk is not None or decision.plan_id is None:
        return
    Plan.objects.select_for_update().filter(pk=decision.plan_id).order_by().exists()
    taken = CleanupDecision.objects.filter(
        plan_id=decision.plan_id, period_start=decision.period_start
    ).order_by()
    if taken.exists():
        raise StaleEdit()


def _refuse_if_period_frozen(decision: CleanupDecision) -> None:
    periods = {decision.period_start}
    if decision.pk is not None:  # moving a decision out of a frozen period changes it too
        periods |= set(
            CleanupDecision.objects.filter(pk=decision.pk)
            .order_by()  # the model's ordering joins the plan: not needed for one row
            .values_list("period_start", flat=True)
        )
    for period_start in periods:
        freeze.check(
            "cleanup_period", municipality=decision.municipality, period_start=period_start
        )
