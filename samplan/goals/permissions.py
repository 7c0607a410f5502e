"""Who may see which goal, measure, indicator and plan version: through the user's access to
its municipality (samplan.municipalities.permissions). Another municipality's object is 404."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from samplan.municipalities.permissions import Access

from .models import ActionPlan, FocusArea, Goal, GoalStrategy, Indicator, Measure


def get_focus_area_for_user(access: Access, pk: int) -> FocusArea:
    return get_object_or_404(FocusArea, municipality=access.municipality, pk=pk)


def get_goal_for_user(access: Access, pk: int) -> Goal:
    return get_object_or_404(
        Goal.objects.select_related("focus_area", "parent"), municipality=access.municipality, pk=pk
    )


def get_goal_strategy_for_user(access: Access, pk: int) -> GoalStrategy:
    return get_object_or_404(GoalStrategy, municipality=access.municipality, pk=pk)


def get_indicator_for_user(access: Access, pk: int) -> Indicator:
    return get_object_or_404(
        Indicator.objects.select_related("goal"), municipality=access.municipality, pk=pk
    )


def get_plan_for_user(access: Access, year: int) -> ActionPlan:
    return get_object_or_404(
        ActionPlan.objects.select_related("previous"),
        municipality=access.municipality,
        first_year=year,
    )


def get_measure_for_user(access: Access, pk: int) -> Measure:
    return get_object_or_404(
        Measure.objects.select_related("action_plan"), municipality=access.municipality, pk=pk
    )
