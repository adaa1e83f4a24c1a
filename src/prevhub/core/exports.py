"""CSV and XLSX downloads of a table: the same columns a user sees, every row they may see.

Cells carry values, not page text: numbers as numbers (no separators), dates as dates (typed
cells in XLSX, ISO in CSV), date-times in UK local time.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.http import HttpResponse

CSV_INJECTION_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_DATE = "dd/mm/yyyy"
XLSX_DATETIME = "dd/mm/yyyy hh:mm"


def _safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formula injection (OWASP): text starting =,+,-,@ gets a quote."""
    if isinstance(value, str) and value.startswith(CSV_INJECTION_PREFIXES):
        return "'" + value
    return value


def _csv_cell(value: Any) -> Any:
    """Plain values for CSV: numbers without separators, ISO dates, date-times to the second
    (``2026-12-01 22:56:37``)."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return _safe_cell(value)


def csv_response(filename: str, head: list[str], rows: list[list[Any]]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(head)
    writer.writerows([[_csv_cell(v) for v in row] for row in rows])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename: str, head: list[str], rows: list[list[Any]]) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=filename[:31])
    sheet.append(head)

    def cell(value: Any) -> Any:
        """Numbers stay numbers and dates real dates (shown the British way), so a
        spreadsheet can add them up and sort them."""
        if isinstance(value, dt.datetime | dt.date):
            typed = WriteOnlyCell(sheet, value=value)
            is_time = isinstance(value, dt.datetime)
            typed.number_format = XLSX_DATETIME if is_time else XLSX_DATE
            return typed
        return _safe_cell(value)

    for row in rows:
        sheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
