"""A pivot as shown, written out: CSV, JSON, XLSX, and the text and HTML a clipboard takes.

Every form starts from :func:`grid`, the layout's rows as cells (headers, labels, numbers),
so the file, the clipboard and the command line's table hold what the window shows: the
same rows in the same order, a collapsed group as its one row. Numbers stay numbers (an
XLSX cell is numeric with a dollar format; totals bold), the footnote follows the table.
"""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path
from typing import IO, Any

from .. import formatting
from ..pivot import Cell, PivotLayout
from ..text import QT_TRANSLATE_NOOP, Translate, untranslated
from .cells import HTML_TABLE_END, HTML_TABLE_START, defuse
from .streams import ExportError, atomic_file

FORMATS = ("csv", "json", "xlsx")
VALUE_WORDS = {"usd": QT_TRANSLATE_NOOP("pivot", "Committed USD"),
               "count": QT_TRANSLATE_NOOP("pivot", "Records")}

Grid = list[list[Any]]  # rows of cells: str, int or None (blank)


def value_word(layout: PivotLayout, translate: Translate = untranslated) -> str:
    return translate("pivot", VALUE_WORDS[layout.pivot.value])


def header_rows(layout: PivotLayout, translate: Translate = untranslated) -> Grid:
    """The header rows: what the cells count (and the column dimensions' names) first, then
    one row per column level, the last with the row dimensions' names on the left."""
    side = len(layout.row_headers)
    width = len(layout.columns)
    top = [value_word(layout, translate), *[""] * (side - 1),
           " / ".join(layout.column_headers), *[""] * (width - 1)]
    rows: Grid = [top]
    levels = max(len(layout.pivot.cols), 1)
    for level in range(levels):
        first = list(layout.row_headers) if level == levels - 1 else [""] * side
        rows.append(first + [c.headers[level] if level < len(c.headers) else "" for c in layout.columns])
    return rows


def body_rows(layout: PivotLayout) -> Grid:
    return [[*row.labels, *layout.values(row)] for row in layout.rows]


def grid(layout: PivotLayout, translate: Translate = untranslated) -> Grid:
    """The whole pivot as cells: headers, then the rows (the total last)."""
    return [*header_rows(layout, translate), *body_rows(layout)]


def display(layout: PivotLayout, cell: Cell | None) -> str:
    """A cell's number as the window shows it: "$1,250,000,000" or "12"; blank without
    records, "—" for records none of which has a dollar amount."""
    if cell is None:
        return ""
    value = cell.value(layout.pivot.value)
    if value is None:
        return "—"
    return formatting.money_full(value) if layout.pivot.value == "usd" else formatting.number(value)


