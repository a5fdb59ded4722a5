"""Exports "as on screen": the columns the table shows, in its words, with numbers kept numbers.

The table shows ``up to $10B``, ``$2.4B (cond.)``, ``Dec 2025`` and ``Direct loan``. Two ways
to put that in a file were open: the displayed text with the number in a second column, or
the number with what qualifies it in a column of its own. This module does the second. A
spreadsheet sums, sorts and charts a typed column; a column of ``up to $10B`` it cannot, and
the number beside it would still leave the analyst to parse ``up to`` out of the text to know
which sums are ceilings. So each amount stays a number and each date a date, and right after
it comes the column that says how far to trust it (the amount's qualifier, the date's
precision: a month's date is stored as its first day), unless that column is exported already.
Vocabulary values (stage, instrument, agency, status…) and list items read as their labels,
and :func:`screen_headers` gives the columns' labels in the user's language (the window heads
this form with them unless the user asks for field names; any export may take them).

The all-columns export is the other form, for machines: stored keys, the form our import
reads back as is. Nothing here touches its rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from .. import formatting
from ..columns import ColumnSpec, Kind, TableSpec
from ..schema import DatePrecision
from ..text import Translate, untranslated
from ..values import PartialDate

# A column whose value reads right only with another beside it: the US amount and its
# qualifier ("up to"; co-financing has none), a date and its precision.
COMPANIONS: dict[str, str] = {"amount_usd": "amount_qualifier", "date": "date_precision"}


def with_companions(spec: TableSpec, names: Sequence[str]) -> tuple[str, ...]:
    """*names* with each amount's qualifier and each date's precision right after it, where
    *spec* has one and it is not among *names* already."""
    chosen = set(names)
    out: list[str] = []
    for name in names:
        out.append(name)
        companion = COMPANIONS.get(name)
        if companion is not None and companion not in chosen and spec.get(companion) is not None:
            out.append(companion)
    return tuple(out)


def screen_headers(columns: Sequence[ColumnSpec],
                   translate: Translate = untranslated) -> tuple[str, ...]:
    """The columns' labels as the table's header shows them, in the user's language."""
    return tuple(translate("columns", c.label) for c in columns)


def _list_item(value: str) -> str:
    # As the table words a list (records.format_value): role ids (forge_chair) read as
    # labels, names (Lithium, Saint Ann, Jamaica) as they are.
    return formatting.label(value) if value.islower() and " " not in value else value


def _labelled_list(value: list[str] | None) -> list[str] | None:
    return [_list_item(v) for v in value] if value else value


def _labelled(value: object) -> str | None:
    return None if value is None else formatting.label(value)


def screen_rows(columns: Sequence[ColumnSpec],
                rows: Iterable[Sequence[Any]]) -> Iterator[tuple[Any, ...]]:
    """*rows* (raw values of *columns*) as the on-screen export writes them: vocabulary values
    and list items as labels; amounts as they are; a date, where its precision is among the
    columns, as a :class:`~forge_desktop.core.values.PartialDate` (an XLSX cell then shows
    ``Dec 2025`` and stays a date). Only the columns that change are touched: a million rows
    may pass through here."""
    names = [c.name for c in columns]
    precision = names.index("date_precision") if "date_precision" in names else None
    labelled = [i for i, c in enumerate(columns) if c.kind is Kind.CATEGORY]
    lists = [i for i, c in enumerate(columns) if c.kind is Kind.LIST]
    dates = [i for i, c in enumerate(columns) if c.kind is Kind.DATE]
    for row in rows:
        values = list(row)
        if precision is not None and row[precision] is not None:
            known = DatePrecision(row[precision])  # read as stored ("month"), not as labelled
            for i in dates:
                if values[i] is not None:
                    values[i] = PartialDate(values[i], known)
        for i in labelled:
            values[i] = _labelled(values[i])
        for i in lists:
            values[i] = _labelled_list(values[i])
        yield tuple(values)
