"""Figures from the shipped snapshot, checked against values added up by hand from the CSV files
(the rows are quoted in the comments), and the gaps the snapshot leaves on purpose."""

from __future__ import annotations

import pytest

from samplan.municipalities.models import Municipality
from samplan.stats import challenges
from samplan.stats.figures import Store, municipality_figures, similar_municipalities
from samplan.stats.models import Fetch, Measure, Series, Source
from samplan.stats.snapshot import snapshot_load

pytestmark = pytest.mark.django_db

# befolkning_alder.csv, 5033 (Tydal):
# 2016: 44, 75, 43, 232, 259, 130, 68 = 851
# 2026: 31, 74, 27, 187, 235, 137, 82 = 773
TYDAL_2016 = {
    "0-5": 44,
    "6-15": 75,
    "16-19": 43,
    "20-44": 232,
    "45-66": 259,
    "67-79": 130,
    "80+": 68,
}
TYDAL_2026 = {
    "0-5": 31,
    "6-15": 74,
    "16-19": 27,
    "20-44": 187,
    "45-66": 235,
    "67-79": 137,
    "80+": 82,
}
# befolkning_alder_fylke_land.csv, land 0, 2026: 332053, 629931, 276650, 1865473, 1563660,
# 674694, 284939 = 5 627 400 (the README's national total for 2026).
NORWAY_2026 = 5_627_400
NORWAY_80_2026 = 284_939


@pytest.fixture
def tydal(snapshot) -> Municipality:
    return Municipality.objects.get(number="5033")


def test_tydal_age_groups_now_and_ten_years_ago(tydal):
    figures = municipality_figures(tydal)

    assert (figures.latest_year, figures.base_year) == (2026, 2016)
    assert figures.age_now == TYDAL_2026
    assert figures.age_then == TYDAL_2016
    assert figures.population_now == 773
    assert figures.population_then == 851
    assert figures.population[2025] == 786  # kommuner.csv: Tydal 786 on 1 January 2025


def test_tydal_key_figures_against_hand_computed_values(tydal):
    figures = municipality_figures(tydal)

    change = figures.figure("population_change").values
    assert change.municipality == pytest.approx((773 - 851) / 851 * 100)  # −9.17 %
    share_80 = figures.figure("share_80").values
    assert share_80.municipality == pytest.approx(82 / 773 * 100)  # 10.6 %
    assert share_80.norway == pytest.approx(NORWAY_80_2026 / NORWAY_2026 * 100)  # 5.06 %
    share_67 = figures.figure("share_67").values
    assert share_67.municipality == pytest.approx((137 + 82) / 773 * 100)
    ratio = figures.figure("dependency_ratio").values
    assert ratio.municipality == pytest.approx((137 + 82) / (187 + 235) * 100)  # 51.9
    assert figures.figure("share_80").source.table_id == "07459"
    assert figures.figure("share_80").source.source == Source.SNAPSHOT


def test_the_county_equals_the_sum_of_its_municipalities_in_2026(tydal):
    numbers = list(Municipality.objects.filter(county_id="50").values_list("number", flat=True))
    store = Store([*numbers, "50"])
    assert store.total("50", 2026) == sum(store.total(number, 2026) for number in numbers)


def test_similar_municipalities_share_centrality_and_size(tydal):
    similar = similar_municipalities(tydal)

    assert similar, "Tydal has peers"
    assert tydal not in similar
    assert {m.centrality for m in similar} == {tydal.centrality}
    assert all(m.population < 2000 for m in similar)
    assert Municipality.objects.get(number="1151") in similar  # Utsira: 217, class 6


def test_utsira_spot_check_from_the_readme(snapshot):
    store = Store(["1151"])
    assert store.groups("1151", 2025) == {
        "0-5": 5, "6-15": 25, "16-19": 7, "20-44": 56, "45-66": 78, "67-79": 29, "80+": 17,
    }  # fmt: skip
    assert store.total("1151", 2025) == 217


def test_age_groups_asked_again_are_the_same_and_each_caller_s_own(snapshot):
    store = Store(["1151", "1806"])
    first = store.groups("1151", 2025)
    first["80+"] = 0  # a caller's change stays its own
    assert store.groups("1151", 2025) == {
        "0-5": 5, "6-15": 25, "16-19": 7, "20-44": 56, "45-66": 78, "67-79": 29, "80+": 17,
    }  # fmt: skip
    assert store.groups("1151", 2025) is not store.groups("1151", 2025)
    assert store.groups("1806", 2019) is None and store.groups("1806", 2019) is None
    assert store.total("1151", 2025) == 217
    assert store.groups("1151", 2025, Measure.PROJECTION_AGE) != store.groups("1151", 2025)


def test_narvik_years_left_out_of_the_snapshot_stay_gaps(snapshot):
    narvik = Municipality.objects.get(number="1806")
    figures = municipality_figures(narvik)

    assert figures.population[2019] is None
    assert figures.population[2010] is None
    assert figures.population[2020] is not None
    assert figures.age_then is None  # 2016 is not in the snapshot for Narvik
    assert figures.figure("population_change").values.municipality is None
    keys = [statement.key for statement in challenges.compute(figures)]
    assert "population_change" not in keys and "children_change" not in keys
    assert "share_80" in keys


def test_alesund_2020_to_2023_and_vindafjord_2005_are_gaps(snapshot):
    store = Store(["1508", "1160"])
    assert [store.total("1508", year) for year in (2020, 2023, 2024)][:2] == [None, None]
    assert store.total("1508", 2024) is not None
    assert store.total("1160", 2005) is None
    assert store.total("1160", 2006) is not None