def text_table(layout: PivotLayout, translate: Translate = untranslated) -> str:
    """The pivot as aligned text, for a terminal: labels left, numbers right."""
    side = len(layout.row_headers)
    cells = [[str(c) for c in row] for row in header_rows(layout, translate)]
    cells += [[*row.labels, *(display(layout, c) for c in row.cells)] for row in layout.rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    lines = []
    heads = len(cells) - len(layout.rows)
    for n, row in enumerate(cells):
        line = "  ".join(c.ljust(w) if i < side else c.rjust(w)
                         for i, (c, w) in enumerate(zip(row, widths, strict=True)))
        lines.append(line.rstrip())
        if n == heads - 1 or n == len(cells) - 2:
            lines.append("  ".join("-" * w for w in widths))
    if layout.footnote:
        lines.append(translate("pivot", "Note: {0}").format(layout.footnote))
    return "\n".join(lines) + "\n"


def tsv(layout: PivotLayout, translate: Translate = untranslated) -> str:
    """Tab-separated, as a spreadsheet pastes it: plain numbers, no dollar signs."""
    return "".join("\t".join("" if c is None else str(c).replace("\t", " ").replace("\n", " ") for c in row) + "\n"
                   for row in grid(layout, translate))


def html_table(layout: PivotLayout, translate: Translate = untranslated) -> str:
    """An HTML table for the clipboard: headers as <th>, totals bold, numbers right-aligned."""
    parts = [HTML_TABLE_START]
    parts.extend("<tr>" + "".join(f"<th>{html.escape(str(c))}</th>" for c in head) + "</tr>"
                 for head in header_rows(layout, translate))
    for row in layout.rows:
        bold = row.kind != "item"
        cells = [f"<td>{'<b>' if bold else ''}{html.escape(label)}{'</b>' if bold else ''}</td>"
                 for label in row.labels]
        for column, cell in zip(layout.columns, row.cells, strict=True):
            on, off = ("<b>", "</b>") if bold or column.total else ("", "")
            value = None if cell is None else cell.value(layout.pivot.value)
            number = "" if value is None else f' x:num="{value}"'
            cells.append(f'<td align="right"{number}>{on}{html.escape(display(layout, cell))}{off}</td>')
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append(HTML_TABLE_END)
    return "".join(parts)


def write_pivot(layout: PivotLayout, destination: str | Path | IO[str], fmt: str, *,
                translate: Translate = untranslated) -> None:
    """Write *layout* as *fmt* (csv, json or xlsx) to a path (atomically) or a text stream."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "xlsx":
        if not isinstance(destination, (str, Path)):
            raise ExportError("an XLSX pivot needs a file name (-o FILE)")
        with atomic_file(destination, binary=True) as stream:
            _write_xlsx(stream, layout, translate)
        return
    if isinstance(destination, (str, Path)):
        with atomic_file(destination) as stream:
            _write_text(stream, layout, fmt, translate)
    else:
        _write_text(destination, layout, fmt, translate)


def _write_text(stream: IO[str], layout: PivotLayout, fmt: str, translate: Translate) -> None:
    if fmt == "csv":
        writer = csv.writer(stream, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
        for row in grid(layout, translate):
            writer.writerow(["" if c is None else defuse(c) if isinstance(c, str) else c for c in row])
        if layout.footnote:
            writer.writerow([translate("pivot", "Note: {0}").format(layout.footnote)])
        return
    json.dump(as_json(layout, translate), stream, ensure_ascii=False, indent=2)
    stream.write("\n")


def as_json(layout: PivotLayout, translate: Translate = untranslated) -> dict[str, Any]:
    """The pivot as shown, for machines: each row's path (the keys) and labels, each column's
    path and headers, the values in the columns' order; the footnote."""
    p = layout.pivot
    return {
        "table": p.table, "rows": list(p.rows), "cols": list(p.cols), "value": p.value,
        "include_conditional": p.include_conditional,
        "columns": [{"path": list(c.path), "headers": list(c.headers), "total": c.total}
                    for c in layout.columns],
        "data": [{"path": list(r.path), "labels": list(r.labels), "kind": r.kind,
                  "values": layout.values(r),
                  "records": [None if c is None else c.records for c in r.cells]}
                 for r in layout.rows],
        "note": layout.footnote,
    }


def _write_xlsx(stream: IO[bytes], layout: PivotLayout, translate: Translate) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = translate("pivot", "Pivot")[:31]
    bold = Font(bold=True)
    money = '"$"#,##0' if layout.pivot.value == "usd" else "#,##0"
    headers = header_rows(layout, translate)
    side = len(layout.row_headers)
    for r, head in enumerate(headers, start=1):
        for c, value in enumerate(head, start=1):
            top = sheet.cell(r, c, defuse(value) if isinstance(value, str) else value)
            top.font = bold
            if c > side:
                top.alignment = Alignment(horizontal="right")
    first_body = len(headers) + 1
    for r, line in enumerate(layout.rows, start=first_body):
        strong = line.kind != "item"
        for c, label in enumerate(line.labels, start=1):
            name = sheet.cell(r, c, defuse(label))
            if strong:
                name.font = bold
        for c, (column, value) in enumerate(zip(layout.columns, layout.values(line), strict=True),
                                            start=side + 1):
            number = sheet.cell(r, c, value)
            number.number_format = money
            if strong or column.total:
                number.font = bold
    if layout.footnote:
        sheet.cell(first_body + len(layout.rows) + 1, 1,
                   defuse(translate("pivot", "Note: {0}").format(layout.footnote)))
    sheet.freeze_panes = f"{get_column_letter(side + 1)}{first_body}"
    for c in range(1, side + len(layout.columns) + 1):
        values = [head[c - 1] for head in headers] + [
            (line.labels[c - 1] if c <= side else display(layout, line.cells[c - side - 1]))
            for line in layout.rows]
        width = max((len(str(v)) for v in values if v is not None), default=8)
        sheet.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 8), 60)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    if sheet.sheet_properties.pageSetUpPr is not None:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"1:{len(headers)}"
    workbook.save(stream)
