"""samplan seed-scale: synthetic workspaces, deterministic for a seed, marked as example data,
skipped when already seeded."""

from __future__ import annotations

import io
import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samplan.municipalities.models import Membership, Municipality, Organisation
from samplan.plans.models import CleanupDecision, Plan
from samplan.plans.scale import plans_scale_create
from samplan.plantakt.models import MunicipalityPeriod, OwnItem
from samplan.strategy.models import Strategy

pytestmark = pytest.mark.django_db


def register(number: str) -> list[tuple]:
    return list(
        Plan.objects.filter(municipality_id=number)
        .order_by("pk")
        .values_list("title", "plan_type", "status", "adopted_year", "pages", "sdgs")
    )


def test_the_same_seed_gives_the_same_register_and_another_seed_another():
    first, second, third = Municipality.objects.order_by("number")[:3]
    plans_scale_create(first, random.Random("7"))
    plans_scale_create(second, random.Random("7"))
    plans_scale_create(third, random.Random("8"))
    assert register(first.number) == register(second.number)
    assert register(first.number) != register(third.number)
    assert 36 <= len(register(first.number)) <= 44


def test_seed_scale_fills_marked_workspaces_and_skips_them_the_second_time():
    out = io.StringIO()
    call_command("seed_scale", "--kommuner", "3", "--seed", "5", stdout=out, stderr=io.StringIO())
    assert "La inn 3 kommuner" in out.getvalue()
    seeded = Municipality.objects.order_by("number")[:3]
    for municipality in seeded:
        assert municipality.workspace.is_example
        assert Plan.objects.filter(municipality=municipality).count() >= 36
        assert (
            Plan.history.filter(municipality_id=municipality.number).count()
            > Plan.objects.filter(municipality=municipality).count()
        )
        assert CleanupDecision.objects.filter(municipality=municipality).exists()
        assert Strategy.objects.filter(municipality=municipality, period_start=2023).exists()
        assert Membership.objects.filter(organisation=municipality.workspace).count() == 2
        assert OwnItem.objects.filter(municipality=municipality).count() == 3
        assert MunicipalityPeriod.objects.get(municipality=municipality).constituted_on
    county = Organisation.objects.get(county_id=seeded[0].county_id, kind="fylkeskommune")
    assert set(county.municipalities.all()) >= {
        m for m in seeded if m.county_id == seeded[0].county_id
    }
    national = Organisation.objects.get(kind="nasjonal")
    assert set(national.municipalities.all()) == set(seeded)
    plans = Plan.objects.count()

    again = io.StringIO()
    call_command("seed_scale", "--kommuner", "3", stdout=again, stderr=io.StringIO())
    assert "3 var lagt inn fra før" in again.getvalue()
    assert Plan.objects.count() == plans


@pytest.mark.parametrize("count", ["0", "358"])
def test_seed_scale_refuses_a_count_outside_1_to_357(count):
    with pytest.raises(CommandError, match="mellom 1 og 357"):
        call_command("seed_scale", "--kommuner", count, stdout=io.StringIO())
