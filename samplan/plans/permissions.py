"""Who may see which plan: through the user's access to the plan's municipality
(samplan.municipalities.permissions). A plan of another municipality is 404, like the
municipality itself."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from samplan.municipalities.permissions import Access

from .models import Plan


def get_plan_for_user(access: Access, pk: int) -> Plan:
    """Plan `pk` of the municipality the user has `access` to (get that first, with the
    capability the page needs); 404 for a plan of any other municipality."""
    plan = get_object_or_404(
        Plan.objects.select_related("parent", "replaces", "merged_into"),
        pk=pk,
        municipality=access.municipality,
    )
    # The municipality the plan was matched on: asking for it (a clean-up decision's freeze
    # check, validation) reads nothing.
    plan.municipality = access.municipality
    return plan
