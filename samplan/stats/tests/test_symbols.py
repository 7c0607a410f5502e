"""SSB's symbols for missing figures and its units, in words; the table cells that show them."""

from __future__ import annotations

from django.utils import translation

from samplan.stats import charts
from samplan.stats.jsonstat import Dataset, Row, Unit
from samplan.stats.symbols import SYMBOLS, meaning, unit_label
from samplan.stats.tables import CHANGES, PROJECTION, series_from_dataset


def test_every_known_symbol_has_a_meaning_in_both_written_standards():
    texts = {}
    for language in ("en", "nb", "nn"):
        with translation.override(language):
            texts[language] = [meaning(symbol) for symbol in SYMBOLS]
        assert len(set(texts[language])) == len(SYMBOLS)
    assert not set(texts["nb"]) & set(texts["en"])
    assert not set(texts["nn"]) & (set(texts["en"]) | set(texts["nb"]) - {"Null."})
    with translation.override("nn"):
        assert meaning(":").startswith("Blir ikkje vist av omsyn til konfidensialitet")


def test_an_unknown_symbol_is_named_not_explained_away():
    with translation.override("nb"):
        assert meaning("~") == "SSBs tegn «~» (se SSBs liste over standardtegn i tabeller)."


def test_units_in_the_readers_language():
    with translation.override("nn"):
        assert unit_label("personer") == "personar"
        assert unit_label("Prosent") == "prosent"
        assert unit_label("1000 tonn") == "1000 tonn"  # unknown: as SSB wrote it


def _dataset(rows: list[Row], units: dict | None = None, age: bool = False) -> Dataset:
    ids = ("Region", "Alder", "ContentsCode", "Tid") if age else ("Region", "ContentsCode", "Tid")
    return Dataset("t", "SSB", "", ids, {}, rows, units=units or {})


def test_a_missing_value_keeps_ssbs_symbol_and_none_is_made_up():
    rows = [
        Row({"Region": "5033", "ContentsCode": "Levendefodte", "Tid": "2020"}, None, ":"),
        Row({"Region": "5033", "ContentsCode": "Levendefodte", "Tid": "2021"}, None, ""),
        Row({"Region": "5033", "ContentsCode": "Levendefodte", "Tid": "2022"}, 4, ""),
    ]
    series = series_from_dataset(CHANGES, _dataset(rows))[("births", "5033", "")]
    assert series.values == {"2020": None, "2021": None, "2022": 4}
    assert series.statuses == {"2020": ":"}
    assert series.unit == ""


def test_an_age_group_is_missing_with_the_symbol_of_its_first_missing_age():
    def row(age: str, value: float | None, status: str = "") -> Row:
        codes = {"Region": "5033", "Alder": age, "ContentsCode": "MMMM", "Tid": "2030"}
        return Row(codes, value, status)

    rows = [row("080", 3, "*"), row("081", None, ":"), row("082", None, ".."), row("079", 2)]
    units = {"MMMM": Unit("personer", 0)}
    result = series_from_dataset(PROJECTION, _dataset(rows, units, age=True))
    oldest = result[("projection_age", "5033", "80+")]
    assert (oldest.values, oldest.statuses, oldest.unit) == (
        {"2030": None},
        {"2030": ":"},
        "personer",
    )
    assert result[("projection_age", "5033", "67-79")].values == {"2030": 2}


def test_a_symbol_cell_is_explained_in_the_tables_foot():
    html = charts.data_table(
        "Levendefødte",
        ["År", "Levendefødte"],
        [("2019", 4), ("2020", charts.Symbol(":", "Vises ikke <av> hensyn")), ("2021", None)],
    )
    assert '<abbr title="Vises ikke &lt;av&gt; hensyn">:</abbr>' in html
    assert '<tfoot><tr><td colspan="2">: = Vises ikke &lt;av&gt; hensyn</td></tr></tfoot>' in html
    assert '<td class="sp-num">–</td>' in html  # no symbol: a plain gap
    assert "<tfoot>" not in charts.data_table("x", ["a", "b"], [("1", None)])
