"""Totals and counts for any query, grouped by any categorical column, never double counted.

The rules (written out for readers in `data/README.md`, "Counting rules"):

* An aggregate (EXIM's $14.8B of letters, DFC's "more than $1B") is left out whenever one
  of its parts is among the rows: the parts are summed instead, never both.
* A record without a dollar amount (an action plan, a copper offtake) is counted, not
  summed as zero.
* Conditional amounts are summed unless the caller leaves them out.
* Grouping by a list column (minerals, locations) counts a record once in each of its
  groups, so groups may add up to more than the total; :attr:`Totals.overlapping` says so.

Every :class:`Totals` carries what it left out and what it took in on a condition, so a
view can say what its number means: :meth:`Totals.notes` words it once, with the amounts
and the records' names, for the status line, the chart and the command line alike.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnClause,
    ColumnElement,
    FromClause,
    Index,
    MetaData,
    Select,
    SQLColumnExpression,
    String,
    Subquery,
    Table,
    and_,
    case,
    cast,
    false,
    func,
    insert,
    literal,
    not_,
    null,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import QueryableAttribute, Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import GenericFunction

from . import columnar, formatting
from .columns import ListColumn, ScalarColumn
from .query import Query, QueryError, order_by, select_count, where_clause
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
class AggregateLeftOut:
    """An aggregate left out of a total because its parts are counted instead: what it
    states, and how much of that its listed parts (every record naming it as parent, summed
    by the same rules as the total) account for."""

    id: str
    label: str  # as a reader finds it in the table: its agency and recipient
    amount_usd: int | None
    qualifier: str | None  # "more_than", "up_to", …: how the source states the amount
    listed_usd: int | None  # None: none of its parts has a dollar amount

    @property
    def unitemised_usd(self) -> int | None:
        """What the aggregate states beyond its listed parts: money no total can show, as
        the source gives no record for it. None when the parts account for all of it."""
        rest = (self.amount_usd or 0) - (self.listed_usd or 0)
        return rest if rest > 0 else None

    def note(self) -> Note:
        stated = formatting.money(self.amount_usd, self.qualifier) or "—"  # states no amount
        listed = formatting.money(self.listed_usd or 0)
        if self.unitemised_usd is None:
            return Note("aggregate", (self.label, stated, listed))
        return Note("aggregate_unitemised",
                    (self.label, stated, listed, formatting.money(self.unitemised_usd)))


@dataclass(frozen=True)
class ConditionalAmounts:
    """The conditional money among the counted rows (a conditional commitment is not yet
    money committed), summed in or left out as the caller asked."""

    amount_usd: int
    records: int
    labels: tuple[str, ...]  # the recipients of the largest few, for the note
    included: bool

    def note(self) -> Note:
        key = "conditional_included" if self.included else "conditional"
        return Note(key, (formatting.money(self.amount_usd),
                          _listed(self.labels, self.records - len(self.labels))))


@dataclass(frozen=True)
class Totals:
    by: str
    groups: tuple[Group, ...]
    amount_usd: int | None  # over all counted records, each once
    records: int  # rows matching the query
    counted: int  # rows counted (records minus excluded aggregates)
    non_monetary: int  # counted rows with no dollar amount
    aggregates_excluded: tuple[str, ...]  # ids of the aggregates left out because parts are present
    conditional_excluded: tuple[str, ...]  # ids of the conditional amounts left out on request
    overlapping: bool  # a record may sit in several groups
    stack: str | None = None
    # What the notes say about the ids above: amounts and names, largest first.
    aggregates: tuple[AggregateLeftOut, ...] = ()
    conditional: ConditionalAmounts | None = None

    def notes(self) -> tuple[Note, ...]:
        """What the total includes and leaves out: the one wording every view shows, with
        the amounts and the records' names (never their ids, which machines read above)."""
        found: list[Note] = []
        if self.aggregates:
            shown = self.aggregates[:LISTED]
            found.append(Note("aggregates", items=tuple(a.note() for a in shown),
                              more=len(self.aggregates) - len(shown)))
        if self.non_monetary:
            found.append(Note("non_monetary", (str(self.non_monetary),)))
        if self.conditional is not None:
            found.append(self.conditional.note())
        if self.overlapping:
            found.append(Note("overlapping", (self.by,)))
        if self.counted != self.records:
            found.append(Note("counted", (str(self.counted), str(self.records))))
        return tuple(found)

    def footnote(self, translate: Translate | None = None) -> str:
        return "; ".join(note.text(translate) for note in self.notes())


