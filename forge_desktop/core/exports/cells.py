"""What each kind of value becomes in an exported cell: lists joined, dates ISO, text defused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..columns import Kind

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


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _bool(value: bool | None) -> str | None:
    return None if value is None else ("true" if value else "false")


def _number(value: float | int | None) -> float | int | None:
    return int(value) if isinstance(value, float) and value.is_integer() else value


# What each kind of cell needs before the csv module writes it (None is written empty).
CSV_CELL: dict[Kind, Callable[[Any], Any]] = {
    Kind.TEXT: _text, Kind.CATEGORY: _text, Kind.LIST: _list, Kind.DATE: _date,
    Kind.BOOL: _bool, Kind.NUMBER: _number}


def spreadsheet_cell(kind: Kind, value: Any) -> Any:
    """A value as a spreadsheet should receive it: lists joined, dates ISO, text defused."""
    step = CSV_CELL.get(kind)
    return step(value) if step else value


def json_value(value: Any) -> Any:
    """A value as JSON carries it: dates ISO, whole floats as integers."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
