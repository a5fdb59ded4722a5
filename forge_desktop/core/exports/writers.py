"""CSV and JSON writers, and :func:`write`, the one entry point every export goes through."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..columns import ColumnSpec
from .cells import CSV_CELL, csv_field, header_row, json_value
from .streams import ExportError, Progress, atomic_file, reporting_progress

if TYPE_CHECKING:
    from .citations import WithSources

FORMATS = ("csv", "json", "xlsx")

Row = Sequence[Any]


def suffix_format(path: str | Path) -> str | None:
    """The format a file name implies (``.csv`` → csv), if any."""
    ext = Path(path).suffix.lower().lstrip(".")
    return ext if ext in FORMATS else None


def write_csv(stream: IO[str], columns: Sequence[ColumnSpec], rows: Iterable[Row],
              progress: Progress | None = None, headers: Sequence[str] | None = None) -> int:
    """CSV as every spreadsheet splits it alike: each text field quoted, numbers bare (see
    :func:`~.cells.csv_field`), CRLF line ends (RFC 4180)."""
    stream.write(",".join(map(csv_field, header_row(columns, headers))) + "\r\n")
    steps = [(i, CSV_CELL[c.kind]) for i, c in enumerate(columns) if c.kind in CSV_CELL]
    n = 0
    for row in reporting_progress(rows, progress):
        values = list(row)
        for i, step in steps:
            values[i] = step(values[i])
        stream.write(",".join(map(csv_field, values)) + "\r\n")
        n += 1
    return n


def write_json(stream: IO[str], columns: Sequence[ColumnSpec], rows: Iterable[Row],
               progress: Progress | None = None, headers: Sequence[str] | None = None) -> int:
    """A JSON array of objects, one per row, written as it streams; keyed by *headers* if
    given, else by field name."""
    names = header_row(columns, headers)
    stream.write("[")
    n = 0
    for row in reporting_progress(rows, progress):
        stream.write(",\n" if n else "\n")
        record = {k: json_value(v) for k, v in zip(names, row, strict=True)}
        stream.write(json.dumps(record, ensure_ascii=False))
        n += 1
    stream.write("\n]\n" if n else "]\n")
    return n


def write(destination: str | Path | IO[str], fmt: str, columns: Sequence[ColumnSpec],
          rows: Iterable[Row], *, headers: Sequence[str] | None = None, bom: bool = False,
          progress: Progress | None = None, title: str = "export",
          sources: WithSources | None = None) -> int:
    """Write *rows* as *fmt* to a path (atomically) or to an open text stream.

    The header row names the columns by field name (what the import reads back), or by
    *headers* (one per column: the on-screen export's labels, see :mod:`.on_screen`).
    With *sources* (the rows came through its ``cite``: their sources column is filled), a
    workbook gets a Sources sheet; CSV and JSON have the column and nothing more.
    Returns the number of rows written. Raises ExportError (nothing written) on failure.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if not isinstance(destination, str | Path):
        if fmt == "xlsx":
            raise ExportError("xlsx cannot go to standard output; give a file with -o")
        writer = write_csv if fmt == "csv" else write_json
        return writer(destination, columns, rows, progress, headers)
    with atomic_file(destination, binary=fmt == "xlsx", bom=bom and fmt == "csv") as handle:
        if fmt == "xlsx":  # openpyxl loads only for XLSX: it is a third of the CLI's start
            from .xlsx import write_xlsx

            return write_xlsx(handle, columns, rows, progress, title, headers, sources)
        if fmt == "csv":
            return write_csv(handle, columns, rows, progress, headers)
        return write_json(handle, columns, rows, progress, headers)
