"""Reading and writing the plan register as a table (CSV, XLSX, ODS).

The template's columns and their order are fixed (see TEMPLATE_COLUMNS). Reading turns a file into
raw rows of text with their row numbers; `samplan.plans.importer` validates them. Nothing here
touches the database.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

TEMPLATE_COLUMNS: tuple[str, ...] = (
    "id",
    "tittel",
    "plantype",
    "status",
    "vedtatt",
    "vedtatt_av",
    "revisjonsintervall_aar",
    "neste_revisjon",
    "ansvarlig_enhet",
    "ansvarlig_person",
    "sider",
    "lenke",
    "tema",
    "baerekraftsmaal",
    "overordnet_plan",
    "i_okonomiplan",
    "erstatter",
    "merknad",
)
REQUIRED_COLUMNS = ("tittel", "plantype")
# Headers real plan lists use, read as the template's columns (compared lower case, without a
# trailing colon or asterisk).
HEADER_SYNONYMS = {
    "nr": "id",
    "nr.": "id",
    "plan-id": "id",
    "planid": "id",
    "løpenr": "id",
    "plannavn": "tittel",
    "navn": "tittel",
    "namn": "tittel",
    "plan": "tittel",
    "navn på plan": "tittel",
    "namn på plan": "tittel",
    "type": "plantype",
    "kategori": "plantype",
    "plannivå": "plantype",
    "planstatus": "status",
    "vedtaksdato": "vedtatt",
    "vedtatt dato": "vedtatt",
    "dato vedtatt": "vedtatt",
    "vedtatt år": "vedtatt",
    "vedtaksår": "vedtatt",
    "vedteke": "vedtatt",
    "sist vedtatt": "vedtatt",
    "vedtatt av": "vedtatt_av",
    "vedtaksorgan": "vedtatt_av",
    "revisjonsintervall": "revisjonsintervall_aar",
    "revisjonsintervall (år)": "revisjonsintervall_aar",
    "neste revisjon": "neste_revisjon",
    "neste rullering": "neste_revisjon",
    "skal revideres": "neste_revisjon",
    "ansvarlig": "ansvarlig_enhet",
    "ansvarleg": "ansvarlig_enhet",
    "ansvarlig enhet": "ansvarlig_enhet",
    "avdeling": "ansvarlig_enhet",
    "ansvarlig person": "ansvarlig_person",
    "kontaktperson": "ansvarlig_person",
    "antall sider": "sider",
    "sidetal": "sider",
    "link": "lenke",
    "url": "lenke",
    "nettadresse": "lenke",
    "overordnet plan": "overordnet_plan",
    "i økonomiplan": "i_okonomiplan",
    "erstattar": "erstatter",
    "merknader": "merknad",
    "kommentar": "merknad",
    "kommentarer": "merknad",
    "merknad/kommentar": "merknad",
}
# How far down a title block above the header may reach.
HEADER_SEARCH_ROWS = 15


# What each column holds, in words: the headings people read in the XLSX template (row 1; row 2
# keeps the column names above, hidden, and is what the importer reads) and in the import's
# error list.
COLUMN_LABELS = {
    "id": gettext_lazy("Your ID for the plan"),
    "tittel": gettext_lazy("Title"),
    "plantype": gettext_lazy("Plan type"),
    "status": gettext_lazy("Status"),
    "vedtatt": gettext_lazy("Adopted (date or year)"),
    "vedtatt_av": gettext_lazy("Adopted by"),
    "revisjonsintervall_aar": gettext_lazy("Revision interval (years)"),
    "neste_revisjon": gettext_lazy("Next revision (date)"),
    "ansvarlig_enhet": gettext_lazy("Responsible unit"),
    "ansvarlig_person": gettext_lazy("Responsible person"),
    "sider": gettext_lazy("Pages"),
    "lenke": gettext_lazy("Link"),
    "tema": gettext_lazy("Themes (separated by ;)"),
    "baerekraftsmaal": gettext_lazy("Sustainable development goals (numbers, separated by ;)"),
    "overordnet_plan": gettext_lazy("Parent plan (its title)"),
    "i_okonomiplan": gettext_lazy("In the financial plan (yes/no)"),
}


def column_heading(column: str) -> str:
    """The template's heading of a column: its label, marked when the column is required."""
    label = str(COLUMN_LABELS.get(column, column))
    if column in REQUIRED_COLUMNS:
        return _("%(label)s (required)") % {"label": label}
    return label


