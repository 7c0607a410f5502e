"""The plan register, plan health and the clean-up decisions of a municipality."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from samplan.core import freeze, freshness
from samplan.core.audit import history_entries
from samplan.core.periods import is_election_year
from samplan.core.prepared import PreparedQuery
from samplan.core.versioning import StaleEdit, conflict_context
from samplan.documents.pdf import UNAVAILABLE_MESSAGE, PdfUnavailable
from samplan.documents.render import DOCUMENT_FORMATS
from samplan.municipalities.models import Municipality
from samplan.municipalities.pages import document_language, module_context
from samplan.municipalities.permissions import Access, Capability, get_municipality_for_user

from . import cleanup, cleanup_rows, exports, services, tabular
from .forms import DecisionForm, ImportForm, NewPlanDecisionForm, PlanFilterForm, PlanForm
from .models import CleanupDecision, Decision, Plan, PlanType
from .permissions import get_plan_for_user, get_plan_to_write_for_user
from .search import expand, word_pattern
from .selectors import (
    finding_rows,
    plan_health,
    register_plans,
    register_rows,
    serious_findings_count,
)
from .templatetags.plans import register_table_rows

SORTS = {
    "title": ["title"],
    "plan_type": ["plan_type", "title"],
    "status": ["status", "title"],
    "-adopted_year": [F("adopted_year").desc(nulls_last=True), "title"],
    "adopted_year": [F("adopted_year").asc(nulls_last=True), "title"],
    "next_revision": [F("next_revision_computed").asc(nulls_last=True), "title"],
    "-pages": [F("pages").desc(nulls_last=True), "title"],
}


def _search(query: str) -> Q:
    """Titles containing the words, or, for a known abbreviation (ROS, KDP, KPA …), the titles
    that spell it out and the plans of its type."""
    expansion = expand(query)
    if expansion is None:
        return Q(title__icontains=query)
    # The abbreviation as a word of its own ("ROS-analyse", "KDP Sentrum"), not inside a word.
    condition = Q(title__iregex=word_pattern(query))
    for word in expansion.words:
        condition |= Q(title__icontains=word)
    if expansion.plan_types:
        condition |= Q(plan_type__in=expansion.plan_types)
    return condition


def _filtered(form: PlanFilterForm, municipality: Municipality) -> tuple[QuerySet | None, str]:
    """The plans the form's filters keep (None when it filters nothing: the whole register, no
    query made here) and the sort it asks for."""
    if not form.is_valid():
        return None, "title"
    data = form.cleaned_data
    sort = data["sort"] or "title"
    if not any(data[name] for name in ("q", "plan_type", "status", "overdue", "statutory")):
        return None, sort
    plans = Plan.objects.for_municipality(municipality)
    if data["q"]:
        plans = plans.filter(_search(data["q"]))
    if data["plan_type"]:
        plans = plans.filter(plan_type=data["plan_type"])
    if data["status"]:
        plans = plans.filter(status=data["status"])
    if data["overdue"]:
        from django.utils import timezone

        plans = plans.overdue(on=timezone.localdate())
    if data["statutory"]:
        plans = plans.statutory()
    return plans, sort


@login_required
@require_GET
@vary_on_headers("HX-Request")
def plan_list(request: HttpRequest, knr: str) -> HttpResponse:
    """The register with search, filters and sorting; the health summary on top."""
    access = get_municipality_for_user(request, knr)
    form = PlanFilterForm(request.GET or None)
    plans, sort = _filtered(form, access.municipality)
    if plans is None and sort == "title":  # the register as it opens: cached, rows and all
        opened = _register_as_it_opens(access.municipality)
        context = module_context(
            access, form=form, row_count=opened.count, table_rows=opened.table_rows
        )
        context.update(total=opened.count, high_findings=opened.serious)
    else:
        every = plans if plans is not None else Plan.objects.for_municipality(access.municipality)
        shown = list(every.order_by(*SORTS.get(sort, SORTS["title"])))
        context = module_context(
            access,
            form=form,
            plans=shown,
            row_count=len(shown),
            table_rows=register_table_rows(register_rows(shown, access.municipality.number)),
        )
        if not request.htmx:  # the results alone (a search) need neither the count nor health
            context.update(
                total=(
                    len(shown)
                    if plans is None
                    else Plan.objects.for_municipality(access.municipality).count()
                ),
                high_findings=serious_findings_count(access.municipality),
            )
    template = "plans/list.html#results" if request.htmx else "plans/list.html"
    return render(request, template, context)


class OpenedRegister(NamedTuple):
    """The register as it opens: how many plans, its table's rows, its serious findings."""

    count: int
    table_rows: SafeString
    serious: int


