"""Who may see which planning strategy: through the user's access to its municipality
(samplan.municipalities.permissions). A strategy of another municipality is 404, like the
municipality itself. Its consultation bodies and priorities are looked up within the strategy."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from samplan.municipalities.permissions import Access, Capability

from .models import Strategy


def get_strategy_for_user(access: Access, period: int, *, shared: bool = False) -> Strategy:
    """The strategy of election period `period` of the municipality the user has `access` to;
    404 for any other. `shared`: the members' reading and marking pages, where a user who may
    not edit sees the draft only once it is shared with the members (404 until then)."""
    strategy = get_object_or_404(Strategy, municipality=access.municipality, period_start=period)
    if shared and not strategy.shared_with_members and not access.allows(Capability.EDIT):
        raise Http404("Not shared")
    return strategy
