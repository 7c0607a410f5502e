from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .challenges import ComputedStatement, check_wording


class StatementForm(forms.Form):
    """The planner's wording of one statement. The numbers are not typed: they are placeholders
    filled in from the figure; a typed number that is not the figure's is refused."""

    text = forms.CharField(
        label=_("Wording"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Leave empty to use the computed wording. Write the numbers as placeholders, such "
            "as {endring}: they are filled in from SSB's figures. A typed number that is not the "
            "figure's is refused."
        ),
    )
    selected = forms.BooleanField(label=_("Use in the planning strategy"), required=False)

    def __init__(self, *args: Any, computed: ComputedStatement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.computed = computed

    def clean_text(self) -> str:
        checked = check_wording(
            self.cleaned_data["text"].strip(), self.computed.key, self.computed.numbers
        )
        if checked.errors:
            raise ValidationError(checked.errors)
        return checked.text