def _register_as_it_opens(municipality: Municipality) -> OpenedRegister:
    """The register as it opens (every plan by title), cached per version of the municipality's
    data, the day, the language and the catalogs (the rows' words): a request unpickles one
    text instead of some forty plans as model instances and renders no row. Computed from one
    read of the plans (register_plans), which also gives the count and plan health's serious
    findings."""

    def compute() -> OpenedRegister:
        plans = register_plans(municipality)
        return OpenedRegister(
            len(plans),
            register_table_rows(register_rows(plans, municipality.number)),
            serious_findings_count(municipality, plans=plans),
        )

    return freshness.cached(
        "plans.register_opened",
        compute,
        municipality=municipality.pk,
    )


@login_required
@require_GET
def plan_detail(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr)
    # Read per version of the municipality's data (a plan of another municipality is a 404
    # inside, never cached): any edit, decision or name change shows at once.
    context = freshness.cached(
        "plan_page", lambda: _plan_context(access, pk), pk, municipality=access.municipality.pk
    )
    return render(request, "plans/detail.html", module_context(access, **context))


# A plan's page reads the same queries at every request (caching off, or after a write):
# compiled once per process (core/prepared.py). The history: its newest HISTORY_SHOWN + 1
# records, so the page costs the same however long it grows; the shown records' previous ones
# are among them (one object's history), so comparing needs no further query.
HISTORY_SHOWN = 50
_decisions_of = PreparedQuery(
    lambda plan: (
        CleanupDecision.objects.filter(plan_id=plan)
        .order_by("-period_start")
        .select_related("merge_into")
    ),
    plan=-1,
)
_history_of = PreparedQuery(
    lambda plan: (
        Plan.history.filter(id=plan)
        .order_by("-history_date", "-history_id")
        .select_related("history_user")[: HISTORY_SHOWN + 1]
    ),
    plan=-1,
)
_replacing = PreparedQuery(lambda plan: Plan.objects.filter(replaces_id=plan), plan=-1)


