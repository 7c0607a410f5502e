"""Reading and writing register tables: any bytes give a TableError at worst, cells round-trip."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samplan.plans import tabular
from samplan.plans.tabular import TEMPLATE_COLUMNS, TableError, read_pasted, read_sheet, read_table

WRITERS = {
    "csv": tabular.write_csv,
    "xlsx": tabular.write_xlsx,
    "ods": tabular.write_ods,
}

# Text a user can type into a form field: no control characters other than tab and newline
# (Django rejects NUL; the rest are removed on export, see test_control_characters_...).
typed_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029"),
    max_size=30,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.binary(max_size=200).map(lambda tail: b"PK\x03\x04" + tail),
        st.binary(max_size=200).map(lambda tail: b"\xef\xbb\xbftittel;plantype\r\n" + tail),
    ),
    name=st.sampled_from(
        ["plans.csv", "plans.xlsx", "plans.ods", "plans", "plans.txt", "plans.png"]
    ),
)
def test_random_bytes_give_a_table_error_or_rows_never_anything_else(data, name):
    try:
        rows = read_table(name, data)
    except TableError as error:
        assert str(error)
    else:
        assert all(set(row.cells) <= set(TEMPLATE_COLUMNS) for row in rows)


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=st.lists(typed_text, min_size=1, max_size=len(TEMPLATE_COLUMNS)))
def test_cell_text_round_trips_through_each_format_trimmed(file_format, cells):
    row = cells + [""] * (len(TEMPLATE_COLUMNS) - len(cells))
    data = WRITERS[file_format]([["P-1", "Tittel", *row[2:]]])

    rows = read_table(f"plans.{file_format}", data)

    expected = {
        column: value.strip()
        for column, value in zip(TEMPLATE_COLUMNS, ["P-1", "Tittel", *row[2:]], strict=True)
    }
    assert [row.cells for row in rows] == [expected]


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
@pytest.mark.parametrize(
    "text",
    [
        "=SUM(A1:A2)",
        "  spaces around  ",
        "line\nbreak",
        "æøå ÆØÅ – “quotes”",
        'a;b,c"d',
        "0042",
        "12.06.2019",
        "1e5",
        "TRUE",
    ],
)
def test_awkward_texts_round_trip_unchanged(file_format, text):
    data = WRITERS[file_format]([["P-1", text, "TP"]])

    rows = read_table(f"plans.{file_format}", data)

    assert rows[0].cells["tittel"] == text.strip()
    assert rows[0].cells["plantype"] == "TP"


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_control_characters_do_not_break_an_export(file_format):
    data = WRITERS[file_format]([["P-1", "Plan\x01 for\x0b vann\x1f", "TP"]])

    rows = read_table(f"plans.{file_format}", data)

    assert (
        rows[0].cells["tittel"].replace("\x01", "").replace("\x0b", "").replace("\x1f", "")
        == "Plan for vann"
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_numbers_are_read_as_whole_numbers(file_format):
    data = WRITERS[file_format]([["", "Plan", "TP", "", 2019, "", 4, "", "", "", 40]])

    cells = read_table(f"plans.{file_format}", data)[0].cells

    assert (cells["vedtatt"], cells["revisjonsintervall_aar"], cells["sider"]) == (
        "2019",
        "4",
        "40",
    )


def test_csv_with_commas_and_windows_1252_is_read():
    data = "tittel,plantype,ansvarlig_enhet\r\nPlan for Østre Å,TP,Ærfugl\r\n".encode("cp1252")

    rows = read_table("plans.csv", data)

    assert rows[0].cells == {
        "tittel": "Plan for Østre Å",
        "plantype": "TP",
        "ansvarlig_enhet": "Ærfugl",
    }
    assert rows[0].number == 2


def test_blank_lines_are_skipped_but_row_numbers_stay_those_of_the_file():
    data = b"\r\n\r\ntittel;plantype\r\n\r\nA;TP\r\n;\r\nB;KP\r\n"

    rows = read_table("plans.csv", data)

    assert [(row.number, row.cells["tittel"]) for row in rows] == [(5, "A"), (7, "B")]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "plans.png",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
            "Last opp en .csv-, .xlsx- eller .ods-fil.",
        ),
        (
            "plans.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
            "Last opp en .csv-, .xlsx- eller .ods-fil.",
        ),
        ("plans.csv", b"", "Filen er tom."),
        ("plans.csv", b"tittel;sider\r\nA;3\r\n", "plantype"),
        ("plans.csv", b"tittel;plantype;farge\r\nA;TP;gul\r\n", "farge"),
        ("plans.csv", b"tittel;plantype;tittel\r\nA;TP;B\r\n", "tittel"),
    ],
)
def test_files_that_cannot_be_read_give_one_message(name, data, message):
    with translation.override("nb"), pytest.raises(TableError) as caught:
        read_table(name, data)
    assert message in str(caught.value)


def test_a_png_named_csv_is_not_read_as_text():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    with translation.override("nb"), pytest.raises(TableError) as caught:
        read_table("plans.csv", png)
    assert str(caught.value) == "Filen er ikke en CSV-tekstfil."


def test_an_xlsx_that_is_a_zip_of_something_else_is_rejected():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    with pytest.raises(TableError):
        read_table("plans.xlsx", buffer.getvalue())
    with pytest.raises(TableError):
        read_table("plans.ods", buffer.getvalue())


@pytest.mark.parametrize("megabytes", [11, 50])
def test_a_file_over_10_mb_is_rejected_with_its_size(megabytes):
    data = b"tittel;plantype\r\n" + b"A;TP\r\n" * (megabytes * 1024 * 1024 // 6)
    with translation.override("nb"), pytest.raises(TableError) as caught:
        read_table("plans.csv", data)
    assert "grensen er 10 MB" in str(caught.value)
    assert f"{megabytes}" in str(caught.value)


def test_more_than_the_maximum_rows_is_rejected():
    data = b"tittel;plantype\r\n" + b"".join(
        f"Plan {n};TP\r\n".encode() for n in range(tabular.MAX_ROWS + 1)
    )
    with pytest.raises(TableError):
        read_table("plans.csv", data)


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "ods"])
def test_text_that_looks_like_a_formula_round_trips_and_is_never_a_formula(file_format):
    hostile = ['=HYPERLINK("http://x")', "+47 123", "-1", "@SUM(A1)", "'quoted"]
    data = WRITERS[file_format](
        [[value, "temaplan"] for value in hostile], header=["tittel", "plantype"]
    )

    if file_format == "csv":
        import csv

        lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
        assert [line[0] for line in lines[1:5]] == ["'" + value for value in hostile[:4]]
    titles = [row.cells["tittel"] for row in read_table(f"plans.{file_format}", data)]
    assert titles == hostile


def test_a_title_block_above_the_header_is_skipped_and_said():
    data = "Planoversikt Vikbygd kommune\r\n\r\nStatus per 2026\r\nPlannavn;Type\r\nA;TP\r\n"
    with translation.override("nb"):
        sheet = read_sheet("plans.csv", data.encode())
    assert [(row.number, row.cells) for row in sheet.rows] == [
        (5, {"tittel": "A", "plantype": "TP"})
    ]
    assert sheet.notes == (
        "Fant overskriftsraden på rad 4; 2 rader med tekst over den (en tittel) ble ikke lest.",
    )


def test_an_xlsx_with_merged_title_cells_finds_its_header():
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Planregister for Vikbygd kommune"])
    sheet.merge_cells("A1:D1")
    sheet.append([])
    sheet.append(["Tittel", "Plantype", "Vedtatt", "Status"])
    sheet.append(["Smittevernplan", "TP", "2021", "gjeldende"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = read_sheet("plans.xlsx", buffer.getvalue())

    assert result.header_row == 3
    assert [row.cells["tittel"] for row in result.rows] == ["Smittevernplan"]


def test_a_header_merged_over_two_columns_is_an_error_not_a_dropped_column():
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["tittel", "plantype", "vedtatt", None])
    sheet.merge_cells("C1:D1")
    sheet.append(["Smittevernplan", "TP", "2021", "K-sak 12/21"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    with translation.override("nb"), pytest.raises(TableError) as caught:
        read_sheet("plans.xlsx", buffer.getvalue())

    assert str(caught.value) == (
        "Kolonne D har ingen overskrift, men har verdier (rad 2: «K-sak 12/21»). Er en "
        "overskrift slått sammen over to kolonner? Del den opp, så hver kolonne får sin egen "
        "overskrift."
    )


def test_a_pasted_table_is_read_tab_separated():
    sheet = read_pasted("Plannavn\tType\tVedtatt\nTrafikksikkerhetsplan\tTP\t2022\n")

    assert [row.cells for row in sheet.rows] == [
        {"tittel": "Trafikksikkerhetsplan", "plantype": "TP", "vedtatt": "2022"}
    ]


def test_a_list_without_a_type_column_says_so_below_its_title_block():
    data = b"Planoversikt\r\nPlannavn;Vedtatt\r\nSmittevernplan;2021\r\n"

    with translation.override("nb"), pytest.raises(TableError) as caught:
        read_sheet("plans.csv", data)

    assert str(caught.value).startswith("Filen mangler kolonnen(e) plantype.")


def test_the_xlsx_template_in_nynorsk_reads_back_through_the_importer():

    from samplan.plans import exports
    from samplan.plans.importer import validate_rows

    with translation.override("nn"):
        data = tabular.write_template_xlsx(exports.template_rows())
    rows = tabular.read_table("mal.xlsx", data)

    assert [row.number for row in rows] == [3]  # the row numbers a spreadsheet shows
    valid, errors = validate_rows(rows)
    assert errors == [] and valid[0].status == "gjeldende"
