"""Writing XLSX: one typed sheet, streamed through openpyxl's write-only mode.

Loaded only when a workbook is written: openpyxl is a third of the command line's start-up.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ..columns import ColumnSpec, Kind
from ..schema import DatePrecision
from ..values import PartialDate
from .cells import LIST_JOINER, header_row
from .streams import Progress, reporting_progress

XLSX_CELL_LIMIT = 32_767  # Excel's maximum characters in one cell

# A date cell shows as much as the record knows: "Dec 2025" is a date a sheet sorts, not text.
_DATE_FORMATS = {DatePrecision.DAY: "yyyy-mm-dd", DatePrecision.MONTH: "mmm yyyy",
                 DatePrecision.YEAR: "yyyy"}

_WIDTHS = {Kind.MONEY: 16, Kind.NUMBER: 12, Kind.DATE: 12, Kind.BOOL: 10, Kind.CATEGORY: 16,
           Kind.LIST: 28, Kind.TEXT: 32}


def _xlsx_text(text: str) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(text) > XLSX_CELL_LIMIT:
        text = text[: XLSX_CELL_LIMIT - 1] + "…"
    return text


def _xlsx_cell(sheet: WriteOnlyWorksheet, column: ColumnSpec, value: Any) -> Cell:
    if column.kind is Kind.LIST and value is not None:
        value = LIST_JOINER.join(value)
    precision = DatePrecision.DAY
    if isinstance(value, PartialDate):
        value, precision = value.start, value.precision
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, _xlsx_text(value))
        cell.data_type = "s"  # a string, even if it starts with "=": never a formula
        return cell
    cell = WriteOnlyCell(sheet, value)
    if column.kind is Kind.MONEY and value is not None:
        cell.number_format = '"$"#,##0'
    elif column.kind is Kind.DATE and value is not None:
        cell.number_format = _DATE_FORMATS[precision]
    return cell


def write_xlsx(stream: IO[bytes], columns: Sequence[ColumnSpec], rows: Iterable[Sequence[Any]],
               progress: Progress | None = None, title: str = "export",
               headers: Sequence[str] | None = None) -> int:
    """One sheet, header row frozen and bold, cells typed; written in streaming mode.
    The header row holds *headers* if given, else the field names."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "export")
    sheet.freeze_panes = "A2"
    for i, column in enumerate(columns):
        sheet.column_dimensions[get_column_letter(i + 1)].width = _WIDTHS[column.kind]
    header = []
    for text in header_row(columns, headers):
        cell = WriteOnlyCell(sheet, _xlsx_text(text))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    n = 0
    try:
        for row in reporting_progress(rows, progress):
            sheet.append([_xlsx_cell(sheet, c, v) for c, v in zip(columns, row, strict=True)])
            n += 1
    except BaseException:
        _discard(sheet)
        raise
    workbook.save(stream)
    return n


def _discard(sheet: WriteOnlyWorksheet) -> None:
    """Close a write-only sheet abandoned mid-stream and delete the temporary file openpyxl
    keeps its rows in (else it lingers until exit and its writer fails noisily when collected)."""
    with contextlib.suppress(Exception):
        sheet.close()
    writer = getattr(sheet, "_writer", None)
    if writer is not None:
        with contextlib.suppress(OSError, ValueError):
            writer.cleanup()
