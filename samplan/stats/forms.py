from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class StatementForm(forms.Form):
    """The planner's wording of one statement. The numbers are not in the form: computed only."""

    text = forms.CharField(
        label=_("Wording"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Leave empty to use the computed wording. Keep the numbers as they are: they come "
            "from SSB's figures."
        ),
    )
    selected = forms.BooleanField(label=_("Use in the planning strategy"), required=False)