def _plan_context(access: Access, pk: int) -> dict:
    plan = get_plan_for_user(access, pk)
    findings = [
        finding for finding in plan_health(access.municipality) if finding.plan_id == plan.pk
    ]
    records = _history_of(plan=plan.pk)
    return {
        "plan": plan,
        "findings": findings,
        "decisions": _decisions_of(plan=plan.pk),
        "history": history_entries(records, limit=HISTORY_SHOWN, complete=True),
        "replaced_by": _replacing(plan=plan.pk),
    }


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, knr: str, pk: int | None = None) -> HttpResponse:
    """Create (pk None) or change a plan."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    if pk is None:
        plan = Plan(municipality=access.municipality)
    else:
        plan = get_plan_to_write_for_user(access, pk)
    form = PlanForm(
        request.POST or None, request.FILES or None, instance=plan, municipality=access.municipality
    )
    shown: dict[str, object] = {}  # after a conflict: what was refused
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_save(
                plan=form.save(commit=False), expected_version=form.expected, user=request.user
            )
        except StaleEdit as error:
            # Someone else saved the plan since this form was made: show what they saved, and
            # beside it what this planner wrote, to copy from.
            shown = conflict_context(form, error)
            plan = get_plan_to_write_for_user(access, plan.pk)
            form = PlanForm(instance=plan, municipality=access.municipality)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The plan “%(title)s” was saved.") % {"title": plan.title})
            return redirect(plan)
    return render(
        request,
        "plans/edit.html",
        module_context(access, form=form, plan=plan, **shown),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_delete(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    plan = get_plan_for_user(access, pk)
    if request.method == "POST":
        title = plan.title
        try:
            services.plan_delete(plan=plan, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(plan)
        messages.success(request, _("The plan “%(title)s” was deleted.") % {"title": title})
        return redirect("plans:list", knr=knr)
    return render(request, "plans/delete.html", module_context(access, plan=plan))


IMPORT_SESSION_KEY = "plans_import:%s"


def _store_import(request: HttpRequest, knr: str, sheet: tabular.Sheet) -> str:
    """Keep the rows of a previewed table in the session until the planner saves them."""
    token = secrets.token_urlsafe(16)
    request.session[IMPORT_SESSION_KEY % knr] = {
        "token": token,
        "header_row": sheet.header_row,
        "notes": list(sheet.notes),
        "rows": [[row.number, row.cells] for row in sheet.rows],
    }
    return token


def _stored_import(request: HttpRequest, knr: str) -> tabular.Sheet | None:
    stored = request.session.get(IMPORT_SESSION_KEY % knr)
    given = request.POST.get("token", "")
    expected = str(stored.get("token", "")) if stored else ""
    if not stored or not secrets.compare_digest(expected.encode(), given.encode()):
        return None
    rows = [tabular.RawRow(number, cells) for number, cells in stored["rows"]]
    return tabular.Sheet(rows, stored["header_row"], tuple(stored["notes"]))


def _chosen_kinds(request: HttpRequest, sheet: tabular.Sheet) -> dict[int, str]:
    """The kind chosen for each row in the preview (unknown values are ignored)."""
    kinds = {}
    for row in sheet.rows:
        value = request.POST.get(f"type-{row.number}", "")
        if value in PlanType.values:
            kinds[row.number] = value
    return kinds


def _read_import(form: ImportForm) -> tuple[tabular.Sheet | None, str]:
    """The uploaded or pasted table, or the reason it cannot be read."""
    upload = form.cleaned_data.get("file")
    try:
        if upload is not None:
            if upload.size > tabular.MAX_FILE_BYTES:
                form.add_error(
                    "file",
                    _("The file is %(size)s MB; the limit is %(limit)s MB.")
                    % {
                        "size": round(upload.size / 1024 / 1024, 1),
                        "limit": tabular.MAX_FILE_BYTES // 1024 // 1024,
                    },
                )
                return None, ""
            return tabular.read_sheet(upload.name, upload.read()), ""
        return tabular.read_pasted(form.cleaned_data["text"]), ""
    except tabular.TableError as error:
        return None, str(error)


def _import_page(
    request: HttpRequest,
    access: Access,
    form: ImportForm,
    report: services.ImportReport | None,
    token: str = "",
) -> HttpResponse:
    failed = bool(form.errors) or (report is not None and not report.ok)
    return render(
        request,
        "plans/import.html",
        module_context(
            access, form=form, report=report, token=token, kind_choices=PlanType.choices
        ),
        status=400 if request.method == "POST" and failed else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest, knr: str) -> HttpResponse:
    """Upload or paste a register; every row is checked and shown in a preview, where the kind
    of each plan can be changed; nothing is written until the planner saves (all or nothing)."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    step = request.POST.get("steg", "")
    if request.method == "POST" and step in ("oppdater", "lagre"):
        return _import_step(request, access, save=step == "lagre")
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    token = ""
    if request.method == "POST" and form.is_valid():
        sheet, file_error = _read_import(form)
        if sheet is not None:
            report = services.plans_import_rows(
                municipality=access.municipality, sheet=sheet, save=False, user=request.user
            )
            if report.ok:
                token = _store_import(request, knr, sheet)
        elif file_error:
            report = services.ImportReport(file_error=file_error)
    return _import_page(request, access, form, report, token)


def _import_step(request: HttpRequest, access: Access, *, save: bool) -> HttpResponse:
    """Show the preview again with the kinds chosen, or save it."""
    knr = access.municipality.number
    sheet = _stored_import(request, knr)
    if sheet is None:
        messages.error(
            request,
            _(
                "The preview is no longer available (it was saved or replaced). Upload the table "
                "again."
            ),
        )
        return redirect("plans:import", knr=knr)
    report = services.plans_import_rows(
        municipality=access.municipality,
        sheet=sheet,
        kinds=_chosen_kinds(request, sheet),
        save=save,
        user=request.user,
    )
    if report.saved:
        del request.session[IMPORT_SESSION_KEY % knr]
        messages.success(
            request,
            _("Import finished: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.")
            % {
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
            },
        )
        return redirect("plans:list", knr=knr)
    form = ImportForm()
    return _import_page(request, access, form, report, request.POST.get("token", ""))


