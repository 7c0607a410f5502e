"""Forms for the planning strategy workbench."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samplan.core.versioning import VersionedForm
from samplan.municipalities.models import Municipality, neighbour_numbers

from .models import STATUS_ORDER, ConsultationBody, Priority, Strategy

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StatusForm(VersionedForm):
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
    # The version of plantakt's period facts the constitution date was shown from (0: none
    # stored): a date saved since on plantakt's period page makes the form stale.
    period_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    field_order = ["status", "constituted_on"]

    class Meta:
        model = Strategy
        fields = [
            "status",
            "public_from",
            "council_meeting",
            "adopted_on",
            "statement_deadline",
            "workshop_on",
            "master_plan_decision",
            "master_plan_parts",
            "shared_with_members",
        ]
        widgets = {
            "public_from": DATE,
            "council_meeting": DATE,
            "adopted_on": DATE,
            "statement_deadline": DATE,
            "workshop_on": DATE,
        }

    def __init__(self, *args: Any, period_version: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["constituted_on"].initial = self.instance.constituted_on
        self.fields["period_version"].initial = period_version
        # Forward only: going back a status is its own step, with a reason.
        step = STATUS_ORDER.index(self.instance.status)
        status = self.fields["status"]
        status.choices = [  # type: ignore[attr-defined]
            choice
            for choice in status.choices
            if choice[0] in STATUS_ORDER[step:]  # type: ignore[attr-defined]
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        deadline = data.get("statement_deadline")
        public_from, meeting = data.get("public_from"), data.get("council_meeting")
        if deadline and public_from and deadline <= public_from:
            self.add_error(
                "statement_deadline",
                _("The deadline for statements must be after the proposal is made public."),
            )
        if deadline and meeting and deadline >= meeting:
            self.add_error(
                "statement_deadline",
                _("The deadline for statements must be before the council meeting that decides."),
            )
        return data


class SectionForm(forms.Form):
    """The text of one guided section."""

    text = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Separate paragraphs with an empty line."),
    )
    # The digest of the saved text the form was made from (sections.text_digest): a save from
    # an older text is refused instead of overwriting what someone else saved meanwhile.
    read_digest = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


def municipality_label(municipality: Municipality) -> str:
    """ "Våler (Innlandet)", "Selbu (Trøndelag)": the county once, also where SSB's name has it."""
    return f"{municipality.name_without_county} ({municipality.county.name})"


def neighbour_choices(
    municipality: Municipality, others: list[Municipality]
) -> list[tuple[object, object]]:
    """The picker's options: the municipality's neighbours first, then every other one."""
    near = neighbour_numbers(municipality.number)

    def options(group: list[Municipality]) -> list[tuple[str, str]]:
        return [(other.pk, municipality_label(other)) for other in group]

    neighbours = [other for other in others if other.pk in near]
    rest = [other for other in others if other.pk not in near]
    groups: list[tuple[object, object]] = [("", _("Not a municipality"))]
    if neighbours:
        groups.append((_("Neighbouring municipalities"), options(neighbours)))
    groups.append((_("Other municipalities"), options(rest)))
    return groups


class BodyForm(VersionedForm):
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
        others = list(
            Municipality.objects.exclude(pk=municipality.pk)
            .select_related("county")
            .order_by("county__name", "name")
        )
        neighbour.queryset = Municipality.objects.exclude(pk=municipality.pk)  # type: ignore[attr-defined]
        neighbour.choices = neighbour_choices(municipality, others)

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
