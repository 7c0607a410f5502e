"""A user who follows many municipalities (a national organisation's adviser follows all 357):
a short switcher in the header on every page, the list of all of them filtered to theirs, and
an access map that a request reads without unpickling every municipality."""

from __future__ import annotations

import gc
import re

import pytest
from django.urls import reverse

from samplan.core import pickling
from samplan.municipalities.context_processors import SWITCHER_SIZE
from samplan.municipalities.models import Membership, Municipality, OrganisationKind, Role
from samplan.municipalities.permissions import (
    AccessMap,
    Capability,
    access_map,
    followed_numbers,
)
from samplan.municipalities.services import organisation_create
from samplan.municipalities.testing import make_member


@pytest.fixture
def national(personas):
    """An adviser of a national organisation that follows all 357, also an editor in Tydal."""
    organisation = organisation_create(name="Nasjonalt nettverk", kind=OrganisationKind.NATIONAL)
    organisation.municipalities.set(Municipality.objects.all())
    user = make_member(organisation, "nasjonal@example.test", Role.ADVISER)
    Membership.objects.create(user=user, organisation=personas.workspace, role=Role.EDITOR)
    return user


def _switcher(page: str) -> str:
    return page[page.index('<details class="sp-switcher">') : page.index("</details>")]


def test_the_header_of_a_user_of_357_municipalities_lists_few_and_links_to_all(
    client, personas, national
):
    client.force_login(national)
    dashboard = reverse("municipalities:dashboard", args=["0301"])
    page = client.get(dashboard, HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    switcher = _switcher(page)

    links = re.findall(r'href="/kommune/(\d{4})/oversikt/"', switcher)
    assert len(links) == SWITCHER_SIZE
    assert "5033" in links  # their own (Tydal's workspace)
    assert "0301" in links  # the current one (Oslo)
    assert 'aria-current="page">Oslo<' in switcher
    assert f'href="{reverse("municipalities:list")}?mine=1">Alle kommuner (357)</a>' in switcher
    assert ">Nasjonalt nettverk</a>" in switcher and ">Tydal kommune</a>" in switcher
    header = page[page.index("<header") : page.index("</header>")]
    assert len(header.encode()) < 8_000  # all 357 listed made it 43 KB


def test_a_user_of_few_municipalities_sees_them_all_and_no_link_to_all(client, personas):
    client.force_login(personas.adviser)
    personas.county_org.municipalities.add(Municipality.objects.get(number="5032"))
    page = client.get(reverse("municipalities:dashboard", args=["5033"])).content.decode()
    switcher = _switcher(page)

    assert re.findall(r'href="/kommune/(\d{4})/oversikt/"', switcher) == ["5032", "5033"]
    assert "?mine=1" not in switcher


def test_the_list_shows_only_the_users_municipalities_with_links_to_their_workspaces(
    client, personas
):
    client.force_login(personas.adviser)
    everyone = client.get(reverse("municipalities:list"), {"q": "ty"})
    mine = client.get(reverse("municipalities:list"), {"q": "ty", "mine": "1"})

    assert everyone.context["total"] > 1
    assert [m.number for m in mine.context["page"].object_list] == ["5033"]
    assert 'href="/kommune/5033/oversikt/">' in mine.content.decode()
    assert 'name="mine" value="1" id="id_mine" checked' in mine.content.decode()


def test_only_mine_without_a_login_lists_every_municipality(client, db):
    response = client.get(reverse("municipalities:list"), {"mine": "1"})
    assert response.context["total"] == 357 and 'id="id_mine"' not in response.content.decode()


def test_a_cached_access_map_unpickles_only_the_accesses_asked_for(personas, national):
    accesses = access_map(national)
    again = pickling.loads(pickling.dumps(accesses))

    assert isinstance(again, AccessMap) and list(again) == list(accesses)
    assert again.entries == accesses.entries and "0301" in again and "9999" not in again
    assert sum(isinstance(value, bytes) for value in again._accesses.values()) == 357
    oslo = again["0301"]
    assert sum(isinstance(value, bytes) for value in again._accesses.values()) == 356
    assert oslo.municipality.name == "Oslo" and oslo.capability == Capability.COMMENT
    assert oslo.via.name == "Nasjonalt nettverk" and again["0301"] is oslo
    assert again["5033"].capability == Capability.EDIT
    assert [m.organisation.slug for m in again.memberships] == [
        m.organisation.slug for m in accesses.memberships
    ]
    followed = {m.organisation.kind: m.organisation for m in again.memberships}
    assert len(followed[OrganisationKind.NATIONAL].municipalities.all()) == 357
    assert [access.municipality.number for access in again.values()] == list(accesses)
    assert dict(again.items()).keys() == accesses.keys() and gc.isenabled()


def test_a_cached_access_map_unpickles_the_followed_municipalities_only_when_looked_at(
    personas, national
):
    """The status board needs only the numbers of the 357 municipalities a national
    organisation follows (its rows are cached): they come without unpickling the
    municipalities, which are unpickled when the organisation's `municipalities` are read."""
    again = pickling.loads(pickling.dumps(access_map(national)))
    organisation = next(
        m.organisation for m in again.memberships if m.organisation.kind == "nasjonal"
    )
    rows = organisation._prefetched_objects_cache["municipalities"]

    numbers = followed_numbers(organisation)
    assert len(numbers) == 357 and rows._result_cache is None
    assert numbers == list(
        organisation.municipalities.through.objects.filter(organisation=organisation)
        .order_by("municipality__name", "municipality_id")
        .values_list("municipality_id", flat=True)
    )
    assert organisation.municipalities.filter(number="0301").get().name == "Oslo"  # a query
    assert rows._result_cache is None and organisation.municipalities.count() == 357
    followed = list(organisation.municipalities.all())
    assert [m.number for m in followed] == numbers and followed[0].county.name
    assert followed_numbers(personas.county_org) is None  # not read with a membership


def test_the_followed_municipalities_are_made_as_the_database_gives_them(personas, national):
    """The access map reads the followed municipalities' workspaces' creation times without
    loading them (loaded when a municipality is made, CompiledQuery.fetch_leaving): the
    municipalities, their counties and workspaces are those the ORM reads, to the time zone."""
    accesses = access_map(national)
    made = [access.municipality for access in accesses.values()]
    expected = {
        m.number: m for m in Municipality.objects.select_related("county", "workspace").all()
    }

    def described(municipality: Municipality) -> tuple:
        workspace = getattr(municipality, "workspace", None)
        return (
            municipality.number,
            municipality.name,
            municipality.county.name,
            workspace and (workspace.pk, workspace.slug, workspace.created_at),
            workspace and workspace.created_at.tzinfo,
        )

    assert len(made) == 357 and any(hasattr(m, "workspace") for m in made)
    assert [described(m) for m in made] == [described(expected[m.number]) for m in made]


def test_the_switcher_keeps_the_current_municipality_when_the_own_are_more_than_ten() -> None:
    from types import SimpleNamespace

    from samplan.municipalities.context_processors import switcher_entries
    from samplan.municipalities.permissions import Entry

    own = [
        Entry(f"{n:04d}", f"Kommune {n:02d}", Capability.EDIT, "kommune", True) for n in range(12)
    ]
    other = Entry("9999", "Ås", Capability.COMMENT, "nasjonal", False)
    accesses = SimpleNamespace(entries=(*own, other))

    assert [e.number for e in switcher_entries(accesses, "9999")] == [
        *(entry.number for entry in own[:9]),
        "9999",
    ]
    assert [e.number for e in switcher_entries(accesses, None)] == [e.number for e in own[:10]]


def test_a_changed_follow_list_or_a_removed_membership_shows_on_the_next_request(
    client, personas, national
):
    client.force_login(national)
    oslo = reverse("municipalities:dashboard", args=["0301"])
    tydal = reverse("municipalities:dashboard", args=["5033"])
    assert client.get(oslo).status_code == 200 and client.get(oslo).status_code == 200  # cached

    organisation = Membership.objects.get(
        user=national, organisation__kind=OrganisationKind.NATIONAL
    ).organisation
    organisation.municipalities.remove(Municipality.objects.get(number="0301"))
    assert client.get(oslo).status_code == 404
    assert "Alle kommuner (356)" in client.get(tydal, HTTP_ACCEPT_LANGUAGE="nb").content.decode()

    organisation.municipalities.add(Municipality.objects.get(number="0301"))
    assert client.get(oslo).status_code == 200
    Membership.objects.filter(user=national, organisation=personas.workspace).delete()
    assert client.get(tydal).status_code == 200  # still followed through the national one
    page = client.get(oslo, HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert ">Tydal kommune</a>" not in _switcher(page)


NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def test_a_national_advisers_board_reads_no_followed_municipality_with_caching_off(
    client, personas, national, settings
):
    """The status board needs the numbers of the 357 municipalities only: with the page cache
    off (every request computes the access map) no query reads them with their counties and
    workspaces, while a page of one municipality reads that one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.CACHES = NO_CACHE
    client.force_login(national)
    slug = Membership.objects.get(user=national, organisation__kind="nasjonal").organisation.slug
    board = reverse("guidance:board", args=[slug])
    assert client.get(board).status_code == 200  # the rows computed and stored
    with CaptureQueriesContext(connection) as queries:
        page = client.get(board, HTTP_ACCEPT_LANGUAGE="nb")
    assert page.status_code == 200 and "357 kommuner fulgt" in page.content.decode()
    assert not _followed_read(queries)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("municipalities:dashboard", args=["0301"])).status_code == 200
    assert [sql.count("'0301'") for sql in _followed_read(queries)] == [1]


def _followed_read(queries: object) -> list[str]:
    """The queries that read municipalities with their counties, but not the user's own
    municipalities' (the memberships' query, with their organisations)."""
    return [
        query["sql"]
        for query in queries.captured_queries  # type: ignore[attr-defined]
        if '"municipalities_county"."name"' in query["sql"]
        and not query["sql"].startswith('SELECT "municipalities_membership"')
    ]
