"""Who may see which guidance objects: through the user's access to the municipality
(samplan.municipalities.permissions) or membership of the organisation whose board it is. A
thread or meeting of another municipality is 404, like the municipality itself."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from samplan.municipalities.models import GUIDING_KINDS, Organisation
from samplan.municipalities.permissions import Access, get_organisation_for_user

from .models import Meeting, Thread


def get_thread_for_user(access: Access, pk: int) -> Thread:
    """A thread about the municipality the user has `access` to; 404 for any other."""
    return get_object_or_404(
        Thread.objects.select_related("organisation", "assigned_to", "created_by"),
        municipality=access.municipality,
        pk=pk,
    )


def get_meeting_for_user(access: Access, pk: int) -> Meeting:
    """An early-dialogue meeting of the municipality the user has `access` to; 404 otherwise."""
    return get_object_or_404(Meeting, municipality=access.municipality, pk=pk)


def get_board_organisation_for_user(request: HttpRequest, slug: str) -> Organisation:
    """A county municipality, statsforvalter or national organisation the user is a member of
    (its status board); 404 for anyone else and for other kinds of organisation."""
    organisation, _membership = get_organisation_for_user(request, slug)
    if organisation.kind not in GUIDING_KINDS:
        raise Http404("No status board for this organisation")
    return organisation
