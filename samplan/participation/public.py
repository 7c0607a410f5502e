"""The public pages of participation, no log-in: a municipality's consultations, one
consultation with its form (and the simple variant for young people, one question per screen),
the contributor's private page, the documents and the privacy statement.

Abuse is met without a CAPTCHA (CAPTCHAs fail accessibility): limits per client address and per
consultation (core.ratelimit), a honeypot field, a minimum fill time, size limits, HTML
stripped; the form's random id makes a double post one submission."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samplan.core.forms import add_errors
from samplan.core.ratelimit import Limit, client_ip, hit, too_many_requests
from samplan.municipalities.models import Municipality

from . import selectors, services
from .forms import (
    HONEYPOT,
    MIN_FILL_SECONDS,
    CorrectForm,
    SubmissionForm,
    answers_from,
    form_token,
    read_form_token,
)
from .models import Consultation, Moderation, Source, Submission
from .permissions import get_public_consultation
from .services import Contribution


@require_GET
def public_index(request: HttpRequest, knr: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality.objects.select_related("workspace"), pk=knr)
    workspace = getattr(municipality, "workspace", None)
    return render(
        request,
        "participation/public_index.html",
        {
            "municipality": municipality,
            "is_example": bool(getattr(workspace, "is_example", False)),
            "consultations": selectors.public_index(municipality),
        },
    )


def _over_limit(request: HttpRequest, consultation: Consultation) -> HttpResponse | None:
    """The per-address and per-consultation limits on submissions."""
    requests, seconds = settings.RATE_LIMITS["submission"]
    wait = hit("submission", client_ip(request), Limit(requests, seconds))
    requests, seconds = settings.RATE_LIMITS["submission_consultation"]
    wait = wait or hit("submission_consultation", f"c{consultation.pk}", Limit(requests, seconds))
    return too_many_requests(request, wait) if wait else None


def _robot_error(request: HttpRequest) -> str:
    """A reason to refuse a post that a person would not send, or ''."""
    if request.POST.get(HONEYPOT):
        return _("The form could not be sent. Leave the last field empty and send again.")
    token = read_form_token(request.POST.get("skjema", ""))
    if token is None:
        return _("The form is too old or was changed. Check your answers and send again.")
    if token[1] < MIN_FILL_SECONDS:
        return _("The form was sent very quickly. Check your answers and send again.")
    return ""


def _contribution(form: SubmissionForm, source: str) -> Contribution:
    data = form.cleaned_data
    return Contribution(
        text=data["text"],
        anonymous=data["anonymous"],
        name=data["name"],
        email=data["email"],
        organisation=data["organisation"],
        age_band=data["age_band"],
        place=data["place"],
        consent=data["consent"],
        answers=form.answers(),
        files=data["files"],
        source=source,
    )


def _receive(
    request: HttpRequest, consultation: Consultation, form: SubmissionForm, source: str
) -> HttpResponse | None:
    """Store a valid submission and go to the private page (or the thanks page of a double
    post); None when the service refused it (the form then shows why)."""
    nonce, _age = read_form_token(form.cleaned_data["skjema"]) or ("", 0)
    try:
        received = services.submission_create(
            consultation=consultation,
            contribution=_contribution(form, source),
            nonce=nonce,
            questions=form.questions,
        )
    except ValidationError as error:
        add_errors(form, error)
        return None
    if received.duplicate:
        return render(
            request,
            "participation/public_thanks.html",
            _public_context(consultation, submission=received.submission, duplicate=True),
        )
    messages.success(
        request,
        _("Thank you! Your input is received as number %(number)s.")
        % {"number": received.submission.number},
    )
    return redirect(services.own_url(submission=received.submission, token=received.token))


def _post(
    request: HttpRequest, consultation: Consultation, form: SubmissionForm, source: str
) -> HttpResponse | None:
    """A posted submission: over a limit (429), stored (a redirect or the thanks page), or None
    with the reason on the form (closed, a robot's post, invalid input)."""
    if (limited := _over_limit(request, consultation)) is not None:
        return limited
    if not consultation.is_open():
        form.add_error(None, services.closed_message(consultation=consultation))
    elif robot := _robot_error(request):
        form.add_error(None, robot)
    elif form.is_valid():
        return _receive(request, consultation, form, source)
    return None


def _public_context(consultation: Consultation, **extra: object) -> dict[str, object]:
    workspace = getattr(consultation.municipality, "workspace", None)
    return {
        "consultation": consultation,
        "municipality": consultation.municipality,
        "is_example": bool(getattr(workspace, "is_example", False)),
        **extra,
    }


@require_http_methods(["GET", "POST"])
def public(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    """The consultation for everyone: summary, documents, the form, published submissions."""
    consultation = get_public_consultation(knr, pk)
    questions = selectors.public_questions(consultation)
    form = SubmissionForm(request.POST or None, request.FILES or None, questions=questions)
    status = 200
    if request.method == "POST":
        if (response := _post(request, consultation, form, Source.WEB)) is not None:
            return response
        status = 400
        form.data = form.data.copy()
        form.data["skjema"] = form_token()  # a new id: the next try is a new post
    context = selectors.public_page(consultation, request.GET.get("side"), questions)
    return render(request, "participation/public.html", {**context, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def youth(request: HttpRequest, knr: str, pk: int) -> HttpResponse:
    """The simple variant: one question per screen. The answers so far travel as hidden fields
    (nothing is stored before the last screen); each screen checks only its own question."""
    consultation = get_public_consultation(knr, pk)
    if not consultation.youth_variant:
        return redirect(consultation.public_url())
    questions = list(consultation.questions.all())
    form = SubmissionForm(
        request.POST or None, request.FILES or None, questions=questions, youth=True
    )
    step = _step(request, len(questions))
    screens = _youth_screens(form, questions)
    status = 200
    if request.method == "POST" and "neste" in request.POST:
        if _screen_valid(form, screens[step]):
            step += 1
        else:
            status = 400
    elif request.method == "POST":
        if (response := _post(request, consultation, form, Source.YOUTH)) is not None:
            return response
        status = 400
    return render(
        request,
        "participation/youth.html",
        _public_context(
            consultation,
            form=form,
            step=step,
            steps=len(screens),
            screen=screens[min(step, len(screens) - 1)],
            hidden=[name for index, names in enumerate(screens) if index != step for name in names],
            is_open=consultation.is_open(),
        ),
        status=status,
    )


def _step(request: HttpRequest, questions: int) -> int:
    try:
        step = int(request.POST.get("steg", 0))
    except ValueError:
        step = 0
    return max(0, min(step, questions + 1))


def _youth_screens(form: SubmissionForm, questions: list) -> list[list[str]]:
    """The field names of each screen: one question each, then the text and place, then who
    you are and the consent."""
    screens = [
        [name for name in form.fields if name == f"q_{q.pk}" or name.startswith(f"q_{q.pk}_")]
        for q in questions
    ]
    screens.append(["text", "place"])
    screens.append(["age_band", "anonymous", "name", "email", "consent"])
    return screens


def _screen_valid(form: SubmissionForm, names: list[str]) -> bool:
    """Check only this screen's fields (the others are checked on the last screen)."""
    valid = True
    for name in names:
        field = form.fields[name]
        try:
            field.clean(
                field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
            )
        except ValidationError as error:
            form.errors.setdefault(name, form.error_class()).extend(error.messages)
            valid = False
    return valid


def _own_submission(knr: str, token: str) -> Submission:
    return get_object_or_404(
        Submission.objects.select_related("consultation", "consultation__municipality"),
        consultation__municipality_id=knr,
        token_hash=services.token_hash(token=token),
        anonymised=False,
    )


@require_http_methods(["GET", "POST"])
def own(request: HttpRequest, knr: str, token: str) -> HttpResponse:
    """The contributor's private page: see, correct or withdraw until the deadline."""
    submission = _own_submission(knr, token)
    consultation = submission.consultation
    questions = list(consultation.questions.all())
    own_data = selectors.own_submission(submission)
    initial = {"text": submission.text} | {
        f"q_{pk}": value for pk, value in own_data["answers"].items()
    }
    form = CorrectForm(request.POST or None, questions=questions, initial=initial)
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "trekk":
                services.submission_withdraw(submission=submission)
                messages.success(request, _("Your input is withdrawn."))
                return redirect(request.path)
            if form.is_valid():
                services.submission_correct(
                    submission=submission,
                    text=form.cleaned_data["text"],
                    answers=answers_from(questions, form.cleaned_data),
                )
                messages.success(request, _("Your correction is saved."))
                return redirect(request.path)
        except ValidationError as error:
            form.add_error(None, error)
        status = 400
    return render(
        request,
        "participation/own.html",
        _public_context(
            consultation,
            submission=submission,
            form=form,
            own=own_data,
            questions=questions,
            can_change=consultation.is_open() and submission.moderation != Moderation.WITHDRAWN,
        ),
        status=status,
    )


@require_GET
def document_file(request: HttpRequest, knr: str, pk: int, document: int) -> HttpResponse:
    """A document on consultation: public once the consultation is published."""
    consultation = get_public_consultation(knr, pk)
    found = get_object_or_404(consultation.documents.all(), pk=document)
    return FileResponse(found.file.open("rb"), content_type=found.media_type)


@require_GET
def privacy(request: HttpRequest, knr: str) -> HttpResponse:
    """The privacy statement of the municipality's participation pages."""
    municipality = get_object_or_404(Municipality.objects.select_related("workspace"), pk=knr)
    workspace = getattr(municipality, "workspace", None)
    return render(
        request,
        "participation/privacy.html",
        {
            "municipality": municipality,
            "workspace": workspace,
            "is_example": bool(getattr(workspace, "is_example", False)),
        },
    )
