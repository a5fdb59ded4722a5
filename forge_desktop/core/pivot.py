"""A pivot table (crosstab) of any query: rows × columns of groupable columns, with totals.

:func:`pivot` counts a query's rows by one or two columns down the side and none, one or two
across the top, by the rules of :mod:`.counting` (aggregates never with their parts, records
without a dollar amount counted not summed, conditional money in or out, a record in several
values of a list column counted once in each and once in every total above them). Each
cell, subtotal and total is its own count, so a total is never the sum of the cells beside
it when a record sits in several of them; :meth:`Pivot.footnote` says so, as the chart does.

:func:`pivot_layout` lays a pivot out as a person reads it (sorted, a group's second level
collapsed or not): the one form the window shows, the clipboard copies and the exports write.
:func:`drill_query` is the table query behind a cell: its row count is the cell's count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import formatting
from .columns import ListColumn, ScalarColumn
from .counting import DATE_PARTS, MONTH, YEAR, Counting, Totals, counting, filter_column, group_column_names
from .query import Condition, Op, Query, QueryError, where_clause
from .schema import Financing
from .text import QT_TRANSLATE_NOOP, Translate, untranslated

VALUES = ("usd", "count")  # what a cell shows: committed USD or the records counted
LEVELS = 2  # dimensions at most on each side
CONTEXT = "pivot"  # the translation context of the words below
NONE_TEXT = QT_TRANSLATE_NOOP("pivot", "(none)")
UNDATED_TEXT = QT_TRANSLATE_NOOP("pivot", "undated")
TOTAL_TEXT = QT_TRANSLATE_NOOP("pivot", "Total")
TOTAL_OF_TEXT = QT_TRANSLATE_NOOP("pivot", "{0} total")

Path = tuple[str | None, ...]
"""A place on one side of a pivot: a key per level from the outside in; () is the total."""


@dataclass(frozen=True)
class Cell:
    """What one cell counts: the dollar sum (None: no dollar amount among its records), the
    records counted and those of them without a dollar amount."""

    amount_usd: int | None
    records: int
    non_monetary: int

    def value(self, value: str) -> int | None:
        return self.records if value == "count" else self.amount_usd


@dataclass(frozen=True)
class Member:
    """One value of a side's dimension, with the values of the next level inside it."""

    key: str | None
    label: str
    children: tuple[Member, ...] = ()


@dataclass(frozen=True)
class Pivot:
    table: str
    rows: tuple[str, ...]  # the dimensions down the side, outermost first
    cols: tuple[str, ...]  # the dimensions across the top (may be none)
    value: str  # "usd" or "count"
    include_conditional: bool
    row_members: tuple[Member, ...]
    col_members: tuple[Member, ...]
    cells: Mapping[tuple[Path, Path], Cell]  # every (row path, column path), totals too
    totals: Totals  # of all the rows: the notes, the aggregates left out

    def cell(self, row: Path, col: Path) -> Cell | None:
        """The cell at *row* × *col* (a prefix is a subtotal, () the total); None: no records."""
        return self.cells.get((row, col))

    @property
    def grand_total(self) -> Cell:
        return self.cells.get(((), ()), Cell(None, 0, 0))

    @property
    def overlapping(self) -> tuple[str, ...]:
        """The list columns among the dimensions: a record may sit in several of their values."""
        return tuple(d for d in (*self.rows, *self.cols) if d in _overlapping_columns(self.table))

    def footnote(self, translate: Translate = untranslated) -> str:
        """What the numbers include and leave out, in the chart's words; and that a list
        column counts a record once per value and once in each total."""
        notes = [n for n in self.totals.notes() if n.key != "overlapping"]
        parts = [n.text(translate) for n in notes]
        parts += [translate("Totals", "a record in several {0} counts in each, once in the total")
                  .format(d) for d in self.overlapping]
        return "; ".join(parts)


def _overlapping_columns(table: str) -> set[str]:
    return {c.name for c in Query(table).spec.columns if isinstance(c, ListColumn)}


def pivot_dimensions(table: str) -> tuple[str, ...]:
    """What a pivot of *table* can put on its rows and columns."""
    return group_column_names(table)


def _check(table: str, rows: Sequence[str], cols: Sequence[str], value: str) -> None:
    choices = pivot_dimensions(table)
    if not rows:
        raise QueryError(f"a pivot needs a column for its rows; choose from {', '.join(choices)}")
    for side, dims in (("rows", rows), ("columns", cols)):
        if len(dims) > LEVELS:
            raise QueryError(f"a pivot takes at most {LEVELS} {side}; got {', '.join(dims)}")
        for d in dims:
            if d not in choices:
                raise QueryError(f"cannot pivot {table} by {d!r}; choose from {', '.join(choices)}")
    if len(set(rows) | set(cols)) != len(rows) + len(cols):
        raise QueryError("a column can be used once in a pivot, on its rows or its columns")
    if value not in VALUES:
        raise QueryError(f"unknown pivot value {value!r}; choose usd or count")
    if value == "usd" and Query(table).spec.model is not Financing:
        raise QueryError(f"{table} have no dollar amounts; use --value count")


