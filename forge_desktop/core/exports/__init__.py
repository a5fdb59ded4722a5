"""Exports to CSV, JSON and XLSX: streaming, atomic, and safe to open in a spreadsheet.

* Rows stream through; memory stays flat however many there are.
* A file is written to a temporary file beside the target and renamed over it only when
  complete, so a failed or cancelled export leaves the old file (or nothing) in place.
* Text that a spreadsheet would run as a formula (starting with ``= + - @``, tab or CR) is
  defused: CSV prefixes it with an apostrophe, XLSX stores it as a plain string cell.
* A file opens right in LibreOffice Calc and Excel with their default answers: CSV quotes
  every text field (Calc splits at Tab, Comma and Semicolon at once); a workbook's header is
  frozen, filterable and printed atop every page, one page wide (:mod:`.xlsx`).
* Numbers stay numbers and dates stay dates (XLSX cells typed and formatted; CSV and JSON
  carry ISO 8601 dates).
* Two forms: the machine form (stored keys: what our import reads back as is) and the
  on-screen form (:mod:`.on_screen`: words, each amount's qualifier and each date's
  precision in a column beside it, numbers still numbers). Either is headed by field names
  or by the columns' labels (*headers*); the import reads both.

The modules: :mod:`.streams` (where rows go: the atomic file, progress and cancel, errors),
:mod:`.cells` (what each kind of value becomes in a cell), :mod:`.on_screen` (the columns and
words of the table on screen), :mod:`.citations` (the sources column, the Sources sheet's
rows and the data's version), :mod:`.writers` (CSV, JSON and the :func:`write` entry point)
and :mod:`.xlsx` (loaded only when a workbook is written: openpyxl is a third of the command
line's start-up).
"""

from .cells import (
    FORMULA_TRIGGERS,
    HTML_TABLE_END,
    HTML_TABLE_START,
    LIST_JOINER,
    defuse,
    html_cell,
    spreadsheet_cell,
)
from .citations import CITATION_JOINER, SOURCES_COLUMN, WithSources, as_of_text
from .on_screen import COMPANIONS, screen_headers, screen_rows, with_companions
from .streams import PROGRESS_EVERY, ExportCancelled, ExportError, Progress, atomic_file
from .writers import FORMATS, suffix_format, write, write_csv, write_json

__all__ = [
    "CITATION_JOINER",
    "COMPANIONS",
    "FORMATS",
    "FORMULA_TRIGGERS",
    "HTML_TABLE_END",
    "HTML_TABLE_START",
    "LIST_JOINER",
    "PROGRESS_EVERY",
    "SOURCES_COLUMN",
    "ExportCancelled",
    "ExportError",
    "Progress",
    "WithSources",
    "as_of_text",
    "atomic_file",
    "defuse",
    "html_cell",
    "screen_headers",
    "screen_rows",
    "spreadsheet_cell",
    "suffix_format",
    "with_companions",
    "write",
    "write_csv",
    "write_json",
]
