"""Who may see which planning strategy: through the user's access to its municipality
(samplan.municipalities.permissions). A strategy of another municipality is 404, like the
municipality itself. Its consultation bodies and priorities are looked up within the strategy."""

from __future__ import annotations

from django.http import Http404

from samplan.core.instances import PreparedInstances
from samplan.core.queries import json_date, read_together
from samplan.municipalities.permissions import Access, Capability

from .models import Strategy

# Read by every page of a strategy, with the constitution date (Strategy.objects' annotation):
# its SQL is made once per process.
_strategy = PreparedInstances(
    lambda municipality, period: Strategy.objects.filter(
        municipality_id=municipality, period_start=period
    ),
    params={"municipality": str, "period": int},
    ordered=False,
)


def get_strategy_for_user(access: Access, period: int, *, shared: bool = False) -> Strategy:
    """The strategy of election period `period` of the municipality the user has `access` to;
    404 for any other. `shared`: the members' reading and marking pages, where a user who may
    not edit sees the draft only once it is shared with the members (404 until then)."""
    # A year out of the field's range is no strategy (as the ORM's lookup finds none).
    if not 0 <= period <= 32767:
        raise Http404("No strategy for this period")
    found = read_together([_strategy(municipality=access.municipality.number, period=period)])[0]
    if not found:
        raise Http404("No strategy for this period")
    strategy = found[0]
    # The annotation comes as the JSON's ISO text: a date, as the ORM's read gives it.
    strategy.stored_constituted_on = json_date(strategy.stored_constituted_on)
    if shared and not strategy.shared_with_members and not access.allows(Capability.EDIT):
        raise Http404("Not shared")
    return strategy
