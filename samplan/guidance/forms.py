"""Forms for guidance, with Norwegian messages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samplan.municipalities.models import Organisation, OrganisationKind

from .models import FollowUp, Meeting


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


class MeetingForm(forms.ModelForm):
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
    sorter = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args: object, sorts: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["sorter"].choices = sorts
