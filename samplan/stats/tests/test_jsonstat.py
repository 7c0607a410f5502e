"""The JSON-stat 2.0 parser, on SSB's recorded answers (fixtures/ssb) and on broken ones."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from samplan.stats.jsonstat import JsonStatError, Unit, parse
from samplan.stats.symbols import meaning, unit_label

from .conftest import jsonstat, recorded


def test_recorded_v0_answer_for_table_05300():
    dataset = parse(recorded("example1_v0_05300_response.jsonstat2.json"))

    assert dataset.dimension_ids == ("Avstand1", "Kulturtilbud", "ContentsCode", "Tid")
    assert len(dataset.rows) == 6 * 8 * 1 * 9 == 432
    assert dataset.updated == "2022-05-24T06:00:00Z"
    assert dataset.labels["Kulturtilbud"]["07"] == "Folkebibliotek"
    # The README's own check: Avstand 01, Folkebibliotek, 2021 → position 62 → 15.
    cell = next(
        row
        for row in dataset.rows
        if row.codes
        == {"Avstand1": "01", "Kulturtilbud": "07", "ContentsCode": "Avstand", "Tid": "2021"}
    )
    assert cell.value == 15
    assert dataset.rows[62] is cell


def test_missing_value_stays_missing_with_its_symbol():
    dataset = parse(recorded("example1_v0_05300_response.jsonstat2.json"))

    last = dataset.rows[431]
    assert last.codes["Avstand1"] == "06" and last.codes["Kulturtilbud"] == "08"
    assert last.value is None
    assert last.status == "."
    assert sum(1 for row in dataset.rows if row.value is None) >= 1
    assert all(row.value != 0 or row.status == "" for row in dataset.rows)


def test_v2_table_information_is_not_a_dataset():
    with pytest.raises(JsonStatError):
        parse(recorded("example3_v2_05300_table_response.json"))


def test_v0_metadata_is_not_a_dataset():
    with pytest.raises(JsonStatError):
        parse(recorded("example1_v0_05300_metadata_response.json"))


@pytest.mark.parametrize("text", [b"", b"{", b"<html>Service unavailable</html>", b"[1, 2]"])
def test_malformed_json_is_refused(text):
    with pytest.raises(JsonStatError):
        parse(text)


def test_value_count_must_match_the_sizes():
    data = json.loads(recorded("example1_v0_05300_response.jsonstat2.json"))
    data["value"] = data["value"][:-1]
    with pytest.raises(JsonStatError, match="431"):
        parse(data)


def test_a_value_that_is_not_a_number_is_refused():
    data = jsonstat({"Region": ["5033"], "Tid": ["2024"]}, lambda codes: 1)
    data["value"] = ["786"]
    with pytest.raises(JsonStatError):
        parse(data)


def test_sparse_values_and_list_index():
    data = jsonstat({"Region": ["5033", "1151"], "Tid": ["2024", "2025"]}, lambda codes: 1)
    data["value"] = {"0": 790, "3": 217}
    data["status"] = {"1": "..", "2": ":"}
    data["dimension"]["Tid"]["category"]["index"] = ["2024", "2025"]

    rows = parse(data).rows

    assert [(row.codes["Region"], row.codes["Tid"], row.value, row.status) for row in rows] == [
        ("5033", "2024", 790, ""),
        ("5033", "2025", None, ".."),
        ("1151", "2024", None, ":"),
        ("1151", "2025", 217, ""),
    ]


def test_a_missing_dimension_is_refused():
    data = jsonstat({"Region": ["5033"], "Tid": ["2024"]}, lambda codes: 1)
    del data["dimension"]["Tid"]
    with pytest.raises(JsonStatError, match="Tid"):
        parse(data)


def test_recorded_answer_keeps_its_unit_and_every_symbol_has_a_meaning():
    """SSB's recorded 05300 answer names its unit ("prosent") and marks 28 missing values with
    "." (cannot exist) or ".." (no basis for figures)."""
    dataset = parse(recorded("example1_v0_05300_response.jsonstat2.json"))

    assert dataset.units == {"Avstand": Unit("prosent", 0)}
    statuses = [row.status for row in dataset.rows if row.status]
    assert statuses.count(".") == 20 and statuses.count("..") == 8
    assert all(row.value is None for row in dataset.rows if row.status)
    with translation.override("nb"):
        assert {symbol: meaning(symbol) for symbol in set(statuses)} == {
            ".": "Ikke mulig å oppgi tall: kategorien var ikke i bruk da tallene ble samlet inn.",
            "..": "Tallgrunnlag mangler: tallene er ikke kommet inn til SSB, eller er for usikre "
            "til å publiseres.",
        }
        assert unit_label(dataset.units["Avstand"].base) == "prosent"


def test_units_follow_the_metric_role_and_are_optional():
    data = jsonstat({"Region": ["0"], "Innhold": ["A", "B"], "Tid": ["2025"]}, lambda c: 1)
    data["role"] = {"time": ["Tid"], "metric": ["Innhold"]}
    data["dimension"]["Innhold"]["category"]["unit"] = {
        "A": {"label": "indeks", "decimals": 1},
        "B": "not a unit",
    }
    assert parse(data).units == {"A": Unit("indeks", 1)}
    del data["dimension"]["Innhold"]["category"]["unit"]
    assert parse(data).units == {}
