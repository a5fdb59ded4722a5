"""Totals and counts for any query, grouped by any categorical column, never double counted.

The rules (written out for readers in `data/README.md`, "Counting rules"):

* An aggregate (EXIM's $14.8B of letters, DFC's "more than $1B") is left out whenever one
  of its parts is among the rows: the parts are summed instead, never both.
* A record without a dollar amount (an action plan, a copper offtake) is counted, not
  summed as zero.
* Conditional amounts are summed unless the caller leaves them out.
* Grouping by a list column (minerals, locations) counts a record once in each of its
  groups, so groups may add up to more than the total; :attr:`Totals.overlapping` says so.

Every :class:`Totals` carries what it left out, so a view can say what its number means.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    FromClause,
    SQLColumnExpression,
    String,
    Subquery,
    and_,
    case,
    func,
    literal,
    not_,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import GenericFunction

from .columns import ListColumn, ScalarColumn
from .query import Query, QueryError, where_clause
from .schema import Financing, Qualifier
from .text import QT_TRANSLATE_NOOP, Translate

NONE_LABEL = "(none)"


@dataclass(frozen=True)
class Segment:
    """One part of a group when it is split again (a stage within an agency)."""

    key: str | None
    label: str
    amount_usd: int | None
    records: int
    non_monetary: int


@dataclass(frozen=True)
class Group:
    key: str | None
    label: str
    amount_usd: int | None  # None: nothing in the group has a dollar amount
    records: int  # records counted in the group (monetary or not)
    non_monetary: int
    segments: tuple[Segment, ...] = ()  # by the stack column, when one was asked for


@dataclass(frozen=True)
class Totals:
    by: str
    groups: tuple[Group, ...]
    amount_usd: int | None  # over all counted records, each once
    records: int  # rows matching the query
    counted: int  # rows counted (records minus excluded aggregates)
    non_monetary: int  # counted rows with no dollar amount
    aggregates_excluded: tuple[str, ...]  # aggregates left out because parts are present
    conditional_excluded: tuple[str, ...]  # conditional amounts left out on request
    overlapping: bool  # a record may sit in several groups
    stack: str | None = None

    def notes(self) -> tuple[Note, ...]:
        """What the total includes and leaves out: the one wording every view shows."""
        found: list[Note] = []
        if self.aggregates_excluded:
            found.append(Note("aggregates", (_listed(self.aggregates_excluded),)))
        if self.non_monetary:
            found.append(Note("non_monetary", (str(self.non_monetary),)))
        if self.conditional_excluded:
            found.append(Note("conditional", (_listed(self.conditional_excluded),)))
        if self.overlapping:
            found.append(Note("overlapping", (self.by,)))
        if self.counted != self.records:
            found.append(Note("counted", (str(self.counted), str(self.records))))
        return tuple(found)

    def footnote(self, translate: Translate | None = None) -> str:
        return "; ".join(note.text(translate) for note in self.notes())


NOTE_CONTEXT = "Totals"
NOTE_TEXTS = {
    "aggregates": QT_TRANSLATE_NOOP("Totals", "aggregates counted through their parts, not summed: {0}"),
    "non_monetary": QT_TRANSLATE_NOOP("Totals", "records without a dollar amount, counted but not summed: {0}"),
    "conditional": QT_TRANSLATE_NOOP("Totals", "conditional amounts left out: {0}"),
    "overlapping": QT_TRANSLATE_NOOP("Totals", "a record in several {0} counts in each, once in the total"),
    "counted": QT_TRANSLATE_NOOP("Totals", "records counted: {0} of {1}"),
}
LISTED = 3  # ids named in a note; more are counted


def _listed(ids: tuple[str, ...]) -> str:
    if len(ids) <= LISTED:
        return ", ".join(ids)
    return f"{', '.join(ids[:LISTED])} (+{len(ids) - LISTED})"


@dataclass(frozen=True)
class Note:
    """One caveat of a total: which (a key of NOTE_TEXTS) and the figures or ids it names."""

    key: str
    values: tuple[str, ...]

    def text(self, translate: Translate | None = None) -> str:
        template = NOTE_TEXTS[self.key]
        return (translate(NOTE_CONTEXT, template) if translate else template).format(*self.values)


# Groupings that are not columns: the month of the date.
MONTH = "month"


class month_of(GenericFunction[str]):
    """``YYYY-MM`` of a date, in any database."""

    type = String()
    inherit_cache = True
    name = "month_of"


@compiles(month_of)
def _month_of_default(element: month_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)})"


@compiles(month_of, "postgresql")
def _month_of_postgresql(element: month_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM')"


def group_column_names(table: str) -> tuple[str, ...]:
    spec = Query(table).spec
    names = tuple(c.name for c in spec.columns if c.groupable)
    return (*names, MONTH) if spec.get("date") is not None else names


Labels = Mapping[object, str]
"""A dimension's group key → the label a person reads (see :meth:`_Dimension.label_of`)."""


