"""The members' phone pages of a live workshop, reached by its short link (/v/<key>/).

A member of the municipality's own organisation who is logged in joins at once; anyone else
joins with a one-time code from the planner (the form is rate-limited per address). The phone
keeps its participation in the session. The pages are small and work without JavaScript; with
htmx a waiting phone asks every few seconds whether the step changed (an empty 204 answer when
not) and reloads when it did."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from samplan.core.prepared import PreparedQuery
from samplan.core.ratelimit import rate_limit
from samplan.municipalities.models import OrganisationKind
from samplan.municipalities.permissions import access_map

from . import services
from .forms import CommentForm, DotsForm, JoinForm, RankingForm
from .models import DotVote, Option, OptionKind, Participant, Rank, Step, Workshop

SESSION_KEY = "samplan_workshops"

# The phone's reads, the same at every answer (30 phones at once): compiled once per process.
_WORKSHOP = PreparedQuery(
    lambda key: Workshop.objects.select_related("municipality").filter(key=key), key="-key-"
)
_PARTICIPANT = PreparedQuery(
    lambda workshop, token: Participant.objects.filter(workshop_id=workshop, token=token)[:1],
    workshop=-1,
    token="-token-",
)
_OPTIONS = PreparedQuery(lambda workshop: Option.objects.filter(workshop_id=workshop), workshop=-1)


def _workshop(key: str) -> Workshop:
    found = _WORKSHOP(key=key)
    if not found:
        raise Http404
    return found[0]


def _own_member(request: HttpRequest, workshop: Workshop) -> bool:
    """A logged-in member of the municipality's own organisation (not a county adviser)."""
    access = access_map(request.user).get(workshop.municipality_id)
    return access is not None and access.via.kind == OrganisationKind.MUNICIPALITY


def _participant(request: HttpRequest, workshop: Workshop) -> Participant | None:
    """This phone's participation: from the session, or the logged-in member's own."""
    token = request.session.get(SESSION_KEY, {}).get(workshop.key)
    if token:
        found = _PARTICIPANT(workshop=workshop.pk, token=token)
        if found:
            return found[0]
    if request.user.is_authenticated and not workshop.is_closed:
        return Participant.objects.filter(workshop=workshop, user=request.user).first()
    return None


def _remember(request: HttpRequest, workshop: Workshop, participant: Participant) -> None:
    tokens = dict(request.session.get(SESSION_KEY, {}))
    tokens[workshop.key] = participant.token
    request.session[SESSION_KEY] = tokens


@require_GET
def join(request: HttpRequest, key: str) -> HttpResponse:
    """The phone's page: the join form, or the current step."""
    workshop = _workshop(key)
    waiting_for = request.GET.get("venter")
    if waiting_for is not None and request.htmx:
        return (
            HttpResponseClientRefresh()
            if waiting_for != workshop.step
            else HttpResponse(status=204)
        )
    participant = _participant(request, workshop)
    context = {"workshop": workshop, "participant": participant}
    if participant is None:
        context["form"] = JoinForm()
        context["as_member"] = _own_member(request, workshop)
    else:
        context.update(_step_context(workshop, participant))
    return render(request, "politics/join.html", context)


def _step_context(workshop: Workshop, participant: Participant, form: object = None) -> dict:
    """What the phone shows at the workshop's step (the participant's own earlier answer)."""
    options = list(Option.objects.filter(workshop=workshop))
    if workshop.step == Step.DOTS:
        mine = dict(
            DotVote.objects.filter(participant=participant).values_list("option_id", "points")
        )
        challenges = [o for o in options if o.kind == OptionKind.CHALLENGE]
        form = form or DotsForm(
            options=challenges,
            points=workshop.points,
            initial={f"o{pk}": points for pk, points in mine.items()},
        )
        return {"form": form, "answered": bool(mine)}
    if workshop.step == Step.RANKING:
        mine = dict(Rank.objects.filter(participant=participant).values_list("option_id", "place"))
        proposals = [o for o in options if o.kind == OptionKind.PROPOSAL]
        form = form or RankingForm(
            options=proposals, initial={f"o{pk}": place for pk, place in mine.items()}
        )
        return {"form": form, "answered": bool(mine)}
    if workshop.step == Step.COMMENTS:
        return {"form": form or CommentForm(), "sent": participant.comments.count()}
    return {"challenges": [o.title for o in options if o.kind == OptionKind.CHALLENGE]}


@require_POST
@rate_limit("workshop_join")
def join_with_code(request: HttpRequest, key: str) -> HttpResponse:
    """Join: a logged-in member of the municipality as themselves, anyone else with a code."""
    workshop = _workshop(key)
    form = JoinForm(request.POST)
    try:
        if _own_member(request, workshop) and "code" not in request.POST:
            participant = services.participant_join_user(workshop=workshop, user=request.user)
        elif form.is_valid():
            participant = services.participant_join_code(
                workshop=workshop, typed=form.cleaned_data["code"]
            )
        else:
            raise ValidationError("")
    except ValidationError as error:
        if error.messages and error.messages[0]:
            form.add_error("code" if "code" in request.POST else None, error)
        context = {"workshop": workshop, "form": form}
        return render(request, "politics/join.html", context, status=400)
    _remember(request, workshop, participant)
    return redirect("politics:join", key=key)


def _answer(
    request: HttpRequest, key: str, form_class: type, save: object, done: str
) -> HttpResponse:
    """Validate one step's answer and save it; the step's page again with errors (400)."""
    workshop = _workshop(key)
    participant = _participant(request, workshop)
    if participant is None:
        messages.error(request, _("Join the workshop first."))
        return redirect("politics:join", key=key)
    form = _bound(request, workshop, form_class)
    if workshop.is_closed or not form.is_valid():
        context = {"workshop": workshop, "participant": participant}
        context.update(_step_context(workshop, participant, form))
        return render(request, "politics/join.html", context, status=400)
    try:
        save(participant, form)  # type: ignore[operator]
    except ValidationError as error:
        # The step moved on, or the total is over: say so on the current step's page.
        messages.error(request, error.messages[0])
        return redirect("politics:join", key=key)
    messages.success(request, done)
    return redirect("politics:join", key=key)


def _bound(request: HttpRequest, workshop: Workshop, form_class: type) -> object:
    options = _OPTIONS(workshop=workshop.pk)
    if form_class is DotsForm:
        challenges = [o for o in options if o.kind == OptionKind.CHALLENGE]
        return DotsForm(request.POST, options=challenges, points=workshop.points)
    if form_class is RankingForm:
        proposals = [o for o in options if o.kind == OptionKind.PROPOSAL]
        return RankingForm(request.POST, options=proposals)
    return form_class(request.POST)


@require_POST
def dots(request: HttpRequest, key: str) -> HttpResponse:
    def save(participant: Participant, form: DotsForm) -> None:
        services.dots_save(participant=participant, points=form.as_points())

    return _answer(request, key, DotsForm, save, _("Your points are counted."))


@require_POST
def ranking(request: HttpRequest, key: str) -> HttpResponse:
    def save(participant: Participant, form: RankingForm) -> None:
        services.ranking_save(participant=participant, order=form.as_order())

    return _answer(request, key, RankingForm, save, _("Your ranking is counted."))


@require_POST
def comment(request: HttpRequest, key: str) -> HttpResponse:
    def save(participant: Participant, form: CommentForm) -> None:
        services.comment_add(participant=participant, text=form.cleaned_data["text"])

    return _answer(request, key, CommentForm, save, _("Your comment is on the screen."))