TEMPLATE_ROWS = 1000  # the rows of the template that offer the drop-down lists
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 2000


# Characters XML 1.0 cannot hold: XLSX and ODS are XML inside, so they are left out on export.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(value: object) -> object:
    return _XML_ILLEGAL.sub("", value) if isinstance(value, str) else value


class TableError(Exception):
    """The file as a whole cannot be read (wrong type, encoding, headers, size)."""


@dataclass(frozen=True)
class RawRow:
    """One data row: its row number in the file (the header is row 1) and its cells by column."""

    number: int
    cells: dict[str, str]


@dataclass(frozen=True)
class Sheet:
    """The rows of a table and what the reader had to work out ("found the header on row 3")."""

    rows: list[RawRow]
    header_row: int
    notes: tuple[str, ...] = ()


def _header_name(cell: str) -> str:
    name = re.sub(r"\s+", " ", cell.strip().lower().lstrip("\ufeff")).rstrip(":*").strip()
    return HEADER_SYNONYMS.get(name, name)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass
class _Header:
    number: int
    names: list[str]
    skipped: int  # rows with text above the header (a title block)
    replay: list[tuple[int, list[str]]]  # rows read past the header, to be read as data


def _find_header(iterator: Iterator[tuple[int, list[str]]]) -> _Header:
    """The header row: the first row (of the first few with text) holding the required columns;
    else the first row with text."""
    seen: list[tuple[int, list[str]]] = []
    for number, cells in iterator:
        if not any(cells):
            continue
        seen.append((number, cells))
        names = [_header_name(cell) for cell in cells]
        if all(column in names for column in REQUIRED_COLUMNS):
            return _Header(number, names, len(seen) - 1, [])
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    if not seen:
        raise TableError(_("The file is empty."))
    # No row has every required column: the first with a title column is the header (so the
    # error names what that row lacks), else the first row with text.
    index = next(
        (i for i, (_n, cells) in enumerate(seen) if "tittel" in map(_header_name, cells)), 0
    )
    number, cells = seen[index]
    return _Header(number, [_header_name(cell) for cell in cells], index, seen[index + 1 :])


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _check_header(header: list[str]) -> None:
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise TableError(
            _("The file lacks the column(s) %(columns)s. Use the template's headers: %(all)s.")
            % {"columns": ", ".join(missing), "all": ", ".join(TEMPLATE_COLUMNS)}
        )
    unknown = [column for column in header if column and column not in TEMPLATE_COLUMNS]
    if unknown:
        raise TableError(
            _("Unknown column(s): %(columns)s. Use the template's headers: %(all)s.")
            % {"columns": ", ".join(unknown), "all": ", ".join(TEMPLATE_COLUMNS)}
        )
    duplicated = sorted({column for column in header if column and header.count(column) > 1})
    if duplicated:
        raise TableError(
            _("Column(s) appear twice: %(columns)s.") % {"columns": ", ".join(duplicated)}
        )


def _headless_column_error(index: int, number: int, value: str) -> TableError:
    return TableError(
        _(
            "Column %(column)s has no header but holds values (row %(row)s: “%(value)s”). Is a "
            "header merged over two columns? Split it so that every column has its own header."
        )
        % {"column": _column_letter(index), "row": number, "value": value[:60]}
    )


def _rows_to_sheet(rows: Iterable[Sequence[object]]) -> Sheet:
    numbered = (
        (number, [_cell_text(value) for value in row]) for number, row in enumerate(rows, 1)
    )
    header = _find_header(numbered)
    _check_header(header.names)
    notes = []
    if header.skipped:
        notes.append(
            ngettext(
                "Found the header row on row %(row)s; the %(count)s row with text above it "
                "(a title) was not read.",
                "Found the header row on row %(row)s; the %(count)s rows with text above it "
                "(a title) were not read.",
                header.skipped,
            )
            % {"row": header.number, "count": header.skipped}
        )
    result: list[RawRow] = []
    for number, cells in itertools.chain(header.replay, numbered):
        if not any(cells):
            continue
        if len(result) >= MAX_ROWS:
            raise TableError(
                _("The file has more than %(max)s rows. Split it into smaller files.")
                % {"max": MAX_ROWS}
            )
        for index, value in enumerate(cells):
            if value and (index >= len(header.names) or not header.names[index]):
                raise _headless_column_error(index, number, value)
        result.append(
            RawRow(
                number=number,
                cells={
                    column: (cells[index] if index < len(cells) else "")
                    for index, column in enumerate(header.names)
                    if column
                },
            )
        )
    return Sheet(result, header.number, tuple(notes))