@dataclass(frozen=True)
class _Dimension:
    key: SQLColumnExpression[Any]  # what rows group by; its Python type follows the column
    label: SQLColumnExpression[Any]
    # What a list column outer-joins (its link table or a subquery), and the column of it
    # holding the record id.
    link: tuple[FromClause, SQLColumnExpression[str]] | None = None
    overlapping: bool = False  # a record may sit in several groups
    names: Subquery | None = None  # a (value, key, label) lookup, when the join has no label

    def label_of(self, session: Session) -> Labels | None:
        """key → label, for a dimension whose join carries keys only."""
        if self.names is None:
            return None
        _value, key, label = self.names.c
        return dict(session.execute(select(key, label).distinct()).all())


def _table_of(column: SQLColumnExpression[str]) -> FromClause:
    """The table a link column lives in (a column expression's type does not say it has one)."""
    element = column.__clause_element__() if isinstance(column, QueryableAttribute) else column
    if not isinstance(element, ColumnClause) or element.table is None:
        raise TypeError(f"{column!r} is not a column of a table")
    return element.table


def _dimension(query: Query, by: str, name: str) -> _Dimension:
    spec = query.spec
    date = spec.get("date")
    if by == MONTH and isinstance(date, ScalarColumn):
        month = month_of(date.expr)
        return _Dimension(month, month)
    column = spec.get(by)
    if column is None or not column.groupable:
        raise QueryError(f"cannot group {spec.name} by {by!r}; choose one of "
                         f"{', '.join(group_column_names(spec.name))}")
    if isinstance(column, ListColumn):
        src = column.source
        # Each record at most once in a group, so count(*) is exact. Cheapest first (1M rows,
        # totals by mineral 10.7 s through a DISTINCT join, 3.3 s straight from the link).
        if src.group_value is not None:  # one country, two states: once per group
            link = (select(src.owner.label("owner"), src.group_value.label("key"))
                    .distinct().subquery(name))
            return _Dimension(link.c.key, link.c.key, (link, link.c.owner), True, src.groups)
        if src.value is not None:  # a value is its own group and listed once per record
            return _Dimension(src.value, src.value, (_table_of(src.owner), src.owner), True,
                              src.groups)
        link = (select(src.owner.label("owner"), src.group_key.label("key"),
                       src.group_label.label("label"))
                .select_from(src.joined).distinct().subquery(name))
        return _Dimension(link.c.key, link.c.label, (link, link.c.owner), True)
    return _Dimension(column.expr, column.expr)


def _text(value: object) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


def _aggregates_with_parts(session: Session, matching: ColumnElement[bool]) -> tuple[str, ...]:
    """The matching aggregates that have at least one matching part: they are left out.

    Aggregates are few, so they are found first (by index) and only their parts are
    checked; nothing scans the table once per aggregate.
    """
    aggregates = tuple(session.scalars(select(Financing.id).where(Financing.is_aggregate, matching)))
    if not aggregates:
        return ()
    with_parts = session.scalars(select(Financing.parent_id).distinct()
                                 .where(Financing.parent_id.in_(aggregates), matching))
    # parent_id IN (…) never yields NULL: the test only tells the type checker so.
    return tuple(sorted({p for p in with_parts if p is not None}))


def _what_is_summed(session: Session, matching: ColumnElement[bool], include_conditional: bool,
                    ) -> tuple[ColumnElement[int | None], tuple[str, ...], tuple[str, ...]]:
    """The financing amount a total adds up (none for aggregates counted through their parts,
    none for conditional money when it is left out), with the ids so left out."""
    aggregates_excluded = _aggregates_with_parts(session, matching)
    conditional_excluded: tuple[str, ...] = ()
    has_amount: ColumnElement[bool] = Financing.amount_usd.is_not(None)
    if not include_conditional:
        is_conditional = Financing.amount_qualifier == Qualifier.CONDITIONAL
        conditional_excluded = tuple(
            i for i in session.scalars(select(Financing.id).where(matching, is_conditional)
                                       .order_by(Financing.id))
            if i not in aggregates_excluded)
        has_amount = and_(has_amount, not_(is_conditional))
    return case((has_amount, Financing.amount_usd)), aggregates_excluded, conditional_excluded


def _label(names: Labels | None, key: object, fallback: object) -> str:
    """A group's name: from the names looked up for its dimension, else as the query read it."""
    if key is None:
        return NONE_LABEL
    return _text(names.get(key, key) if names is not None else fallback) or NONE_LABEL


