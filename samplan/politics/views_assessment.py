"""The plan-culture self-assessment: the profile of a year, the questionnaire, the summary
document. No page or document shows who answered what (see selectors.assessment_view)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samplan.core.modules import modules
from samplan.documents.download import document_download
from samplan.documents.render import DOCUMENT_FORMATS
from samplan.municipalities.models import OrganisationKind
from samplan.municipalities.pages import document_language, module_context
from samplan.municipalities.permissions import Access, get_municipality_for_user

from . import assessment, selectors, services
from .documents import assessment_document
from .forms import AssessmentForm


def next_steps(access: Access, rows: list[assessment.ThemeRow]) -> list[dict]:
    """For each weak theme: the advice, and links to the registered modules that help (a
    module not installed yet, such as goals or participation, is left out until it is)."""
    registered = {module.key: module for module in modules()}
    steps = []
    for row in rows:
        if not row.weak:
            continue
        links = []
        for key in row.theme.helpers:
            module = registered.get(key)
            if module is None:
                continue
            try:
                links.append(
                    (str(module.label), reverse(module.url_name, args=[access.municipality.pk]))
                )
            except NoReverseMatch:
                continue
        steps.append({"theme": row.theme, "links": links})
    return steps


def _tables(view: selectors.AssessmentView) -> dict:
    """The profile, the answer counts and the national figures as rows for the templates."""
    groups = list(assessment.GROUPS.items())
    return {
        "groups": [label for _key, label in groups],
        "group_counts": [
            (label, view.counts.get(key, 0), view.counts.get(key, 0) >= assessment.MIN_GROUP)
            for key, label in groups
        ],
        "profile_rows": [
            (row, [(row.averages[key], row.changes[key]) for key, _label in groups])
            for row in view.rows
        ],
        "national_rows": [(theme, view.national.get(theme.key)) for theme in assessment.THEMES]
        if view.national
        else [],
    }


def _year(request: HttpRequest, access: Access) -> int:
    """The year asked for (?ar=), else this year if anyone answered, else the latest answered."""
    try:
        return int(request.GET.get("ar", ""))
    except ValueError:
        return selectors.default_year(access.municipality, timezone.localdate().year)


@login_required
@require_GET
def overview(request: HttpRequest, knr: str) -> HttpResponse:
    """A year's profile: both groups per theme, the change since the year before, the national
    figures where at least five municipalities answered, notes and next steps."""
    access = get_municipality_for_user(request, knr)
    view = selectors.assessment_view(access.municipality, _year(request, access))
    context = module_context(
        access,
        view=view,
        **_tables(view),
        min_group=assessment.MIN_GROUP,
        min_municipalities=assessment.MIN_MUNICIPALITIES,
        chart=assessment.chart_svg(
            view.rows, _("Plan culture by theme, %(year)s") % {"year": view.year}
        ),
        steps=next_steps(access, view.rows),
        answered=selectors.has_answered(
            access.municipality, timezone.localdate().year, request.user
        ),
        may_answer=access.via.kind == OrganisationKind.MUNICIPALITY,
        this_year=timezone.localdate().year,
    )
    return render(request, "politics/assessment.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, knr: str) -> HttpResponse:
    """The questionnaire of this year, for the municipality's own members (once each)."""
    access = get_municipality_for_user(request, knr)
    if access.via.kind != OrganisationKind.MUNICIPALITY:
        raise PermissionDenied("Only the municipality's own members answer")
    year = timezone.localdate().year
    if selectors.has_answered(access.municipality, year, request.user):
        messages.info(
            request, _("You have already answered this year's self-assessment. Thank you!")
        )
        return redirect("politics:assessment", knr=knr)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_submit(
                municipality=access.municipality,
                year=year,
                group=form.cleaned_data["group"],
                ratings=form.ratings(),
                notes=form.notes(),
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you! Your answer is saved without your name."))
            return redirect("politics:assessment", knr=knr)
    context = module_context(access, form=form, year=year)
    return render(
        request, "politics/assessment_form.html", context, status=400 if form.errors else 200
    )


@login_required
@require_GET
def document(request: HttpRequest, knr: str, year: int, file_format: str) -> HttpResponse:
    """The printable summary (PDF/A or ODT) in the page's language."""
    access = get_municipality_for_user(request, knr)
    if file_format not in DOCUMENT_FORMATS:
        raise Http404("Unknown format")
    view = selectors.assessment_view(access.municipality, year)
    steps = next_steps(access, view.rows)
    language = document_language(access)
    return document_download(
        request,
        assessment_document(
            access.municipality, view, steps, language, request.build_absolute_uri("/")
        ),
        file_format,
        f"selvvurdering-{knr}-{year}.{file_format}",
        reverse("politics:assessment", args=[knr]),
    )