def test_series_not_in_the_snapshot_are_not_fetched_yet(tydal):
    figures = municipality_figures(tydal)
    data = figures.as_json()

    assert figures.flows == {Measure.BIRTHS: {}, Measure.DEATHS: {}, Measure.NET_MIGRATION: {}}
    assert data["flows"]["births"]["status"] == "not_fetched"
    assert data["flows"]["births"]["values"] is None
    assert data["projection"]["status"] == "not_fetched"
    assert figures.figure("births") is None


def test_statements_use_the_computed_numbers(tydal):
    statements = {s.key: s for s in challenges.compute(municipality_figures(tydal))}

    assert statements["population_change"].numbers == {
        "change": -9.2, "base": 2016, "year": 2026, "then": 851, "now": 773,
    }  # fmt: skip
    assert "9,2" in statements["population_change"].text
    assert "2016" in statements["population_change"].text
    assert statements["children_change"].numbers["then"] == 44 + 75
    assert statements["children_change"].numbers["now"] == 31 + 74


def test_loading_twice_changes_nothing(snapshot):
    before = Series.objects.count()
    result = snapshot_load()

    assert Series.objects.count() == before == result.series == 373 * 7
    assert Fetch.objects.filter(source=Source.SNAPSHOT).count() == 1
    assert result.years == (1986, 2026)


def test_a_broken_snapshot_file_writes_nothing(snapshot, tmp_path, monkeypatch):
    from samplan.stats import snapshot as module

    bad = tmp_path / "befolkning_alder.csv"
    bad.write_text("kommunenummer,aar,aldersgruppe,folketall\n5033,2026,0-5,-4\n", encoding="utf-8")
    monkeypatch.setattr(module, "MUNICIPALITY_FILE", bad)
    before = list(Series.objects.order_by("pk").values_list("pk", "values"))

    with pytest.raises(module.SnapshotError):
        snapshot_load()

    assert list(Series.objects.order_by("pk").values_list("pk", "values")) == before


def test_age_group_shares_are_compared(tydal):
    shares = municipality_figures(tydal).age_shares

    assert list(shares) == ["0-5", "6-15", "16-19", "20-44", "45-66", "67-79", "80+"]
    assert shares["0-5"].municipality == pytest.approx(31 / 773 * 100)
    assert shares["80+"].norway == pytest.approx(NORWAY_80_2026 / NORWAY_2026 * 100)
    assert sum(s.municipality for s in shares.values()) == pytest.approx(100)
    assert sum(s.county for s in shares.values()) == pytest.approx(100)


def test_wording_check_turns_figure_numbers_into_placeholders_and_refuses_others():
    from samplan.stats.challenges import check_wording, placeholder_wording, render

    numbers = {"change": -9.2, "base": 2016, "year": 2025, "then": 851, "now": 773}
    checked = check_wording("Ned 9.2 % siden 2016, fra 851 til 773.", "population_change", numbers)
    assert checked.errors == []
    assert checked.text == "Ned {endring} % siden {fra_år}, fra {fra} til {til}."
    assert (
        render(checked.text, "population_change", numbers)
        == "Ned 9,2 % siden 2016, fra 851 til 773."
    )
    assert check_wording("Ned 5 %.", "population_change", numbers).errors
    # The difference is a number of the figure too, as planners write it.
    fewer = check_wording("78 færre enn i 2016.", "population_change", numbers)
    assert (fewer.errors, fewer.text) == ([], "{forskjell} færre enn i {fra_år}.")
    assert check_wording("{ukjent}", "population_change", numbers).errors
    assert "{endring}" in placeholder_wording("population_change", numbers)
    # Numbers the default sentence itself has (ages) may be typed; thousands with a space too.
    ratio = {"ratio": 41.3, "norway": 30.1, "year": 2025}
    assert (
        check_wording("Per 100 i alderen 20–66: {forhold}.", "dependency_ratio", ratio).errors == []
    )
    births = {"first": 2015, "last": 2024, "births": 1430, "deaths": 90}
    assert check_wording("1 430 fødte", "births_deaths", births).text == "{fødte} fødte"


def test_a_placeholder_keeps_working_when_the_default_sentence_changes():
    from samplan.stats.challenges import placeholder_wording, render

    same = {"change": 0.2, "base": 2016, "year": 2025, "then": 851, "now": 853}
    assert render("Endring {endring} %.", "population_change", same) == "Endring 0,2 %."
    assert "{endring}" not in placeholder_wording("population_change", same)


def test_the_dashboard_panel_read_with_the_other_panels_gives_the_summary(tydal):
    """The panel's population series, read as rows with the other panels' (key_figure_panel),
    give what key_figure_summary computes from the Series themselves, the newest fetch named as
    the source."""
    from django.utils import timezone

    from samplan.core.modules import panel_data
    from samplan.stats.figures import key_figure_panel, key_figure_summary

    summary = panel_data(key_figure_panel(tydal))
    assert summary == key_figure_summary(tydal)
    assert (summary["year"], summary["population"]) == (2026, 773)
    assert summary["change"] == pytest.approx((773 - 851) / 851 * 100)
    newer = Fetch.objects.create(
        source=Source.SSB, table_id="07459", fetched_at=timezone.now(), updated="i dag"
    )
    Series.objects.filter(region="5033", measure=Measure.POPULATION_AGE, category="80+").update(
        fetch=newer
    )
    summary = panel_data(key_figure_panel(tydal))
    assert summary == key_figure_summary(tydal)
    assert summary["source"].updated == "i dag"
    assert summary["source"].fetched_at == newer.fetched_at