def pivot(session: Session, query: Query, rows: Sequence[str], cols: Sequence[str] = (), *,
          value: str = "usd", include_conditional: bool = True) -> Pivot:
    """Count *query*'s rows by *rows* × *cols*, every subtotal and total included."""
    rows, cols = tuple(rows), tuple(cols)
    _check(query.table, rows, cols, value)
    with counting(session, query, include_conditional=include_conditional) as counted:
        counted.prefetch(*((*rows[:r], *cols[:c]) for r in range(len(rows) + 1)
                           for c in range(len(cols) + 1)))
        cells: dict[tuple[Path, Path], Cell] = {}
        labels: dict[str, dict[str | None, str]] = {d: {} for d in (*rows, *cols)}
        for r in range(len(rows) + 1):
            for c in range(len(cols) + 1):
                dims = (*rows[:r], *cols[:c])
                for keys, sums in counted.sums(*dims).items():
                    texts = tuple(_key_text(k) for k in keys)
                    for d, k, raw, text in zip(dims, keys, sums.labels, texts, strict=True):
                        labels[d].setdefault(text, _member_label(counted, query.table, d, k, raw))
                    cells[(texts[:r], texts[r:])] = Cell(sums.amount_usd, sums.records,
                                                         sums.no_amount)
        result_totals = counted.totals(rows[0])
    row_members = _members(rows, labels, [row for row, col in cells if col == ()])
    col_members = _members(cols, labels, [col for row, col in cells if row == ()])
    return Pivot(query.table, rows, cols, value, include_conditional,
                 row_members, col_members, cells, result_totals)


def _key_text(key: object) -> str | None:
    return None if key is None else str(getattr(key, "value", key))


def _member_label(counted: Counting, table: str, dim: str, key: object, raw: object) -> str:
    """A member's name in English (the window translates the words for none and undated)."""
    if key is None:
        return UNDATED_TEXT if dim in DATE_PARTS else NONE_TEXT
    if dim == MONTH:
        return formatting.date_text(dt.date.fromisoformat(f"{key}-01"), "month")
    if dim == YEAR:
        return str(key)
    column = Query(table).spec.get(dim)
    if isinstance(column, ScalarColumn) and column.choices:
        return formatting.label(key)
    return counted.label(dim, key, raw)


def _members(dims: tuple[str, ...], labels: Mapping[str, Mapping[str | None, str]],
             paths: Sequence[Path]) -> tuple[Member, ...]:
    """The tree of *dims*' members that have records, in calendar order for dates and
    otherwise in the order :func:`sort_members` gives by label (the layout sorts again)."""
    if not dims:
        return ()
    firsts = sorted({p[0] for p in paths if len(p) == 1}, key=_calendar_or_label(dims[0], labels))
    members = []
    for key in firsts:
        children: tuple[Member, ...] = ()
        if len(dims) > 1:
            seconds = sorted({p[1] for p in paths if len(p) == 2 and p[0] == key},
                             key=_calendar_or_label(dims[1], labels))
            children = tuple(Member(k, labels[dims[1]][k]) for k in seconds)
        members.append(Member(key, labels[dims[0]][key], children))
    return tuple(members)


def _calendar_or_label(dim: str, labels: Mapping[str, Mapping[str | None, str]],
                       ) -> Callable[[str | None], tuple[bool, str]]:
    def key(k: str | None) -> tuple[bool, str]:
        return (k is None, k or "") if dim in DATE_PARTS else (k is None, labels[dim][k].casefold())
    return key


# --------------------------------------------------------------------------- drill-through


def conditions(p: Pivot, row: Path, col: Path) -> tuple[Condition, ...]:
    """The filters that pick the records of the cell *row* × *col*: one per level given."""
    found = []
    for dim, key in (*zip(p.rows, row, strict=False), *zip(p.cols, col, strict=False)):
        column = filter_column(p.table, dim)
        found.append(Condition(column, Op.EMPTY) if key is None else Condition(column, Op.EQ, key))
    return tuple(found)


def drill_query(session: Session, query: Query, p: Pivot, row: Path, col: Path) -> Query:
    """*query* narrowed to the records a cell counts: its conditions, and each aggregate the
    pivot left out (its parts are counted instead) that would otherwise match them."""
    drilled = query
    for condition in conditions(p, row, col):
        drilled = drilled.adding(condition)
    excluded = p.totals.aggregates_excluded
    if excluded:
        model = drilled.spec.model
        matching = session.scalars(select(model.id).where(where_clause(drilled), model.id.in_(excluded))
                                   .order_by(model.id))
        for record in matching:
            drilled = drilled.adding(Condition("id", Op.NE, record))
    return drilled


