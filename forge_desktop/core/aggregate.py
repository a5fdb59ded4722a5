"""Totals and counts for any query, grouped by any categorical column, never double counted.

The rules (see PRODUCT.md, "The data, and its traps"):

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

from dataclasses import dataclass

from sqlalchemy import ColumnElement, String, and_, case, func, literal, not_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import GenericFunction

from .columns import Kind
from .query import Query, QueryError, column_spec, select_ids, where_clause
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
        found = []
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


class month_of(GenericFunction):
    """``YYYY-MM`` of a date, in any database."""

    type = String()
    inherit_cache = True
    name = "month_of"


@compiles(month_of)
def _month_of_default(element, compiler, **kw):
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)})"


@compiles(month_of, "postgresql")
def _month_of_postgresql(element, compiler, **kw):
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM')"


def group_column_names(table: str) -> tuple[str, ...]:
    spec = Query(table).spec
    names = tuple(c.name for c in spec.columns if c.groupable)
    return (*names, MONTH) if spec.get("date") is not None else names


@dataclass(frozen=True)
class _Dimension:
    key: ColumnElement
    label: ColumnElement
    link: object | None = None  # what a list column outer-joins: its link table or a subquery
    owner: ColumnElement | None = None  # the link's column holding the record id
    overlapping: bool = False  # a record may sit in several groups
    names: object | None = None  # a (value, key, label) lookup, when the join has no label

    def label_of(self, session: Session):
        """key → label, for a dimension whose join carries keys only."""
        if self.names is None:
            return None
        _value, key, label = self.names.c
        return dict(session.execute(select(key, label).distinct()).all())


def _dimension(query: Query, by: str, name: str) -> _Dimension:
    spec = query.spec
    if by == MONTH and spec.get("date") is not None:
        month = month_of(spec.model.date)
        return _Dimension(month, month)
    column = spec.get(by)
    if column is None or not column.groupable:
        raise QueryError(f"cannot group {spec.name} by {by!r}; choose one of "
                         f"{', '.join(group_column_names(spec.name))}")
    if column.kind is Kind.LIST:
        src = column.source
        # Each record at most once in a group, so count(*) is exact. Cheapest first (1M rows,
        # totals by mineral 10.7 s through a DISTINCT join, 3.3 s straight from the link).
        if src.group_value is not None:  # one country, two states: once per group
            link = select(src.owner.label("owner"), src.group_value.label("key")).distinct()
            link = link.subquery(name)
            return _Dimension(link.c.key, link.c.key, link, link.c.owner, True, src.groups)
        if src.value is not None:  # a value is its own group and listed once per record
            return _Dimension(src.value, src.value, src.owner.table, src.owner, True, src.groups)
        link = (select(src.owner.label("owner"), src.group_key.label("key"),
                       src.group_label.label("label"))
                .select_from(src.joined).distinct().subquery(name))
        return _Dimension(link.c.key, link.c.label, link, link.c.owner, True)
    return _Dimension(column.expr, column.expr)


def _text(value) -> str | None:
    return None if value is None else str(getattr(value, "value", value))


def _list_facet(session: Session, query: Query, column) -> list[FacetValue]:
    """Counts of a list column's values, grouped as its filter matches them.

    From the link table's own indexes: rows per value (a record lists a value once), or,
    where the link row carries its group (a place's country), distinct records per group,
    so a record in two states counts once for the United States. The plans were chosen by
    measurement at 1M rows (BENCHMARKS.md). Sources without a value column fall back to
    grouping through the lookup join.
    """
    src = column.source
    filtered = bool(query.filters or query.search or query.ids is not None)
    if src.value is None:
        stmt = (select(src.group_key, func.min(src.group_label), func.count(func.distinct(src.owner)))
                .select_from(src.joined).group_by(src.group_key))
        if filtered:
            stmt = stmt.where(src.owner.in_(select_ids(query).scalar_subquery()))
        return [FacetValue(str(k), str(lbl), n) for k, lbl, n in session.execute(stmt)]
    if src.group_value is None:
        stmt = select(src.value, func.count()).group_by(src.value)
        if filtered:  # driven by the matching ids (a join lets SQLite start from the link index)
            stmt = stmt.where(src.owner.in_(select_ids(query).scalar_subquery()))
    else:
        stmt = select(src.group_value, func.count(func.distinct(src.owner))).group_by(src.group_value)
        if filtered:  # the link's primary key does not hold the group: join the records in
            model = query.spec.model
            stmt = (stmt.select_from(model).join(src.owner.table, src.owner == model.id)
                    .where(where_clause(query)))
    _value, key_col, label_col = src.groups.c
    labels = dict(session.execute(select(key_col, label_col).distinct()).all())
    return [FacetValue(str(k), str(labels.get(k, k)), n) for k, n in session.execute(stmt)]


def _aggregates_with_parts(session: Session, matching) -> tuple[str, ...]:
    """The matching aggregates that have at least one matching part: they are left out.

    Aggregates are few, so they are found first (by index) and only their parts are
    checked; nothing scans the table once per aggregate.
    """
    aggregates = tuple(session.scalars(select(Financing.id).where(Financing.is_aggregate, matching)))
    if not aggregates:
        return ()
    with_parts = session.scalars(select(Financing.parent_id).distinct()
                                 .where(Financing.parent_id.in_(aggregates), matching))
    return tuple(sorted(set(with_parts)))


def totals(session: Session, query: Query, by: str = "agency", *, stack: str | None = None,
           include_conditional: bool = True) -> Totals:
    """Sums and counts of *query* per value of *by* (and, with *stack*, per pair)."""
    spec = query.spec
    model = spec.model
    first = _dimension(query, by, "by_link")
    second = _dimension(query, stack, "stack_link") if stack else None
    monetary = hasattr(model, "amount_usd")
    matching = where_clause(query)  # on the table itself: no "id IN (…)" over a million ids

    aggregates_excluded: tuple[str, ...] = ()
    conditional_excluded: tuple[str, ...] = ()
    summed = literal(None)
    if model is Financing:
        aggregates_excluded = _aggregates_with_parts(session, matching)
        has_amount = Financing.amount_usd.is_not(None)
        if not include_conditional:
            is_conditional = Financing.amount_qualifier == Qualifier.CONDITIONAL
            conditional_excluded = tuple(
                i for i in session.scalars(select(Financing.id).where(matching, is_conditional)
                                           .order_by(Financing.id))
                if i not in aggregates_excluded)
            has_amount = and_(has_amount, not_(is_conditional))
        summed = case((has_amount, Financing.amount_usd))
    no_amount = (case((model.amount_usd.is_(None), 1), else_=0) if monetary else literal(0))
    # A list column joins through a DISTINCT (record, value) subquery, so each record sits at
    # most once in a group: count(*) is exact. No measure reads the id, so a covering index
    # (agency, amount) can answer "by agency" without touching the table.
    measures = (func.sum(summed), func.count(), func.sum(no_amount))

    def grouped(where, *dims: _Dimension) -> dict[tuple, _Sums]:
        stmt = select(*(x for d in dims for x in (d.key, func.min(d.label))), *measures)
        stmt = stmt.select_from(model)
        for d in dims:
            if d.link is not None:
                stmt = stmt.outerjoin(d.link, d.owner == model.id)
        rows = session.execute(stmt.where(where).group_by(*(d.key for d in dims))).all()
        width = 2 * len(dims)
        return {tuple(r[0:width:2]): _Sums(tuple(r[1:width:2]), r[width], r[width + 1],
                                           int(r[width + 2] or 0)) for r in rows}

    def counted(*dims: _Dimension) -> dict[tuple, _Sums]:
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

    def label(names: dict | None, key, fallback) -> str:
        if key is None:
            return NONE_LABEL
        return _text(names.get(key, key) if names is not None else fallback) or NONE_LABEL

    first_names = first.label_of(session)
    segments: dict[str | None, list[Segment]] = {}
    if second is not None:
        second_names = second.label_of(session)
        for (k1, k2), sums in counted(first, second).items():
            segments.setdefault(_text(k1), []).append(Segment(
                _text(k2), label(second_names, k2, sums.labels[1]), sums.amount_usd,
                sums.records, sums.no_amount))
    groups = []
    for (k,), sums in counted(first).items():
        key = _text(k)
        parts = sorted(segments.get(key, []), key=lambda x: (-(x.amount_usd or 0), x.label))
        groups.append(Group(key=key, label=label(first_names, k, sums.labels[0]),
                            amount_usd=sums.amount_usd, records=sums.records,
                            non_monetary=sums.no_amount, segments=tuple(parts)))
    if by == MONTH:
        groups.sort(key=lambda g: (g.key is None, g.key or ""))
    else:
        groups.sort(key=lambda g: (-(g.amount_usd or 0), -g.records, g.label))

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

    labels: tuple
    amount: int | None  # some drivers sum to Decimal
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


@dataclass(frozen=True)
class FacetValue:
    key: str | None
    label: str
    count: int  # rows of the query with this value (every row, aggregates included)


def facet_counts(session: Session, query: Query, by: str) -> tuple[FacetValue, ...]:
    """How many rows of *query* carry each value of *by*: the live counts beside a facet.

    Unlike :func:`totals` these are plain row counts, so they always add up to what the
    table shows (for a list column, a row counts under each of its values).
    """
    spec = query.spec
    column = column_spec(spec, by)
    if not column.groupable:
        raise QueryError(f"cannot count {spec.name} by {by!r}; choose one of "
                         f"{', '.join(group_column_names(spec.name))}")
    model = spec.model
    if column.kind is Kind.LIST:
        values = _list_facet(session, query, column)
    else:
        rows = session.execute(select(column.expr, func.count()).select_from(model)
                               .where(where_clause(query)).group_by(column.expr)).all()
        values = [FacetValue(None if k is None else str(getattr(k, "value", k)),
                             NONE_LABEL if k is None else str(getattr(k, "value", k)), n)
                  for k, n in rows]
    values.sort(key=lambda v: (-v.count, v.label))
    return tuple(values)
