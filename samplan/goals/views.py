"""The goals module: the goal tree, the handlingsdel's measures, the money, the follow-up, the
yearly goal report, the SDG coverage and the public page."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samplan.core import freshness
from samplan.core.modules import subject_records
from samplan.documents.download import document_download
from samplan.documents.render import DOCUMENT_FORMATS
from samplan.municipalities.models import Municipality, OrganisationKind
from samplan.municipalities.pages import cached_content, document_language, module_context
from samplan.municipalities.permissions import Access, Capability, get_municipality_for_user
from samplan.plans.tabular import TableError, read_grid

from . import budget, selectors, services
from .arenas import goal_subject_key, plan_subject_keys
from .documents import report_document
from .forms import (
    ActionPlanForm,
    BudgetUploadForm,
    CommentForm,
    FocusAreaForm,
    GoalForm,
    IndicatorForm,
    IndicatorValuesForm,
    LinksForm,
    MeasureForm,
    ReportAdoptionForm,
    StatusForm,
    StrategyTextForm,
)
from .models import ActionPlan, FocusArea, Goal, Indicator, Measure, Period
from .permissions import (
    get_focus_area_for_user,
    get_goal_for_user,
    get_goal_strategy_for_user,
    get_indicator_for_user,
    get_measure_for_user,
    get_plan_for_user,
)


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, field_messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, field_messages)


def _form_page(
    request: HttpRequest,
    access: Access,
    form: forms.Form,
    save: Callable[[], tuple[str, str]],
    *,
    heading: str,
    back: str,
    intro: str = "",
) -> HttpResponse:
    """On a valid POST run `save` (→ success message, where to go); else show the form again,
    with status 400 after a refused POST."""
    if request.method == "POST" and form.is_valid():
        try:
            message, target = save()
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(target)
    return render(
        request,
        "goals/form.html",
        module_context(access, form=form, heading=heading, back=back, intro=intro),
        status=400 if request.method == "POST" else 200,
    )


def _is_member(access: Access) -> bool:
    """Staff and elected members of the municipality itself comment; a county adviser reads."""
    return access.via.kind == OrganisationKind.MUNICIPALITY


def _this_year() -> int:
    return datetime.date.today().year


@login_required
@require_GET
def index(request: HttpRequest, knr: str) -> HttpResponse:
    """The goal tree: focus areas, goals and sub-goals, with the measures and money of the
    current handlingsdel; suggestions from the planning strategy (cached until the data of the
    municipality changes, core/freshness)."""
    access = get_municipality_for_user(request, knr)
    can_edit = access.allows(Capability.EDIT)
    # The tree as markup, per edit right (its links): a cache hit reads and renders nothing.
    content = cached_content(
        request,
        access,
        "goals.index",
        "goals/index.html#content",
        lambda: _index_context(access.municipality, can_edit),
        _this_year(),
    )
    return render(request, "goals/index.html", module_context(access, content=content))


def _index_context(municipality: Municipality, can_edit: bool) -> dict:
    plan, tree, suggestions = selectors.goal_tree_page(municipality, _this_year(), suggest=can_edit)
    return {"tree": tree, "plan": plan, "suggestions": suggestions}


@login_required
@require_http_methods(["GET", "POST"])
def area_edit(request: HttpRequest, knr: str, pk: int | None = None) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    area = (
        get_focus_area_for_user(access, pk)
        if pk
        else FocusArea(
            municipality=access.municipality,
            title=selectors.suggested_title(access.municipality, request.GET.get("prioritet", "")),
        )
    )
    form = FocusAreaForm(request.POST or None, instance=area, municipality=access.municipality)

    def save() -> tuple[str, str]:
        services.focus_area_save(
            focus_area=form.save(commit=False),
            expected_version=form.expected,
            user=request.user,
        )
        return _("The focus area was saved."), f"{_index_url(knr)}#omrade-{area.pk}"

    heading = _("Change the focus area") if pk else _("New focus area")
    return _form_page(request, access, form, save, heading=heading, back=_index_url(knr))


def _index_url(knr: str) -> str:
    from django.urls import reverse

    return reverse("goals:index", args=[knr])


@login_required
@require_POST
def area_delete(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    area = get_focus_area_for_user(access, pk)
    try:
        services.focus_area_delete(focus_area=area, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The focus area was deleted."))
    return redirect("goals:index", knr=knr)


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, knr: str, pk: int | None = None) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    if pk:
        goal = get_goal_for_user(access, pk)
    else:
        goal = Goal(
            municipality=access.municipality,
            title=selectors.suggested_title(access.municipality, request.GET.get("prioritet", "")),
        )
    initial = {}
    if not pk and request.GET.get("over", "").isdigit():
        parent = get_goal_for_user(access, int(request.GET["over"]))
        initial = {"parent": parent, "focus_area": parent.focus_area}
    elif not pk and request.GET.get("omrade", "").isdigit():
        initial = {"focus_area": get_focus_area_for_user(access, int(request.GET["omrade"]))}
    form = GoalForm(
        request.POST or None, instance=goal, initial=initial, municipality=access.municipality
    )

    def save() -> tuple[str, str]:
        saved = services.goal_save(
            goal=form.save(commit=False), expected_version=form.expected, user=request.user
        )
        return _("The goal was saved."), saved.get_absolute_url()

    back = goal.get_absolute_url() if pk else _index_url(knr)
    heading = _("Change the goal") if pk else _("New goal")
    return _form_page(request, access, form, save, heading=heading, back=back)


@login_required
@require_GET
def goal(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr)
    item = get_goal_for_user(access, pk)
    plans = [plan] if (plan := selectors.latest_plan(access.municipality, _this_year())) else []
    context = selectors.goal_detail(item, plans)
    context["strategy_form"] = StrategyTextForm()
    context["workshop_records"] = subject_records(access.municipality, goal_subject_key(item))
    context["comment_form"] = CommentForm() if _is_member(access) else None
    return render(request, "goals/goal.html", module_context(access, **context))


@login_required
@require_POST
def goal_delete(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    item = get_goal_for_user(access, pk)
    try:
        services.goal_delete(goal=item, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(item)
    messages.success(request, _("The goal “%(title)s” was deleted.") % {"title": item.title})
    return redirect("goals:index", knr=knr)


@login_required
@require_POST
def strategy_add(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    item = get_goal_for_user(access, pk)
    form = StrategyTextForm(request.POST)
    if form.is_valid():
        services.goal_strategy_add(goal=item, text=form.cleaned_data["text"], user=request.user)
        messages.success(request, _("The strategy was added."))
    else:
        messages.error(request, _("Write the strategy (at most 500 characters)."))
    return redirect(item)


@login_required
@require_POST
def strategy_delete(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    strategy = get_goal_strategy_for_user(access, pk)
    services.goal_strategy_delete(strategy=strategy, user=request.user)
    messages.success(request, _("The strategy was removed."))
    return redirect("goals:goal", knr=knr, pk=strategy.goal_id)


@login_required
@require_POST
def comment_add(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr)
    if not _is_member(access):
        raise Http404("Only the municipality's own members comment")
    item = get_goal_for_user(access, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_add(goal=item, text=form.cleaned_data["text"], user=request.user)
        messages.success(request, _("Your comment was saved."))
    else:
        messages.error(request, _("Write a comment (at most 2000 characters)."))
    return redirect(item)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(
    request: HttpRequest, knr: str, pk: int | None = None, goal_pk: int | None = None
) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    if pk:
        indicator = get_indicator_for_user(access, pk)
    else:
        owner = get_goal_for_user(access, goal_pk)  # type: ignore[arg-type]
        indicator = Indicator(municipality=access.municipality, goal=owner)
    form = IndicatorForm(request.POST or None, instance=indicator)

    def save() -> tuple[str, str]:
        services.indicator_save(
            indicator=form.save(commit=False),
            expected_version=form.expected,
            user=request.user,
        )
        return _("The indicator was saved."), indicator.goal.get_absolute_url()

    heading = _("Change the indicator") if pk else _("New indicator")
    back = indicator.goal.get_absolute_url()
    return _form_page(request, access, form, save, heading=heading, back=back)


@login_required
@require_POST
def indicator_delete(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    indicator = get_indicator_for_user(access, pk)
    services.indicator_delete(indicator=indicator, user=request.user)
    messages.success(request, _("The indicator was deleted."))
    return redirect(indicator.goal)


def _indicator_years(indicator: Indicator, stored: dict) -> list[int]:
    first = indicator.baseline_year or _this_year() - 4
    last = max(indicator.target_year or _this_year(), _this_year())
    return sorted(set(range(first, last + 1)) | set(stored))


@login_required
@require_http_methods(["GET", "POST"])
def indicator_values(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    """The indicator's values by year: typed for an own figure, filled from SSB for a series."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    indicator = get_indicator_for_user(access, pk)
    if request.method == "POST" and request.POST.get("steg") == "ssb":
        count = services.indicators_fill_from_ssb(indicators=[indicator], user=request.user)
        messages.success(request, _("%(count)s values filled in from SSB.") % {"count": count})
        return redirect(indicator.goal)
    stored = {value.year: value.value for value in indicator.values.all()}
    form = IndicatorValuesForm(
        request.POST or None, years=_indicator_years(indicator, stored), initial_values=stored
    )

    def save() -> tuple[str, str]:
        count = services.indicator_values_save(
            indicator=indicator, values=form.values(), user=request.user
        )
        return _("%(count)s values saved.") % {"count": count}, indicator.goal.get_absolute_url()

    heading = _("Values of “%(name)s”") % {"name": indicator.name}
    return _form_page(
        request, access, form, save, heading=heading, back=indicator.goal.get_absolute_url()
    )


