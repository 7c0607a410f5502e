"""Factories for the plan register's tests."""

from __future__ import annotations

import factory

from samplan.municipalities.models import Municipality
from samplan.plans.models import CleanupDecision, Plan


class PlanFactory(factory.django.DjangoModelFactory):
    """A current thematic plan in Tydal with an owner, adopted in 2020, revised every 4 years."""

    class Meta:
        model = Plan

    municipality = factory.LazyFunction(lambda: Municipality.objects.get(number="5033"))
    title = factory.Sequence(lambda n: f"Temaplan {n:03d}")
    plan_type = "temaplan"
    status = "gjeldende"
    adopted_year = 2020
    adopted_by = "kommunestyret"
    revision_interval_years = 4
    responsible_unit = "Plan og utvikling"
    pages = 10
    themes = factory.LazyFunction(list)
    sdgs = factory.LazyFunction(list)


class DecisionFactory(factory.django.DjangoModelFactory):
    """A keep decision for a plan in the 2023–2027 period."""

    class Meta:
        model = CleanupDecision

    plan = factory.SubFactory(PlanFactory)
    municipality = factory.SelfAttribute("plan.municipality")
    period_start = 2023
    decision = "videreføre"
