"""Refreshing from SSB (on MockTransport): all or nothing, gaps kept, cache untouched on error."""

from __future__ import annotations

import importlib

import httpx
import pytest
from django.apps import apps as django_apps

from samplan.municipalities.models import Municipality
from samplan.stats import challenges, selectors, services
from samplan.stats.figures import municipality_figures
from samplan.stats.models import Fetch, Measure, Series, Source
from samplan.stats.ssb import SsbError

from .conftest import Recorder, json_response, make_client, ssb_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def tydal(snapshot) -> Municipality:
    return Municipality.objects.get(number="5033")


def _cache() -> list[tuple]:
    return sorted(Series.objects.values_list("measure", "region", "category", "values", "fetch_id"))


def test_refresh_stores_series_with_table_query_and_time(tydal):
    handler = Recorder(ssb_answer())
    progress = []
    regions = selectors.regions_for(tydal)

    result = services.refresh(
        regions=regions, client=make_client(handler), progress=lambda *a: progress.append(a)
    )

    assert result.requests == len(handler.requests) == len(progress) >= 2
    assert progress[-1][0] == progress[-1][1]
    births = Series.objects.get(measure=Measure.BIRTHS, region="5033")
    assert births.values["2024"] == 5 + 2024 % 3
    assert births.fetch.table_id == "06913"
    assert births.fetch.source == Source.SSB
    assert births.fetch.query["valueCodes"]["ContentsCode"] == [
        "Levendefodte",
        "Dode",
        "Nettoinnflytting",
    ]
    assert births.fetch.fetched_at is not None
    assert "tables/06913/data" in births.fetch.url
    assert Series.objects.filter(measure=Measure.PROJECTION_AGE, region="5033").count() == 7
    assert Series.objects.filter(measure=Measure.BIRTHS, region="50").exists()
    assert Series.objects.filter(measure=Measure.BIRTHS, region="0").exists()


def test_refreshed_figures_and_statements(tydal):
    services.refresh(
        regions=selectors.regions_for(tydal), client=make_client(Recorder(ssb_answer()))
    )
    figures = municipality_figures(tydal)

    assert figures.flows[Measure.DEATHS][2025] == 12 + 2025 % 3
    # 26 single ages 80–105 at 2 (2026) and 3 (2040) persons each in the constructed answer.
    assert figures.projection[2026]["80+"] == 26 * 2
    assert figures.projection[2040]["80+"] == 26 * 3
    keys = {s.key: s for s in challenges.compute(figures)}
    assert keys["projection_80"].numbers["change"] == 50.0
    assert keys["births_deaths"].numbers["first"] == 2016
    births = figures.figure(Measure.BIRTHS)
    assert births.values.municipality == pytest.approx((5 + 2025 % 3) / 786 * 1000)
    assert figures.as_json()["flows"]["births"]["source"]["table"] == "06913"


def test_a_missing_value_from_ssb_stays_a_gap(tydal):
    services.refresh(
        regions=selectors.regions_for(tydal), client=make_client(Recorder(ssb_answer("2020")))
    )
    births = Series.objects.get(measure=Measure.BIRTHS, region="5033")

    assert births.values["2020"] is None
    assert births.statuses["2020"] == ".."
    figures = municipality_figures(tydal)
    assert figures.flows[Measure.BIRTHS][2020] is None
    # Ten unbroken years with births and deaths are not there, so no sum is stated.
    statement = {s.key: s for s in challenges.compute(figures)}.get("births_deaths")
    assert statement is None or statement.numbers["first"] > 2020


def test_a_failure_midway_leaves_the_cache_untouched(tydal):
    services.refresh(
        regions=selectors.regions_for(tydal), client=make_client(Recorder(ssb_answer()))
    )
    before, fetches = _cache(), Fetch.objects.count()
    good = ssb_answer()

    def projection_fails(request: httpx.Request) -> httpx.Response:
        if "/tables/14288/" in request.url.path:
            return httpx.Response(503)
        return good(request)

    with pytest.raises(SsbError):
        services.refresh(
            regions=selectors.regions_for(tydal),
            client=make_client(Recorder(projection_fails), retries=1),
        )

    assert _cache() == before
    assert Fetch.objects.count() == fetches


def test_rate_limited_to_the_end_changes_nothing(tydal):
    before = _cache()
    handler = Recorder(lambda request: json_response({}, 429, **{"Retry-After": "1"}))

    with pytest.raises(SsbError, match="SSB er opptatt"):
        services.refresh(regions=["5033"], client=make_client(handler, retries=2))

    assert len(handler.requests) == 3
    assert _cache() == before


def test_an_answer_without_the_asked_figures_is_refused(tydal):
    def wrong_contents(request: httpx.Request) -> httpx.Response:
        from .conftest import jsonstat

        data = jsonstat(
            {"Region": ["5033"], "ContentsCode": ["Folkemengde"], "Tid": ["2024"]}, lambda c: 786
        )
        return json_response(data)

    with pytest.raises(SsbError, match="hadde ingen av tallene"):
        services.refresh(regions=["5033"], client=make_client(Recorder(wrong_contents)))
    assert not Series.objects.filter(measure=Measure.BIRTHS).exists()


def test_a_changed_municipality_number_is_reported(tydal):
    handler = Recorder(
        lambda request: json_response(
            {"title": "Non-existent value", "detail": "Region: 5033"}, 400
        )
    )
    with pytest.raises(SsbError, match="Non-existent value"):
        services.refresh(regions=["5033"], client=make_client(handler))
    assert not Fetch.objects.filter(source=Source.SSB).exists()


def test_projected_change_of_the_oldest_is_compared(tydal):
    services.refresh(
        regions=selectors.regions_for(tydal), client=make_client(Recorder(ssb_answer()))
    )
    figure = municipality_figures(tydal).figure("projected_80_change")

    assert (figure.base_year, figure.year) == (2026, 2040)
    # 26 ages at 2 persons in 2026 and 3 in 2040, in every region of the constructed answer.
    assert figure.values.municipality == pytest.approx(50.0)
    assert figure.values.norway == pytest.approx(50.0)
    assert figure.source.table_id == "14288"


def test_ssbs_symbol_and_unit_are_kept_and_reach_the_figures(tydal):
    services.refresh(
        regions=selectors.regions_for(tydal),
        client=make_client(Recorder(ssb_answer("2020", symbol=":", unit="personer"))),
    )
    births = Series.objects.get(measure=Measure.BIRTHS, region="5033")

    assert (births.values["2020"], births.statuses, births.unit) == (
        None,
        {"2020": ":"},
        "personer",
    )
    figures = municipality_figures(tydal)
    assert figures.statuses[Measure.BIRTHS] == {2020: ":"}
    assert figures.sources[Measure.BIRTHS].unit == "personer"
    data = figures.as_json()
    assert data["flows"]["births"]["statuses"] == {"2020": ":"}
    assert data["flows"]["births"]["source"]["unit"] == "personer"
    assert data["population"]["source"]["unit"] == "personer"  # the snapshot's


def test_the_snapshot_series_count_persons(tydal):
    assert set(Series.objects.filter(region="5033").values_list("unit", flat=True)) == {"personer"}


def test_the_migration_gives_stored_snapshot_series_their_unit(tydal):
    migration = importlib.import_module("samplan.stats.migrations.0002_series_unit")
    Series.objects.update(unit="")
    migration.snapshot_unit(django_apps, None)

    assert not Series.objects.filter(fetch__source=Source.SNAPSHOT, unit="").exists()
