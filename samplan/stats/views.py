"""The statistics page (figures and charts) and the challenge picture of a municipality."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samplan.core import freshness
from samplan.core.audit import recent_history
from samplan.municipalities.pages import cached_content
from samplan.municipalities.permissions import Access, Capability, get_municipality_for_user

from . import challenges, services
from .figures import municipality_figures
from .forms import StatementForm
from .models import Statement
from .presentation import charts_for


@login_required
@require_GET
def figures_page(request: HttpRequest, knr: str) -> HttpResponse:
    access = get_municipality_for_user(request, knr)
    is_staff = request.user.is_staff  # only a page of figures not fetched yet shows it

    def values() -> dict[str, object]:
        figures = municipality_figures(access.municipality)
        charts = freshness.cached(
            "stats_charts", lambda: charts_for(figures), municipality=access.municipality.pk
        )
        return {"figures": figures, "charts": charts, "user": {"is_staff": is_staff}}

    # The figures, tables and charts as markup (the same for every user but an administrator):
    # a cache hit unpickles neither the figures nor the charts, and renders no table.
    content = cached_content(
        request, access, "stats.figures_page", "stats/figures.html#content", values, is_staff
    )
    return render(request, "stats/figures.html", access.template_context(content=content))


def _rows(access: Access) -> list[dict]:
    """Each computed statement with the planner's saved wording, if any."""
    figures = municipality_figures(access.municipality)
    saved = {s.key: s for s in Statement.objects.filter(municipality=access.municipality)}
    rows = []
    for computed in challenges.compute(figures):
        statement = saved.get(computed.key)
        rows.append(
            {
                "computed": computed,
                "statement": statement,
                "text": computed.render(statement.text if statement else ""),
                "edited": bool(statement and statement.text),
                "selected": bool(statement and statement.selected),
                "outdated": bool(statement and statement.numbers != computed.numbers),
            }
        )
    return rows


@login_required
@require_GET
def challenges_page(request: HttpRequest, knr: str) -> HttpResponse:
    access = get_municipality_for_user(request, knr)
    rows = _rows(access)
    history = recent_history(Statement.history.filter(municipality=access.municipality))
    return render(
        request,
        "stats/challenges.html",
        access.template_context(
            rows=rows,
            selected=[row for row in rows if row["selected"]],
            history=history,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def statement_edit(request: HttpRequest, knr: str, key: str) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    row = next((row for row in _rows(access) if row["computed"].key == key), None)
    if row is None:
        raise Http404("No such statement for this municipality")
    statement = row["statement"]
    initial = {
        "text": statement.text if statement else "",
        "selected": statement.selected if statement else False,
    }
    form = StatementForm(request.POST or None, initial=initial, computed=row["computed"])
    if request.method == "POST" and form.is_valid():
        services.statement_save(
            municipality=access.municipality,
            computed=row["computed"],
            text=form.cleaned_data["text"],
            selected=form.cleaned_data["selected"],
            user=request.user,
        )
        messages.success(request, _("The statement was saved."))
        return redirect("stats:challenges", knr=knr)
    return render(
        request,
        "stats/statement_edit.html",
        access.template_context(
            form=form,
            row=row,
            placeholders=challenges.placeholder_values(
                row["computed"].key, row["computed"].numbers
            ),
            placeholder_wording=challenges.placeholder_wording(
                row["computed"].key, row["computed"].numbers
            ),
        ),
        status=400 if request.method == "POST" else 200,
    )
