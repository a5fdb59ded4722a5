"""Writing XLSX: one typed sheet, streamed through openpyxl's write-only mode; with the
sources, a second sheet listing the sources the records rest on and the data's version.

Loaded only when a workbook is written: openpyxl is a third of the command line's start-up.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ..columns import ColumnSpec, Kind
from ..schema import DatePrecision
from ..values import PartialDate
from .cells import LIST_JOINER, header_row
from .streams import Progress, reporting_progress

if TYPE_CHECKING:
    from .citations import WithSources

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


def _xlsx_cell(sheet: WriteOnlyWorksheet, kind: Kind, value: Any) -> Cell:
    if kind is Kind.LIST and value is not None:
        value = LIST_JOINER.join(value)
    precision = DatePrecision.DAY
    if isinstance(value, PartialDate):
        value, precision = value.start, value.precision
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, _xlsx_text(value))
        cell.data_type = "s"  # a string, even if it starts with "=": never a formula
        return cell
    cell = WriteOnlyCell(sheet, value)
    if kind is Kind.MONEY and value is not None:
        cell.number_format = '"$"#,##0'
    elif kind is Kind.DATE and value is not None:
        cell.number_format = _DATE_FORMATS[precision]
    return cell


def write_xlsx(stream: IO[bytes], columns: Sequence[ColumnSpec], rows: Iterable[Sequence[Any]],
               progress: Progress | None = None, title: str = "export",
               headers: Sequence[str] | None = None, sources: WithSources | None = None) -> int:
    """One sheet, header row frozen and bold, cells typed; written in streaming mode.
    The header row holds *headers* if given, else the field names. With *sources* (whose
    :meth:`~.citations.WithSources.cite` the rows came through), a Sources sheet follows."""
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
            sheet.append([_xlsx_cell(sheet, c.kind, v) for c, v in zip(columns, row, strict=True)])
            n += 1
    except BaseException:
        _discard(sheet)
        raise
    if sources is not None:
        _sources_sheet(workbook, sources, labels=headers is not None)
    workbook.save(stream)
    return n


# The Sources sheet's columns (see citations.SHEET_FIELDS): their kinds and widths.
_SHEET_KINDS = (Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.DATE, Kind.CATEGORY,
                Kind.CATEGORY, Kind.TEXT, Kind.NUMBER)
_SHEET_WIDTHS = (28, 70, 40, 24, 12, 10, 10, 40, 10)


def _sources_sheet(workbook: Workbook, sources: WithSources, *, labels: bool) -> None:
    """The sources the exported records rest on, one a row, header frozen and bold; below,
    the data's version (also the workbook's description, in its document properties)."""
    name = sources.translate("tables", "Sources") if labels else "Sources"
    sheet = workbook.create_sheet(title=name[:31])
    sheet.freeze_panes = "A2"
    for i, width in enumerate(_SHEET_WIDTHS):
        sheet.column_dimensions[get_column_letter(i + 1)].width = width
    header = []
    for text in sources.sheet_headers(labels):
        cell = WriteOnlyCell(sheet, _xlsx_text(text))
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in sources.sheet_rows():
        sheet.append([_xlsx_cell(sheet, kind, value) for kind, value in zip(_SHEET_KINDS, row, strict=True)])
    as_of = sources.as_of_text()
    note = WriteOnlyCell(sheet, _xlsx_text(as_of))
    note.font = Font(italic=True)
    note.alignment = Alignment(wrap_text=False)
    sheet.append([])
    sheet.append([note])
    workbook.properties.description = as_of


def _discard(sheet: WriteOnlyWorksheet) -> None:
    """Close a write-only sheet abandoned mid-stream and delete the temporary file openpyxl
    keeps its rows in (else it lingers until exit and its writer fails noisily when collected)."""
    with contextlib.suppress(Exception):
        sheet.close()
    writer = getattr(sheet, "_writer", None)
    if writer is not None:
        with contextlib.suppress(OSError, ValueError):
            writer.cleanup()
