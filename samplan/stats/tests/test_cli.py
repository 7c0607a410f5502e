"""samplan stats load | refresh | show, without a network (httpx.MockTransport)."""

from __future__ import annotations

import io
import json

import httpx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samplan.stats.management.commands.stats import Command
from samplan.stats.models import Measure, Series
from samplan.stats.ssb import SsbClient

from .conftest import ssb_answer

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("stats", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def offline_client(monkeypatch):
    """SsbClient as the command makes it, but on a transport: no network, no sleeping."""

    def use(handler):
        monkeypatch.setattr(
            Command,
            "client_factory",
            lambda self=None: SsbClient(
                transport=httpx.MockTransport(handler), sleep=lambda s: None
            ),
        )

    return use


def test_load_reports_what_it_loaded():
    assert "2611 serier for 373 regioner, 1986–2026" in run("load")


def test_show_json_has_figures_with_table_and_year(snapshot):
    data = json.loads(run("show", "--kommune", "5033", "--json"))

    assert data["municipality"] == {"number": "5033", "name": "Tydal"}
    assert data["latest_year"] == 2026
    assert data["population"]["values"]["2026"] == 773
    assert data["population"]["values"]["2005"] is not None
    assert data["population"]["source"]["table"] == "07459"
    assert data["population"]["source"]["source"] == "snapshot"
    share_80 = next(f for f in data["key_figures"] if f["key"] == "share_80")
    assert share_80["year"] == 2026
    assert share_80["source"]["table"] == "07459"
    assert round(share_80["values"]["municipality"], 1) == 10.6
    assert data["flows"]["births"] == {
        "values": None, "statuses": {}, "status": "not_fetched", "source": None,
        "publisher": "Statistisk sentralbyrå", "table": "06913",
        "table_url": "https://www.ssb.no/statbank/table/06913",
    }  # fmt: skip
    assert {s["key"] for s in data["statements"]} >= {"population_change", "share_80"}


POPULATION_SOURCE = {
    "publisher": "Statistisk sentralbyrå",
    "table": "07459",
    "table_url": "https://www.ssb.no/statbank/table/07459",
    "table_title": "07459: Befolkning, etter region, kjønn, alder, statistikkvariabel og år",
}


def test_show_json_names_publisher_table_and_address_of_every_figure(snapshot):
    data = json.loads(run("show", "--kommune", "5033", "--json"))

    sources = [
        data["population"]["source"],
        data["age_groups"]["source"],
        *(figure["source"] for figure in data["key_figures"] if figure["source"]),
        *(statement["source"] for statement in data["statements"] if statement["source"]),
    ]
    assert len(sources) > 5
    for source in sources:
        assert source.items() >= POPULATION_SOURCE.items()
    assert data["projection"]["publisher"] == "Statistisk sentralbyrå"
    assert data["projection"]["table_url"] == "https://www.ssb.no/statbank/table/14288"


def test_show_in_nynorsk_on_request(snapshot):
    out = run("show", "--kommune", "5033", "--sprak", "nn")
    assert "ikkje henta enno" in out and "ikke hentet" not in out


def test_show_text_says_not_fetched_yet_in_norwegian(snapshot):
    out = run("show", "--kommune", "5033")
    assert "ikke hentet ennå" in out
    assert "Folketallet har gått ned med 9,2 %" in out


def test_show_unknown_municipality():
    with pytest.raises(CommandError, match="Ukjent kommunenummer: 9999"):
        run("show", "--kommune", "9999")


def test_refresh_with_no_network_says_so_and_keeps_the_data(snapshot, offline_client):
    def no_network(request):
        raise httpx.ConnectError("Temporary failure in name resolution", request=request)

    offline_client(no_network)
    before = Series.objects.count()

    with pytest.raises(CommandError) as error:
        run("refresh", "--kommune", "5033")

    assert "Fikk ikke kontakt med SSB" in str(error.value)
    assert "Ingenting ble endret" in str(error.value)
    assert Series.objects.count() == before


def test_refresh_one_municipality_with_progress_bar(snapshot, offline_client):
    offline_client(ssb_answer())

    out = run("refresh", "--kommune", "5033")

    assert "[##############################] " in out
    assert "Ferdig:" in out
    assert Series.objects.filter(measure=Measure.BIRTHS, region="5033").exists()
    data = json.loads(run("show", "--kommune", "5033", "--json"))
    assert data["flows"]["births"]["status"] == "fetched"
    assert data["flows"]["births"]["source"]["source"] == "ssb"


def test_refresh_needs_kommune_or_alle():
    with pytest.raises(
        CommandError, match="^Feil: ett av argumentene --kommune --alle må være med$"
    ):
        run("refresh")


def test_refresh_all(snapshot, offline_client):
    offline_client(ssb_answer())
    run("refresh", "--alle")
    assert Series.objects.filter(measure=Measure.BIRTHS).count() == 357 + 15 + 1