def _rows_to_raw(rows: Iterable[Sequence[object]]) -> list[RawRow]:
    return _rows_to_sheet(rows).rows


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "cp1252" and any(ord(char) < 32 and char not in "\r\n\t" for char in text):
            break
        return text
    raise TableError(_("The text file could not be read. Save it as UTF-8 CSV and try again."))


# A spreadsheet treats a CSV cell that starts with one of these as a formula ("CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe, which Excel and
    LibreOffice show as text; `read_csv` takes it off again so a round trip keeps the value."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv_unescape(cell: str) -> str:
    if cell.startswith("'") and cell[1:].startswith(_FORMULA_START):
        return cell[1:]
    return cell


def _csv_grid(data: bytes) -> list[list[str]]:
    """CSV with comma or semicolon (Norwegian Excel uses semicolons), UTF-8 or Windows-1252."""
    if b"\x00" in data[:4096]:
        raise TableError(_("The file is not a CSV text file."))
    return _text_grid(_decode(data))


def _text_grid(text: str) -> list[list[str]]:
    sample = text[:4096]
    if sample.count("\t") > max(sample.count(";"), sample.count(",")) / 2:
        delimiter = "\t"
    else:
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [[_csv_unescape(cell) for cell in row] for row in reader]
    except csv.Error as error:
        raise TableError(
            _("The CSV file could not be read: %(error)s") % {"error": error}
        ) from error


def _xlsx_grid(data: bytes) -> Iterator[Sequence[object]]:
    """The first worksheet of an Excel workbook."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise TableError(
            _("The Excel file could not be read. Is it really an .xlsx file?")
        ) from error
    try:
        sheet = workbook.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def _ods_cell_text(cell: object) -> str:
    from odf.element import Element

    parts: list[str] = []

    def walk(node: Element) -> None:
        for child in node.childNodes:
            if child.nodeType == child.TEXT_NODE:
                parts.append(str(child.data))
            elif child.qname[1] == "s":  # <text:s/> is a run of spaces
                parts.append(" " * int(child.getAttribute("c") or 1))
            else:
                walk(child)

    paragraphs = []
    for paragraph in cell.childNodes:  # type: ignore[attr-defined]
        parts.clear()
        walk(paragraph)
        paragraphs.append("".join(parts))
    return "\n".join(paragraphs)


def _ods_grid(data: bytes) -> Iterator[list[str]]:
    """The first sheet of an OpenDocument spreadsheet (LibreOffice Calc)."""
    from odf.opendocument import load
    from odf.table import Table, TableRow

    try:
        document = load(io.BytesIO(data))
    except Exception as error:  # odfpy raises many kinds for broken files
        raise TableError(_("The ODS file could not be read. Is it really an .ods file?")) from error
    tables = document.spreadsheet.getElementsByType(Table)
    if not tables:
        raise TableError(_("The file is empty."))

    def rows() -> Iterator[list[str]]:
        for row in tables[0].getElementsByType(TableRow):
            cells: list[str] = []
            for cell in row.childNodes:
                if cell.qname[1] not in ("table-cell", "covered-table-cell"):
                    continue
                repeat = min(int(cell.getAttribute("numbercolumnsrepeated") or 1), 64)
                text = _ods_cell_text(cell) if cell.qname[1] == "table-cell" else ""
                cells.extend([text] * repeat)
            repeat_rows = min(int(row.getAttribute("numberrowsrepeated") or 1), MAX_ROWS + 1)
            for _index in range(repeat_rows if any(cells) else 1):
                yield cells

    return rows()


def read_grid(filename: str, data: bytes) -> Iterator[list[str]]:
    """The rows of a CSV, XLSX or ODS file (its first sheet) as text cells, read lazily; the
    format is chosen by the file's content and name."""
    if len(data) > MAX_FILE_BYTES:
        raise TableError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(len(data) / 1024 / 1024, 1), "limit": MAX_FILE_BYTES // 1024 // 1024}
        )
    name = filename.lower()
    if name.endswith(".ods") or b"application/vnd.oasis.opendocument.spreadsheet" in data[:100]:
        grid: Iterable[Sequence[object]] = _ods_grid(data)
    elif data[:4] == b"PK\x03\x04" or name.endswith((".xlsx", ".xlsm")):
        grid = _xlsx_grid(data)
    elif name.endswith((".csv", ".txt")) or not name.rpartition(".")[1]:
        grid = _csv_grid(data)
    else:
        raise TableError(_("Upload a .csv, .xlsx or .ods file."))
    return ([_cell_text(value) for value in row] for row in grid)


