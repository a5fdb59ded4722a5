"""Parsing the text form of filters and sort keys, as typed on the command line or in a filter box.

``amount_usd > 100e6`` · ``agency in EXIM, DFC`` · ``date between 2025-10 and 2025-12`` ·
``minerals contains lithium`` · ``cofinancing_usd notempty`` · ``stage = funded or agency = DFC``
(``or`` joins conditions into one OR group; separate ``--where`` options are ANDed).
Values may be quoted ("…" or '…') to keep a comma, ``and`` or ``or`` inside them.
"""

from __future__ import annotations

import re

from .query import (
    NO_VALUE,
    TWO_VALUES,
    VALUE_MISSING,
    AnyOf,
    Condition,
    Filter,
    Op,
    QueryError,
    SortKey,
)

_OPS = sorted((op.value for op in Op), key=len, reverse=True)
_CONDITION = re.compile(
    r"^\s*(?P<column>[A-Za-z_][A-Za-z0-9_]*)\s*"
    r"(?P<op>" + "|".join(re.escape(o) if not o.isalpha() else o + r"\b" for o in _OPS) + r")"
    r"\s*(?P<value>.*?)\s*$",
    re.IGNORECASE | re.DOTALL,
)


def _split(text: str, separator: str) -> list[str]:
    """Split on *separator* (a regex) outside quotes."""
    parts: list[str] = []
    current: list[str] = []
    quote: str | None = None
    i = 0
    pattern = re.compile(separator, re.IGNORECASE)
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = None
            current.append(ch)
            i += 1
            continue
        if ch in "\"'" and (not current or not "".join(current).strip()
                            or "".join(current)[-1:].isspace() or "".join(current)[-1:] == ","):
            quote = ch
            current.append(ch)
            i += 1
            continue
        match = pattern.match(text, i)
        if match:
            parts.append("".join(current))
            current = []
            i = match.end()
            continue
        current.append(ch)
        i += 1
    if quote:
        raise QueryError(f"unterminated quote in {text!r}")
    parts.append("".join(current))
    return parts


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def parse_condition(text: str) -> Condition:
    """``COL OP VALUE`` → Condition (the columns and values are checked when compiled)."""
    match = _CONDITION.match(text)
    if not match:
        raise QueryError(
            f"cannot read filter {text.strip()!r}; write COLUMN OPERATOR VALUE, e.g. "
            f"'amount_usd > 100e6' (operators: {' '.join(o.value for o in Op)})")
    column, op, value = match["column"], Op(match["op"].lower()), match["value"]
    if op in NO_VALUE:
        if value:
            raise QueryError(f"{column} {op.value} takes no value (got {value!r})")
        return Condition(column, op)
    if not value:
        raise QueryError(f"{column} {op.value}: a value is missing", column=column,
                         reason=VALUE_MISSING)
    if op is Op.IN:
        values = tuple(_unquote(v) for v in _split(value, r"\s*,\s*") if v.strip())
        return Condition(column, op, values)
    if op is Op.BETWEEN:
        values = tuple(_unquote(v) for v in _split(value, r"\s+and\s+"))
        if len(values) != 2 or not all(values):
            raise QueryError(f"{column} between needs two values: '{column} between A and B'",
                             column=column, reason=TWO_VALUES)
        return Condition(column, op, values)
    return Condition(column, op, _unquote(value))


def parse_filter(text: str) -> Filter:
    """One filter: a condition, or conditions joined by ``or``."""
    if re.search(r"(^|\s)or\s*$", text.strip(), re.IGNORECASE) and not text.strip().endswith(("'", '"')):
        raise QueryError(f"{text.strip()!r}: nothing after 'or'; add a condition or remove 'or'")
    parts = _split(text, r"\s+or\s+")
    conditions = tuple(parse_condition(p) for p in parts)
    return conditions[0] if len(conditions) == 1 else AnyOf(conditions)


def parse_sort(text: str) -> tuple[SortKey, ...]:
    """``-amount_usd,recipient`` → keys; a leading ``-`` sorts descending."""
    keys = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        descending = part.startswith("-")
        keys.append(SortKey(part.lstrip("-+").strip(), descending))
    return tuple(keys)