NOTE_CONTEXT = "Totals"
NOTE_TEXTS = {
    "aggregates": QT_TRANSLATE_NOOP("Totals", "aggregates counted through their listed parts, not summed: {0}"),
    "aggregate": QT_TRANSLATE_NOOP("Totals", "{0} ({1}, of which {2} listed)"),
    "aggregate_unitemised": QT_TRANSLATE_NOOP("Totals", "{0} ({1}, of which {2} listed: {3} not itemised)"),
    "non_monetary": QT_TRANSLATE_NOOP("Totals", "records without a dollar amount, counted but not summed: {0}"),
    "conditional": QT_TRANSLATE_NOOP("Totals", "conditional amounts left out: {0} ({1})"),
    "conditional_included": QT_TRANSLATE_NOOP("Totals", "conditional amounts included: {0} ({1})"),
    "overlapping": QT_TRANSLATE_NOOP("Totals", "a record in several {0} counts in each, once in the total"),
    "counted": QT_TRANSLATE_NOOP("Totals", "records counted: {0} of {1}"),
}
LISTED = 3  # names in a note; more are counted


def _listed(names: Sequence[str], more: int) -> str:
    """*names*, and how many more there are: "a, b, c (+2)"."""
    text = ", ".join(names)
    return f"{text} (+{more})" if more > 0 else text


@dataclass(frozen=True)
class Note:
    """One caveat of a total: which (a key of NOTE_TEXTS), the figures and names it gives,
    and the notes it lists in its last placeholder (each aggregate left out, say)."""

    key: str
    values: tuple[str, ...] = ()
    items: tuple[Note, ...] = ()
    more: int = 0  # items not listed, counted "(+N)"

    def text(self, translate: Translate | None = None) -> str:
        template = NOTE_TEXTS[self.key]
        values = list(self.values)
        if self.items:
            values.append(_listed([item.text(translate) for item in self.items], self.more))
        return (translate(NOTE_CONTEXT, template) if translate else template).format(*values)


# Groupings that are not columns: the month and the year of the date.
MONTH = "month"
YEAR = "year"


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


class year_of(GenericFunction[str]):
    """``YYYY`` of a date, in any database."""

    type = String()
    inherit_cache = True
    name = "year_of"


