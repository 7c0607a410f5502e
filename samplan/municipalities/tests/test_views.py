"""Public municipality pages, the dashboard and organisation pages: content, htmx, queries."""

from __future__ import annotations

import csv
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samplan.core.testing import page_queries
from samplan.municipalities.models import Membership, Municipality, OrganisationKind, Role
from samplan.municipalities.services import (
    REFERENCE_FILE,
    organisation_create,
    workspace_get_or_create,
)
from samplan.municipalities.testing import make_member, make_user

LIST_URL = reverse("municipalities:list")


def reference_rows() -> list[dict[str, str]]:
    with REFERENCE_FILE.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


# The list ------------------------------------------------------------------------------------


def test_list_shows_all_357_municipalities(client, db):
    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert response.context["total"] == 357
    assert len(response.context["page"].object_list) == 50
    assert "357" in response.content.decode()


def test_list_pages_through_all_municipalities(client, db):
    seen = []
    for page in range(1, 9):
        response = client.get(LIST_URL, {"side": page})
        seen += [municipality.number for municipality in response.context["page"].object_list]

    assert len(seen) == len(set(seen)) == 357


def test_list_search_by_part_of_the_name(client, db):
    response = client.get(LIST_URL, {"q": "tyd"})

    assert [m.number for m in response.context["page"].object_list] == ["5033"]
    assert "Tydal" in response.content.decode()


def test_list_search_by_number(client, db):
    response = client.get(LIST_URL, {"q": "5033"})

    assert [m.name for m in response.context["page"].object_list] == ["Tydal"]


def test_list_search_by_county_name(client, db):
    expected = {row["kommunenummer"] for row in reference_rows() if row["fylke"] == "Trøndelag"}

    response = client.get(LIST_URL, {"q": "trøndelag"})

    assert response.context["total"] == len(expected) > 30
    numbers = set(Municipality.objects.search("trøndelag").values_list("number", flat=True))
    assert numbers == expected


def test_list_search_without_match_says_so(client, db):
    response = client.get(LIST_URL, {"q": "Atlantis"})

    assert response.context["total"] == 0
    assert "Tydal" not in response.content.decode()


def test_list_search_with_a_nul_character_is_not_an_error(client, db):
    response = client.get(LIST_URL, {"q": "Ty\x00dal"})

    assert response.status_code == 200


