"""Writing XLSX: one typed sheet, streamed through openpyxl's write-only mode; with the
sources, a second sheet listing the sources the records rest on and the data's version.

A sheet opens ready to read and to print, in Excel and in LibreOffice Calc alike: its header
row frozen, bold, filterable and repeated on every printed page; each column as wide as its
header and the first rows need (within bounds); printed landscape, as many pages down as it
takes but one page across.

Loaded only when a workbook is written: openpyxl is a third of the command line's start-up.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.writer.excel import ExcelWriter

from ..columns import ColumnSpec, Kind
from ..schema import DatePrecision
from ..values import PartialDate
from .cells import LIST_JOINER, header_row
from .streams import Progress, reporting_progress

if TYPE_CHECKING:
    from .citations import WithSources

# A streamed sheet (WriteOnlyWorksheet) as its print, filter and column settings see it: the
# stubs leave out what openpyxl gives it from a Worksheet (page_setup, auto_filter…).
Sheet = Any

XLSX_CELL_LIMIT = 32_767  # Excel's maximum characters in one cell

MONEY_FORMAT = '"$"#,##0'
# A date cell shows as much as the record knows: "Dec 2025" is a date a sheet sorts, not text.
DATE_FORMATS = {DatePrecision.DAY: "yyyy-mm-dd", DatePrecision.MONTH: "mmm yyyy",
                DatePrecision.YEAR: "yyyy"}
# A yes/no cell is the number 1 or 0 shown as TRUE or FALSE. Not a boolean cell: LibreOffice
# Calc (7.4) reads one as a =TRUE() or =FALSE() formula, shown as TRUE in one row and 1 in
# another; this format it reads as its own boolean format, and Excel shows it as written.
BOOL_FORMAT = '"TRUE";"TRUE";"FALSE"'

# Column widths, in characters: from the header and the first rows (a million-row export
# must not be read twice), within bounds so that one long summary does not make a column
# wider than a screen. A header gets room for its bold type and the filter's button.
MIN_WIDTH, MAX_WIDTH = 8, 50
WIDTH_SAMPLE = 200  # rows
_HEADER_ROOM = 3
LINE_HEIGHT = 14  # points: a line of the default 11-point type (a row of one is 15)
MAX_ROW_HEIGHT = 409  # points: Excel's tallest row
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_TOP = Alignment(vertical="top")
_WRAPPED = Alignment(vertical="top", wrap_text=True)
_SHOWN_DATE = {precision: len(shown) for precision, shown in
               {DatePrecision.DAY: "2025-12-01", DatePrecision.MONTH: "Dec 2025",
                DatePrecision.YEAR: "2025"}.items()}


def _xlsx_text(text: str) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(text) > XLSX_CELL_LIMIT:
        text = text[: XLSX_CELL_LIMIT - 1] + "…"
    return text


def _typed(kind: Kind, value: Any) -> tuple[Any, str | None]:
    """What a cell of *kind* holds for *value*, and the number format it shows it in."""
    if kind is Kind.LIST and value is not None:
        return _xlsx_text(LIST_JOINER.join(value)) or None, None
    if isinstance(value, str):
        return _xlsx_text(value), None
    if value is None:
        return None, None
    if kind is Kind.BOOL:
        return int(bool(value)), BOOL_FORMAT
    if isinstance(value, PartialDate):
        return value.start, DATE_FORMATS[value.precision]
    if kind is Kind.DATE:
        return value, DATE_FORMATS[DatePrecision.DAY]
    return value, MONEY_FORMAT if kind is Kind.MONEY else None


class _Styles:
    """The styles of one column's cells (its alignment, with each number format it shows),
    each made once: set on every cell of a million-row export, a format or an alignment
    costs a search of the workbook's style tables each time."""

    def __init__(self, sheet: WriteOnlyWorksheet, alignment: Alignment | None = None):
        self.sheet, self.alignment = sheet, alignment
        self._made: dict[str | None, StyleArray | None] = {}

    def cell(self, kind: Kind, value: Any) -> Cell | None:
        """A typed cell for *value*; None for no value (nothing is written)."""
        value, number_format = _typed(kind, value)
        if value is None:
            return None
        if number_format not in self._made:
            model = WriteOnlyCell(self.sheet)
            if number_format is not None:
                model.number_format = number_format
            if self.alignment is not None:
                model.alignment = self.alignment
            # the style a cell keeps (openpyxl's own copies pass it so; the stubs omit it)
            self._made[number_format] = model._style if model.has_style else None  # type: ignore[attr-defined]
        # what WriteOnlyCell makes, with the style given: the sheet numbers it as it writes
        cell = Cell(self.sheet, row=1, column=1, value=value, style_array=self._made[number_format])
        if isinstance(value, str):
            cell.data_type = "s"  # a string, even if it starts with "=": never a formula
        return cell


