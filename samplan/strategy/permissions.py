"""Who may see which planning strategy: through the user's access to its municipality
(samplan.municipalities.permissions). A strategy of another municipality is 404, like the
municipality itself. Its consultation bodies and priorities are looked up within the strategy."""

from __future__ import annotations

from django.http import Http404

from samplan.core.prepared import PreparedQuery
from samplan.municipalities.permissions import Access, Capability

from .models import Strategy

# Read by every page of a strategy: its SQL is compiled once per process.
_strategy = PreparedQuery(
    lambda municipality, period: Strategy.objects.filter(
        municipality_id=municipality, period_start=period
    ),
    municipality="prepared:municipality",
    period=-1,
)


def get_strategy_for_user(access: Access, period: int, *, shared: bool = False) -> Strategy:
    """The strategy of election period `period` of the municipality the user has `access` to;
    404 for any other. `shared`: the members' reading and marking pages, where a user who may
    not edit sees the draft only once it is shared with the members (404 until then)."""
    # A year out of the field's range is no strategy (as the ORM's lookup finds none).
    found = (
        _strategy(municipality=access.municipality.number, period=period)
        if 0 <= period <= 32767
        else []
    )
    if not found:
        raise Http404("No strategy for this period")
    strategy = found[0]
    if shared and not strategy.shared_with_members and not access.allows(Capability.EDIT):
        raise Http404("Not shared")
    return strategy
