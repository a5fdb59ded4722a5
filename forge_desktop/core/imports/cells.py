"""What a cell may hold: clean text, money with its qualifier, one of a set of choices,
lists, and ISO 3166-2 subdivisions; and the limits a cell must keep. Numbers and dates are
read by :mod:`..values`, which refuses what it would otherwise have to guess."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import pycountry
from pycountry.db import Data

from ..exports import FORMULA_TRIGGERS
from ..schema import Qualifier
from ..text import fold
from ..values import ValueParseError, parse_amount, quoted

MAX_CELL = 100_000  # characters

_QUALIFIER_WORDS = [
    (re.compile(r"^\s*(up to|upto|до|не более|max(imum)?)\b\s*", re.I), Qualifier.UP_TO),
    (re.compile(r"^\s*(more than|over|above|at least|более|свыше|>)\s*", re.I), Qualifier.MORE_THAN),
    (re.compile(r"\s*\(?(conditional(ly)?|cond\.?|условно)\)?\s*", re.I), Qualifier.CONDITIONAL),
]


def parse_money(text: object) -> tuple[int, Qualifier]:
    """An amount with the qualifier its words carry: ``up to $400 million`` → (4e8, up_to).
    The amount is read by :func:`parse_amount`, so an ambiguous one (``up to 1.250``) or a
    fraction without its unit (``$0.5``) is refused, never guessed."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return parse_amount(text), Qualifier.EXACT
    rest, qualifier = str(text).strip(), Qualifier.EXACT
    for pattern, kind in _QUALIFIER_WORDS:
        stripped = pattern.sub(" ", rest, count=1).strip()
        if stripped != rest:
            rest, qualifier = stripped, kind
    return parse_amount(rest), qualifier


_short = quoted  # the name the import modules quote a value by


_SUBDIVISIONS: dict[str, list[Data]] = {}


def _subdivision(text: str) -> Data | None:
    """An ISO 3166-2 subdivision by code (US-NV) or by a name no other subdivision shares."""
    found: Data | None = pycountry.subdivisions.get(code=text.upper())  # type: ignore[no-untyped-call]
    if found is not None:
        return found
    if not _SUBDIVISIONS:
        for sub in pycountry.subdivisions:
            _SUBDIVISIONS.setdefault(fold(sub.name), []).append(sub)
    matches = _SUBDIVISIONS.get(fold(text), [])
    return matches[0] if len(matches) == 1 else None


def _choice(text: str, choices: Sequence[str], what: str) -> str:
    wanted = re.sub(r"[\s\-/]+", "_", fold(text))
    for choice in choices:
        if wanted == fold(choice):
            return choice
    raise ValueParseError(f"unknown {what} {text!r}; choose one of {', '.join(choices)}")


def _undefuse(text: str) -> str:
    """Our CSV export writes '=… for text starting with a formula sign; read it back as =….
    Applied to CSV, XLSX and ODS text alike: a CSV of ours opened in Calc and saved as a
    workbook keeps the apostrophe as part of the text."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def _cell(value: object) -> str | None:
    """A cell as clean text (None when empty)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value if v is not None) or None
    text = str(value).strip()
    return text or None


def _split_list(text: str | None) -> list[str]:
    """The items of a list cell: a JSON list arrives joined by :func:`_cell`, so one rule
    splits every format."""
    if text is None:
        return []
    return [part.strip() for part in re.split(r"[;|\n]", text) if part.strip()]
