"""The number of SQL queries of each main page, pinned.

Each page is counted cold (this process's page cache forgotten, everything computed, as with
caching switched off) and warm (computed data taken from the cache, see core/freshness), with
3 plans in the register and again with 40: the counts must not grow with the data (no N+1), and
a change in them shows up here. A logged-in page's warm count is the session, the user (read
every request, so a deactivated user is logged out at once) and the versions of the global data
and of the municipality (one query); the memberships and the page's data come from the cache.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from samplan.core.testing import page_queries
from samplan.plans.models import Plan
from samplan.plans.tests.test_views import make_register
from samplan.strategy import services as strategy_services
from tests.snapshot import example_data

pytestmark = pytest.mark.django_db

KNR = "5033"

# page: (URL, who, (cold, warm))
PAGES = {
    "dashboard": (reverse("municipalities:dashboard", args=[KNR]), "editor", (17, 5)),
    "plan register": (reverse("plans:list", args=[KNR]), "editor", (8, 5)),
    "plan health": (reverse("plans:health", args=[KNR]), "editor", (6, 3)),
    # cold: one of them is the guidance module's gatherings (calendar_items)
    "plantakt": (reverse("plantakt:wheel", args=[KNR]), "editor", (11, 3)),
    "plantakt list": (reverse("plantakt:list", args=[KNR]), "editor", (11, 3)),
    "clean-up": (reverse("plans:cleanup", args=[KNR]), "editor", (8, 6)),
    "statistics": (reverse("stats:figures", args=[KNR]), "editor", (6, 3)),
    "strategy": (reverse("strategy:detail", args=[KNR, 2023]), "editor", (15, 3)),
    "county adviser's overview": (
        lambda p: reverse("municipalities:organisation", args=[p.county_org.slug]),
        "adviser",
        (15, 3),
    ),
    # cold: session, user, memberships (2), the followed municipalities, the versions of all of
    # them, and each registered status column's bulk reads (not per municipality)
    "status board": (
        lambda p: reverse("guidance:board", args=[p.county_org.slug]),
        "adviser",
        (18, 5),
    ),
    "guidance": (reverse("guidance:municipality", args=[KNR]), "editor", (17, 3)),
    # cold: the municipality, the data counter and the strategies on display (linked from it)
    "public municipality page": (reverse("municipalities:detail", args=[KNR]), None, (3, 1)),
}


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.example_data("ssb")
def test_each_main_page_makes_a_fixed_number_of_queries(personas, name):
    example_data("ssb")
    strategy_services.strategy_get_or_create(municipality=personas.municipality, period_start=2023)
    url, who, expected = PAGES[name]
    url = url(personas) if callable(url) else url
    client = Client()
    if who:
        client.force_login(getattr(personas, who))
    first = make_register(3)

    def get() -> None:
        assert client.get(url).status_code == 200

    get()  # per-process caches that never change (content types, language forms)
    small = page_queries(get)
    make_register(37, first)
    assert Plan.objects.count() == 40

    assert (name, page_queries(get)) == (name, small)
    assert (name, small) == (name, expected)
