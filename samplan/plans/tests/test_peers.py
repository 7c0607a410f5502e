"""The comparison with municipalities of similar population (plans.selectors.peer_portfolios):
its prepared read finds the same peers as the ORM's own query, bounds included."""

from __future__ import annotations

import pytest
from django.db.models import Count, Q, Sum

from samplan.municipalities.models import Municipality
from samplan.plans import catalogue
from samplan.plans.health import PeerPortfolio
from samplan.plans.selectors import peer_portfolios

from .factories import PlanFactory

pytestmark = pytest.mark.django_db


def _orm_peers(municipality: Municipality) -> list[PeerPortfolio]:
    current = Q(plans__status__in=catalogue.CURRENT_STATUSES)
    rows = (
        Municipality.objects.filter(
            population__gte=municipality.population / 2.0,
            population__lte=municipality.population * 2.0,
        )
        .exclude(number=municipality.number)
        .annotate(
            current_plans=Count("plans", filter=current),
            current_pages=Sum("plans__pages", filter=current),
        )
        .filter(current_plans__gt=0)
        .values_list("number", "current_plans", "current_pages")
    )
    return [PeerPortfolio(number, plans, pages or 0) for number, plans, pages in rows]


def test_the_peers_are_the_orms_at_the_bounds_too():
    tydal = Municipality.objects.get(number="5033")
    tydal.population = 1001
    tydal.save()
    others = list(Municipality.objects.exclude(number="5033").order_by("number")[:6])
    # 500.5 and 2002 are the bounds: 500 and 2003 are outside, 501 and 2002 inside.
    for other, population in zip(others, [500, 501, 1500, 2002, 2003, 1200], strict=True):
        other.population = population
        other.save()
        PlanFactory(municipality=other, pages=population % 7 or None)
    PlanFactory(municipality=others[2], status="utgaatt", pages=99)
    PlanFactory(municipality=tydal)

    def by_number(peer: PeerPortfolio) -> str:
        return peer.municipality

    found = sorted(peer_portfolios(tydal), key=by_number)
    assert found == sorted(_orm_peers(tydal), key=by_number)
    assert [peer.municipality for peer in found] == [o.number for o in (*others[1:4], others[5])]
    assert found[1].pages == 1500 % 7
