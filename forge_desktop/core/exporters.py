"""Writers for CSV, JSON and XLSX: streaming, atomic, and safe to open in a spreadsheet.

* Rows stream through; memory stays flat however many there are.
* A file is written to a temporary file beside the target and renamed over it only when
  complete, so a failed or cancelled export leaves the old file (or nothing) in place.
* Text that a spreadsheet would run as a formula (starting with ``= + - @``, tab or CR) is
  defused: CSV prefixes it with an apostrophe, XLSX stores it as a plain string cell.
* Numbers stay numbers and dates stay dates (XLSX cells typed and formatted; CSV and JSON
  carry ISO 8601 dates).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from .columns import ColumnSpec, Kind
from .errors import ForgeError

FORMATS = ("csv", "json", "xlsx")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
LIST_JOINER = "; "
XLSX_CELL_LIMIT = 32_767  # Excel's maximum characters in one cell
PROGRESS_EVERY = 1000

Progress = Callable[[int], bool]  # rows written so far → False to cancel


class ExportError(ForgeError, RuntimeError):
    """The export could not be written; nothing was left behind."""


class ExportCancelled(ExportError):
    def __init__(self) -> None:
        super().__init__("export cancelled; no file was written")


_TRIGGER_CHARS = frozenset(FORMULA_TRIGGERS)  # each trigger is one character


def defuse(text: str) -> str:
    """Text a spreadsheet will show, never run: formula-like text gets a leading apostrophe."""
    return "'" + text if text[:1] in _TRIGGER_CHARS else text


def suffix_format(path: str | Path) -> str | None:
    """The format a file name implies (``.csv`` → csv), if any."""
    ext = Path(path).suffix.lower().lstrip(".")
    return ext if ext in FORMATS else None


@contextlib.contextmanager
def atomic_file(path: str | Path, *, binary: bool = False, bom: bool = False) -> Iterator[IO]:
    """Open a temporary file beside *path*; rename it over *path* only if the block succeeds."""
    target = Path(path)
    if target.is_dir():
        raise ExportError(f"cannot write {target}: it is a folder; give a file name")
    if not target.parent.is_dir():
        raise ExportError(f"cannot write {target}: the folder {target.parent} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as exc:
        raise ExportError(f"cannot write to {target.parent}: {exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    try:
        mode = "wb" if binary else "w"
        kwargs = {} if binary else {"encoding": "utf-8-sig" if bom else "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
        os.chmod(tmp, _file_mode(target))  # mkstemp makes 0600; a user's file is not secret
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _file_mode(target: Path) -> int:
    """The existing file's mode, or what a new file gets under the user's umask."""
    if target.exists():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def reporting_progress(rows: Iterable[tuple], progress: Progress | None) -> Iterator[tuple]:
    for n, row in enumerate(rows, 1):
        yield row
        if progress is not None and n % PROGRESS_EVERY == 0 and progress(n) is False:
            raise ExportCancelled()


# --------------------------------------------------------------------------- CSV


def _csv_text(value):
    return defuse(value) if value else value


def _csv_list(value):
    return _csv_text(LIST_JOINER.join(value)) if value else None


def _csv_date(value):
    return None if value is None else value.isoformat()


def _csv_bool(value):
    return None if value is None else ("true" if value else "false")


def _csv_number(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


# What each kind of cell needs before the csv module writes it (None is written empty).
_CSV_CELL = {Kind.TEXT: _csv_text, Kind.CATEGORY: _csv_text, Kind.LIST: _csv_list,
             Kind.DATE: _csv_date, Kind.BOOL: _csv_bool, Kind.NUMBER: _csv_number}


def spreadsheet_cell(kind: Kind, value: Any) -> Any:
    """A value as a spreadsheet should receive it: lists joined, dates ISO, text defused."""
    step = _CSV_CELL.get(kind)
    return step(value) if step else value


def write_csv(stream: IO[str], columns: Sequence[ColumnSpec], rows: Iterable[tuple],
              progress: Progress | None = None) -> int:
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([c.name for c in columns])
    steps = [(i, _CSV_CELL[c.kind]) for i, c in enumerate(columns) if c.kind in _CSV_CELL]
    n = 0
    for row in reporting_progress(rows, progress):
        values = list(row)
        for i, step in steps:
            values[i] = step(values[i])
        writer.writerow(values)
        n += 1
    return n


# --------------------------------------------------------------------------- JSON


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def write_json(stream: IO[str], columns: Sequence[ColumnSpec], rows: Iterable[tuple],
               progress: Progress | None = None) -> int:
    """A JSON array of objects, one per row, written as it streams."""
    names = [c.name for c in columns]
    stream.write("[")
    n = 0
    for row in reporting_progress(rows, progress):
        stream.write(",\n" if n else "\n")
        record = {k: _json_value(v) for k, v in zip(names, row, strict=True)}
        stream.write(json.dumps(record, ensure_ascii=False))
        n += 1
    stream.write("\n]\n" if n else "]\n")
    return n


# --------------------------------------------------------------------------- XLSX

# --------------------------------------------------------------------------- entry point


def write(destination: str | Path | IO[str], fmt: str, columns: Sequence[ColumnSpec],
          rows: Iterable[tuple], *, bom: bool = False, progress: Progress | None = None,
          title: str = "export") -> int:
    """Write *rows* as *fmt* to a path (atomically) or to an open text stream.

    Returns the number of rows written. Raises ExportError (nothing written) on failure.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if not isinstance(destination, str | Path):
        if fmt == "xlsx":
            raise ExportError("xlsx cannot go to standard output; give a file with -o")
        writer = write_csv if fmt == "csv" else write_json
        return writer(destination, columns, rows, progress)
    with atomic_file(destination, binary=fmt == "xlsx", bom=bom and fmt == "csv") as handle:
        if fmt == "xlsx":  # openpyxl loads only for XLSX: it is a third of the CLI's start
            from .xlsx_export import write_xlsx

            return write_xlsx(handle, columns, rows, progress, title)
        if fmt == "csv":
            return write_csv(handle, columns, rows, progress)
        return write_json(handle, columns, rows, progress)
