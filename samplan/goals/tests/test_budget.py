"""Reading budget files (pure): amounts in the ways accounting systems write them, bad rows with
their messages, totals rows skipped, a year missing, the columns found or mapped by hand."""

from __future__ import annotations

import pytest
from django.utils import translation

from samplan.goals import budget
from samplan.goals.kostra import expired, expired_functions, function_name, functions

YEARS = [2026, 2027, 2028, 2029]


@pytest.fixture(autouse=True)
def messages_in_english():
    with translation.override("en"):
        yield


HEADER = ["Ansvar", "Funksjon", "Art", "Prosjekt", "Tekst", "2026", "2027", "2028", "2029"]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1 234 567", 1234567),
        ("1.234.567", 1234567),
        ("1\u00a0234\u00a0567", 1234567),
        ("-450 000", -450000),
        ("−450 000", -450000),
        ("(450 000)", -450000),
        ("1 234 567,00", 1234567),
        ("1.234.567,00", 1234567),
        ("12", 12),
        ("kr 5 000", 5000),
        ("", None),
    ],
)
def test_amounts_in_the_ways_accounting_systems_write_them(text, amount):
    assert budget.parse_amount(text)[0] == amount


def test_ore_are_rounded_to_whole_kroner_with_a_note():
    assert budget.parse_amount("10,50") == (11, "“10,50” has øre; rounded to 11 kr.")


@pytest.mark.parametrize("text", ["ti tusen", "1 2x3", "12-3", "1,2,3,4"])
def test_text_in_an_amount_is_refused(text):
    with pytest.raises(ValueError):
        budget.parse_amount(text)


def test_the_kostra_list_is_shipped_with_its_names():
    assert function_name("202") == "Grunnskole"
    assert function_name("254") == "Helse- og omsorgstjenester til hjemmeboende"
    assert len(functions()) > 70 and all(len(code) == 3 for code in functions())


# SSB's control program (statisticsnorway/kostra-kontrollprogram, KommuneKostraMain.kt at commit
# c1f58486: kommunaleFunksjoner and kommuneFinansielleFunksjoner), the municipal functions a
# municipality may report; docs/sources.md 3.10.
SSB_MUNICIPAL_FUNCTIONS = """
    100 110 120 121 130 170 171 172 173 180
    201 202 211 213 215 221 222 223 231 232 233 234 241 242 243 244
    251 252 253 256 257 258 261 265 273 275 276 281 283 285 290
    301 302 303 315 320 321 322 325 329 330 332 335 338 339 340 345
    350 353 354 355 360 365 370 373 375 377 380 381 383 385 386 390 392 393
    800 840 841 850 860 870 880 899
""".split()


def test_the_functions_in_use_are_ssbs_list_of_municipal_functions():
    assert sorted(functions()) == sorted(SSB_MUNICIPAL_FUNCTIONS)
    assert functions()["257"].startswith("Hjemmetjenester – personellbase")
    assert functions()["258"] == "Hjemmetjenester – ambulerende virksomhet mv."


def test_functions_that_left_the_list_keep_their_name_year_and_successors():
    home = expired("254")
    assert home and home.year == 2024 and home.successors == ("257", "258")
    assert expired("190") and expired("190").year == 2020 and not expired("190").successors
    assert set(expired_functions()) == {"190", "254"}
    assert not set(expired_functions()) & set(functions())
    assert expired("202") is None and function_name("357") == ""


def test_bad_rows_get_their_messages_and_block_the_import():
    grid = [
        ["Budsjett for Tydal"],
        HEADER,
        ["1000", "120", "10100", "", "Lønn", "1 000 000", "1.020.000", "1 040 000", "1 060 000"],
        ["2000", "999", "10100", "", "Ukjent", "10", "10", "10", "10"],
        ["2000", "202", "10100", "", "Tekst i beløp", "ti tusen", "10", "10", "10"],
        ["3000", "", "", "", "Sum", "1 000 010", "", "", ""],
        ["", "", "", "", "", "", "", "", ""],
        ["3100", "258", "16200", "", "Inntekt", "-50 000", "-50 000", "", "-50 000"],
    ]
    parsed = budget.parse(grid, YEARS)
    assert parsed.header_row == 2
    by_number = {row.number: row for row in parsed.rows}
    assert by_number[4].errors == ["“999” is not a KOSTRA function (three digits, e.g. 202)."]
    assert by_number[5].errors == ["The amount for 2026 is not a number: “ti tusen”."]
    assert by_number[6].skipped and not by_number[6].errors
    assert by_number[8].amounts == [-50000, -50000, None, -50000]
    assert parsed.error_count == 2 and not parsed.ok
    assert parsed.totals() == [950000, 970000, 1040000, 1010000]


