"""Forms for guidance, with Norwegian messages."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from samplan.core.versioning import VersionedForm
from samplan.municipalities.models import Municipality, Organisation, OrganisationKind

from .models import FollowUp, Gathering, Meeting, Network
from .selectors import board_sorts


class ThreadForm(forms.Form):
    target = forms.ChoiceField(label=_("What the comment is about"))
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea)

    def __init__(self, *args: object, targets: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["target"].choices = targets


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class MeetingForm(VersionedForm):
    class Meta:
        model = Meeting
        fields = ["title", "date", "place", "agenda", "participants", "notes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "participants": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 6}),
        }


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["text", "responsible", "due"]
        widgets = {"due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class InviteForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("County governor"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["organisation"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.COUNTY_GOVERNOR
        ).order_by("name")


class BoardFilterForm(forms.Form):
    q = forms.CharField(label=_("Municipality"), max_length=100, required=False)
    vis = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All municipalities")),
            ("urgent", _("Due soon or late")),
            ("late", _("Late only")),
        ],
    )
    # Made by a callable (the registered status columns, in the active language): the form's
    # markup follows from its values and the language (core's form_rendered_once).
    sorter = forms.ChoiceField(label=_("Sort by"), required=False, choices=board_sorts)


class NetworkForm(forms.ModelForm):
    owners = forms.ModelMultipleChoiceField(
        label=_("Run by"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Your organisations that run the network together."),
    )
    question_lines = forms.CharField(
        label=_("Own questions"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One question a line, asked besides the standard ones (the year of the "
            "samfunnsdel, the timetable, statistics and staff time)."
        ),
    )

    class Meta:
        model = Network
        fields = [
            "name",
            "theme",
            "description",
            "starts_on",
            "ends_on",
            "invitation",
            "application_deadline",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "application_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "invitation": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: object, organisations: list[Organisation], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["owners"].queryset = Organisation.objects.filter(
            pk__in=[organisation.pk for organisation in organisations]
        )
        if self.instance.pk:
            self.fields["question_lines"].initial = "\n".join(self.instance.questions)

    def clean(self) -> dict:
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The network cannot end before it starts."))
        data["questions"] = [
            line.strip() for line in data.get("question_lines", "").splitlines() if line.strip()
        ]
        return data


class ApplicationForm(forms.Form):
    samfunnsdel = forms.CharField(
        label=_("Our current samfunnsdel is from (year)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Filled in from the plan register; correct it if needed."),
    )
    timetable = forms.CharField(
        label=_("Timetable for the planning strategy and the samfunnsdel"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Filled in from the plan calendar; correct it if needed."),
    )
    statistics = forms.CharField(
        label=_("Statistics, key figures and facts we start from"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Filled in from the statistics module; add what else you have."),
    )
    staff = forms.CharField(
        label=_("Staff time set aside for the planning"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: object, questions: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.questions = questions
        for index, question in enumerate(questions):
            self.fields[f"question_{index}"] = forms.CharField(
                label=question, max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
            )

    def answers(self) -> dict[str, str]:
        return {
            question: self.cleaned_data[f"question_{index}"]
            for index, question in enumerate(self.questions)
        }


class LeaveForm(forms.Form):
    keep_shared = forms.BooleanField(
        label=_("Our experience posts stay visible to the network"),
        required=False,
        help_text=_("If not ticked, they are no longer shared with the network."),
    )


class GatheringForm(forms.ModelForm):
    class Meta:
        model = Gathering
        fields = ["title", "kind", "date", "place", "agenda", "participants", "notes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "participants": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 6}),
        }


MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_SUFFIXES = (".pdf", ".pptx", ".odp", ".docx", ".odt", ".xlsx", ".ods", ".png", ".jpg")


def _checked_upload(file: object) -> object:
    name = getattr(file, "name", "").lower()
    if not name.endswith(UPLOAD_SUFFIXES):
        raise forms.ValidationError(
            _("Upload a PDF, a presentation, a document, a spreadsheet or a picture.")
        )
    if getattr(file, "size", 0) > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(_("The file is larger than 20 MB."))
    return file


class PresentationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))

    def clean_file(self) -> object:
        return _checked_upload(self.cleaned_data["file"])


class PostForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("What we tried, and what worked"), max_length=20000, widget=forms.Textarea
    )
    tags = forms.CharField(
        label=_("Tags"), max_length=300, required=False, help_text=_("Separated by commas.")
    )
    share = forms.ChoiceField(label=_("Shared with"))
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def __init__(self, *args: object, networks: list[Network], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["share"].choices = [
            *((f"network:{network.pk}", network.name) for network in networks),
            ("all", _("Every Samplan user")),
        ]

    def clean_attachment(self) -> object:
        file = self.cleaned_data.get("attachment")
        return _checked_upload(file) if file else None


MONTH_FORMATS = ["%Y-%m", "%Y-%m-%d", "%m.%Y"]


class OfficeAssignmentForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none()
    )
    task = forms.CharField(label=_("Task"), max_length=300)
    planner = forms.ModelChoiceField(
        label=_("Planner"), queryset=get_user_model().objects.none(), required=False
    )
    month = forms.DateField(
        label=_("Month"),
        input_formats=MONTH_FORMATS,
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    person_days = forms.DecimalField(
        label=_("Person-days"), min_value=Decimal("0.5"), max_digits=6, decimal_places=1
    )

    def __init__(self, *args: object, office: Organisation, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["municipality"].queryset = office.municipalities.order_by("name")
        self.fields["planner"].queryset = (
            get_user_model()
            .objects.filter(memberships__organisation=office)
            .order_by("name", "email")
        )


class OfficeCapacityForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        input_formats=MONTH_FORMATS,
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    person_days = forms.DecimalField(
        label=_("Person-days available"), min_value=Decimal(0), max_digits=6, decimal_places=1
    )