def _shown_length(kind: Kind, value: Any) -> int:
    """About how many characters a cell of *value* shows (its longest line, for text)."""
    if value is None:
        return 0
    if isinstance(value, PartialDate):
        return _SHOWN_DATE[value.precision]
    if isinstance(value, dt.date):
        return _SHOWN_DATE[DatePrecision.DAY]
    if kind is Kind.BOOL:
        return len("FALSE")
    if kind is Kind.MONEY and isinstance(value, int | float):
        return len(f"${value:,.0f}")
    if kind is Kind.LIST:
        value = LIST_JOINER.join(value)
    return max(map(len, str(value).splitlines()), default=0)


def column_layout(columns: Sequence[ColumnSpec], header: Sequence[str],
                  sample: Sequence[Sequence[Any]]) -> list[tuple[int, bool]]:
    """Each column's width, and whether its text wraps: as wide as its cells in *sample*
    show, between MIN_WIDTH and MAX_WIDTH, never narrower than its header; text longer
    than MAX_WIDTH wraps (else it would be cut off at the next cell, on screen and in print,
    or run on past the last column and shrink the printed page)."""
    layout = []
    for i, (column, text) in enumerate(zip(columns, header, strict=True)):
        longest = max((_shown_length(column.kind, row[i]) for row in sample), default=0)
        width = max(len(text) + _HEADER_ROOM, min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))
        layout.append((width, longest >= width))
    return layout


def _row_height(cells: Sequence[Cell | None], wrapped: Sequence[tuple[int, int]]) -> float | None:
    """The height, in points, of a row whose wrapped text takes more than one line; None for
    one line (the default height). Set, because neither LibreOffice nor Excel sizes a row to
    its wrapped text on opening a file that does not say how tall the row is."""
    lines = 1
    for i, width in wrapped:
        cell = cells[i]
        if cell is not None and isinstance(cell.value, str):
            lines = max(lines, _lines(cell.value, width))
    return None if lines == 1 else min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 2)


def _lines(text: str, width: int) -> int:
    """About how many lines *text* takes wrapped in a column *width* characters wide; rather
    one too many than one too few (a line too many is space, one too few hides text)."""
    # A width counts the widths of a digit; Latin text runs narrower, Cyrillic about as wide,
    # and words wrap whole.
    per_line = max(1, int(width * 1.3) - 4)
    lines = 0
    for line in text.splitlines():
        length = len(line) + 0.3 * len(_CYRILLIC.findall(line))
        lines += max(1, math.ceil(length / per_line))
    return max(1, lines)


def _set_widths(sheet: Sheet, widths: Iterable[float]) -> None:
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = width


def _ready_to_print(sheet: Sheet) -> None:
    """Landscape, one page wide however many long, the header row frozen on screen and
    repeated atop every printed page. Before the first row: a streamed sheet writes its
    properties and view first."""
    sheet.freeze_panes = "A2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)  # inches: narrow
    sheet.print_title_rows = "1:1"


def _header(sheet: WriteOnlyWorksheet, texts: Iterable[str]) -> None:
    cells = []
    for text in texts:
        cell = WriteOnlyCell(sheet, _xlsx_text(text))
        cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)


