"""Forms of participation: the planner's and the public's. Free text is stripped of HTML; the
public form has a honeypot field and a minimum fill time instead of a CAPTCHA."""

from __future__ import annotations

import secrets
import time
from typing import Any

from django import forms
from django.core import signing
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from samplan.plans.models import Plan
from samplan.processes.models import Process
from samplan.strategy.models import Priority, Strategy

from .models import (
    AgeBand,
    Consultation,
    Moderation,
    Question,
    QuestionKind,
    Source,
    Submission,
)
from .services import PROCESS_FIELDS, Recipient

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
# A person needs more than this to read and fill in the form; a robot does not.
MIN_FILL_SECONDS = 3
MAX_FORM_AGE = 60 * 60 * 24
TOKEN_SALT = "samplan.participation.form"
HONEYPOT = "nettside"


def clean_text(value: str) -> str:
    """Text as typed, without HTML tags or NUL characters."""
    return strip_tags(value or "").replace("\x00", "").strip()


class TextCleaning:
    """Strip HTML from every text field of the form."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]
        for name, value in list(data.items()):
            if isinstance(value, str) and name not in ("skjema", HONEYPOT):
                data[name] = clean_text(value)
        return data


class ConsultationForm(TextCleaning, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Consultation
        fields = [
            "title",
            "kind",
            "subject",
            "strategy",
            "plan",
            "process",
            "summary",
            "description",
            "opens_on",
            "closes_at",
            "status",
            "youth_variant",
            "adopted_on",
            "anonymise_after_days",
        ]
        widgets = {
            "opens_on": DATE,
            "adopted_on": DATE,
            "closes_at": DATETIME,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, municipality: object, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["strategy"].queryset = Strategy.objects.filter(municipality=municipality)
        self.fields["plan"].queryset = Plan.objects.filter(municipality=municipality).order_by(
            "title"
        )
        self.fields["process"].queryset = Process.objects.filter(
            municipality=municipality
        ).order_by("name")
        self.fields["closes_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["version"].initial = self.instance.version


class QuestionForm(TextCleaning, forms.ModelForm):
    class Meta:
        model = Question
        fields = ["kind", "text", "youth_text", "options", "required"]
        widgets = {"options": forms.Textarea(attrs={"rows": 4})}


class DocumentForm(TextCleaning, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"), help_text=_("PDF or an image, at most 50 MB."), max_length=200
    )


class InviteForm(TextCleaning, forms.Form):
    """Actors of the municipality's actor register that have an e-mail address (those of the
    consultation's process plan first, and ticked), the strategy's consultation bodies (each
    with an e-mail address) and anyone else."""

    actors = forms.TypedMultipleChoiceField(
        label=_("Actors from the actor register"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Actors with a contact e-mail in the actor register (process plans). Those of the "
            "consultation's process plan come first and are ticked."
        ),
    )
    others = forms.CharField(
        label=_("Others to invite"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: name, e-mail. For example: Tydal pensjonistforening, post@…"),
    )

    def __init__(self, *args: Any, bodies: list, actors: list | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bodies = bodies
        self.actors = {actor.pk: actor for actor in actors or []}
        if self.actors:
            self.fields["actors"].choices = [
                (actor.pk, _actor_label(actor)) for actor in self.actors.values()
            ]
            self.fields["actors"].initial = [a.pk for a in self.actors.values() if a.in_process]
        else:
            del self.fields["actors"]
        for body in bodies:
            self.fields[f"body_{body.pk}"] = forms.EmailField(
                label=body.name, required=False, help_text=_("E-mail address of the body")
            )
        self.order_fields(["actors"])

    def recipients(self) -> list[Recipient]:
        chosen = [self.actors[pk] for pk in self.cleaned_data.get("actors", [])]
        found = [Recipient(actor.name, actor.email, actor_id=actor.pk) for actor in chosen]
        found += [
            Recipient(body.name, self.cleaned_data[f"body_{body.pk}"], body_id=body.pk)
            for body in self.bodies
            if self.cleaned_data.get(f"body_{body.pk}")
        ]
        return found + self._others

    def clean_others(self) -> str:
        self._others: list[Recipient] = []
        for number, line in enumerate(self.cleaned_data["others"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _comma, email = line.rpartition(",")
            try:
                email = forms.EmailField().clean(email.strip())
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("Line %(number)s: write a name, a comma and an e-mail address.")
                    % {"number": number}
                ) from error
            self._others.append(Recipient(clean_text(name) or email, email))
        return self.cleaned_data["others"]


def _actor_label(actor: Any) -> str:
    label = f"{actor.name} ({actor.email})"
    if actor.in_process:
        label += " – " + str(_("in the process plan's actor analysis"))
    return label


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


def form_token(seconds_ago: float = 0) -> str:
    """The hidden `skjema` value: a random id (a double post is one submission) and the time
    the form was shown (signed, so it cannot be forged)."""
    return signing.dumps(
        {"n": secrets.token_hex(16), "t": time.time() - seconds_ago}, salt=TOKEN_SALT
    )


def read_form_token(value: str) -> tuple[str, float] | None:
    try:
        data = signing.loads(value, salt=TOKEN_SALT, max_age=MAX_FORM_AGE)
    except signing.BadSignature:
        return None
    return str(data["n"]), time.time() - float(data["t"])


def question_fields(questions: list[Question], youth: bool = False) -> dict[str, forms.Field]:
    """One field per question (a ranking: one per option, its place)."""
    fields: dict[str, forms.Field] = {}
    for question in questions:
        label = (question.youth_text or question.text) if youth else question.text
        options = question.option_list()
        if question.kind == QuestionKind.CHOICE:
            fields[f"q_{question.pk}"] = forms.ChoiceField(
                label=label,
                required=question.required,
                choices=[(option, option) for option in options],
                widget=forms.RadioSelect,
            )
        elif question.kind == QuestionKind.RANKING:
            places = [("", _("No place"))] + [(str(n), str(n)) for n in range(1, len(options) + 1)]
            for index, option in enumerate(options):
                fields[f"q_{question.pk}_{index}"] = forms.ChoiceField(
                    label=_("%(question)s – place for: %(option)s")
                    % {"question": label, "option": option},
                    required=False,
                    choices=places,
                )
        else:
            fields[f"q_{question.pk}"] = forms.CharField(
                label=label,
                required=question.required,
                max_length=5000 if question.kind == QuestionKind.TEXT else 200,
                widget=(
                    forms.Textarea(attrs={"rows": 4})
                    if question.kind == QuestionKind.TEXT
                    else forms.TextInput(attrs={"autocomplete": "off"})
                ),
                help_text=(
                    _("A place name or an address.") if question.kind == QuestionKind.PLACE else ""
                ),
            )
    return fields


def answers_from(questions: list[Question], data: dict[str, Any]) -> dict[int, str]:
    """The answers as text per question (a ranking as "first > second > …")."""
    answers: dict[int, str] = {}
    for question in questions:
        if question.kind == QuestionKind.RANKING:
            placed = sorted(
                (int(data[f"q_{question.pk}_{index}"]), option)
                for index, option in enumerate(question.option_list())
                if data.get(f"q_{question.pk}_{index}")
            )
            answers[question.pk] = " > ".join(option for _place, option in placed)
        else:
            answers[question.pk] = clean_text(str(data.get(f"q_{question.pk}") or ""))
    return answers


def ranking_errors(questions: list[Question], data: dict[str, Any]) -> list[str]:
    errors = []
    for question in questions:
        if question.kind != QuestionKind.RANKING:
            continue
        places = [
            data[f"q_{question.pk}_{index}"]
            for index in range(len(question.option_list()))
            if data.get(f"q_{question.pk}_{index}")
        ]
        if len(places) != len(set(places)):
            errors.append(
                _("%(question)s: give each option its own place.") % {"question": question.text}
            )
    return errors


class SubmissionForm(TextCleaning, forms.Form):
    """The public form: the answers, the contributor (or anonymous), age, consent."""

    text = forms.CharField(
        label=_("Your input"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    place = forms.CharField(
        label=_("Which place does your input concern?"),
        required=False,
        max_length=200,
        help_text=_("A place name or an address (optional)."),
    )
    files = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Up to three PDF files or images, at most 10 MB each (optional)."),
    )
    anonymous = forms.BooleanField(
        label=_("Send anonymously"),
        required=False,
        help_text=_("Your name is then not stored. Give an e-mail address to get a receipt."),
    )
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("For the receipt, your private link and what happened to your input."),
    )
    organisation = forms.CharField(
        label=_("Organisation, or the group you speak for"), required=False, max_length=200
    )
    age_band = forms.ChoiceField(label=_("Age"), required=False, choices=AgeBand.choices)
    consent = forms.BooleanField(label=_("I have read the privacy statement"), required=True)
    skjema = forms.CharField(widget=forms.HiddenInput)
    nettside = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, questions: list[Question], youth: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.questions = questions
        extra = question_fields(questions, youth)
        ordered = dict(extra)
        ordered.update(self.fields)
        self.fields = ordered
        self.fields["consent"].error_messages["required"] = _(
            "You must accept the privacy statement to send your input."
        )
        if not self.is_bound:
            self.fields["skjema"].initial = form_token()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for error in ranking_errors(self.questions, data):
            self.add_error(None, error)
        if not data.get("anonymous") and not data.get("name"):
            self.add_error("name", _("Write your name, or choose to send anonymously."))
        return data

    def answers(self) -> dict[int, str]:
        return answers_from(self.questions, self.cleaned_data)


class PlannerSubmissionForm(TextCleaning, forms.Form):
    """A contribution from an open meeting, a workshop or a letter, entered by the planner."""

    source = forms.ChoiceField(
        label=_("Source"),
        choices=[(s.value, s.label) for s in (Source.MEETING, Source.WORKSHOP, Source.LETTER)],
    )
    source_note = forms.CharField(
        label=_("Where and when"),
        max_length=300,
        help_text=_("For example: Folkemøte i samfunnshuset 12.3., gruppe 2."),
    )
    text = forms.CharField(
        label=_("The contribution"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    name = forms.CharField(label=_("From (name or group)"), required=False, max_length=200)
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=200)
    age_band = forms.ChoiceField(label=_("Age"), required=False, choices=AgeBand.choices)
    place = forms.CharField(label=_("Place"), required=False, max_length=200)


class ProcessForm(TextCleaning, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Submission
        fields = [*PROCESS_FIELDS, "priorities"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "assessment": forms.Textarea(attrs={"rows": 5}),
            "priorities": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        strategy_id = self.instance.consultation.strategy_id
        self.fields["priorities"].queryset = Priority.objects.filter(strategy_id=strategy_id)
        if not strategy_id:
            del self.fields["priorities"]
        self.fields["moderation"].choices = [
            (m.value, m.label) for m in Moderation if m != Moderation.WITHDRAWN
        ]
        self.fields["version"].initial = self.instance.version


class CloseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Close even though some submissions are not processed"), required=False
    )


class CorrectForm(TextCleaning, forms.Form):
    text = forms.CharField(
        label=_("Your input"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.fields.update(question_fields(questions))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for error in ranking_errors(self.questions, data):
            self.add_error(None, error)
        return data


class PersonExportForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("Everything participation holds about this address is downloaded as JSON."),
    )