def _check_format(file_format: str) -> None:
    if file_format not in exports.EXPORT_FORMATS and file_format not in DOCUMENT_FORMATS:
        raise Http404("Unknown format")


def _pdf_unavailable(request: HttpRequest, back: str) -> HttpResponse:
    messages.error(request, UNAVAILABLE_MESSAGE)
    return redirect(back)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def plan_export(request: HttpRequest, knr: str, file_format: str) -> HttpResponse:
    """The register as a spreadsheet (CSV, XLSX, ODS) or a document (ODT, PDF/A)."""
    access = get_municipality_for_user(request, knr)
    _check_format(file_format)
    try:
        content, content_type = exports.plans_export(
            municipality=access.municipality,
            file_format=file_format,
            language=document_language(access),
        )
    except PdfUnavailable:
        return _pdf_unavailable(request, reverse("plans:list", args=[knr]))
    return _download(
        content, content_type, f"planregister-{access.municipality.number}.{file_format}"
    )


@require_GET
def import_template(request: HttpRequest, file_format: str) -> HttpResponse:
    """The empty register with Norwegian headers and one example row (public)."""
    if file_format not in ("csv", "xlsx"):
        raise Http404("Unknown format")
    content_type, writer = exports.EXPORT_FORMATS[file_format]
    if file_format == "xlsx":
        writer = tabular.write_template_xlsx  # human headings, drop-down lists
    return _download(
        writer(exports.template_rows()), content_type, f"planregister-mal.{file_format}"
    )


@login_required
@require_GET
def plan_health_page(request: HttpRequest, knr: str) -> HttpResponse:
    access = get_municipality_for_user(request, knr)
    findings = plan_health(access.municipality)
    return render(
        request,
        "plans/health.html",
        module_context(
            access,
            findings=findings,
            finding_rows=finding_rows(findings, access.municipality.number),
        ),
    )


def _cleanup_url(knr: str, period: int) -> str:
    return f"{reverse('plans:cleanup', args=[knr])}?periode={period}"


def _period(request: HttpRequest) -> int:
    try:
        period = int(request.GET.get("periode") or request.POST.get("periode") or 0)
    except ValueError:
        period = 0
    if not is_election_year(period):
        period = cleanup.current_period_start()
    return period


@login_required
@require_GET
def cleanup_page(request: HttpRequest, knr: str) -> HttpResponse:
    """The planning-needs table for an election period."""
    access = get_municipality_for_user(request, knr)
    period = _period(request)
    table = cleanup_rows.page_table(
        access.municipality,
        period,
        can_edit=access.allows(Capability.EDIT),
        frozen=lambda: _frozen_message(access, period),
    )
    periods = [period - 4, period, period + 4]
    return render(
        request,
        "plans/cleanup.html",
        module_context(access, table=table, periods=periods, frozen=table.frozen),
    )


def _frozen_message(access: Access, period: int) -> str:
    """Why the period's decisions cannot be changed (its strategy is adopted), or ""."""
    try:
        freeze.check("cleanup_period", municipality=access.municipality, period_start=period)
    except freeze.Frozen as error:
        return " ".join(error.messages)
    return ""


@login_required
@require_GET
def cleanup_export(request: HttpRequest, knr: str, file_format: str) -> HttpResponse:
    """The planning-needs table of an election period as CSV, XLSX, ODS, ODT or PDF/A."""
    access = get_municipality_for_user(request, knr)
    _check_format(file_format)
    period = _period(request)
    try:
        content, content_type = exports.planning_needs_export(
            municipality=access.municipality,
            period_start=period,
            file_format=file_format,
            language=document_language(access),
        )
    except PdfUnavailable:
        return _pdf_unavailable(request, _cleanup_url(knr, period))
    number = access.municipality.number
    return _download(content, content_type, f"planbehov-{number}-{period}.{file_format}")


