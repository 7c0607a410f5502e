"""Example data is written in the municipality's language form, whatever language is active."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import translation

from samplan.municipalities.example import (
    example_data_create,
    in_municipality_language,
)
from samplan.municipalities.models import Membership, Municipality
from samplan.municipalities.scale import seed_municipality
from samplan.strategy.models import Strategy

pytestmark = pytest.mark.django_db


@in_municipality_language
def active_language(municipality: Municipality) -> str | None:
    return translation.get_language()


def test_example_data_functions_run_in_the_municipalitys_language_form():
    with translation.override("en"):
        assert active_language(Municipality.objects.get(number="5033")) == "nb"  # Tydal
        assert active_language(Municipality.objects.get(number="1114")) == "nn"  # Bjerkreim
        assert active_language(Municipality.objects.get(number="1151")) == "nb"  # Utsira: neutral
        assert translation.get_language() == "en"


def test_the_example_workspace_is_named_in_norwegian_from_an_english_command():
    with translation.override("en"):
        example_data_create()

    assert Municipality.objects.get(number="5033").workspace.name == "Tydal kommune"


def test_a_synthetic_nynorsk_workspace_gets_its_strategy_texts_in_nynorsk():
    bjerkreim = Municipality.objects.get(number="1114")

    with translation.override("en"):
        seed_municipality(bjerkreim, 1, make_password(None))

    introduction = Strategy.objects.get(municipality=bjerkreim).introduction
    assert introduction.startswith("Planstrategien er reiskapen kommunestyret har"), introduction


def test_making_the_example_organisations_again_writes_no_new_history():
    example_data_create()
    before = (Membership.objects.count(), Membership.history.count())

    example_data_create()

    assert (Membership.objects.count(), Membership.history.count()) == before
