"""Pages that belong to no module and no municipality: help, the accessibility statement, the
health check and error pages. (The front page lists the user's municipalities: samplan.site.)"""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from samplan.core import freshness


@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    """How to use Samplan, in plain language."""
    return render(request, "core/help.html")


@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (tilgjengelighetserklæring)."""
    return render(request, "core/accessibility.html")


def hello(request: HttpRequest) -> HttpResponse:
    """Django's minimal view, for the benchmark's floor (only routed with SAMPLAN_BENCH=true)."""
    return HttpResponse("Hello")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Is the database reachable? 200 with "ok", or 503 with the reason. The page cache is
    reported too: when it does not answer, pages are computed without it (still 200)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return JsonResponse(
            {"status": "error", "database": "unreachable", "detail": type(error).__name__},
            status=503,
        )
    cache = freshness.status()
    return JsonResponse(
        {"status": "ok" if cache == "ok" else "degraded", "database": "ok", "cache": cache}
    )


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