def test_last_years_file_with_an_expired_function_is_read_with_a_warning():
    grid = [
        HEADER,
        ["3100", "254", "10100", "", "Hjemmetjenesten", "100", "100", "100", "100"],
        ["3100", "254", "11000", "", "Hjemmetjenesten", "5", "5", "5", "5"],
        ["1100", "190", "10100", "", "IT", "7", "7", "7", "7"],
        ["3100", "258", "10100", "", "Hjemmetjenesten", "1", "1", "1", "1"],
    ]
    parsed = budget.parse(grid, YEARS)
    assert parsed.ok and parsed.error_count == 0 and len(parsed.good) == 4
    assert parsed.totals() == [113, 113, 113, 113]
    assert parsed.rows[0].notes == [
        "254 (Helse- og omsorgstjenester til hjemmeboende) left the KOSTRA list in 2024. "
        "Use 257 or 258 instead. The line is read as it is; change the function in the "
        "accounting system."
    ]
    assert parsed.rows[2].notes[0].startswith("190 (Interne serviceenheter) left the KOSTRA")
    assert "Use" not in parsed.rows[2].notes[0] and not parsed.rows[3].notes
    assert parsed.notes == [
        "1 line uses 190 (Interne serviceenheter) and is read as it is, but the function left "
        "the KOSTRA list in 2020. Change the function in the accounting system.",
        "2 lines use 254 (Helse- og omsorgstjenester til hjemmeboende) and are read as they are, "
        "but the function left the KOSTRA list in 2024. Use 257 or 258 instead. Change the "
        "function in the accounting system.",
    ]


def test_the_expired_warning_in_bokmal():
    with translation.override("nb"):
        parsed = budget.parse([HEADER, ["3100", "254", "10100", "", "", "1", "", "", ""]], YEARS)
    note = parsed.rows[0].notes[0]
    assert note.startswith("254 (Helse- og omsorgstjenester til hjemmeboende) er utgått fra")
    assert "Bruk 257 eller 258 i stedet." in note


def test_a_year_without_a_column_is_empty_and_said_once():
    grid = [HEADER[:8], ["1000", "120", "10100", "", "Lønn", "1", "2", "3"]]
    parsed = budget.parse(grid, YEARS)
    assert parsed.notes == ["No column for 2029: the amounts for 2029 are left empty."]
    assert parsed.good[0].amounts == [1, 2, 3, None] and parsed.ok


def test_the_same_line_twice_is_added_up_with_a_note():
    grid = [HEADER, ["1000", "120", "10100", "", "A", "1", "1", "1", "1"]] * 1
    grid.append(["1000", "120", "10100", "", "B", "2", "2", "2", "2"])
    parsed = budget.parse(grid, YEARS)
    assert [row.amounts for row in parsed.good] == [[3, 3, 3, 3]]
    assert parsed.totals() == [3, 3, 3, 3]


def test_other_layouts_are_mapped_by_hand():
    grid = [["Kol A", "Kol B", "Beløp i år", "Neste år"], ["202", "Skole", "100", "200"]]
    guessed = budget.parse(grid, YEARS[:2])
    assert guessed.notes[0] == "Choose the column that holds the KOSTRA function."
    mapping = budget.Mapping(
        {"ansvar": None, "funksjon": 0, "art": None, "prosjekt": None, "beskrivelse": 1},
        {2026: 2, 2027: 3},
    )
    parsed = budget.parse(grid, YEARS[:2], mapping)
    assert parsed.ok and parsed.good[0].amounts == [100, 200]
    assert parsed.good[0].key == ("", "202", "", "")


def test_an_xlsx_export_with_numbers_as_numbers_is_read_to_the_krone():
    import io

    from openpyxl import Workbook

    from samplan.plans.tabular import read_grid

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Økonomiplan 2026–2029"])
    sheet.append(HEADER)
    sheet.append(["1000", 120, "10100", None, "Lønn", 1250000, 1275000.0, 1300000, 1325000])
    sheet.append([3100, 258, 16200, None, "Inntekt", -50000, -50000, None, -50000.4])
    sheet.append(["Totalt", None, None, None, None, 1200000, 1225000, 1300000, 1275000])
    data = io.BytesIO()
    workbook.save(data)
    grid = [list(row) for row in read_grid("budsjett.xlsx", data.getvalue())]
    parsed = budget.parse(grid, YEARS)
    assert parsed.ok and [row.key for row in parsed.good] == [
        ("1000", "120", "10100", ""),
        ("3100", "258", "16200", ""),
    ]
    assert parsed.totals() == [1200000, 1225000, 1300000, 1275000]