def _sort_groups(groups: list[Group], by: str) -> None:
    """Months in calendar order (undated last); anything else by amount, then count, then name."""
    if by == MONTH:
        groups.sort(key=lambda g: (g.key is None, g.key or ""))
    else:
        groups.sort(key=lambda g: (-(g.amount_usd or 0), -g.records, g.label))


def totals(session: Session, query: Query, by: str = "agency", *, stack: str | None = None,
           include_conditional: bool = True) -> Totals:
    """Sums and counts of *query* per value of *by* (and, with *stack*, per pair)."""
    spec = query.spec
    model = spec.model
    first = _dimension(query, by, "by_link")
    second = _dimension(query, stack, "stack_link") if stack else None
    matching = where_clause(query)  # on the table itself: no "id IN (…)" over a million ids

    summed: ColumnElement[int | None]
    no_amount: ColumnElement[int]
    if model is Financing:  # the one record table with dollar amounts
        summed, aggregates_excluded, conditional_excluded = _what_is_summed(
            session, matching, include_conditional)
        no_amount = case((Financing.amount_usd.is_(None), 1), else_=0)
    else:
        summed, aggregates_excluded, conditional_excluded = literal(None), (), ()
        no_amount = literal(0)
    # A list column joins through a DISTINCT (record, value) subquery, so each record sits at
    # most once in a group: count(*) is exact. No measure reads the id, so a covering index
    # (agency, amount) can answer "by agency" without touching the table.
    measures = (func.sum(summed), func.count(), func.sum(no_amount))

    def grouped(where: ColumnElement[bool], *dims: _Dimension) -> dict[tuple[object, ...], _Sums]:
        stmt = select(*(x for d in dims for x in (d.key, func.min(d.label))), *measures)
        stmt = stmt.select_from(model)
        for d in dims:
            if d.link is not None:
                link, owner = d.link
                stmt = stmt.outerjoin(link, owner == model.id)
        rows = session.execute(stmt.where(where).group_by(*(d.key for d in dims))).all()
        width = 2 * len(dims)
        return {tuple(r[0:width:2]): _Sums(tuple(r[1:width:2]), r[width], r[width + 1],
                                           int(r[width + 2] or 0)) for r in rows}

    def counted(*dims: _Dimension) -> dict[tuple[object, ...], _Sums]:
        """Every matching record, minus the aggregates whose parts are counted instead
        (summed apart and subtracted: excluding them in SQL would read the whole table)."""
        result = grouped(matching, *dims)
        if aggregates_excluded:
            left_out = grouped(and_(matching, model.id.in_(aggregates_excluded)), *dims)
            for key, sums in left_out.items():
                result[key].subtract(sums)
                if result[key].records == 0:
                    del result[key]
        return result

    first_names = first.label_of(session)
    segments: dict[str | None, list[Segment]] = {}
    if second is not None:
        second_names = second.label_of(session)
        for (k1, k2), sums in counted(first, second).items():
            segments.setdefault(_text(k1), []).append(Segment(
                _text(k2), _label(second_names, k2, sums.labels[1]), sums.amount_usd,
                sums.records, sums.no_amount))
    groups: list[Group] = []
    for (k,), sums in counted(first).items():
        key = _text(k)
        parts = sorted(segments.get(key, []), key=lambda x: (-(x.amount_usd or 0), x.label))
        groups.append(Group(key=key, label=_label(first_names, k, sums.labels[0]),
                            amount_usd=sums.amount_usd, records=sums.records,
                            non_monetary=sums.no_amount, segments=tuple(parts)))
    _sort_groups(groups, by)

    overall = counted().get((), _Sums((), None, 0, 0))
    records = session.execute(select(func.count()).select_from(model).where(matching)).scalar_one()
    return Totals(
        by=by,
        groups=tuple(groups),
        amount_usd=overall.amount_usd,
        records=records,
        counted=overall.records,
        non_monetary=overall.no_amount,
        aggregates_excluded=aggregates_excluded,
        conditional_excluded=conditional_excluded,
        overlapping=first.overlapping,
        stack=stack,
    )


@dataclass
class _Sums:
    """One group's measures while totals() adds them up: its labels (one per dimension),
    the dollar sum, the records, and the records without a dollar amount."""

    labels: tuple[object, ...]
    amount: int | Decimal | None  # some drivers sum to Decimal
    records: int
    no_amount: int

    @property
    def amount_usd(self) -> int | None:
        return None if self.amount is None else int(self.amount)

    def subtract(self, other: _Sums) -> None:
        if self.amount is not None:
            self.amount -= other.amount or 0
        self.records -= other.records
        self.no_amount -= other.no_amount
        if self.records == self.no_amount:  # only records without an amount are left
            self.amount = None
