"""Forms for process plans. The forms of rows two planners may edit at once carry the version
the planner started from (a hidden field), so the service can refuse the second save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samplan.core.versioning import VersionedForm
from samplan.plans.models import Plan

from .models import (
    Activity,
    Actor,
    Force,
    IntermediateResult,
    KeyQuestion,
    Phase,
    Process,
    ProcessActor,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 4})
INFLUENCE = [
    (1, _("1 – very low")),
    (2, _("2 – low")),
    (3, _("3 – medium")),
    (4, _("4 – high")),
    (5, _("5 – very high")),
]
STANCE = [
    (1, _("1 – clearly against")),
    (2, _("2 – rather against")),
    (3, _("3 – neutral")),
    (4, _("4 – rather for")),
    (5, _("5 – clearly for")),
]


class ProcessForm(VersionedForm):
    class Meta:
        model = Process
        fields = [
            "name",
            "kind",
            "status",
            "plan",
            "community_goal",
            "owner",
            "team",
            "starts_on",
            "ends_on",
            "sami_relevant",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "community_goal": TEXT,
            "team": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.filter(
            municipality=self.instance.municipality_id
        ).order_by("title")


class ResultForm(VersionedForm):
    """The desired result, how we will know, and the overall participation approach."""

    class Meta:
        model = Process
        fields = ["desired_result", "desired_result_measure", "participation_plan"]
        widgets = {"desired_result": TEXT, "desired_result_measure": TEXT}


class QuestionForm(VersionedForm):
    class Meta:
        model = KeyQuestion
        fields = ["text", "status"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}


class IntermediateResultForm(forms.ModelForm):
    class Meta:
        model = IntermediateResult
        fields = ["title", "measure", "due_on"]
        widgets = {"due_on": DATE, "measure": TEXT}


class PhaseForm(VersionedForm):
    class Meta:
        model = Phase
        fields = ["order", "title", "goal", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "goal": TEXT}


class ActivityForm(VersionedForm):
    class Meta:
        model = Activity
        fields = [
            "title",
            "kind",
            "starts_on",
            "ends_on",
            "place",
            "responsible",
            "participants",
            "group",
            "method",
            "knowledge",
            "county_guidance",
            "done_on",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "done_on": DATE,
            "participants": forms.CheckboxSelectMultiple,
            "method": TEXT,
            "knowledge": TEXT,
        }

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = ProcessActor.objects.filter(
            process=process
        ).select_related("actor")
        self.fields["participants"].help_text = _(
            "The actors of the process who take part (add actors in the actor analysis)."
        )


class ActorForm(VersionedForm):
    class Meta:
        model = Actor
        fields = ["name", "kind", "internal", "group", "email", "description"]
        widgets = {"description": TEXT}


class RoleForm(VersionedForm):
    influence = forms.TypedChoiceField(
        label=_("Influence"), choices=INFLUENCE, coerce=int, initial=3
    )
    stance = forms.TypedChoiceField(label=_("Stance"), choices=STANCE, coerce=int, initial=3)

    class Meta:
        model = ProcessActor
        fields = [
            "actor",
            "involvement",
            "influence",
            "stance",
            "champion",
            "strategy",
            "why",
            "participation",
        ]
        widgets = {"why": TEXT, "participation": TEXT}

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = ProcessActor.objects.filter(process=process).exclude(pk=self.instance.pk)
        self.fields["actor"].queryset = Actor.objects.filter(
            municipality=process.municipality_id
        ).exclude(pk__in=taken.values("actor_id"))
        self.fields["actor"].help_text = _(
            "From the municipality's actor register. Missing? Add it to the register first."
        )


class ForceForm(forms.ModelForm):
    class Meta:
        model = Force
        fields = ["direction", "description", "response"]
        widgets = {"description": TEXT, "response": TEXT}


class CopyForm(forms.Form):
    name = forms.CharField(label=_("Name of the process"), max_length=200)
    starts_on = forms.DateField(
        label=_("Starts"),
        required=False,
        widget=DATE,
        help_text=_("The phases and activities are dated from here. Empty: no dates yet."),
    )