def cell_name(p: Pivot, row: Path, col: Path, translate: Translate = untranslated) -> str:
    """The cell as a chip or a title names it: "EXIM × Approved", "Total"."""
    names = [_path_label(p.row_members, row), _path_label(p.col_members, col)]
    text = " × ".join(n for n in names if n)
    return text or translate(CONTEXT, TOTAL_TEXT)


def _path_label(members: Sequence[Member], path: Path) -> str:
    words = []
    for key in path:
        member = next((m for m in members if m.key == key), None)
        if member is None:
            break
        words.append(member.label)
        members = member.children
    return " / ".join(words)


# --------------------------------------------------------------------------- layout

Sort = Literal["label", "total"]
RowKind = Literal["group", "item", "total"]


@dataclass(frozen=True)
class LayoutColumn:
    """A column of values as shown: its path across the top and its header words per level."""

    path: Path
    headers: tuple[str, ...]  # one per column level ("" where a level does not apply)
    total: bool  # a subtotal or the grand total


@dataclass(frozen=True)
class LayoutRow:
    path: Path
    labels: tuple[str, ...]  # one per row level
    kind: RowKind  # a first-level member with members inside, a member, or the total
    cells: tuple[Cell | None, ...]  # one per LayoutColumn
    collapsible: bool = False  # a group that has second-level rows
    collapsed: bool = False


@dataclass(frozen=True)
class PivotLayout:
    pivot: Pivot
    columns: tuple[LayoutColumn, ...]
    rows: tuple[LayoutRow, ...]
    row_headers: tuple[str, ...]  # the row dimensions' names, as the caller words them
    column_headers: tuple[str, ...]  # the column dimensions' names
    footnote: str = ""
    collapsed: frozenset[str | None] = field(default_factory=frozenset)

    def values(self, row: LayoutRow) -> list[int | None]:
        return [None if c is None else c.value(self.pivot.value) for c in row.cells]


def sort_members(members: Sequence[Member], p: Pivot, sort: Sort, side: Literal["rows", "cols"],
                 parent: Path = ()) -> tuple[Member, ...]:
    """*members* by label or by their total, largest first; months and years always in
    calendar order (a timeline read out of order misleads)."""
    if not members:
        return ()
    dim = (p.rows if side == "rows" else p.cols)[len(parent)]
    if sort == "label" or dim in DATE_PARTS:
        return tuple(members)  # pivot() gives them in label (or calendar) order

    def total(m: Member) -> int:
        path = (*parent, m.key)
        cell = p.cell(path, ()) if side == "rows" else p.cell((), path)
        return cell.value(p.value) or 0 if cell is not None else 0

    return tuple(sorted(members, key=lambda m: (-total(m), members.index(m))))


def pivot_layout(p: Pivot, *, sort: Sort = "total", collapsed: Collection[str | None] = (),
                 dimension_names: Mapping[str, str] | None = None,
                 translate: Translate = untranslated) -> PivotLayout:
    """*p* as shown: sorted rows (each group's members inside it), columns with their
    subtotals after them and the total last, the total row at the bottom."""
    total_text = translate(CONTEXT, TOTAL_TEXT)

    def word(label: str) -> str:
        return translate(CONTEXT, label) if label in (NONE_TEXT, UNDATED_TEXT) else label

    columns: list[LayoutColumn] = []
    for member in sort_members(p.col_members, p, sort, "cols"):
        name = word(member.label)
        if member.children:
            columns.extend(LayoutColumn((member.key, child.key), (name, word(child.label)), False)
                           for child in sort_members(member.children, p, sort, "cols", (member.key,)))
            subtotal = translate(CONTEXT, TOTAL_OF_TEXT).format(name)
            columns.append(LayoutColumn((member.key,), (subtotal, ""), True))
        else:
            columns.append(LayoutColumn((member.key,), (name,) + ("",) * (len(p.cols) - 1), False))
    columns.append(LayoutColumn((), (total_text,) + ("",) * max(len(p.cols) - 1, 0), True))

    def cells(row: Path) -> tuple[Cell | None, ...]:
        return tuple(p.cell(row, c.path) for c in columns)

    levels = len(p.rows)
    shut = frozenset(collapsed)
    rows: list[LayoutRow] = []
    for member in sort_members(p.row_members, p, sort, "rows"):
        path: Path = (member.key,)
        labels = (word(member.label),) + ("",) * (levels - 1)
        if member.children:
            closed = member.key in shut
            rows.append(LayoutRow(path, labels, "group", cells(path), True, closed))
            if not closed:
                rows.extend(LayoutRow((member.key, child.key), ("", word(child.label)), "item",
                                      cells((member.key, child.key)))
                            for child in sort_members(member.children, p, sort, "rows", path))
        else:
            rows.append(LayoutRow(path, labels, "item", cells(path)))
    rows.append(LayoutRow((), (total_text,) + ("",) * (levels - 1), "total", cells(())))
    names = dimension_names or {}
    return PivotLayout(p, tuple(columns), tuple(rows), tuple(names.get(d, d) for d in p.rows),
                       tuple(names.get(d, d) for d in p.cols), p.footnote(translate), collapsed=shut)
