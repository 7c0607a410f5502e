"""Who may see which plan: through the user's access to the plan's municipality
(samplan.municipalities.permissions). A plan of another municipality is 404, like the
municipality itself."""

from __future__ import annotations

from django.http import Http404

from samplan.core.prepared import PreparedQuery
from samplan.municipalities.permissions import Access

from .models import Plan

# A page's plan with the plans it refers to, and a write's plan alone: the same queries at
# every request, compiled once (core/prepared.py).
_plan_to_read = PreparedQuery(
    lambda pk, municipality: Plan.objects.select_related(
        "parent", "replaces", "merged_into"
    ).filter(pk=pk, municipality_id=municipality),
    pk=-1,
    municipality="-1",
)
_plan_to_write = PreparedQuery(
    lambda pk, municipality: Plan.objects.filter(pk=pk, municipality_id=municipality),
    pk=-1,
    municipality="-1",
)


def get_plan_for_user(access: Access, pk: int) -> Plan:
    """Plan `pk` of the municipality the user has `access` to (get that first, with the
    capability the page needs), with the plans it refers to; 404 for a plan of any other
    municipality."""
    return _matched(_plan_to_read, access, pk)


def get_plan_to_write_for_user(access: Access, pk: int) -> Plan:
    """get_plan_for_user for a write whose form refers to plans by id: the plan alone, holding
    the municipality it was matched on, so that validation and the clean-up's freeze check read
    neither again; 404 for a plan of any other municipality."""
    plan = _matched(_plan_to_write, access, pk)
    plan.municipality = access.municipality
    return plan


def _matched(query: PreparedQuery, access: Access, pk: int) -> Plan:
    found = query(pk=pk, municipality=access.municipality.pk)
    if not found:
        raise Http404("No Plan matches the given query.")
    return found[0]
