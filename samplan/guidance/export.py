"""The status board as an Excel workbook (pure: rows in, bytes out)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _


def board_xlsx(
    title: str, columns: list[str], rows: list[tuple[str, str, tuple[str, ...], int]]
) -> bytes:
    """One sheet: municipality number and name, one column per status column (the cells'
    texts), and urgency."""
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
    for number, name, texts, level in rows:
        sheet.append([number, name, *texts, urgency[level]])
    sheet.freeze_panes = "C3"
    for index, width in enumerate([10, 24, *([38] * len(columns)), 12], start=1):
        sheet.column_dimensions[sheet.cell(row=2, column=index).column_letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
