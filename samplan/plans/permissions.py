"""Who may see which plan: through the user's access to the plan's municipality
(samplan.municipalities.permissions). A plan of another municipality is 404, like the
municipality itself."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from samplan.core.prepared import PreparedQuery
from samplan.municipalities.permissions import Access

from .models import Plan

# A write's plan: the same query at every write, compiled once (core/prepared.py).
_plan_to_write = PreparedQuery(
    lambda pk, municipality: Plan.objects.filter(pk=pk, municipality_id=municipality),
    pk=-1,
    municipality="-1",
)


def get_plan_for_user(access: Access, pk: int) -> Plan:
    """Plan `pk` of the municipality the user has `access` to (get that first, with the
    capability the page needs), with the plans it refers to; 404 for a plan of any other
    municipality."""
    return get_object_or_404(
        Plan.objects.select_related("parent", "replaces", "merged_into"),
        pk=pk,
        municipality=access.municipality,
    )


def get_plan_to_write_for_user(access: Access, pk: int) -> Plan:
    """get_plan_for_user for a write whose form refers to plans by id: the plan alone, holding
    the municipality it was matched on, so that validation and the clean-up's freeze check read
    neither again; 404 for a plan of any other municipality."""
    found = _plan_to_write(pk=pk, municipality=access.municipality.pk)
    if not found:
        raise Http404("No Plan matches the given query.")
    plan = found[0]
    plan.municipality = access.municipality
    return plan
