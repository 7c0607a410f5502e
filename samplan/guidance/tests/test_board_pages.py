"""The status board a page at a time (issue 15): PER_PAGE municipalities a page after the sort
and the filters, a pager that keeps them, counts of every municipality followed, the XLSX with
every row, and a page's queries the same at 51 municipalities as at 120 (and at 10 as at 50,
one fewer)."""

from __future__ import annotations

import datetime
import io
import re

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from samplan.core.testing import page_queries
from samplan.guidance import selectors
from samplan.municipalities.models import Municipality

from .test_views import KNR, board_url

pytestmark = pytest.mark.django_db

NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2024, 2, 1, 12, 0), tick=False):
        yield


def follow(personas, count: int) -> None:
    """The county organisation follows `count` municipalities (Tydal among them)."""
    others = Municipality.objects.exclude(number=KNR).order_by("number")[: count - 1]
    personas.county_org.municipalities.add(*others)
    assert personas.county_org.municipalities.count() == count


@pytest.fixture
def adviser(client, personas):
    follow(personas, 120)
    client.force_login(personas.adviser)
    return client


def every_row(personas, **filters) -> list[selectors.BoardRow]:
    """The board's rows, all of them, as the XLSX lists them."""
    return selectors.board(personas.county_org, page=None, **filters).rows


def pager_links(page: str) -> list[str]:
    [nav] = re.findall(r'<nav class="ds-pagination".*?</nav>', page, re.S)
    return re.findall(r'href="([^"]*)"', nav)


def test_the_first_page_shows_fifty_and_counts_every_municipality(adviser, personas):
    response = adviser.get(board_url(personas))

    board = response.context["board"]
    everything = every_row(personas)
    assert len(board.rows) == selectors.PER_PAGE == 50
    assert board.rows == everything[:50]
    assert (board.total, board.shown, board.page.number) == (120, 120, 1)
    assert board.urgent == sum(1 for row in everything if row.urgency >= 1)
    assert board.late == sum(1 for row in everything if row.urgency >= 2)
    assert board.urgent > 50  # more than a page: the count is not the page's
    page = response.content.decode()
    assert page.count('<th scope="row">') == 50
    assert "Viser 1–50 av 120 kommuner" in page
    assert "120 kommuner fulgt" in page
    assert f"{board.urgent} med snarlig eller passert frist, {board.late} forsinket" in page
    assert "hele listen: alle 120 kommunene, ikke bare denne siden" in page
    nav = re.search(r'<nav class="ds-pagination" aria-label="([^"]+)">', page)
    assert nav and nav.group(1) == "Sider i statustavlen"
    assert (
        '<a class="ds-button" data-variant="tertiary" href="?side=1" aria-current="page">' in page
    )
    assert pager_links(page) == ["?side=1", "?side=2", "?side=3", "?side=2"]


def test_the_last_page_and_pages_out_of_range(adviser, personas):
    everything = every_row(personas)
    last = adviser.get(board_url(personas), {"side": "3"})
    assert last.context["board"].rows == everything[100:]
    assert "Viser 101–120 av 120 kommuner" in last.content.decode()
    assert last.context["board"].total == 120

    # Django's Paginator.get_page: a number out of range gives the last page, anything else the
    # first; never an error.
    for side, expected in (("99", 3), ("0", 3), ("-1", 3), ("abc", 1), ("2.5", 1), ("", 1)):
        response = adviser.get(board_url(personas), {"side": side})
        assert response.status_code == 200, side
        assert response.context["board"].page.number == expected, side
    assert adviser.get(board_url(personas), {"side": "9" * 50}).status_code == 200


def test_the_sort_and_the_filters_apply_to_all_and_the_pager_keeps_them(adviser, personas):
    filters = {"sorter": "name", "vis": "urgent", "q": "a"}
    everything = every_row(personas, sort="name", show="urgent", query="a")
    assert 50 < len(everything) < 120
    assert [row.name for row in everything] == sorted(row.name for row in everything)

    pages = []
    for side in (1, 2, 3):
        response = adviser.get(board_url(personas), {**filters, "side": side})
        pages.extend(response.context["board"].rows)
        if side == 1:
            links = pager_links(response.content.decode())
            assert links[1] == "?sorter=name&amp;vis=urgent&amp;q=a&amp;side=2"
            assert all(
                link.startswith("?sorter=name&amp;vis=urgent&amp;q=a&amp;side=") for link in links
            )
            export = reverse("guidance:board_export", args=[personas.county_org.slug])
            assert (
                f'href="{export}?sorter=name&amp;vis=urgent&amp;q=a"' in response.content.decode()
            )
    assert pages[: len(everything)] == everything  # page 3 may repeat the last (out of range)


def test_a_column_sort_orders_every_municipality_before_paging(adviser, personas):
    column = selectors.board_columns()[1].key
    everything = every_row(personas, sort=column)
    shown = adviser.get(board_url(personas), {"sorter": column, "side": "2"}).context["board"]
    assert shown.rows == everything[50:100] and shown.sort == column
    index = [c.key for c in shown.columns].index(column)
    keys = [(row.values[index][2], row.name) for row in everything]
    assert keys == sorted(keys)


def test_the_export_has_every_row_of_the_filter(adviser, personas):
    everything = every_row(personas, sort="name")
    response = adviser.get(
        reverse("guidance:board_export", args=[personas.county_org.slug]),
        {"sorter": "name", "side": "2"},
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(values_only=True) if row[0] and row[0].isdigit()]
    assert names == [row.name for row in everything] and len(names) == 120


def test_a_board_of_fifty_or_fewer_has_no_pager(client, personas):
    follow(personas, 50)
    client.force_login(personas.adviser)
    response = client.get(board_url(personas))
    page = response.content.decode()
    assert len(response.context["board"].rows) == 50
    assert "ds-pagination" not in page and "Viser " not in page and "hele listen" not in page
    assert "50 kommuner vist" in page


@pytest.mark.parametrize("caches", [None, NO_CACHE])
def test_a_page_makes_as_many_queries_at_120_municipalities_as_at_10(client, personas, caches):
    """Cold (page cache emptied, or off) and warm: the same queries whatever the number of
    municipalities followed: up to PER_PAGE the rows in full with their versions (one query),
    over it the heads of all with their versions and then the page's rows (one query more)."""
    client.force_login(personas.adviser)

    def get() -> None:
        assert client.get(board_url(personas), {"side": "2"}).status_code == 200

    with override_settings(**({"CACHES": caches} if caches else {})):
        counts = {}
        for count in (10, 50, 51, 120):
            follow(personas, count)
            get()  # the new rows computed and stored
            counts[count] = page_queries(get)
    assert counts[10] == counts[50]
    assert counts[51] == counts[120]
    assert counts[120] == (counts[10][0] + 1, counts[10][1] + 1)


@pytest.mark.parametrize("user", ["editor", "outsider_adviser", "nobody"])
def test_every_page_is_404_for_those_outside_the_organisation(client, personas, user):
    follow(personas, 120)
    client.force_login(getattr(personas, user))
    for side in ("1", "2", "3", "99", "abc"):
        assert client.get(board_url(personas), {"side": side}).status_code == 404
    export = reverse("guidance:board_export", args=[personas.county_org.slug])
    assert client.get(export, {"side": "2"}).status_code == 404
