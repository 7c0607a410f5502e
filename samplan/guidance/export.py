"""The status board as an Excel workbook (pure: rows in, bytes out)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from samplan.core.modules import StatusCell


def board_xlsx(
    title: str, columns: list[str], rows: list[tuple[str, str, tuple[StatusCell, ...], int]]
) -> bytes:
    """One sheet: municipality number and name, one column per status column, and urgency."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Status")[:31]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True)
    sheet.append([_("Number"), _("Municipality"), *columns, _("Urgency")])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    urgency = {0: "", 1: _("Due soon"), 2: _("Late")}
    for number, name, cells, level in rows:
        sheet.append([number, name, *(cell.text for cell in cells), urgency[level]])
    sheet.freeze_panes = "C3"
    for index, width in enumerate([10, 24, *([38] * len(columns)), 12], start=1):
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
