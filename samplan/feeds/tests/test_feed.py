"""The public Atom feed of a municipality: valid Atom, built from the audit history, public
facts only (no drafts), never another municipality's, and a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from samplan.core.testing import page_queries
from samplan.participation.models import Consultation
from samplan.plans.models import Plan
from samplan.plantakt.models import ItemDecision
from samplan.strategy import services as strategy_services

pytestmark = pytest.mark.django_db
KNR = "5033"
ATOM = "http://www.w3.org/2005/Atom"
NS = {"a": ATOM}


def feed(client: Client, knr: str = KNR) -> etree._Element:
    response = client.get(reverse("feeds:municipality", args=[knr]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return etree.fromstring(response.content)


def titles(root: etree._Element) -> list[str]:
    return root.xpath("a:entry/a:title/text()", namespaces=NS)


def adopt_plan(municipality: object, title: str) -> Plan:
    plan = Plan.objects.create(
        municipality=municipality, title=title, plan_type="temaplan", status="i_arbeid"
    )
    plan.status = "gjeldende"
    plan.adopted_date = datetime.date(2025, 5, 6)
    plan.save()
    plan.note = "Endra merknad"  # a later change of an adopted plan is no new event
    plan.save()
    return plan


# What every consultation of these tests has besides its municipality, title and status.
CONSULTATION = {
    "kind": "horing",
    "subject": "annet",
    "summary": "Om saka.",
    "opens_on": datetime.date(2025, 1, 1),
    "closes_at": datetime.datetime(2025, 2, 1, 12, tzinfo=datetime.UTC),
}


def consultation(municipality: object, title: str, status: str) -> Consultation:
    return Consultation.objects.create(
        municipality=municipality, title=title, status=status, **CONSULTATION
    )


def test_the_feed_is_valid_atom(client, personas):
    adopt_plan(personas.municipality, "Kommuneplanens samfunnsdel")
    consultation(personas.municipality, "Høring om bustader", "publisert")

    root = feed(client)

    assert root.tag == f"{{{ATOM}}}feed"
    for required in ("id", "title", "updated", "author/a:name"):
        assert root.findtext(f"a:{required}", namespaces=NS), required
    assert root.findtext("a:title", namespaces=NS) == "Planlegging i Tydal kommune"
    links = {link.get("rel"): link.get("href") for link in root.findall("a:link", NS)}
    assert links["self"].endswith(reverse("feeds:municipality", args=[KNR]))
    assert links["alternate"].endswith(reverse("municipalities:detail", args=[KNR]))
    entries = root.findall("a:entry", NS)
    assert len(entries) == 2
    for entry in entries:
        for required in ("id", "title", "updated", "summary"):
            assert entry.findtext(f"a:{required}", namespaces=NS), required
        assert entry.find("a:link", NS).get("href").startswith("http")
        datetime.datetime.fromisoformat(entry.findtext("a:updated", namespaces=NS))
    ids = root.xpath("a:entry/a:id/text()", namespaces=NS)
    assert len(set(ids)) == len(ids)


def test_the_feed_shows_an_adopted_plan_once(client, personas):
    adopt_plan(personas.municipality, "Kommuneplanens samfunnsdel")
    Plan.objects.create(  # entered in the register the day it was adopted
        municipality=personas.municipality,
        title="Temaplan for kultur",
        plan_type="temaplan",
        status="gjeldende",
        adopted_date=timezone.localdate(),
    )

    assert titles(feed(client)) == [
        "Plan vedtatt: Temaplan for kultur",
        "Plan vedtatt: Kommuneplanens samfunnsdel",
    ]


def test_a_consultation_opened_and_its_deadline_moved(client, personas):
    found = consultation(personas.municipality, "Høring om bustader", "utkast")
    found.title = "Høring om bustader og hytter"
    found.save()
    found.status = "publisert"
    found.save()
    found.closes_at = datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC)
    found.save()

    root = feed(client)

    assert titles(root) == [
        "Frist endret: Høring om bustader og hytter",
        "Høring åpnet: Høring om bustader og hytter",
    ]
    assert "01.03.2025" in root.xpath("a:entry/a:summary/text()", namespaces=NS)[0]
    links = root.xpath("a:entry/a:link/@href", namespaces=NS)
    assert links[0].endswith(reverse("participation:public", args=[KNR, found.pk]))


def test_drafts_and_what_only_the_municipality_sees_are_not_in_the_feed(client, personas):
    consultation(personas.municipality, "Hemmeleg utkast", "utkast")
    withdrawn = consultation(personas.municipality, "Trekt tilbake", "publisert")
    withdrawn.status = "utkast"
    withdrawn.save()
    strategy = strategy_services.strategy_get_or_create(
        municipality=personas.municipality, period_start=2023
    )
    strategy.trends = "Utkast til tekst"
    strategy.statement_deadline = datetime.date(2025, 1, 1)
    strategy.save()
    Plan.objects.create(
        municipality=personas.municipality,
        title="Plan i arbeid",
        plan_type="temaplan",
        status="i_arbeid",
    )
    Plan.objects.create(  # an old plan entered in the register: no news
        municipality=personas.municipality,
        title="Gammal plan",
        plan_type="temaplan",
        status="gjeldende",
        adopted_date=datetime.date(2010, 1, 1),
    )

    page = client.get(reverse("feeds:municipality", args=[KNR])).content.decode()

    assert "<entry>" not in page
    for secret in ("Hemmeleg", "Trekt tilbake", "Utkast til tekst", "Plan i arbeid", "Gammal"):
        assert secret not in page


def test_the_strategy_on_public_display_and_adopted(client, personas):
    strategy = strategy_services.strategy_get_or_create(
        municipality=personas.municipality, period_start=2023
    )
    strategy.status = "offentlig_ettersyn"
    strategy.public_from = datetime.date(2023, 11, 20)
    strategy.statement_deadline = datetime.date(2024, 1, 5)
    strategy.save()
    strategy.statement_deadline = datetime.date(2024, 1, 12)
    strategy.save()

    root = feed(client)

    assert titles(root) == [
        "Frist endret: planstrategi 2023–2027",
        "Planstrategi 2023–2027 lagt ut til offentlig ettersyn",
    ]
    assert root.xpath("a:entry/a:link/@href", namespaces=NS)[0].endswith(
        reverse("strategy:public", args=[KNR, 2023])
    )


def test_a_decision_date_recorded_in_plantakt(client, personas):
    ItemDecision.objects.create(
        municipality=personas.municipality,
        election_year=2023,
        item_key="planning_strategy.adopted",
        decided_on=datetime.date(2024, 6, 1),
    )

    [title] = titles(feed(client))

    assert title.startswith("Vedtatt: ")


def test_the_feed_never_shows_another_municipalitys_entries(client, personas):
    adopt_plan(personas.other_municipality, "Utsira-plan")
    consultation(personas.other_municipality, "Utsira-høring", "publisert")
    adopt_plan(personas.municipality, "Tydal-plan")

    page = client.get(reverse("feeds:municipality", args=[KNR])).content.decode()
    other = client.get(reverse("feeds:municipality", args=["1151"])).content.decode()

    assert "Tydal-plan" in page and "Utsira" not in page
    assert "Utsira-plan" in other and "Tydal" not in other.replace("Tydal kommune", "")


def test_an_unknown_municipality_has_no_feed(client, db):
    assert client.get(reverse("feeds:municipality", args=["9999"])).status_code == 404


def test_the_feed_makes_a_fixed_number_of_queries(client, personas):
    url = reverse("feeds:municipality", args=[KNR])

    def get() -> None:
        assert client.get(url).status_code == 200

    adopt_plan(personas.municipality, "Første plan")
    get()
    small = page_queries(get)
    for number in range(10):
        adopt_plan(personas.municipality, f"Plan {number}")
        consultation(personas.municipality, f"Høring {number}", "publisert")

    assert page_queries(get) == small == (5, 5)


def test_the_public_municipality_page_links_to_the_feed(client, personas):
    page = client.get(reverse("municipalities:detail", args=[KNR])).content.decode()
    url = reverse("feeds:municipality", args=[KNR])

    assert f'<link rel="alternate" type="application/atom+xml" href="{url}"' in page
    assert f'<a class="ds-link" href="{url}"' in page
