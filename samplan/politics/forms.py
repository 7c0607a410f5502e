"""Forms of the political arenas, with Norwegian messages through gettext."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import assessment, roles
from .models import Option, Step
from .services import MAX_CODES


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("With"),
        max_length=200,
        help_text=_("The council, the executive committee or a committee."),
    )
    subject = forms.ChoiceField(
        label=_("The result is saved to"), required=False, choices=[("", _("Nothing"))]
    )
    points = forms.IntegerField(
        label=_("Points per member"),
        min_value=1,
        max_value=20,
        initial=5,
        help_text=_("How many points each member spreads over the challenges."),
    )
    challenges = forms.CharField(
        label=_("Challenges"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line. Filled in from the challenge picture."),
    )
    proposals = forms.CharField(
        label=_("Proposals to rank"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One per line: goals or measures. Filled in from what the workshop is about."),
    )

    def __init__(self, *args: object, subjects: list = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.subjects = {subject.key: subject for subject in subjects}
        self.fields["subject"].choices = [("", _("Nothing")), *((s.key, s.title) for s in subjects)]

    def clean_challenges(self) -> list[str]:
        lines = _lines(self.cleaned_data["challenges"])
        if len(lines) < 2:
            raise forms.ValidationError(_("Write at least two challenges, one per line."))
        return lines

    def clean_proposals(self) -> list[str]:
        return _lines(self.cleaned_data.get("proposals", ""))


class StepForm(forms.Form):
    step = forms.ChoiceField(choices=Step.choices)


class CodesForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of codes"), min_value=1, max_value=MAX_CODES, initial=10
    )


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=20,
        help_text=_("The code on the slip you got, e.g. abcd-efgh-jk."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )


class DotsForm(forms.Form):
    """One number field per challenge; together at most the workshop's points."""

    def __init__(self, *args: object, options: list[Option], points: int, **kwargs: object):
        super().__init__(*args, **kwargs)
        self.points = points
        for option in options:
            self.fields[f"o{option.pk}"] = forms.IntegerField(
                label=option.title, min_value=0, max_value=points, initial=0, required=False
            )

    def clean(self) -> dict:
        data = super().clean()
        total = sum(value or 0 for value in data.values())
        if total > self.points:
            raise forms.ValidationError(
                _("You gave %(total)s points; you have %(max)s.")
                % {"total": total, "max": self.points}
            )
        if total == 0 and not self.errors:
            raise forms.ValidationError(_("Give at least one point."))
        return data

    def as_points(self) -> dict[int, int]:
        return {int(name[1:]): value or 0 for name, value in self.cleaned_data.items()}


class RankingForm(forms.Form):
    """One place per proposal (1 = most important), each place used once."""

    def __init__(self, *args: object, options: list[Option], **kwargs: object):
        super().__init__(*args, **kwargs)
        places = [(str(n), str(n)) for n in range(1, len(options) + 1)]
        for option in options:
            self.fields[f"o{option.pk}"] = forms.TypedChoiceField(
                label=option.title, choices=[("", "–"), *places], coerce=int
            )

    def clean(self) -> dict:
        data = super().clean()
        if not self.errors and len(set(data.values())) != len(data):
            raise forms.ValidationError(_("Give each proposal its own place."))
        return data

    def as_order(self) -> list[int]:
        return [int(name[1:]) for name, _p in sorted(self.cleaned_data.items(), key=lambda i: i[1])]


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the screen without your name."),
    )


class DelegationForm(forms.Form):
    body = forms.ChoiceField(
        label=_("Decided by"), choices=[(key, label) for key, label in roles.BODIES.items()]
    )
    body_name = forms.CharField(
        label=_("Name of the body"),
        max_length=200,
        required=False,
        help_text=_("E.g. “Utvalg for plan og miljø” when a committee decides."),
    )
    reference = forms.CharField(
        label=_("Where in the delegation rules"),
        max_length=200,
        required=False,
        help_text=_("E.g. “Delegeringsreglementet punkt 4.2”."),
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


SCALE = [
    ("1", _("1 Completely disagree")),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", _("5 Completely agree")),
    ("", _("Don't know")),
]


class AssessmentForm(forms.Form):
    """The self-assessment: the group, a 1–5 rating per statement and free text per theme."""

    group = forms.ChoiceField(
        label=_("I answer as"),
        choices=list(assessment.GROUPS.items()),
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for statement in assessment.STATEMENTS:
            self.fields[statement.key] = forms.TypedChoiceField(
                label=statement.text,
                choices=SCALE,
                coerce=int,
                empty_value=0,
                required=False,
                widget=forms.RadioSelect,
            )
        for theme in assessment.THEMES:
            self.fields[f"note_{theme.key}"] = forms.CharField(
                label=_("Anything to add about “%(theme)s”?") % {"theme": theme.title},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Do not write names: the text is shown to everyone in the workspace."),
            )

    def themes(self) -> list[tuple[assessment.Theme, list[forms.BoundField], forms.BoundField]]:
        """The fields in the order of the themes, for the template."""
        return [
            (
                theme,
                [self[statement.key] for statement in assessment.statements_of(theme.key)],
                self[f"note_{theme.key}"],
            )
            for theme in assessment.THEMES
        ]

    def ratings(self) -> dict[str, int]:
        return {s.key: self.cleaned_data.get(s.key) or 0 for s in assessment.STATEMENTS}

    def notes(self) -> dict[str, str]:
        return {t.key: self.cleaned_data.get(f"note_{t.key}", "") for t in assessment.THEMES}


class ForumMeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Proposed from the coming deadlines and overdue revisions; change it freely."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)
