"""The internal plan forum: the administration's meetings on planning, with an agenda proposed
from the coming deadlines, overdue revisions and open comments, and notes. For the planners (edit
rights)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samplan.core.audit import history_entries
from samplan.municipalities.pages import module_context
from samplan.municipalities.permissions import Capability, get_municipality_for_user

from . import forum, services
from .forms import ForumMeetingForm
from .models import ForumMeeting


@login_required
@require_GET
def forum_index(request: HttpRequest, knr: str) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    meetings = list(ForumMeeting.objects.filter(municipality=access.municipality)[:24])
    return render(request, "politics/forum.html", module_context(access, meetings=meetings))


@login_required
@require_http_methods(["GET", "POST"])
def forum_meeting(request: HttpRequest, knr: str, pk: int | None = None) -> HttpResponse:
    """A new meeting (its agenda proposed) or an existing one (its agenda and notes)."""
    access = get_municipality_for_user(request, knr, Capability.EDIT)
    meeting = (
        get_object_or_404(ForumMeeting, municipality=access.municipality, pk=pk) if pk else None
    )
    today = timezone.localdate()
    if meeting is None:
        date = forum.next_date(access.municipality, today)
        initial = {
            "date": date,
            "agenda": forum.proposed_agenda(access.municipality, date),
            "version": 0,
        }
    else:
        initial = {
            "date": meeting.date,
            "agenda": meeting.agenda,
            "notes": meeting.notes,
            "version": meeting.version,
        }
    form = ForumMeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.forum_meeting_save(
                municipality=access.municipality,
                meeting=meeting,
                user=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The plan forum meeting is saved."))
            return redirect(saved)
    context = module_context(
        access,
        form=form,
        meeting=meeting,
        cancel_url=reverse("politics:forum", args=[knr]),
        history=history_entries(meeting.history.select_related("history_user")) if meeting else [],
    )
    return render(
        request, "politics/forum_meeting.html", context, status=400 if form.errors else 200
    )
