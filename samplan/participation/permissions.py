"""Who may see which consultation: through the user's access to its municipality; the public
sees a consultation once it is published (never a draft), by its municipality's number."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from samplan.core.prepared import PreparedQuery
from samplan.municipalities.permissions import Access

from .models import Consultation, Status, Submission


def get_consultation_for_user(access: Access, pk: int) -> Consultation:
    """The consultation `pk` of the municipality the user has `access` to; 404 for any other."""
    return get_object_or_404(
        Consultation.objects.select_related("municipality", "strategy", "plan", "process"),
        municipality=access.municipality,
        pk=pk,
    )


def get_submission_for_user(access: Access, consultation: Consultation, number: int) -> Submission:
    """A submission by its number, looked up within a consultation the user already got."""
    return get_object_or_404(Submission, consultation=consultation, number=number)


# The public pages' first query, its SQL compiled once per process (core/prepared.py).
_public_consultation = PreparedQuery(
    lambda knr, pk: Consultation.objects.select_related(
        "municipality", "municipality__workspace", "strategy", "process"
    ).filter(
        municipality_id=knr,
        pk=pk,
        status__in=[Status.PUBLISHED, Status.CLOSED, Status.ANSWERED],
    ),
    knr="prepared:knr",
    pk=-1,
)


def get_public_consultation(knr: str, pk: int) -> Consultation:
    """A consultation the public may see (published, closed or answered); a draft is 404."""
    found = _public_consultation(knr=knr, pk=pk)
    if not found:
        raise Http404("No consultation matches the given query.")
    return found[0]