def read_table(filename: str, data: bytes) -> list[RawRow]:
    """The rows of a plan register file, by the template's columns (see `read_grid`)."""
    return _rows_to_raw(read_grid(filename, data))


def read_sheet(filename: str, data: bytes) -> Sheet:
    """As `read_table`, with the header row found below a title block and notes on it."""
    return _rows_to_sheet(read_grid(filename, data))


def read_pasted(text: str) -> Sheet:
    """A table pasted from a spreadsheet or a web page: tab-separated (as Excel and LibreOffice
    copy), or semicolon- or comma-separated."""
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise TableError(
            _("The text is over %(limit)s MB.") % {"limit": MAX_FILE_BYTES // 1024 // 1024}
        )
    return _rows_to_sheet(_text_grid(text))


def write_csv(
    rows: Iterable[Sequence[object]], *, header: Sequence[str] = TEMPLATE_COLUMNS
) -> bytes:
    """UTF-8 with BOM and semicolons, so Excel in Norway opens æ, ø and å correctly."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_safe(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(
    rows: Iterable[Sequence[object]],
    *,
    sheet_title: str = "Planregister",
    header: Sequence[str] = TEMPLATE_COLUMNS,
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(["" if value is None else _xml_safe(value) for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even if it starts with "=" (never a formula)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_ods(
    rows: Iterable[Sequence[object]],
    *,
    sheet_title: str = "Planregister",
    header: Sequence[str] = TEMPLATE_COLUMNS,
) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name=sheet_title)

    def add_row(values: Sequence[object]) -> None:
        table_row = TableRow()
        for value in values:
            if isinstance(value, int) and not isinstance(value, bool):
                cell = TableCell(valuetype="float", value=value)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text="" if value is None else _XML_ILLEGAL.sub("", str(value))))
            table_row.addElement(cell)
        table.addElement(table_row)

    add_row(header)
    for row in rows:
        add_row(row)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _allowed_values() -> dict[str, list[str]]:
    """The values the drop-down lists offer, in the page's language (the importer reads both
    Bokmål and Nynorsk names)."""
    from . import catalogue

    nynorsk = (get_language() or "").startswith("nn")
    return {
        "plantype": [t.name_nn if nynorsk else t.name_nb for t in catalogue.PLAN_TYPES],
        "status": [nn if nynorsk else nb for _key, nb, nn in catalogue.STATUSES],
        "i_okonomiplan": ["ja", "nei"],
    }


def write_template_xlsx(rows: Iterable[Sequence[object]]) -> bytes:
    """The import template: headings people read in row 1, the column names the importer reads
    in row 2 (hidden), the example rows, a sheet of allowed values and drop-down lists for the
    plan type, the status and "in the financial plan"."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Planregister"
    sheet.append([column_heading(column) for column in TEMPLATE_COLUMNS])
    sheet.append(list(TEMPLATE_COLUMNS))
    sheet.row_dimensions[2].hidden = True
    for index, cell in enumerate(sheet[1], start=1):
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = 22
    for row in rows:
        sheet.append(["" if value is None else _xml_safe(value) for value in row])
    sheet.freeze_panes = "A3"
    values = workbook.create_sheet(_("Allowed values")[:31])
    for number, (column, allowed) in enumerate(_allowed_values().items(), start=1):
        letter = get_column_letter(number)
        values.cell(row=1, column=number, value=str(COLUMN_LABELS[column])).font = Font(bold=True)
        values.column_dimensions[letter].width = 45
        for offset, value in enumerate(allowed, start=2):
            values.cell(row=offset, column=number, value=value)
        source = f"'{values.title}'!${letter}$2:${letter}${len(allowed) + 1}"
        validation = DataValidation(type="list", formula1=source, allow_blank=True)
        validation.error = _("Choose a value from the list (see the sheet of allowed values).")
        validation.showErrorMessage = True
        target = get_column_letter(TEMPLATE_COLUMNS.index(column) + 1)
        validation.add(f"{target}3:{target}{TEMPLATE_ROWS}")
        sheet.add_data_validation(validation)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
