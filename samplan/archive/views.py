"""The archive package downloads: editors of the municipality only (404 for outsiders)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from samplan.documents.download import download_response
from samplan.documents.pdf import UNAVAILABLE_MESSAGE, PdfUnavailable
from samplan.municipalities.pages import document_language
from samplan.municipalities.permissions import Capability, get_municipality_for_user
from samplan.strategy.permissions import get_strategy_for_user

from .noark import InvalidPackage
from .package import NotDecided, Package, goal_report_package, strategy_package

logger = logging.getLogger(__name__)
ZIP_CONTENT_TYPE = "application/zip"


def _download(request: HttpRequest, make: Callable[[], Package], back: str) -> HttpResponse:
    """The package as a download, or back to the page with the reason it cannot be made."""
    try:
        package = make()
    except PdfUnavailable:
        messages.error(request, UNAVAILABLE_MESSAGE)
        return redirect(back)
    except NotDecided as error:
        messages.error(request, str(error.message))
        return redirect(back)
    except InvalidPackage as error:
        logger.error("Archive package refused by the Noark 5 schema: %s", error)
        messages.error(
            request,
            _(
                "The archive package did not pass the check against the Noark 5 schema, so it "
                "is not offered for download. The administrator has been told."
            ),
        )
        return redirect(back)
    return download_response(package.data, ZIP_CONTENT_TYPE, package.filename)


@login_required
@require_GET
def strategy(request: HttpRequest, knr: str, period: int) -> HttpResponse:
    """The adopted planning strategy with its consultations, assessments and decision."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    found = get_strategy_for_user(access, period)
    language = document_language(access)
    return _download(
        request,
        lambda: strategy_package(found, user=request.user, language=language),
        found.get_absolute_url(),
    )


@login_required
@require_GET
def goal_report(request: HttpRequest, knr: str, year: int) -> HttpResponse:
    """The yearly goal report (404 without an action plan for the year)."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    municipality = access.municipality
    language = document_language(access)
    try:
        return _download(
            request,
            lambda: goal_report_package(municipality, year, user=request.user, language=language),
            reverse("goals:follow_up", kwargs={"knr": knr, "year": year}),
        )
    except LookupError as error:
        raise Http404("No plan for the year") from error