@compiles(year_of)
def _year_of_default(element: year_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"strftime('%Y', {compiler.process(element.clauses, **kw)})"


@compiles(year_of, "postgresql")
def _year_of_postgresql(element: year_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY')"


DATE_PARTS = {MONTH: month_of, YEAR: year_of}  # a date grouping's name → its SQL function


def filter_column(table: str, by: str) -> str:
    """The column a filter for one group of *by* tests: the date itself for a month or a
    year (``date = 2025-10`` spans the month), else the column grouped by."""
    return "date" if by in DATE_PARTS and Query(table).spec.get("date") is not None else by


def group_column_names(table: str) -> tuple[str, ...]:
    spec = Query(table).spec
    names = tuple(c.name for c in spec.columns if c.groupable)
    return (*names, MONTH, YEAR) if spec.get("date") is not None else names


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
    if by in DATE_PARTS and isinstance(date, ScalarColumn):
        part = DATE_PARTS[by](date.expr)
        return _Dimension(part, part)
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


@dataclass(frozen=True)
class _Rules:
    """How a total of financing records is added up, found for one set of rows: the amount
    summed, and what the rules left out or took in on a condition (ids and notes)."""

    summed: ColumnElement[int | None]
    aggregates_excluded: tuple[str, ...] = ()
    conditional_excluded: tuple[str, ...] = ()
    aggregates: tuple[AggregateLeftOut, ...] = ()
    conditional: ConditionalAmounts | None = None


def _summed_amount(include_conditional: bool) -> ColumnElement[int | None]:
    """A financing record's amount as a total adds it: none without an amount, none for
    conditional money left out."""
    has_amount: ColumnElement[bool] = Financing.amount_usd.is_not(None)
    if not include_conditional:
        has_amount = and_(has_amount, not_(Financing.amount_qualifier == Qualifier.CONDITIONAL))
    return case((has_amount, Financing.amount_usd))


Mirrored = tuple[columnar.Columnar, columnar.Plan]
"""The columnar mirror and its form of the matching rows, when it holds them."""


def _financing_rules(session: Session, matching: ColumnElement[bool], include_conditional: bool,
                     mirrored: Mirrored | None = None) -> _Rules:
    """The rules applied to the matching financing records (found in the mirror when given)."""
    summed = _summed_amount(include_conditional)
    if mirrored is None:
        excluded = _aggregates_with_parts(session, matching)
        conditional, conditional_excluded = _conditional_amounts(session, matching, excluded,
                                                                 include_conditional)
    else:
        mirror, matched = mirrored
        excluded = mirror.aggregates_with_parts(matched)
        conditional, conditional_excluded = _mirrored_conditional(
            session, mirrored, excluded, include_conditional)
    return _Rules(summed, excluded, conditional_excluded,
                  _aggregates_left_out(session, excluded, summed), conditional)


def _mirrored_conditional(session: Session, mirrored: Mirrored, aggregates_excluded: tuple[str, ...],
                          include_conditional: bool,
                          ) -> tuple[ConditionalAmounts | None, tuple[str, ...]]:
    """:func:`_conditional_amounts` from the mirror (the recipients' names from the store)."""
    mirror, matched = mirrored
    largest, records, amount, ids = mirror.conditional(matched, aggregates_excluded, LISTED,
                                                       with_ids=not include_conditional)
    if not records:
        return None, ()
    names = dict(session.execute(select(Financing.id, Financing.recipient)
                                 .where(Financing.id.in_(largest))).all())
    return ConditionalAmounts(amount or 0, records, tuple(names[i] for i in largest),
                              include_conditional), ids


def _aggregate_label(agency: str, recipient: str) -> str:
    """An aggregate as a reader finds it in the table: agency and recipient (the agency
    once, when the recipient already starts with it)."""
    return recipient if recipient.startswith(agency) else f"{agency} {recipient}"


def _aggregates_left_out(session: Session, ids: tuple[str, ...],
                         summed: ColumnElement[int | None]) -> tuple[AggregateLeftOut, ...]:
    """The aggregates *ids* with what they state and what all their listed parts sum to
    (whether or not those parts are among the rows: "listed" is what the record itemises),
    the most money left unitemised first."""
    if not ids:
        return ()
    # Parts none of which has a dollar amount sum to NULL: the aggregate lists no money.
    listed = {parent: int(amount) for parent, amount in session.execute(
        select(Financing.parent_id, func.sum(summed))
        .where(Financing.parent_id.in_(ids)).group_by(Financing.parent_id)) if amount is not None}
    rows = session.execute(select(Financing.id, Financing.agency, Financing.recipient,
                                  Financing.amount_usd, Financing.amount_qualifier)
                           .where(Financing.id.in_(ids)))
    found = [AggregateLeftOut(id_, _aggregate_label(agency, recipient), amount, _text(qualifier),
                              listed.get(id_))
             for id_, agency, recipient, amount, qualifier in rows]
    return tuple(sorted(found, key=lambda a: (-(a.unitemised_usd or 0), -(a.amount_usd or 0), a.id)))


def _conditional_amounts(session: Session, matching: ColumnElement[bool],
                         aggregates_excluded: tuple[str, ...], include_conditional: bool,
                         ) -> tuple[ConditionalAmounts | None, tuple[str, ...]]:
    """The conditional money among the counted rows, and its ids when it is left out."""
    conditional = and_(matching, Financing.amount_qualifier == Qualifier.CONDITIONAL)
    if aggregates_excluded:  # not counted at all: neither in nor out on a condition
        conditional = and_(conditional, Financing.id.not_in(aggregates_excluded))
    # One pass: the largest few, with the count and sum of all of them alongside. Sorted by
    # an expression (conditional rows all have an amount), so the planner reads the few
    # conditional rows and sorts them, not the whole amount index in order (12 s at 1M rows).
    largest = session.execute(
        select(Financing.recipient, func.count().over(), func.sum(Financing.amount_usd).over())
        .where(conditional)
        .order_by(func.coalesce(Financing.amount_usd, 0).desc(), Financing.id).limit(LISTED)).all()
    if not largest:
        return None, ()
    _recipient, records, amount = largest[0]
    excluded = () if include_conditional else tuple(
        session.scalars(select(Financing.id).where(conditional).order_by(Financing.id)))
    return ConditionalAmounts(int(amount or 0), records, tuple(r for r, _n, _sum in largest),
                              include_conditional), excluded


Positions = Sequence[tuple[int, int]]
"""Rows by their place in a query's order: (first, last) runs, inclusive, from 0."""

SELECTION_BATCH = 5000  # ids read and written at a time while a selection is gathered
# A gap between selected runs shorter than this is read through; a longer one the database
# skips (reading ids costs the worker about 7 µs a row, an OFFSET far less).
READ_ACROSS = 50_000


def _runs(positions: Positions) -> list[tuple[int, int]]:
    """*positions* sorted, with runs that touch or overlap merged: each row once."""
    runs: list[tuple[int, int]] = []
    for first, last in sorted(positions):
        if runs and first <= runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], max(last, runs[-1][1]))
        else:
            runs.append((first, last))
    return runs


