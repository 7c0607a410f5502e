"""Forms for the planning strategy workbench."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samplan.municipalities.models import Municipality

from .models import STATUS_ORDER, ConsultationBody, Priority, Strategy

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StatusForm(forms.ModelForm):
    """Status, the dates checked against PBL § 10-1, and the decision on the master plan.

    The constitution date belongs to the election period (kept in plantakt, where the calendar
    uses it too); the form shows and saves it through the strategy's services."""

    constituted_on = forms.DateField(
        label=_("Council constituted"),
        required=False,
        widget=DATE,
        help_text=_(
            "The date of the new council's constituting meeting. The strategy must be adopted "
            "within a year of it. Empty: 31 October of the election year, the latest legal date."
        ),
    )
    field_order = ["status", "constituted_on"]

    class Meta:
        model = Strategy
        fields = [
            "status",
            "public_from",
            "council_meeting",
            "adopted_on",
            "master_plan_decision",
            "master_plan_parts",
            "shared_with_members",
        ]
        widgets = {
            "public_from": DATE,
            "council_meeting": DATE,
            "adopted_on": DATE,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["constituted_on"].initial = self.instance.constituted_on
        # Forward only: going back a status is its own step, with a reason.
        step = STATUS_ORDER.index(self.instance.status)
        status = self.fields["status"]
        status.choices = [  # type: ignore[attr-defined]
            choice
            for choice in status.choices
            if choice[0] in STATUS_ORDER[step:]  # type: ignore[attr-defined]
        ]


class SectionForm(forms.Form):
    """The text of one guided section."""

    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Separate paragraphs with an empty line."),
    )


class BodyForm(forms.ModelForm):
    class Meta:
        model = ConsultationBody
        fields = ["kind", "neighbour", "name", "asked_on", "answered_on", "answer"]
        widgets = {
            "asked_on": DATE,
            "answered_on": DATE,
            "answer": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "name": _("Filled in from the municipality when you pick a neighbour."),
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        neighbour = self.fields["neighbour"]
        neighbour.queryset = (  # type: ignore[attr-defined]
            Municipality.objects.exclude(pk=municipality.pk)
            .select_related("county")
            .order_by("county__name", "name")
        )
        neighbour.label_from_instance = (  # type: ignore[attr-defined]
            lambda other: f"{other.name} ({other.county.name})"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("neighbour") and not data.get("name"):
            data["name"] = data["neighbour"].name
        if not data.get("name"):
            self.add_error("name", _("Enter the body's name, or pick a neighbouring municipality."))
        return data


class PriorityForm(forms.ModelForm):
    class Meta:
        model = Priority
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ReasonForm(forms.Form):
    """The reason for a step that needs one (kept in the history)."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. the council's decision, or what was registered by mistake."),
    )