def test_list_htmx_request_gets_only_the_results_fragment(client, db):
    response = client.get(LIST_URL, {"q": "tyd"}, headers={"HX-Request": "true"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "<form" not in page
    assert page.strip().startswith('<div id="results">')
    assert "Tydal" in page
    assert "HX-Request" in response.headers["Vary"]


def test_list_without_htmx_gets_the_whole_page(client, db):
    response = client.get(LIST_URL, {"q": "tyd"})

    page = response.content.decode()
    assert "<html" in page
    assert 'id="results"' in page


def test_list_shows_sami_names(client, db):
    response = client.get(LIST_URL, {"q": "5041"})

    assert '(<span lang="sma">Snåase</span>)' in response.content.decode()  # South Sami


# The detail page -----------------------------------------------------------------------------


def test_detail_shows_the_reference_facts(client, db):
    response = client.get(reverse("municipalities:detail", args=["5033"]))

    page = response.content.decode()
    assert response.status_code == 200
    for text in ["5033", "Tydal", "Trøndelag", "786", "2025", "1328"]:
        assert text in page
    assert response.context["municipality"].get_language_form_display() in page


def test_detail_shows_the_sami_name(client, db):
    response = client.get(reverse("municipalities:detail", args=["5041"]))

    page = response.content.decode()
    assert "Snåsa" in page
    assert '<dd><span lang="sma">Snåase</span></dd>' in page


def test_detail_without_a_sami_name_shows_none(client, db):
    response = client.get(reverse("municipalities:detail", args=["5033"]))

    assert 'lang="se"' not in response.content.decode()


@pytest.mark.parametrize("number", ["9999", "0000", "abcd", "50333"])
def test_detail_of_an_unknown_municipality_is_404(client, db, number):
    assert client.get(reverse("municipalities:detail", args=[number])).status_code == 404


def test_detail_is_public(client, db):
    assert client.get(reverse("municipalities:detail", args=["1151"])).status_code == 200


# Dashboard and organisation pages ------------------------------------------------------------


def test_dashboard_shows_the_municipality_to_a_member(client, personas):
    client.force_login(personas.editor)

    response = client.get(reverse("municipalities:dashboard", args=["5033"]))

    assert response.status_code == 200
    assert "Tydal" in response.content.decode()
    assert response.context["workspace"] == personas.workspace


def test_a_municipality_without_a_workspace_raises_no_alarms_for_the_county(client, personas):
    from samplan.plans.selectors import plan_health

    holtalen = Municipality.objects.get(number="5026")
    personas.county_org.municipalities.add(holtalen)
    client.force_login(personas.adviser)

    page = client.get(reverse("municipalities:dashboard", args=["5026"])).content.decode()

    assert "Holtålen har ikke tatt Samplan i bruk" in page
    assert 'id="panel-plan-health"' not in page  # no "Alvorlige funn"
    assert 'id="panel-plantakt"' not in page  # no overdue budget deadlines
    assert 'id="panel-key-figures"' in page  # the public facts stay
    assert "Du kan lese (kommentarer er ikke tilgjengelige ennå)." in page
    assert "kommentere" not in page
    assert plan_health(holtalen) == []
    network = client.get(reverse("municipalities:organisation", args=[personas.county_org.slug]))
    assert "Har ikke tatt Samplan i bruk" in network.content.decode()


def test_the_dashboard_says_what_each_plan_count_counts(client, personas):
    client.force_login(personas.reader)
    page = client.get(reverse("municipalities:dashboard", args=["5033"])).content.decode()
    assert "Planer i registeret, alle statuser" in page
    assert "Gjeldende og under revisjon: planer, sider" in page
    assert "Alvorlige funn" in page  # a municipality with a workspace gets its findings


def _panels(client) -> str:
    page = client.get(reverse("municipalities:dashboard", args=["5033"])).content.decode()
    return page.split('<div class="sp-panels">')[1].split("</main>")[0]


def test_the_cached_panels_show_a_change_at_once_and_nothing_of_the_user(client, personas):
    """The dashboard's panels are cached as markup per version of the municipality's data
    (views._panels_html): the same for every member, and a plan added shows at once."""
    from samplan.plans import services as plan_services
    from samplan.plans.models import Plan

    client.force_login(personas.editor)
    before = _panels(client)
    client.force_login(personas.reader)
    assert _panels(client) == before
    assert personas.editor.email not in before and personas.reader.email not in before
    plan_services.plan_save(
        plan=Plan(municipality=personas.municipality, title="Ny plan", plan_type="temaplan"),
        user=personas.editor,
    )
    after = _panels(client)
    assert after != before
    count = Plan.objects.filter(municipality=personas.municipality).count()
    assert f">{count}<" in after and f">{count}<" not in before


def test_dashboard_is_404_for_an_outsider(client, personas):
    client.force_login(personas.outsider_admin)

    response = client.get(reverse("municipalities:dashboard", args=["5033"]))

    assert response.status_code == 404


def test_dashboard_of_an_unknown_municipality_is_404_for_a_member(client, personas):
    client.force_login(personas.admin)

    assert client.get(reverse("municipalities:dashboard", args=["9999"])).status_code == 404


def test_organisation_page_lists_members_and_their_roles(client, personas):
    client.force_login(personas.reader)

    response = client.get(reverse("municipalities:organisation", args=[personas.workspace.slug]))

    page = response.content.decode()
    assert response.status_code == 200
    for email in ["admin@tydal.test", "editor@tydal.test", "reader@tydal.test"]:
        assert email in page
    assert "admin@utsira.test" not in page
    assert response.context["is_admin"] is False


def test_organisation_page_shows_the_add_form_only_to_admins(client, personas):
    url = reverse("municipalities:organisation", args=[personas.workspace.slug])
    add_url = reverse("municipalities:member_add", args=[personas.workspace.slug])

    client.force_login(personas.editor)
    assert add_url not in client.get(url).content.decode()
    client.force_login(personas.admin)
    assert add_url in client.get(url).content.decode()


def test_county_organisation_page_lists_the_network(client, personas):
    client.force_login(personas.adviser)

    response = client.get(reverse("municipalities:organisation", args=[personas.county_org.slug]))

    assert response.context["network"] == [personas.municipality]


def test_network_edit_for_a_municipality_workspace_is_404(client, personas):
    client.force_login(personas.admin)

    response = client.get(reverse("municipalities:network_edit", args=[personas.workspace.slug]))

    assert response.status_code == 404


def test_network_edit_offers_only_the_county_municipalities(client, personas):
    county_admin = make_member(personas.county_org, "admin@trondelag.test", Role.ADMIN)
    client.force_login(county_admin)

    response = client.get(reverse("municipalities:network_edit", args=[personas.county_org.slug]))

    offered = response.context["form"].fields["municipalities"].queryset
    assert set(offered.values_list("county_id", flat=True)) == {"50"}


def test_member_add_with_invalid_email_shows_the_form_again(client, personas):
    client.force_login(personas.admin)
    before = Membership.objects.count()

    response = client.post(
        reverse("municipalities:member_add", args=[personas.workspace.slug]),
        {"email": "not-an-address", "role": "reader"},
    )

    assert response.status_code == 400
    assert response.context["add_form"].errors
    assert Membership.objects.count() == before


def test_member_add_of_an_existing_member_shows_an_error(client, personas):
    client.force_login(personas.admin)
    before = Membership.objects.count()

    response = client.post(
        reverse("municipalities:member_add", args=[personas.workspace.slug]),
        {"email": "EDITOR@tydal.test", "role": "admin"},
    )

    assert response.status_code == 400
    assert response.context["add_form"].non_field_errors()
    assert Membership.objects.count() == before
    assert Membership.objects.get(user=personas.editor).role == Role.EDITOR


def test_member_edit_refuses_to_demote_the_last_admin(client, personas):
    client.force_login(personas.admin)
    membership = Membership.objects.get(user=personas.admin)

    response = client.post(
        reverse("municipalities:member_edit", args=[personas.workspace.slug, membership.pk]),
        {"role": "reader"},
    )

    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert Membership.objects.get(user=personas.admin).role == Role.ADMIN


def test_member_edit_refuses_an_editor_role_in_a_county(client, personas):
    county_admin = make_member(personas.county_org, "admin@trondelag.test", Role.ADMIN)
    client.force_login(county_admin)
    membership = Membership.objects.get(user=personas.adviser)

    response = client.post(
        reverse("municipalities:member_edit", args=[personas.county_org.slug, membership.pk]),
        {"role": "editor"},
    )

    assert response.status_code == 400
    assert Membership.objects.get(user=personas.adviser).role == Role.ADVISER


# Number of queries: the same with few and many rows ------------------------------------------


def _grow(personas, start: int, stop: int) -> None:
    """More members in Tydal, and the admin in more workspaces and intercommunal offices."""
    others = list(Municipality.objects.exclude(number__in=["5033", "1151"]))
    for i in range(start, stop):
        make_member(personas.workspace, f"member{i}@tydal.test", Role.READER, f"Member {i}")
        workspace = workspace_get_or_create(municipality=others[i])
        Membership.objects.create(user=personas.admin, organisation=workspace, role=Role.EDITOR)
        office = organisation_create(
            name=f"Kontor {i}",
            kind=OrganisationKind.INTERCOMMUNAL,
            municipalities=others[100 + 3 * i : 103 + 3 * i],
        )
        Membership.objects.create(user=personas.admin, organisation=office, role=Role.EDITOR)


@pytest.mark.parametrize(
    "url",
    [
        reverse("municipalities:list"),
        reverse("municipalities:list") + "?q=tr%C3%B8ndelag&side=2",
        reverse("municipalities:detail", args=["5033"]),
        reverse("municipalities:dashboard", args=["5033"]),
        reverse("accounts:profile"),
        reverse("site:home"),
    ],
)
def test_page_needs_as_many_queries_with_many_memberships_as_with_few(client, personas, url):
    _grow(personas, 0, 1)
    client.force_login(personas.admin)
    client.get(url)  # fill per-process caches (language forms, content types)
    few = page_queries(lambda: count_queries(client, url))

    _grow(personas, 1, 12)

    assert page_queries(lambda: count_queries(client, url)) == few


@pytest.mark.parametrize(
    "url", [reverse("municipalities:list"), reverse("municipalities:detail", args=["5033"])]
)
def test_public_page_needs_few_queries_for_an_anonymous_visitor(
    client, db, django_assert_max_num_queries, url
):
    client.get(url)

    with django_assert_max_num_queries(3):
        assert client.get(url).status_code == 200


def test_organisation_page_needs_as_many_queries_with_many_members_and_changes(client, personas):
    url = reverse("municipalities:organisation", args=[personas.workspace.slug])
    client.force_login(personas.admin)
    client.get(url)
    few = page_queries(lambda: count_queries(client, url))

    for i in range(15):
        user = make_user(f"member{i}@tydal.test", f"Member {i}")
        membership = Membership.objects.create(
            user=user, organisation=personas.workspace, role=Role.READER
        )
        membership.role = Role.EDITOR
        membership.save()

    assert page_queries(lambda: count_queries(client, url)) == few
    response = client.get(url)
    assert len(response.context["members"]) == 18


def test_the_planner_sets_where_the_public_sends_statements(client, personas):
    contact = reverse("municipalities:contact", args=["5033"])
    for user in (personas.reader, personas.adviser):
        client.force_login(user)
        assert client.post(contact, {"email": "x@example.com"}).status_code == 403
    client.force_login(personas.editor)
    response = client.post(contact, {"postal_address": "Postboks 1", "email": "ikke-en-adresse"})
    assert response.status_code == 400
    personas.workspace.refresh_from_db()
    assert personas.workspace.email == ""

    response = client.post(
        contact, {"postal_address": " Postboks 1\n7590 Tydal ", "email": "postmottak@tydal.no"}
    )

    assert response.status_code == 302
    personas.workspace.refresh_from_db()
    assert personas.workspace.postal_address == "Postboks 1\n7590 Tydal"
    assert personas.workspace.email == "postmottak@tydal.no"
    assert personas.workspace.history.first().history_user == personas.editor


def test_sami_and_kven_names_carry_their_own_language_tags(client, db):
    from samplan.municipalities.models import SAMI_LANGUAGES, sami_name_languages

    page = client.get(reverse("municipalities:detail", args=["5536"])).content.decode()
    assert '<span lang="se">Ivgu</span> – <span lang="fkv">Yykeä</span>' in page
    snasa = client.get(reverse("municipalities:detail", args=["5041"])).content.decode()
    assert '<span lang="sma">Snåase</span>' in snasa
    # Every official name in the reference data has its language recorded.
    for municipality in Municipality.objects.exclude(sami_name=""):
        for name, language in municipality.sami_names:
            assert language in SAMI_LANGUAGES, (municipality.number, name)
    assert set(sami_name_languages().values()) == SAMI_LANGUAGES


def _header(page: str) -> str:
    return page[page.index("<header") : page.index("</header>")]


def test_the_header_menu_shows_every_module_by_its_short_label_and_the_tools_above_it(
    client, personas
):
    from django.utils import translation

    from samplan.core.modules import modules

    client.force_login(personas.editor)
    header = _header(
        client.get(
            reverse("municipalities:dashboard", args=["5033"]), HTTP_ACCEPT_LANGUAGE="nb"
        ).content.decode()
    )
    nav = header[header.index('class="sp-nav"') :]
    with translation.override("nb"):
        labels = [str(module.menu_label or module.label) for module in modules()]
    assert [f">{label}</a>" in nav for label in labels] == [True] * len(labels)
    assert ">Prosesser</a>" in nav and "Prosessplaner" not in nav
    assert header.index(">Hjelp</a>") < header.index('class="sp-nav"')


def test_a_page_without_the_municipalitys_modules_has_no_empty_module_menu(client, db):
    page = client.get(reverse("municipalities:detail", args=["5033"])).content.decode()
    assert 'class="sp-nav"' not in _header(page) and ">Hjelp</a>" in _header(page)


def test_the_module_menu_follows_the_language_the_modules_and_the_current_page_at_once(
    client, personas
):
    """The menu's items are made once per municipality and language (module_nav._menu_items):
    another language, a module registered or removed, another page show at once."""
    from django.conf import settings

    from samplan.core.modules import _REGISTRY, Module, register_module

    client.force_login(personas.editor)
    dashboard = reverse("municipalities:dashboard", args=["5033"])

    def nav(path: str, language: str) -> str:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        header = _header(client.get(path).content.decode())
        return header[header.index('class="sp-nav"') :]

    assert ">Planer</a>" in nav(dashboard, "nb") and ">Planar</a>" in nav(dashboard, "nn")
    assert f'href="{dashboard}" aria-current="page"' in nav(dashboard, "nb")
    plans = reverse("plans:list", args=["5033"])
    assert f'href="{plans}" aria-current="page"' in nav(plans, "nb")
    assert f'href="{dashboard}" aria-current="page"' not in nav(plans, "nb")
    register_module(Module(key="menytest", label="Menytest", url_name="plantakt:wheel", order=99))
    try:
        assert ">Menytest</a>" in nav(dashboard, "nb")
    finally:
        del _REGISTRY["menytest"]
    assert ">Menytest</a>" not in nav(dashboard, "nb")


def test_the_headers_fixed_parts_follow_the_page_and_the_language(client, db):
    """The header's parts rendered once (header_start, language_choice) by their keys: the
    current tool and the language."""
    from django.conf import settings

    help_page, listing = reverse("core:help"), reverse("municipalities:list")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    header = _header(client.get(help_page).content.decode())
    assert f'href="{help_page}" aria-current="page">Hjelp</a>' in header
    assert f'href="{listing}">Kommunar</a>' in header
    assert 'value="nn" lang="nn" class="ds-button" data-size="sm" data-variant="primary"' in header
    header = _header(client.get(listing).content.decode())
    assert f'href="{help_page}">Hjelp</a>' in header
    assert f'href="{listing}" aria-current="page">Kommunar</a>' in header
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    header = _header(client.get(listing).content.decode())
    assert f'href="{listing}" aria-current="page">Municipalities</a>' in header
    assert 'value="en" lang="en" class="ds-button" data-size="sm" data-variant="primary"' in header
    assert f'<input type="hidden" name="next" value="{listing}">' in header


def test_the_municipality_list_pages_with_the_shared_pager_keeping_the_search(client, personas):
    """357 municipalities, 50 a page: the Designsystemet pager of the status boards (the current
    page marked, the far pages elided, previous/next), each link keeping the search and "only
    mine"."""
    page = client.get(reverse("municipalities:list"), {"side": "4"}, HTTP_ACCEPT_LANGUAGE="nb")
    pager = page.content.decode().split('<nav class="ds-pagination"')[1].split("</nav>")[0]

    assert 'aria-label="Sider"' in pager
    assert re.findall(r"side=(\d+)", pager) == ["3", "1", "2", "3", "4", "5", "6", "7", "8", "5"]
    assert 'href="?q=&amp;side=4" aria-current="page"' in pager

    client.force_login(personas.adviser)
    mine = client.get(reverse("municipalities:list"), {"q": "a", "mine": "1"}).content.decode()
    assert 'class="ds-pagination"' not in mine  # one page: no pager
    page = client.get(reverse("municipalities:list"), {"q": "ø", "side": "2"}).content.decode()
    assert "?q=%C3%B8&amp;side=1" in page