def _ids_at(session: Session, query: Query, runs: list[tuple[int, int]]) -> Iterator[str]:
    """The ids at *runs* (from :func:`_runs`) of *query*'s order, read in stretches: runs
    close together in one pass, each far one from where it starts. Never an OFFSET per run,
    which would step over the rows before it again for each of a thousand runs."""
    ordered = select(query.spec.model.id).where(where_clause(query)).order_by(*order_by(query))
    stretch = runs[:1]
    for run in runs[1:]:
        if run[0] - stretch[-1][1] > READ_ACROSS:
            yield from _ids_in_stretch(session, ordered, stretch)
            stretch = []
        stretch.append(run)
    yield from _ids_in_stretch(session, ordered, stretch)


def _ids_in_stretch(session: Session, ordered: Select[str],
                    runs: list[tuple[int, int]]) -> Iterator[str]:
    start, end = runs[0][0], runs[-1][1]
    rows = session.scalars(ordered.offset(start).limit(end - start + 1),
                           execution_options={"yield_per": SELECTION_BATCH})
    pending = iter(runs)
    first, last = next(pending)
    for position, record in enumerate(rows, start):
        if position > last:  # past a run: the next one holds it or starts further on
            first, last = next(pending)
        if position >= first:
            yield record


@contextmanager
def _selected_rows(session: Session, query: Query, positions: Positions,
                   ) -> Iterator[ColumnElement[bool]]:
    """The clause for the rows at *positions* of *query*'s order (a table's selection).

    Runs covering every row are the query's own clause. Any other selection, a million rows
    or a thousand separate ones, is gathered into a temporary table of ids for as long as
    the totals take: a clause listing them would outgrow what the database accepts.
    """
    runs = _runs(positions)
    if not runs:
        yield false()
        return
    if len(runs) == 1 and runs[0][0] <= 0:
        everything = session.execute(select_count(query)).scalar_one()
        if runs[0][1] >= everything - 1:
            yield where_clause(query)
            return
    # Private to the connection, which runs one job at a time. A connection may still hold
    # one from an earlier job: SQLite's driver commits DDL at once, so a rolled-back session
    # brings back the table it dropped.
    selected = Table("forge_selected_rows", MetaData(), Column("id", String(64)),
                     prefixes=["TEMPORARY"])
    connection = session.connection()
    selected.drop(connection, checkfirst=True)
    selected.create(connection)
    try:
        ids = _ids_at(session, query, runs)
        while batch := list(islice(ids, SELECTION_BATCH)):
            connection.execute(insert(selected), [{"id": record} for record in batch])
        # Indexed once the rows are in: one sort, not a million inserts into a B-tree in
        # the table's order (16 s against 3 s for 900,000 ids).
        Index("forge_selected_rows_id", selected.c.id, unique=True).create(connection)
        yield query.spec.model.id.in_(select(selected.c.id))
    finally:
        selected.drop(connection)


def _label(names: Labels | None, key: object, fallback: object) -> str:
    """A group's name: from the names looked up for its dimension, else as the query read it."""
    if key is None:
        return NONE_LABEL
    return _text(names.get(key, key) if names is not None else fallback) or NONE_LABEL


