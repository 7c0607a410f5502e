"""Forms for plantakt."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samplan.core.versioning import VersionedForm

from . import engine
from .labels import KIND_LABELS, module_labels
from .models import MunicipalityPeriod, OwnItem

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ItemFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *KIND_LABELS.items()]
    )
    module = forms.ChoiceField(
        label=_("Part of the cycle"),
        required=False,
        choices=lambda: [("", _("All parts")), *module_labels().items()],
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
    open = forms.BooleanField(label=_("Only not done"), required=False)

    def apply(self, items: list[engine.Item], today: object) -> list[engine.Item]:
        if not self.is_valid():
            return items
        data = self.cleaned_data
        if data["kind"]:
            items = [item for item in items if item.kind == data["kind"]]
        if data["module"]:
            items = [item for item in items if item.module == data["module"]]
        if data["overdue"]:
            items = [item for item in items if item.overdue(today)]  # type: ignore[arg-type]
        if data["open"]:
            items = [item for item in items if not item.done]
        return items


class PeriodForm(VersionedForm):
    class Meta:
        model = MunicipalityPeriod
        fields = ["constituted_on", "revise_master_plan"]
        widgets = {"constituted_on": DATE_WIDGET}
        help_texts = {
            "constituted_on": _(
                "The date of the constituting meeting. While it is empty, the deadlines that run "
                "from it are shown as the latest possible dates (from 31 October)."
            )
        }


class OwnItemForm(VersionedForm):
    class Meta:
        model = OwnItem
        fields = ["title", "date", "description", "done_on"]
        widgets = {
            "date": DATE_WIDGET,
            "done_on": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class CompleteForm(forms.Form):
    decided_on = forms.DateField(
        label=_("Decision date"),
        widget=DATE_WIDGET,
        help_text=_("The date of the decision or the day it was done. Dependent deadlines move."),
    )