def _filter(sheet: Sheet, columns: int, rows: int) -> None:
    """An autofilter over the header and *rows* rows below it (written at the end: a
    streamed sheet learns its length last)."""
    sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{rows + 1}"


def write_xlsx(stream: IO[bytes], columns: Sequence[ColumnSpec], rows: Iterable[Sequence[Any]],
               progress: Progress | None = None, title: str = "export",
               headers: Sequence[str] | None = None, sources: WithSources | None = None) -> int:
    """One sheet, cells typed, ready to read and print (see the module's docstring); written in
    streaming mode. The header row holds *headers* if given, else the field names. With
    *sources* (whose :meth:`~.citations.WithSources.cite` the rows came through), a Sources
    sheet follows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "export")
    _ready_to_print(sheet)
    header = header_row(columns, headers)
    n = 0
    try:
        remaining = iter(reporting_progress(rows, progress))
        sample = list(itertools.islice(remaining, WIDTH_SAMPLE))
        layout = column_layout(columns, header, sample)
        _set_widths(sheet, (width for width, _wraps in layout))
        _header(sheet, header)
        wrapped = [(i, width) for i, (width, wraps) in enumerate(layout) if wraps]
        # A row as tall as its wrapped text reads across only if every cell starts at its top.
        top = _TOP if wrapped else None
        cells = [(c.kind, _Styles(sheet, _WRAPPED if wraps else top))
                 for c, (_width, wraps) in zip(columns, layout, strict=True)]
        for row in itertools.chain(sample, remaining):
            line = [styles.cell(kind, v) for (kind, styles), v in zip(cells, row, strict=True)]
            height = _row_height(line, wrapped)
            if height:
                sheet.row_dimensions[n + 2].height = height
            sheet.append(line)
            sheet.row_dimensions.pop(n + 2, None)  # written: memory stays flat
            n += 1
    except BaseException:
        _discard(sheet)
        raise
    _filter(sheet, len(columns), n)
    if sources is not None:
        _sources_sheet(workbook, sources, labels=headers is not None)
    _save(workbook, stream)
    return n


def _save(workbook: Workbook, stream: IO[bytes]) -> None:
    """What ``workbook.save(stream)`` does, but a failure midway (a disk that fills) leaves
    nothing open behind it: openpyxl neither closes its archive nor deletes the sheets'
    temporary files when a write fails, and the archive, collected after the file under it
    has been closed and removed, would print a traceback (``ZipFile.__del__``)."""
    archive = ZipFile(stream, "w", ZIP_DEFLATED, allowZip64=True)
    workbook.properties.modified = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    try:
        ExcelWriter(workbook, archive).save()  # writes every part, then closes the archive
    except BaseException:
        with contextlib.suppress(Exception):
            archive.close()  # its end record may fail to go out too: the file is thrown away
        archive.fp = None  # closed or not, it must not try again when collected
        for sheet in workbook.worksheets:
            if isinstance(sheet, WriteOnlyWorksheet):
                _discard(sheet)
        raise


# The Sources sheet's columns (see citations.SHEET_FIELDS): their kinds and widths.
_SHEET_KINDS = (Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.DATE, Kind.CATEGORY,
                Kind.CATEGORY, Kind.TEXT, Kind.NUMBER)
_SHEET_WIDTHS = (28, 70, 40, 24, 12, 10, 10, 40, 10)


def _sources_sheet(workbook: Workbook, sources: WithSources, *, labels: bool) -> None:
    """The sources the exported records rest on, one a row, header frozen and bold; below,
    the data's version (also the workbook's description, in its document properties)."""
    name = sources.translate("tables", "Sources") if labels else "Sources"
    sheet = workbook.create_sheet(title=name[:31])
    _ready_to_print(sheet)
    _set_widths(sheet, _SHEET_WIDTHS)
    _header(sheet, sources.sheet_headers(labels))
    styles = _Styles(sheet)
    n = 0
    for row in sources.sheet_rows():
        sheet.append([styles.cell(kind, value) for kind, value in zip(_SHEET_KINDS, row, strict=True)])
        n += 1
    _filter(sheet, len(_SHEET_KINDS), n)
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