@login_required
@require_http_methods(["GET", "POST"])
def cleanup_accept(request: HttpRequest, knr: str) -> HttpResponse:
    """Accept the suggested decisions: first what would be recorded (counts per decision, each
    repeal listed with a box to leave it out), then, when confirmed, record them."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    period = _period(request)
    if request.method == "POST" and request.POST.get("bekreft"):
        repeals = {int(pk) for pk in request.POST.getlist("oppheve") if pk.isdigit()}
        try:
            counts = cleanup.accept_suggestions(
                municipality=access.municipality, period_start=period, repeals=repeals
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _accepted_message(counts))
        return redirect(_cleanup_url(knr, period))
    preview = cleanup.accept_preview(access.municipality, period)
    return render(
        request,
        "plans/cleanup_accept.html",
        module_context(
            access, preview=preview, period=period, frozen=_frozen_message(access, period)
        ),
    )


def _accepted_message(counts: dict[str, int]) -> str:
    labels = dict(Decision.choices)
    total = sum(counts.values())
    if not total:
        return _("No decisions were recorded.")
    parts = ", ".join(f"{labels[key]}: {count}" for key, count in counts.items())
    return _("%(count)s decisions were recorded (%(parts)s).") % {"count": total, "parts": parts}


def _decision_form(
    request: HttpRequest,
    access: Access,
    form: DecisionForm | NewPlanDecisionForm,
    period: int,
    heading: str,
    success: str,
    fields: tuple[str, ...],
    suggestion: cleanup.ProposedDecision | None = None,
    fresh: Callable[[], DecisionForm] | None = None,
) -> HttpResponse:
    """Save a clean-up decision form, or show it again with its errors (status 400 on POST).
    With a suggestion: its reasons are shown, and stored by key with a decision that follows it.
    When someone else saved the decision first, the form is made afresh (`fresh`) with what they
    saved, and the planner's refused input is shown beside it."""
    shown: dict[str, object] = {}  # after a conflict: what was refused
    if request.method == "POST" and form.is_valid():
        decision = form.save(commit=False)
        if suggestion is not None:
            follows = decision.decision == suggestion.decision
            keyed = cleanup.keyed_reasons(access.municipality) if follows else {}
            decision.reasons = keyed.get(suggestion.plan.pk, [])
        try:
            services.decision_save(
                decision=decision, expected_version=_expected(form), user=request.user
            )
        except StaleEdit as error:
            shown = conflict_context(form, error)
            form = fresh() if fresh is not None else form
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect(_cleanup_url(access.municipality.number, period))
    return render(
        request,
        "plans/decision_form.html",
        module_context(
            access,
            form=form,
            period=period,
            heading=heading,
            fields=[form[name] for name in fields],
            suggestion=suggestion,
            **shown,
        ),
        status=400 if request.method == "POST" else 200,
    )


def _expected(form: DecisionForm | NewPlanDecisionForm) -> int | None:
    """The version a decision's form was made from (a new plan's decision has none)."""
    return form.expected if isinstance(form, DecisionForm) else None


# The decision of one plan in one period (one at most): compiled once (core/prepared.py), no
# ordering (the model's orders by the plan's title: a join for one row).
_decision_of = PreparedQuery(
    lambda plan, period: CleanupDecision.objects.filter(
        plan_id=plan, period_start=period
    ).order_by(),
    plan=-1,
    period=1,
)


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    """The decision for one plan in an election period."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    plan = get_plan_to_write_for_user(access, pk)
    period = _period(request)
    suggestion = cleanup.plan_suggestion(access.municipality, plan, period)

    def form_of(data: object) -> DecisionForm:
        decision = next(iter(_decision_of(plan=plan.pk, period=period)), None)
        initial = (
            {"decision": suggestion.decision, "target_year": suggestion.target_year}
            if decision is None
            else {}
        )
        return DecisionForm(
            data, instance=decision, plan=plan, period_start=period, initial=initial
        )

    form = form_of(request.POST or None)
    return _decision_form(
        request,
        access,
        form,
        period,
        heading=_("Decision for %(title)s") % {"title": plan.title},
        success=_("The decision for “%(title)s” was saved.") % {"title": plan.title},
        fields=("decision", "target_year", "merge_into", "responsible", "rationale"),
        suggestion=suggestion,
        fresh=lambda: form_of(None),
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_plan_decision(request: HttpRequest, knr: str) -> HttpResponse:
    """Record that a new plan is needed in the election period."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    period = _period(request)
    form = NewPlanDecisionForm(
        request.POST or None, municipality=access.municipality, period_start=period
    )
    return _decision_form(
        request,
        access,
        form,
        period,
        heading=_("Add a new plan that is needed"),
        success=_("The new plan was added to the planning needs."),
        fields=("new_plan_title", "new_plan_type", "target_year", "responsible", "rationale"),
    )
