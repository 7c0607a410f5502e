"""Who may see which plan: through the user's access to the plan's municipality
(samplan.municipalities.permissions). A plan of another municipality is 404, like the
municipality itself."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from samplan.municipalities.permissions import Access

from .models import Plan


def get_plan_for_user(access: Access, pk: int, *, to_write: bool = False) -> Plan:
    """Plan `pk` of the municipality the user has `access` to (get that first, with the
    capability the page needs); 404 for a plan of any other municipality. A page gets it with
    the plans it refers to; a write (`to_write`: its form refers to plans by id) gets the plan
    alone, holding the municipality it was matched on, so that validation and the clean-up's
    freeze check read neither again."""
    if not to_write:
        return get_object_or_404(
            Plan.objects.select_related("parent", "replaces", "merged_into"),
            pk=pk,
            municipality=access.municipality,
        )
    plan = get_object_or_404(Plan, pk=pk, municipality=access.municipality)
    plan.municipality = access.municipality
    return plan