@login_required
@require_GET
def plans(request: HttpRequest, knr: str) -> HttpResponse:
    access = get_municipality_for_user(request, knr)
    versions = list(ActionPlan.objects.filter(municipality=access.municipality))
    latest = versions[0].first_year + 1 if versions else _this_year()
    return render(
        request,
        "goals/plans.html",
        module_context(
            access,
            versions=versions,
            latest_measures=list(versions[0].measures.all()) if versions else [],
            form=ActionPlanForm(initial={"first_year": latest}),
        ),
    )


@login_required
@require_POST
def plan_create(request: HttpRequest, knr: str) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    form = ActionPlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the budget year, e.g. 2026."))
        return redirect("goals:plans", knr=knr)
    ended = [int(value) for value in request.POST.getlist("avslutt") if value.isdigit()]
    try:
        plan = services.action_plan_create(
            municipality=access.municipality,
            first_year=form.cleaned_data["first_year"],
            ended=ended,
            user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("goals:plans", knr=knr)
    messages.success(request, _("The new version was made."))
    return redirect("goals:plan_diff", knr=knr, year=plan.first_year)


@login_required
@require_GET
def plan(request: HttpRequest, knr: str, year: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr)
    version = get_plan_for_user(access, year)
    measures = list(version.measures.prefetch_related("goals", "budget_lines"))
    totals = [sum(m.costs[i] for m in measures) for i in range(4)]
    records = [
        record
        for key in plan_subject_keys(version)
        for record in subject_records(access.municipality, key)
    ]
    return render(
        request,
        "goals/plan.html",
        module_context(
            access, plan=version, measures=measures, totals=totals, workshop_records=records
        ),
    )


@login_required
@require_GET
def plan_diff(request: HttpRequest, knr: str, year: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr)
    version = get_plan_for_user(access, year)
    return render(
        request,
        "goals/plan_diff.html",
        module_context(access, plan=version, diff=selectors.plan_diff(version)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(
    request: HttpRequest, knr: str, pk: int | None = None, year: int | None = None
) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    if pk:
        measure = get_measure_for_user(access, pk)
        version = measure.action_plan
    else:
        version = get_plan_for_user(access, year)  # type: ignore[arg-type]
        measure = Measure(
            municipality=access.municipality, action_plan=version, start_year=version.first_year
        )
    initial = {}
    if not pk and request.GET.get("mal", "").isdigit():
        initial["goals"] = [get_goal_for_user(access, int(request.GET["mal"]))]
    form = MeasureForm(
        request.POST or None,
        instance=measure,
        initial=initial,
        municipality=access.municipality,
        years=version.years,
    )

    def save() -> tuple[str, str]:
        saved = services.measure_save(
            measure=form.save(commit=False),
            goals=form.cleaned_data["goals"],
            expected_version=form.expected,
            user=request.user,
        )
        return _("The measure was saved."), saved.get_absolute_url()

    heading = _("Change the measure") if pk else _("New measure")
    back = measure.get_absolute_url() if pk else version.get_absolute_url()
    return _form_page(request, access, form, save, heading=heading, back=back)


@login_required
@require_GET
def measure(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    from samplan.core.audit import history_entries

    access = get_municipality_for_user(request, knr)
    item = get_measure_for_user(access, pk)
    linked = list(item.budget_lines.all())
    context = {
        "measure": item,
        "goals": list(item.goals.all()),
        "linked": linked,
        "linked_totals": [sum(line.amounts[i] or 0 for line in linked) for i in range(4)],
        "statuses": list(item.statuses.all()),
        "year_costs": list(zip(item.action_plan.years, item.costs, strict=True)),
        "has_lines": item.action_plan.lines.exists(),
        "links_form": LinksForm(plan=item.action_plan, initial={"lines": linked}),
        "status_form": StatusForm(),
        "period_choices": Period.choices,
        "this_year": _this_year(),
        "history": history_entries(item.history.select_related("history_user")),
    }
    return render(request, "goals/measure.html", module_context(access, **context))


@login_required
@require_POST
def measure_links(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    item = get_measure_for_user(access, pk)
    form = LinksForm(request.POST, plan=item.action_plan)
    if form.is_valid():
        services.measure_links_save(
            measure=item, lines=form.cleaned_data["lines"], user=request.user
        )
        messages.success(request, _("The budget lines were saved."))
    else:
        messages.error(request, _("Choose budget lines of this plan."))
    return redirect(item)


@login_required
@require_POST
def measure_status(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    item = get_measure_for_user(access, pk)
    form = StatusForm(request.POST)
    try:
        year = int(request.POST.get("aar", ""))
        period = request.POST.get("periode", "")
        if period not in Period.values or not form.is_valid():
            raise ValueError(period)
        services.status_save(
            measure=item, year=year, period=period, user=request.user, **form.cleaned_data
        )
    except (ValueError, ValidationError):
        messages.error(request, _("Choose a year, a period and a status."))
    else:
        messages.success(request, _("The status was saved."))
    return redirect(request.POST.get("neste") == "oppfolging" and _follow_up_url(knr, year) or item)


def _follow_up_url(knr: str, year: int) -> str:
    from django.urls import reverse

    return reverse("goals:follow_up", args=[knr, year])


@login_required
@require_POST
def measure_delete(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    item = get_measure_for_user(access, pk)
    services.measure_delete(measure=item, user=request.user)
    messages.success(request, _("The measure “%(title)s” was deleted.") % {"title": item.title})
    return redirect(item.action_plan)


@login_required
@require_GET
def money(request: HttpRequest, knr: str, year: int) -> HttpResponse:
    from .charts import money_charts

    access = get_municipality_for_user(request, knr)
    version = get_plan_for_user(access, year)
    picture = selectors.money_picture(version)
    return render(
        request,
        "goals/money.html",
        module_context(access, plan=version, picture=picture, charts=money_charts(picture)),
    )


@login_required
@require_GET
def follow_up(request: HttpRequest, knr: str, year: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr)
    return _follow_up_page(request, access, year)


def _follow_up_page(
    request: HttpRequest,
    access: Access,
    year: int,
    adoption_form: ReportAdoptionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    version = selectors.latest_plan(access.municipality, year)
    if version is None:
        raise Http404("No plan for the year")
    rows = selectors.follow_up(version, year)
    adoption = selectors.report_adoption(access.municipality, year)
    return render(
        request,
        "goals/follow_up.html",
        module_context(
            access,
            plan=version,
            year=year,
            rows=rows,
            has_year_before=selectors.latest_plan(access.municipality, year - 1) is not None,
            counts=selectors.status_counts(rows),
            periods=Period.choices,
            status_form=StatusForm(),
            formats=DOCUMENT_FORMATS,
            adoption=adoption,
            year_is_over=year < timezone.localdate().year,
            adoption_form=adoption_form or ReportAdoptionForm(instance=adoption),
        ),
        status=status,
    )


@login_required
@require_POST
def report_adoption(request: HttpRequest, knr: str, year: int) -> HttpResponse:
    """Record when the council adopted the year's annual report (its goal report is then a
    decided case, which can be archived)."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    if selectors.latest_plan(access.municipality, year) is None:
        raise Http404("No plan for the year")
    form = ReportAdoptionForm(request.POST)
    if form.is_valid():
        try:
            services.report_adoption_save(
                municipality=access.municipality, year=year, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The council's adoption of the annual report is saved."))
            return redirect(_follow_up_url(knr, year))
    return _follow_up_page(request, access, year, form, status=400)


@login_required
@require_GET
def report(request: HttpRequest, knr: str, year: int, file_format: str) -> HttpResponse:
    """The yearly goal report (the goal-achievement chapter of the årsberetning, KL § 14-7)."""
    access = get_municipality_for_user(request, knr)
    if file_format not in DOCUMENT_FORMATS:
        raise Http404("Unknown format")
    try:
        document = report_document(access.municipality, year, document_language(access))
    except LookupError as error:
        raise Http404("No plan for the year") from error
    return document_download(
        request,
        document,
        file_format,
        f"maloppnaelse-{knr}-{year}.{file_format}",
        _follow_up_url(knr, year),
    )


@login_required
@require_GET
def sdg(request: HttpRequest, knr: str) -> HttpResponse:
    from samplan.plans.forms import SDG_NAMES

    access = get_municipality_for_user(request, knr)
    coverage = selectors.sdg_coverage(access.municipality)
    for row in coverage:
        row["name"] = SDG_NAMES[row["number"]]
    return render(
        request,
        "goals/sdg.html",
        module_context(
            access,
            coverage=coverage,
            uncovered=[row for row in coverage if not row["goals"] and not row["plans"]],
        ),
    )


def _public_context(knr: str) -> dict:
    municipality = get_object_or_404(Municipality.objects.select_related("workspace"), number=knr)
    workspace = getattr(municipality, "workspace", None)
    return {
        "municipality": municipality,
        "is_example": bool(getattr(workspace, "is_example", False)),
    }


@require_GET
def public(request: HttpRequest, knr: str) -> HttpResponse:
    """What the municipality marked public: its goals, measures, status and indicators."""
    context = freshness.cached(
        "goals_public", lambda: _public_index_context(knr), _this_year(), municipality=knr
    )
    if context is None:
        raise Http404("Nothing public")
    return render(request, "goals/public.html", context)


def _public_index_context(knr: str) -> dict | None:
    context = _public_context(knr)
    municipality = context["municipality"]
    version = selectors.latest_plan(municipality, _this_year())
    tree = selectors.goal_tree(municipality, version, public_only=True)
    if not any(area.goals for area in tree):
        return None
    return {**context, "tree": tree, "plan": version}


@require_GET
def public_goal(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    context = freshness.cached(
        "goals_public_goal", lambda: _public_goal_context(knr, pk), _this_year(), pk,
        municipality=knr,
    )  # fmt: skip
    return render(request, "goals/public_goal.html", context)


def _public_goal_context(knr: str, pk: int) -> dict:
    context = _public_context(knr)
    municipality = context["municipality"]
    item = get_object_or_404(
        Goal.objects.select_related("focus_area"),
        municipality=municipality,
        pk=pk,
        public=True,
        focus_area__public=True,
    )
    version = selectors.latest_plan(municipality, _this_year())
    return {**context, **selectors.public_goal(item, version)}


IMPORT_SESSION_KEY = "goals_budget_import:%s:%s"


def _mapping_from_post(request: HttpRequest, years: list[int], width: int) -> budget.Mapping:
    def column(name: str) -> int | None:
        value = request.POST.get(f"kol-{name}", "")
        return int(value) if value.isdigit() and int(value) < width else None

    return budget.Mapping(
        {name: column(name) for name in budget.TEXT_FIELDS},
        {year: column(str(year)) for year in years},
    )


def _stored_grid(request: HttpRequest, key: str) -> list[list[str]] | None:
    stored = request.session.get(key)
    given = request.POST.get("token", "")
    expected = str(stored.get("token", "")) if stored else ""
    if not stored or not secrets.compare_digest(expected.encode(), given.encode()):
        return None
    return stored["grid"]


def _read_upload(request: HttpRequest, form: BudgetUploadForm) -> list[list[str]] | None:
    upload = form.cleaned_data["file"]
    try:
        grid = [list(row) for row in read_grid(upload.name, upload.read())]
    except TableError as error:
        form.add_error("file", str(error))
        return None
    if len(grid) > budget.MAX_ROWS:
        form.add_error("file", _("The file has more than %(max)s rows.") % {"max": budget.MAX_ROWS})
        return None
    return grid


@login_required
@require_http_methods(["GET", "POST"])
def budget_import(request: HttpRequest, knr: str, year: int) -> HttpResponse:
    """Upload the budget file; map its columns; see every row checked and what the import will
    change; nothing is stored until the planner confirms (steg=lagre)."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    version = get_plan_for_user(access, year)
    key = IMPORT_SESSION_KEY % (knr, year)
    step = request.POST.get("steg", "")
    form = BudgetUploadForm(request.POST if not step else None, request.FILES if not step else None)
    grid, token, mapping = None, request.POST.get("token", ""), None
    if request.method == "POST" and step in ("oppdater", "lagre"):
        grid = _stored_grid(request, key)
        if grid is None:
            messages.error(request, _("The preview is no longer available. Upload the file again."))
            return redirect("goals:budget_import", knr=knr, year=year)
        mapping = _mapping_from_post(request, version.years, max(map(len, grid), default=0))
    elif request.method == "POST" and form.is_valid():
        grid = _read_upload(request, form)
        if grid is not None:
            token = secrets.token_urlsafe(16)
            request.session[key] = {"token": token, "grid": grid}
    parsed = budget.parse(grid, version.years, mapping) if grid is not None else None
    if parsed is not None and step == "lagre" and parsed.ok:
        result = services.budget_import(
            action_plan=version, rows=[row.as_data() for row in parsed.good], user=request.user
        )
        del request.session[key]
        _import_messages(request, result)
        return redirect("goals:money", knr=knr, year=year)
    context = {
        "plan": version,
        "form": form,
        "parsed": parsed,
        "token": token,
        "changes": selectors.import_changes(version, parsed) if parsed else None,
        "columns": _column_choices(parsed.headers if parsed else []),
    }
    status = (
        400 if request.method == "POST" and (form.errors or (parsed and not parsed.ok)) else 200
    )
    return render(
        request, "goals/budget_import.html", module_context(access, **context), status=status
    )


def _column_choices(headers: list[str]) -> list[tuple[int, str]]:
    return [
        (index, f"{index + 1}: {header}" if header else str(index + 1))
        for index, header in enumerate(headers)
    ]


def _import_messages(request: HttpRequest, result: services.ImportResult) -> None:
    messages.success(
        request,
        _("Budget imported: %(created)s new lines, %(updated)s changed, %(unchanged)s unchanged.")
        % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
    )
    for line, measures in result.removed:
        if measures:
            messages.warning(
                request,
                _("Removed line %(line)s was linked to: %(measures)s.")
                % {"line": line, "measures": ", ".join(measures)},
            )