def _sort_groups(groups: list[Group], by: str) -> None:
    """Months and years in calendar order (undated last); anything else by amount, then
    count, then name."""
    if by in DATE_PARTS:
        groups.sort(key=lambda g: (g.key is None, g.key or ""))
    else:
        groups.sort(key=lambda g: (-(g.amount_usd or 0), -g.records, g.label))


def totals(session: Session, query: Query, by: str = "agency", *, stack: str | None = None,
           include_conditional: bool = True, positions: Positions | None = None) -> Totals:
    """Sums and counts of *query* per value of *by* (and, with *stack*, per pair); with
    *positions*, of the rows at those places in the query's order only (a selection)."""
    with counting(session, query, include_conditional=include_conditional,
                  positions=positions) as rows:
        return _totals(rows, by, stack)


def _totals(rows: Counting, by: str, stack: str | None) -> Totals:
    """The totals of *rows*, by *by* (and *stack*)."""
    segments: dict[str | None, list[Segment]] = {}
    rows.prefetch(*((by, stack),) if stack is not None else (), (by,), ())
    if stack is not None:
        for (k1, k2), sums in rows.sums(by, stack).items():
            segments.setdefault(_text(k1), []).append(Segment(
                _text(k2), rows.label(stack, k2, sums.labels[1]), sums.amount_usd,
                sums.records, sums.no_amount))
    groups: list[Group] = []
    for (k,), sums in rows.sums(by).items():
        key = _text(k)
        parts = sorted(segments.get(key, []), key=lambda x: (-(x.amount_usd or 0), x.label))
        groups.append(Group(key=key, label=rows.label(by, k, sums.labels[0]),
                            amount_usd=sums.amount_usd, records=sums.records,
                            non_monetary=sums.no_amount, segments=tuple(parts)))
    _sort_groups(groups, by)
    return rows.totals(by, tuple(groups), stack)


