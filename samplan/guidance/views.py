"""The advisers' status board, a municipality's guidance page, comment threads and
early-dialogue meetings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samplan.core.audit import history_entries
from samplan.core.modules import guidance_target
from samplan.core.versioning import StaleEdit, conflict_context
from samplan.municipalities.models import OrganisationKind
from samplan.municipalities.pages import module_context
from samplan.municipalities.permissions import Access, Capability, get_municipality_for_user

from . import selectors, services
from .export import board_xlsx
from .forms import (
    BoardFilterForm,
    CommentForm,
    FollowUpForm,
    InviteForm,
    MeetingForm,
    OfficeAssignmentForm,
    OfficeCapacityForm,
    ThreadForm,
)
from .models import FollowUp, ThreadStatus
from .permissions import (
    get_board_organisation_for_user,
    get_meeting_for_user,
    get_office_for_user,
    get_thread_for_user,
)


def _board_data(
    request: HttpRequest, organisation: object, *, paged: bool = True
) -> selectors.Board:
    """The board as the address asks: sorted by a column, filtered by urgency and name, the
    page `side` of it (`paged`; the XLSX has every row the filter shows)."""
    return selectors.board(
        organisation,  # type: ignore[arg-type]
        sort=request.GET.get("sorter", "")[:40],
        show=request.GET.get("vis", "")[:10],
        query=request.GET.get("q", "")[:100],
        page=request.GET.get("side", "")[:10] if paged else None,
    )


@login_required
@require_GET
def board(request: HttpRequest, slug: str) -> HttpResponse:
    """The status board of the municipalities the organisation follows (its members only), a
    page at a time."""
    organisation = get_board_organisation_for_user(request, slug)
    data = _board_data(request, organisation)
    form = BoardFilterForm(request.GET or None)
    others = request.GET.copy()  # the filter and sort, for the download and the pager's links
    others.pop("side", None)
    return render(
        request,
        "guidance/board.html",
        {
            "organisation": organisation,
            "board": data,
            "form": form,
            "query_string": others.urlencode(),
        },
    )


@login_required
@require_GET
def board_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The status board as XLSX, with the same sorting and filter as the page: every row the
    filter shows, on all pages."""
    organisation = get_board_organisation_for_user(request, slug)
    data = _board_data(request, organisation, paged=False)
    content = board_xlsx(
        _("Status board of %(name)s, %(date)s")
        % {"name": organisation.name, "date": timezone.localdate().strftime("%d.%m.%Y")},
        [column.label for column in data.columns],
        [
            (row.number, row.name, tuple(value[0] for value in row.values), row.urgency)
            for row in data.rows
        ],
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="status-{organisation.slug}.xlsx"'
    return response


@login_required
@require_GET
def municipality(request: HttpRequest, knr: str) -> HttpResponse:
    """A municipality's guidance: its status in detail, the threads and the meetings (both
    sides: the municipality's members and the advisers who follow it)."""
    access = get_municipality_for_user(request, knr)
    data = selectors.municipality_guidance(access.municipality)
    return render(
        request,
        "guidance/municipality.html",
        module_context(
            access,
            can_comment=access.allows(Capability.COMMENT),
            can_invite=access.allows(Capability.ADMINISTER),
            **data,
        ),
    )


def _target_or_404(access: Access, value: str) -> tuple[str, str, str]:
    """(module, key, label) of a target the user may still see; 404 for anything else (a
    section of a strategy that is gone, a module's item of another municipality)."""
    module_key, _sep, key = value.partition("|")
    target = guidance_target(access.municipality, module_key, key)
    if target is None:
        raise Http404("Nothing to comment on")
    return module_key, key, target.label


@login_required
@require_http_methods(["GET", "POST"])
def thread_new(request: HttpRequest, knr: str) -> HttpResponse:
    """Start a comment thread on a section of the strategy (or another registered target)."""
    access = get_municipality_for_user(request, knr, Capability.COMMENT)
    targets = selectors.target_choices(access.municipality)
    form = ThreadForm(
        request.POST or None, targets=targets, initial={"target": request.GET.get("om", "")}
    )
    if request.method == "POST":
        module_key, key, label = _target_or_404(access, request.POST.get("target", ""))
        if form.is_valid():
            thread = services.thread_start(
                municipality=access.municipality,
                organisation=access.via,
                user=request.user,
                module=module_key,
                target_key=key,
                target_label=label,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
            )
            messages.success(request, _("The comment was sent."))
            return redirect(thread)
    return render(
        request,
        "guidance/thread_new.html",
        module_context(access, form=form, has_targets=bool(targets)),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def thread(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    """A thread with its comments; an answer (advisers and the municipality's planners)."""
    needed = Capability.COMMENT if request.method == "POST" else Capability.VIEW
    access = get_municipality_for_user(request, knr, needed)
    item = get_thread_for_user(access, pk)
    form = CommentForm(request.POST or None)
    if request.method == "POST":
        # The thing commented on must still be there for a new comment.
        _target_or_404(access, f"{item.module}|{item.target_key}")
        if form.is_valid():
            services.comment_add(
                thread=item,
                user=request.user,
                organisation=access.via,
                text=form.cleaned_data["text"],
            )
            messages.success(request, _("The answer was sent."))
            return redirect(item)
    target = guidance_target(access.municipality, item.module, item.target_key)
    return render(
        request,
        "guidance/thread.html",
        module_context(
            access,
            thread=item,
            target=target,
            comments=selectors.thread_comments(item),
            form=form,
            can_comment=access.allows(Capability.COMMENT),
            history=history_entries(item.history.select_related("history_user").all()),
        ),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def thread_status(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    """Resolve a thread, open it again, or take responsibility for it (advisers)."""
    access = get_municipality_for_user(request, knr, Capability.COMMENT)
    item = get_thread_for_user(access, pk)
    if request.POST.get("action") == "take":
        if access.via != item.organisation:
            raise Http404("Not this organisation's thread")
        services.thread_take(thread=item, user=request.user)
        messages.success(request, _("You are now responsible for the thread."))
        return redirect(item)
    status = ThreadStatus.RESOLVED if request.POST.get("action") == "resolve" else ThreadStatus.OPEN
    services.thread_set_status(thread=item, user=request.user, status=status)
    messages.success(
        request,
        _("The thread is resolved.")
        if status == ThreadStatus.RESOLVED
        else _("The thread is open again."),
    )
    return redirect(item)


@login_required
@require_GET
def meeting(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    """An early-dialogue meeting: agenda, participants, notes and the agreed follow-ups."""
    access = get_municipality_for_user(request, knr)
    item = get_meeting_for_user(access, pk)
    return render(
        request,
        "guidance/meeting.html",
        module_context(
            access,
            meeting=item,
            follow_ups=list(item.follow_ups.all()),
            form=FollowUpForm(),
            can_comment=access.allows(Capability.COMMENT),
            history=history_entries(item.history.select_related("history_user").all()),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, knr: str, pk: int | None = None) -> HttpResponse:
    """Plan or record an early-dialogue meeting (advisers and the municipality's planners)."""
    access = get_municipality_for_user(request, knr, Capability.COMMENT)
    item = get_meeting_for_user(access, pk) if pk else None
    form = MeetingForm(request.POST or None, instance=item)
    shown: dict[str, object] = {}  # after a conflict: what was refused
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.meeting_save(
                meeting=item,
                municipality=access.municipality,
                user=request.user,
                data=form.cleaned_data,
                expected_version=form.expected,
            )
        except StaleEdit as error:
            # Someone else saved the meeting since this form was made: show what they saved,
            # and beside it what this person wrote, to copy from.
            shown = conflict_context(form, error)
            item = get_meeting_for_user(access, pk)
            form = MeetingForm(instance=item)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect(saved)
    return render(
        request,
        "guidance/meeting_form.html",
        module_context(access, form=form, meeting=item, **shown),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def follow_up_add(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.COMMENT)
    item = get_meeting_for_user(access, pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        services.follow_up_add(meeting=item, user=request.user, **form.cleaned_data)
        messages.success(request, _("The follow-up was added."))
        return redirect(item)
    return render(
        request,
        "guidance/meeting.html",
        module_context(
            access,
            meeting=item,
            follow_ups=list(item.follow_ups.all()),
            form=form,
            can_comment=True,
            history=[],
        ),
        status=400,
    )


@login_required
@require_POST
def follow_up_done(request: HttpRequest, knr: str, pk: int, follow_up: int) -> HttpResponse:
    access = get_municipality_for_user(request, knr, Capability.COMMENT)
    item = get_meeting_for_user(access, pk)
    row = get_object_or_404(FollowUp, meeting=item, pk=follow_up)
    services.follow_up_set_done(
        follow_up=row, user=request.user, done=request.POST.get("done") == "1"
    )
    return redirect(item)


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, knr: str) -> HttpResponse:
    """The municipality's administrator invites the statsforvalter to read and comment, or
    withdraws the invitation."""
    access = get_municipality_for_user(request, knr, Capability.ADMINISTER)
    form = InviteForm(request.POST or None)
    invited = list(
        access.municipality.networks.filter(kind=OrganisationKind.COUNTY_GOVERNOR).order_by("name")
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.county_governor_set_invited(
                municipality=access.municipality,
                organisation=form.cleaned_data["organisation"],
                user=request.user,
                invited=request.POST.get("action") != "withdraw",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The invitation was saved."))
            return redirect("guidance:municipality", knr=knr)
    return render(
        request,
        "guidance/invite.html",
        module_context(access, form=form, invited=invited),
        status=400 if request.method == "POST" else 200,
    )


# The intercommunal plan office ---------------------------------------------------------------


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("aar", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


@login_required
@require_GET
def office(request: HttpRequest, slug: str) -> HttpResponse:
    """The office's work view across the municipalities it serves."""
    organisation = get_office_for_user(request, slug)
    year = _year(request)
    return render(
        request,
        "guidance/office.html",
        {
            "organisation": organisation,
            "year": year,
            **selectors.office_page(organisation, year),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_plan(request: HttpRequest, slug: str, what: str) -> HttpResponse:
    """Plan a task for a served municipality ("oppdrag") or set a month's capacity
    ("kapasitet"): the office's administrators and editors."""
    organisation = get_office_for_user(request, slug, edit=True)
    if what not in ("oppdrag", "kapasitet"):
        raise Http404("Nothing to plan")
    if what == "oppdrag":
        form = OfficeAssignmentForm(request.POST or None, office=organisation)
    else:
        form = OfficeCapacityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if what == "oppdrag":
                services.office_assignment_add(
                    office=organisation, user=request.user, **form.cleaned_data
                )
            else:
                services.office_capacity_set(
                    office=organisation, user=request.user, **form.cleaned_data
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            year = form.cleaned_data["month"].year
            return redirect(f"{reverse('guidance:office', args=[slug])}?aar={year}")
    return render(
        request,
        "guidance/office_form.html",
        {"organisation": organisation, "form": form, "what": what},
        status=400 if request.method == "POST" else 200,
    )
