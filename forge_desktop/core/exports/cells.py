"""What each kind of value becomes in an exported cell: lists joined, dates ISO, text defused.

A date may come as a :class:`~forge_desktop.core.values.PartialDate` (the on-screen export:
see :mod:`.on_screen`). A CSV file writes it as precisely as it is known (``2025-12`` for a
month: a reader sees no invented first day, and our import reads it back to the same date and
precision). JSON and the clipboard write its first day, as the database holds it, and leave its
precision to the column beside it: the clipboard's HTML marks the cell as that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from ..columns import ColumnSpec, Kind
from ..values import PartialDate

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
LIST_JOINER = "; "

_TRIGGER_CHARS = frozenset(FORMULA_TRIGGERS)  # each trigger is one character


def defuse(text: str) -> str:
    """Text a spreadsheet will show, never run: formula-like text gets a leading apostrophe."""
    return "'" + text if text[:1] in _TRIGGER_CHARS else text


def _text(value: str | None) -> str | None:
    return defuse(value) if value else value


def _list(value: list[str] | None) -> str | None:
    return _text(LIST_JOINER.join(value)) if value else None


def _date(value: dt.date | PartialDate | None) -> str | None:
    if isinstance(value, PartialDate):
        value = value.start
    return None if value is None else value.isoformat()


def _csv_date(value: dt.date | PartialDate | None) -> str | None:
    if isinstance(value, PartialDate):
        return str(value)  # 2025-12-01, 2025-12 or 2025
    return None if value is None else value.isoformat()


def _bool(value: bool | None) -> str | None:
    return None if value is None else ("true" if value else "false")


def _number(value: float | int | None) -> float | int | None:
    return int(value) if isinstance(value, float) and value.is_integer() else value


# What each kind of cell needs before the CSV writer writes it (None is written empty).
CSV_CELL: dict[Kind, Callable[[Any], Any]] = {
    Kind.TEXT: _text, Kind.CATEGORY: _text, Kind.LIST: _list, Kind.DATE: _csv_date,
    Kind.BOOL: _bool, Kind.NUMBER: _number}
_PASTED_CELL = {**CSV_CELL, Kind.DATE: _date}


def spreadsheet_cell(kind: Kind, value: Any) -> Any:
    """A value as a paste into a spreadsheet should receive it: the CSV file's cell (lists
    joined, text defused), but a date as its first day, the day :func:`html_cell` marks."""
    step = _PASTED_CELL.get(kind)
    return step(value) if step else value


def csv_field(value: Any) -> str:
    """One CSV field: text always quoted, numbers bare, nothing empty and bare.

    LibreOffice Calc's import dialog ticks Tab, Comma and Semicolon at once by default, and
    Excel splits on the list separator of its locale (often ``;``): a text field left bare is
    cut at whichever of them it holds (``Republic of Korea; Tennessee``). Quoted, every reader
    keeps it whole; a bare number still reads as a number, and an empty field stays empty
    rather than becoming an empty string."""
    if value is None or value == "":
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return '"' + str(value).replace('"', '""') + '"'


def json_value(value: Any) -> Any:
    """A value as JSON carries it: dates ISO, whole floats as integers."""
    if isinstance(value, PartialDate):
        value = value.start
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def header_row(columns: Sequence[ColumnSpec], headers: Sequence[str] | None) -> list[str]:
    """*headers* if given (the on-screen labels), else the columns' field names."""
    if headers is None:
        return [c.name for c in columns]
    if len(headers) != len(columns):
        raise ValueError(f"{len(headers)} headers for {len(columns)} columns")
    return list(headers)


# An HTML table pasted into a spreadsheet: Excel reads a cell's number from x:num (in the
# namespace declared here), LibreOffice from sdval (with sdnum, the format it reads the text
# by); so a number stays a number whatever the decimal separator of the locale it lands in,
# and an ISO date a date (LibreOffice takes one in HTML for text). A date shows as the TSV
# has it, its first day, whatever its precision: LibreOffice applies no other format on
# paste and would show a month's date as its serial number.
HTML_TABLE_START = '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><body><table>'
HTML_TABLE_END = "</table></body></html>"

_SERIAL_EPOCH = dt.date(1899, 12, 30)  # day 0 of spreadsheets' date serial numbers


def html_cell(kind: Kind, value: Any, text: str) -> str:
    """A ``<td>`` showing *text* (the cell as the TSV has it), a number or a date marked as one
    for the spreadsheet it is pasted into."""
    if text and kind in (Kind.MONEY, Kind.NUMBER):
        return f'<td x:num="{text}" sdval="{text}">{text}</td>'
    if text and kind is Kind.DATE and isinstance(value, PartialDate | dt.date):
        day = value.start if isinstance(value, PartialDate) else value
        return f'<td sdval="{(day - _SERIAL_EPOCH).days}" sdnum="1033;0;YYYY-MM-DD">{text}</td>'
    return f"<td>{escape(text)}</td>"