class Counting:
    """The counting rules applied to one set of rows, asked for sums by any dimensions.

    Made once per set of rows (the rules' own queries run here: which aggregates are left
    out, what conditional money there is); then :meth:`sums` groups the rows by one column,
    or by several at once (a pivot's cells), each time by the same rules.
    """

    def __init__(self, session: Session, query: Query, matching: ColumnElement[bool],
                 include_conditional: bool, *, mirrored: bool = False) -> None:
        self.session, self.query, self.matching = session, query, matching
        self.include_conditional = include_conditional
        self.model = query.spec.model
        # The columnar mirror's form of the rows, when it holds them (see .columnar): it
        # answers the sums and counts, the store the rules' few lookups and the names.
        self._mirror: Mirrored | None = None
        self._answered: dict[tuple[str, ...], dict[tuple[object, ...], _Sums]] = {}  # by the mirror
        self._matched_records: int | None = None
        if mirrored and self.model is Financing:
            mirror = columnar.mirror_for(session)
            if mirror is not None:
                with suppress(columnar.NotHeld):
                    self._mirror = (mirror, mirror.plan(session, query))
        null_amount: ColumnElement[int | None] = cast(null(), BigInteger)
        if self.model is Financing:  # the one record table with dollar amounts
            self.rules = _financing_rules(session, matching, include_conditional, self._mirror)
            self._no_amount: ColumnElement[int] = case((Financing.amount_usd.is_(None), 1), else_=0)
        else:
            self.rules = _Rules(null_amount)  # no amounts: a typed NULL (PostgreSQL cannot sum 'unknown')
            self._no_amount = literal(0)
        self._dimensions: dict[str, _Dimension] = {}
        self._names: dict[str, Labels | None] = {}

    @property
    def aggregates_excluded(self) -> tuple[str, ...]:
        return self.rules.aggregates_excluded

    def dimension(self, by: str) -> _Dimension:
        if by not in self._dimensions:
            self._dimensions[by] = _dimension(self.query, by, f"{by}_link")
        return self._dimensions[by]

    def label(self, by: str, key: object, fallback: object) -> str:
        """The name a person reads for the group *key* of *by*."""
        if by not in self._names:
            self._names[by] = self.dimension(by).label_of(self.session)
        return _label(self._names[by], key, fallback)

    def prefetch(self, *sets: tuple[str, ...]) -> None:
        """Ask the columnar mirror for these groupings at once (one pass for those reading
        the same table); later :meth:`sums` of them are answered from here. Without the
        mirror, or for a grouping it does not hold, nothing: sums() asks the store."""
        wanted = [dims for dims in dict.fromkeys(sets) if dims not in self._answered]
        if self._mirror is None or not wanted:
            return
        mirror, matched = self._mirror
        try:
            found = mirror.grouped(matched, wanted, self.include_conditional,
                                   self.rules.aggregates_excluded)
        except columnar.NotHeld:
            return
        for dims, groups in found.items():
            result: dict[tuple[object, ...], _Sums] = {}
            for key, m in groups.items():  # each key is its own label there, as in the store
                sums = _Sums(key, m.amount, m.records, m.no_amount)
                if m.left_out_records:  # a group of only left-out rows goes, as in the store
                    sums.subtract(_Sums(key, m.left_out_amount, m.left_out_records,
                                        m.left_out_no_amount))
                    if not sums.records:
                        continue
                result[key] = sums
            if dims == ():
                self._matched_records = groups[()].records
            self._answered[dims] = result

    def _grouped_in_store(self, where: ColumnElement[bool], dims: Sequence[_Dimension],
                          ) -> dict[tuple[object, ...], _Sums]:
        # A list column joins through a DISTINCT (record, value) subquery, so each record sits
        # at most once in a group: count(*) is exact. No measure reads the id, so a covering
        # index (agency, amount) can answer "by agency" without touching the table.
        model = self.model
        measures = (func.sum(self.rules.summed), func.count(), func.sum(self._no_amount))
        stmt = select(*(x for d in dims for x in (d.key, func.min(d.label))), *measures)
        stmt = stmt.select_from(model)
        for d in dims:
            if d.link is not None:
                link, owner = d.link
                stmt = stmt.outerjoin(link, owner == model.id)
        rows = self.session.execute(stmt.where(where).group_by(*(d.key for d in dims))).all()
        width = 2 * len(dims)
        return {tuple(r[0:width:2]): _Sums(tuple(r[1:width:2]), r[width], r[width + 1],
                                           int(r[width + 2] or 0)) for r in rows}

    def sums(self, *by: str) -> dict[tuple[object, ...], _Sums]:
        """The counted rows' sums per combination of the values of *by* (none: one total).

        Every matching record, minus the aggregates whose parts are counted instead (summed
        apart and subtracted: excluding them in SQL would read the whole table).
        """
        self.prefetch(by)
        if by in self._answered:
            return dict(self._answered[by])
        dims = [self.dimension(b) for b in by]
        result = self._grouped_in_store(self.matching, dims)
        excluded = self.rules.aggregates_excluded
        if excluded:
            left_out = self._grouped_in_store(and_(self.matching, self.model.id.in_(excluded)), dims)
            for key, sums in left_out.items():
                result[key].subtract(sums)
                if result[key].records == 0:
                    del result[key]
        return result

    def overall(self) -> _Sums:
        return self.sums().get((), _Sums((), None, 0, 0))

    def records(self) -> int:
        """The rows matching, counted or not."""
        if self._matched_records is not None:  # the mirror's total, before the rules
            return self._matched_records
        return self.session.execute(
            select(func.count()).select_from(self.model).where(self.matching)).scalar_one()

    def overlapping(self, by: str) -> bool:
        return self.dimension(by).overlapping

    def totals(self, by: str, groups: tuple[Group, ...] = (), stack: str | None = None) -> Totals:
        """A :class:`Totals` of these rows with *groups* (what its notes say of *by*)."""
        overall = self.overall()
        rules = self.rules
        return Totals(
            by=by,
            groups=groups,
            amount_usd=overall.amount_usd,
            records=self.records(),
            counted=overall.records,
            non_monetary=overall.no_amount,
            aggregates_excluded=rules.aggregates_excluded,
            conditional_excluded=rules.conditional_excluded,
            overlapping=self.overlapping(by),
            stack=stack,
            aggregates=rules.aggregates,
            conditional=rules.conditional,
        )


@contextmanager
def counting(session: Session, query: Query, *, include_conditional: bool = True,
             positions: Positions | None = None) -> Iterator[Counting]:
    """The :class:`Counting` of *query*'s rows (with *positions*, of those rows only)."""
    if positions is None:
        yield Counting(session, query, where_clause(query), include_conditional, mirrored=True)
        return
    with _selected_rows(session, query, positions) as selected:
        yield Counting(session, query, selected, include_conditional)


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
