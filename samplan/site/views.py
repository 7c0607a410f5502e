"""The front page: the user's municipalities, or straight to the one they have."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from samplan.municipalities.permissions import access_map


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Logged in with one municipality: its dashboard. Otherwise a front page."""
    accesses = list(access_map(request.user).values())
    if len(accesses) == 1:
        return redirect("municipalities:dashboard", knr=accesses[0].municipality.number)
    return render(request, "site/home.html", {"accesses": accesses})
