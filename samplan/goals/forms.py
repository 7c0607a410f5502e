"""Forms of the goals module (Norwegian messages through gettext)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samplan.core.versioning import VersionedForm
from samplan.plans.forms import PlanForm
from samplan.plans.models import Plan, PlanType

from .indicators import series_choices
from .models import (
    FocusArea,
    Goal,
    Indicator,
    Measure,
    Period,
    ReportAdoption,
    Status,
)

GOAL_PLAN_TYPES = (PlanType.SAMFUNNSDEL, PlanType.TEMAPLAN, PlanType.KOMMUNEDELPLAN)


class FocusAreaForm(VersionedForm):
    class Meta:
        model = FocusArea
        fields = ["title", "description", "plan", "order", "public"]

    def __init__(self, *args: object, municipality: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.filter(
            municipality=municipality, plan_type__in=GOAL_PLAN_TYPES
        )


class GoalForm(VersionedForm):
    sdgs = PlanForm.base_fields["sdgs"]  # the same 17 goals as the plans are tagged with

    class Meta:
        model = Goal
        fields = ["title", "description", "focus_area", "parent", "sdgs", "order", "public"]

    def __init__(self, *args: object, municipality: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = FocusArea.objects.filter(municipality=municipality)
        parents = Goal.objects.filter(municipality=municipality)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].help_text = _(
            "Leave empty for a main goal; choose one for a sub-goal."
        )


class StrategyTextForm(forms.Form):
    text = forms.CharField(label=_("How we do it"), max_length=500)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), max_length=2000, widget=forms.Textarea)


class IndicatorForm(VersionedForm):
    ssb_series = forms.ChoiceField(
        label=_("SSB series"), required=False, choices=[("", "–"), *series_choices()]
    )

    class Meta:
        model = Indicator
        fields = [
            "name",
            "source",
            "ssb_series",
            "unit",
            "baseline_year",
            "baseline",
            "target",
            "target_year",
            "direction",
            "public",
        ]


class IndicatorValuesForm(forms.Form):
    """One field per year of the indicator's own figures."""

    def __init__(self, *args: object, years: list[int], initial_values: dict, **kwargs: object):
        super().__init__(*args, **kwargs)
        for year in years:
            self.fields[f"y{year}"] = forms.DecimalField(
                label=str(year),
                required=False,
                max_digits=14,
                decimal_places=2,
                initial=initial_values.get(year),
                localize=True,
            )

    def values(self) -> dict[int, object]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class ActionPlanForm(forms.Form):
    first_year = forms.IntegerField(label=_("Budget year"), min_value=2000, max_value=2100)


class MeasureForm(VersionedForm):
    goals = forms.ModelMultipleChoiceField(
        label=_("Goals served"),
        queryset=Goal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Measure
        fields = [
            "title",
            "description",
            "goals",
            "unit",
            "start_year",
            "end_year",
            "kind",
            "cost_1",
            "cost_2",
            "cost_3",
            "cost_4",
            "public",
        ]

    def __init__(self, *args: object, municipality: object, years: list[int], **kwargs: object):
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = Goal.objects.filter(municipality=municipality)
        for index, year in enumerate(years, 1):
            self.fields[f"cost_{index}"].label = _("Cost %(year)s (kr)") % {"year": year}


class LinksForm(forms.Form):
    lines = forms.ModelMultipleChoiceField(
        label=_("Budget lines"),
        queryset=Measure.budget_lines.field.related_model.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, plan: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lines"].queryset = plan.lines.all()  # type: ignore[attr-defined]


class BudgetUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File from the accounting system (CSV or XLSX)"),
        help_text=_(
            "Columns ansvar, funksjon (KOSTRA), art, prosjekt and an amount per year. Other "
            "layouts can be mapped in the next step."
        ),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    spent = forms.IntegerField(label=_("Spent so far (kr)"), required=False)


class FollowUpPeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=Period.choices)


class ReportAdoptionForm(forms.ModelForm):
    """When the council adopted the year's annual report (the goal report's decision)."""

    class Meta:
        model = ReportAdoption
        fields = ["adopted_on", "case_number"]
        widgets = {"adopted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
