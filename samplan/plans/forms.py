"""Forms for the plan register and the clean-up decisions."""

from __future__ import annotations

import functools
import re

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from samplan.core.versioning import VersionedForm
from samplan.municipalities.models import Municipality

from .models import CleanupDecision, Decision, Plan, PlanStatus, PlanType

SDG_NAMES = {
    1: _("No poverty"),
    2: _("Zero hunger"),
    3: _("Good health and well-being"),
    4: _("Quality education"),
    5: _("Gender equality"),
    6: _("Clean water and sanitation"),
    7: _("Affordable and clean energy"),
    8: _("Decent work and economic growth"),
    9: _("Industry, innovation and infrastructure"),
    10: _("Reduced inequalities"),
    11: _("Sustainable cities and communities"),
    12: _("Responsible consumption and production"),
    13: _("Climate action"),
    14: _("Life below water"),
    15: _("Life on land"),
    16: _("Peace, justice and strong institutions"),
    17: _("Partnerships for the goals"),
}


class _Titles:
    """Plans as (id, title) choices, read once for every field that lists them."""

    def __init__(self, plans: object) -> None:
        self.plans = plans
        self.read: list[tuple[int, str]] | None = None

    def choices(self, field: forms.ModelChoiceField) -> list[tuple[object, str]]:
        """The choices as `field` makes them from its plans (labels: their titles), with its
        empty label as it is when the form is shown."""
        empty_label = field.empty_label
        if self.read is None:
            self.read = list(self.plans.values_list("pk", "title"))  # type: ignore[attr-defined]
        return [*([("", empty_label)] if empty_label is not None else []), *self.read]


class PlanForm(VersionedForm):
    link = forms.URLField(
        label=capfirst(Plan._meta.get_field("link").verbose_name),
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    themes_text = forms.CharField(
        label=_("Themes"),
        required=False,
        max_length=500,
        help_text=_("Separate with semicolons, e.g. folkehelse; næring; bolig."),
    )
    sdgs = forms.TypedMultipleChoiceField(
        label=_("UN sustainable development goals"),
        required=False,
        coerce=int,
        choices=[(number, f"{number}. {name}") for number, name in SDG_NAMES.items()],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Plan
        fields = [
            "title",
            "plan_type",
            "status",
            "is_statutory",
            "legal_basis",
            "adopted_year",
            "adopted_date",
            "adopted_by",
            "revision_interval_years",
            "next_revision_override",
            "responsible_unit",
            "responsible_person",
            "pages",
            "link",
            "document",
            "parent",
            "replaces",
            "merged_into",
            "in_financial_plan",
            "note",
            "external_id",
        ]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "adopted_date": forms.DateInput(attrs={"type": "date"}),
            "next_revision_override": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: object, municipality: Municipality, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.instance.municipality = municipality
        others = Plan.objects.for_municipality(municipality).order_by("title")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        # The three lists of the other plans are one read (ids and titles, no instances), made
        # when the form is shown; the fields still check a chosen plan against `others`.
        titles = _Titles(others)
        for name in ("parent", "replaces", "merged_into"):
            field = self.fields[name]
            field.queryset = others
            field.choices = functools.partial(titles.choices, field)
        self.fields["themes_text"].initial = "; ".join(self.instance.themes or [])
        self.fields["sdgs"].initial = list(self.instance.sdgs or [])
        self.fields["document"].help_text = _("PDF, ODT or DOCX, at most 20 MB.")

    def clean_document(self) -> object:
        document = self.cleaned_data.get("document")
        if document and hasattr(document, "size"):
            if document.size > 20 * 1024 * 1024:
                raise forms.ValidationError(_("The file is larger than 20 MB."))
            name = document.name.lower()
            if not name.endswith((".pdf", ".odt", ".docx", ".doc")):
                raise forms.ValidationError(_("Upload a PDF, ODT or DOCX file."))
        return document

    def clean(self) -> dict:
        cleaned = super().clean()
        text = cleaned.get("themes_text", "")
        self.instance.themes = [theme.strip() for theme in re.split(r"[;,]", text) if theme.strip()]
        self.instance.sdgs = sorted(set(cleaned.get("sdgs") or []))
        return cleaned


class PlanFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    plan_type = forms.ChoiceField(
        label=_("Plan type"), required=False, choices=[("", _("All types")), *PlanType.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *PlanStatus.choices]
    )
    overdue = forms.BooleanField(label=_("Only overdue for revision"), required=False)
    statutory = forms.BooleanField(label=_("Only plans required by law"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("title", _("Title")),
            ("plan_type", _("Plan type")),
            ("status", _("Status")),
            ("-adopted_year", _("Newest first")),
            ("adopted_year", _("Oldest first")),
            ("next_revision", _("Next revision")),
            ("-pages", _("Most pages")),
        ],
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("CSV, XLSX or ODS with the template's headers, at most 10 MB."),
    )
    text = forms.CharField(
        label=_("Or paste the table"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Copy the rows with the header row from Excel, LibreOffice or a web page and paste "
            "them here."
        ),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("file") and not (cleaned.get("text") or "").strip():
            raise forms.ValidationError(_("Choose a file or paste a table."))
        return cleaned


class DecisionForm(VersionedForm):
    class Meta:
        model = CleanupDecision
        fields = ["decision", "target_year", "merge_into", "rationale", "responsible"]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: object, plan: Plan, period_start: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.instance.plan = plan
        self.instance.municipality = plan.municipality
        self.instance.period_start = period_start
        self.fields["decision"].choices = [
            choice for choice in Decision.choices if choice[0] != Decision.NEW
        ]
        others = (
            Plan.objects.for_municipality(plan.municipality_id)
            .exclude(pk=plan.pk)
            .order_by("title")
        )
        merge_into = self.fields["merge_into"]
        merge_into.queryset = others
        merge_into.choices = functools.partial(_Titles(others).choices, merge_into)


class NewPlanDecisionForm(forms.ModelForm):
    class Meta:
        model = CleanupDecision
        fields = ["new_plan_title", "new_plan_type", "target_year", "rationale", "responsible"]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 3})}

    def __init__(
        self, *args: object, municipality: Municipality, period_start: int, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.instance.municipality = municipality
        self.instance.period_start = period_start
        self.instance.decision = Decision.NEW
        self.fields["new_plan_title"].required = True
