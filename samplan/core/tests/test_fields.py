"""Form fields the Designsystemet way: selects never offer Django's empty "---------"."""

from __future__ import annotations

import pytest
from django import forms
from django.utils import translation

from samplan.core.templatetags.samplan import ds_field
from samplan.municipalities.models import Municipality


class ExampleForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "---------"), ("a", "Gjeldende")])
    phase = forms.ChoiceField(choices=[("", "---------"), ("b", "Utkast")], required=False)
    municipality = forms.ModelChoiceField(Municipality.objects.none(), required=False)
    county = forms.ModelChoiceField(Municipality.objects.none())
    sort = forms.ChoiceField(choices=[("", "Alle"), ("c", "Tittel")])


@pytest.mark.parametrize(
    ("language", "choose", "none"), [("nb", "Velg …", "Ingen"), ("nn", "Vel …", "Ingen")]
)
def test_selects_name_their_empty_option(language, choose, none):
    form = ExampleForm()
    with translation.override(language):
        html = "".join(ds_field(form[name]) for name in form.fields)

    assert "---------" not in html
    assert f'<option value="" selected>{choose}</option>' in html  # status and county: required
    assert html.count(f">{choose}</option>") == 2
    assert html.count(f">{none}</option>") == 2  # phase and municipality may stay empty
    assert '<option value="" selected>Alle</option>' in html  # a label of its own is kept


@pytest.mark.django_db
def test_the_plan_forms_have_no_dashes(personas):
    from samplan.plans.forms import NewPlanDecisionForm, PlanForm

    forms_ = (
        PlanForm(municipality=personas.municipality),
        NewPlanDecisionForm(municipality=personas.municipality, period_start=2023),
    )
    for form in forms_:
        with translation.override("nb"):
            html = "".join(ds_field(form[name]) for name in form.fields)
        assert "---------" not in html, type(form).__name__
        assert "<select" in html
