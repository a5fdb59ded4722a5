"""The one query object: what rows of which table, filtered, searched and sorted how.

A :class:`Query` is an immutable description. The table model pages it, the chart and the
totals aggregate it, the exports stream it and the command line parses into it; this
module alone turns it into SQL (a SQLAlchemy ``select`` with bound parameters only). A
column, operator or value that does not fit raises :class:`QueryError` with a message
for people.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, TypeAlias, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    UnaryExpression,
    and_,
    exists,
    false,
    func,
    literal,
    not_,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from .columns import (
    ALL_TABLES,
    LIST_SEPARATOR,
    TABLES,
    ColumnSpec,
    Kind,
    ListColumn,
    RecordTableSpec,
    ScalarColumn,
    TableSpec,
    folded,
    source_keys,
)
from .errors import ForgeError
from .schema import (
    TERM_MODELS,
    Location,
    Mineral,
    Organisation,
    RoleRow,
    Source,
    TermModel,
    term_key,
)
from .search import search_words, text_match, words_match
from .text import QT_TRANSLATE_NOOP, fold, like_escape
from .values import PartialDate, ValueParseError, parse_amount, parse_bool, parse_date, parse_number

T = TypeVar("T")


class QueryError(ForgeError, ValueError):
    """A query that cannot run as written; the message says why and what would work.

    The message names columns and values as the command line writes them (``stage``,
    ``letter_of_interest``). An error about one column also carries its parts, so the window
    can say it with the column's label and the values' names: the ``column`` (its name),
    the ``value`` as typed, and either the ``reason`` (words that need no column name) or,
    for a value that is none of a column's values, the ``choices`` there are.
    """

    def __init__(self, message: str, *, column: str | None = None, value: str | None = None,
                 reason: str | None = None, choices: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.column, self.value, self.reason, self.choices = column, value, reason, tuple(choices)


class Op(StrEnum):
    EQ = "="
    NE = "!="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="
    CONTAINS = "contains"
    STARTSWITH = "startswith"
    IN = "in"
    BETWEEN = "between"
    EMPTY = "empty"
    NOTEMPTY = "notempty"


TEXTUAL = {Op.CONTAINS, Op.STARTSWITH}
NO_VALUE = {Op.EMPTY, Op.NOTEMPTY}

# Which operators each kind of column accepts.
OPERATORS: dict[Kind, tuple[Op, ...]] = {
    Kind.TEXT: (Op.EQ, Op.NE, Op.CONTAINS, Op.STARTSWITH, Op.IN, Op.EMPTY, Op.NOTEMPTY),
    Kind.CATEGORY: (Op.EQ, Op.NE, Op.IN, Op.CONTAINS, Op.STARTSWITH, Op.EMPTY, Op.NOTEMPTY),
    Kind.MONEY: (Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE, Op.IN, Op.BETWEEN, Op.EMPTY,
                 Op.NOTEMPTY),
    Kind.NUMBER: (Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE, Op.IN, Op.BETWEEN, Op.EMPTY,
                  Op.NOTEMPTY),
    Kind.DATE: (Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE, Op.IN, Op.BETWEEN, Op.EMPTY,
                Op.NOTEMPTY),
    Kind.BOOL: (Op.EQ, Op.NE),
    Kind.LIST: (Op.EQ, Op.NE, Op.CONTAINS, Op.STARTSWITH, Op.IN, Op.EMPTY, Op.NOTEMPTY),
}


@dataclass(frozen=True)
class Condition:
    """``column op value``. ``value`` is text as typed (a tuple for ``in``/``between``)."""

    column: str
    op: Op
    value: str | tuple[str, ...] | None = None

    def __str__(self) -> str:
        """The condition as the filter parser reads it back (values quoted where needed)."""
        if self.op in NO_VALUE:
            return f"{self.column} {self.op.value}"
        if not isinstance(self.value, tuple):
            return f"{self.column} {self.op.value} {_quoted(self.value or '')}"
        if self.op is Op.BETWEEN:
            return f"{self.column} between {_quoted(self.value[0])} and {_quoted(self.value[1])}"
        return f"{self.column} {self.op.value} {', '.join(map(_quoted, self.value))}"  # in: a, b


_NEEDS_QUOTES = re.compile(r",|\b(?:or|and)\b|^\s|\s$|^[\"']|[\"']$", re.IGNORECASE)


def _quoted(value: str) -> str:
    """*value* in quotes if a comma, 'and' or 'or' inside it would split it when read back."""
    if not _NEEDS_QUOTES.search(value):
        return value
    return f"'{value}'" if '"' in value else f'"{value}"'


@dataclass(frozen=True)
class AnyOf:
    """An OR group: a row passes if any of its conditions holds."""

    conditions: tuple[Condition, ...]

    def __str__(self) -> str:
        return " or ".join(str(c) for c in self.conditions)


Filter = Condition | AnyOf


@dataclass(frozen=True)
class SortKey:
    column: str
    descending: bool = False

    def __str__(self) -> str:
        return ("-" if self.descending else "") + self.column


@dataclass(frozen=True)
class Query:
    """Rows of ``table`` that pass every filter (AND) and the search, in ``sort`` order."""

    table: str
    filters: tuple[Filter, ...] = ()
    search: str = ""
    sort: tuple[SortKey, ...] = ()
    ids: tuple[str, ...] | None = None  # restrict to these records (a selection)
    columns: tuple[str, ...] | None = None  # output columns; None: all, in catalogue order

    # -- immutable updates, for the views
    def adding(self, condition: Filter) -> Query:
        return replace(self, filters=(*self.filters, condition))

    def with_search(self, text: str) -> Query:
        return replace(self, search=text)

    def with_sort(self, keys: Sequence[SortKey]) -> Query:
        return replace(self, sort=tuple(keys))

    def with_ids(self, ids: Sequence[str] | None) -> Query:
        return replace(self, ids=None if ids is None else tuple(ids))

    def with_columns(self, columns: Sequence[str] | None) -> Query:
        return replace(self, columns=None if columns is None else tuple(columns))

    @property
    def spec(self) -> TableSpec:
        return table_spec(self.table)

    @property
    def output_columns(self) -> tuple[ColumnSpec, ...]:
        spec = self.spec
        names = self.columns or spec.names
        return tuple(column_spec(spec, n) for n in names)


def table_spec(name: str) -> TableSpec:
    """The table *name* a query runs on: a record table or the sources."""
    try:
        return ALL_TABLES[name]
    except KeyError:
        raise QueryError(
            f"unknown table {name!r}; choose one of {', '.join(ALL_TABLES)}") from None


def record_spec(name: str) -> RecordTableSpec:
    """The record table *name* (not the sources: they are no records of their own)."""
    try:
        return TABLES[name]
    except KeyError:
        raise QueryError(
            f"{name!r} is not a table of records; choose one of {', '.join(TABLES)}") from None


def column_spec(spec: TableSpec, name: str) -> ColumnSpec:
    column = spec.get(name)
    if column is None:
        raise QueryError(
            f"unknown column {name!r} in {spec.name}; choose one of {', '.join(spec.names)}")
    return column


# --------------------------------------------------------------------------- compiling

# Why a value does not fit, in words that follow the column's name or label (QueryError.reason).
VALUE_MISSING = QT_TRANSLATE_NOOP("QueryError", "a value is missing")
TWO_VALUES = QT_TRANSLATE_NOOP("QueryError", "between needs two values: A and B")
REVERSED_RANGE = QT_TRANSLATE_NOOP(
    "QueryError", "the first value is larger than the second, so nothing can match")


def _values(condition: Condition) -> tuple[str, ...]:
    value = condition.value
    if value is None or value == "" or value == ():
        raise QueryError(f"{condition.column} {condition.op.value}: a value is missing",
                         column=condition.column, reason=VALUE_MISSING)
    return tuple(value) if isinstance(value, tuple) else (value,)


@dataclass(frozen=True)
class _TermKey:
    """A value of an open vocabulary that is not a curated choice (perhaps an imported one)."""

    key: str
    model: TermModel  # the vocabulary's lookup table


Value: TypeAlias = str | _TermKey | int | float | bool | PartialDate
"""A value as typed, read as its column's kind (see :func:`_typed`)."""


def _choice(column: ScalarColumn, text: str) -> str | _TermKey:
    """Match *text* to one of the column's choices, forgiving case and spaces."""
    if not column.choices:
        return text
    wanted = term_key(text)
    for choice in column.choices:
        if term_key(choice) == wanted:
            return choice
    if column.vocabulary is not None:
        return _TermKey(wanted, column.vocabulary)
    raise QueryError(
        f"unknown {column.name} {text!r}; choose one of {', '.join(column.choices)}",
        column=column.name, value=text, choices=column.choices)


def _parsed(column: ScalarColumn, text: str, parse: Callable[[str], T]) -> T:
    """*text* read by *parse*, or a QueryError saying what the column expected."""
    try:
        return parse(text)
    except ValueParseError as exc:
        raise QueryError(f"{column.name}: {exc}", column=column.name, value=text,
                         reason=str(exc)) from None


def _typed(column: ScalarColumn, text: str) -> Value:
    """The value *text* as the column's type, or a QueryError saying what was expected."""
    if column.kind is Kind.MONEY:
        return _parsed(column, text, parse_amount)
    if column.kind is Kind.NUMBER:
        return _parsed(column, text, parse_number)
    if column.kind is Kind.DATE:
        return _parsed(column, text, parse_date)
    if column.kind is Kind.BOOL:
        return _parsed(column, text, parse_bool)
    if column.kind is Kind.CATEGORY:
        return _choice(column, text)
    return text


def _condition_sql(spec: TableSpec, condition: Condition) -> ColumnElement[bool]:
    column = column_spec(spec, condition.column)
    op = Op(condition.op)
    if op not in OPERATORS[column.kind]:
        allowed = " ".join(o.value for o in OPERATORS[column.kind])
        raise QueryError(
            f"operator {op.value!r} does not apply to {column.name} ({column.kind.value}); "
            f"use one of: {allowed}")
    if isinstance(column, ListColumn):
        return _list_condition(column, op, condition)
    return _scalar_condition(column, op, condition)


def _scalar_condition(column: ScalarColumn, op: Op, condition: Condition) -> ColumnElement[bool]:
    expr = column.expr
    if op is Op.EMPTY:
        return or_(expr.is_(None), expr == "") if column.kind is Kind.TEXT else expr.is_(None)
    if op is Op.NOTEMPTY:
        return and_(expr.is_not(None), expr != "") if column.kind is Kind.TEXT else expr.is_not(None)
    values = _values(condition)
    if op is Op.BETWEEN:
        return _between(column, values)
    if op is Op.IN:
        return or_(*(_equals(column, _typed(column, v)) for v in values))
    if len(values) != 1:
        raise QueryError(f"{column.name} {op.value} takes one value (use 'in' for several)")
    if op in TEXTUAL:  # a fragment of a value: not checked against the column's choices
        pattern = like_escape(fold(values[0]))
        pattern = f"%{pattern}%" if op is Op.CONTAINS else f"{pattern}%"
        return folded(expr).like(pattern, escape="\\")
    value = _typed(column, values[0])
    if op is Op.EQ:
        return _equals(column, value)
    if op is Op.NE:
        return or_(not_(_equals(column, value)), expr.is_(None))
    bound: Value | dt.date = value
    if isinstance(value, PartialDate):
        bound = value.end if op in (Op.LE, Op.GT) else value.start
    return {Op.LT: expr < bound, Op.LE: expr <= bound,
            Op.GT: expr > bound, Op.GE: expr >= bound}[op]


def _between(column: ScalarColumn, values: tuple[str, ...]) -> ColumnElement[bool]:
    """``between A and B``, both ends included: between two months spans both months."""
    if len(values) != 2:
        raise QueryError(f"{column.name} between needs two values: between A and B",
                         column=column.name, reason=TWO_VALUES)
    if column.kind is Kind.DATE:
        first, last = (_parsed(column, v, parse_date) for v in values)
        if first.start <= last.start:
            return and_(column.expr >= first.start, column.expr <= last.end)
    else:
        parse: Callable[[str], float] = parse_amount if column.kind is Kind.MONEY else parse_number
        low, high = (_parsed(column, v, parse) for v in values)
        if low <= high:
            return column.expr.between(low, high)
    raise QueryError(f"{column.name} between {values[0]} and {values[1]}: {REVERSED_RANGE}",
                     column=column.name, reason=REVERSED_RANGE)


def _equals(column: ScalarColumn, value: Value) -> ColumnElement[bool]:
    expr = column.expr
    if isinstance(value, _TermKey):  # looked up in the vocabulary's (small) table
        return expr.in_(select(value.model.code).where(value.model.key == value.key))
    if isinstance(value, PartialDate):
        return expr.between(value.start, value.end)
    if isinstance(value, str):
        if column.exact:
            return expr == value.strip()  # ids are stored as typed: the primary key index answers
        if column.kind is Kind.TEXT or (column.kind is Kind.CATEGORY and not column.choices):
            return folded(expr) == fold(value)  # free categories (region) ignore case too
    return expr == value


def _list_condition(column: ListColumn, op: Op, condition: Condition) -> ColumnElement[bool]:
    src = column.source

    lookup = src.lookup_keys

    def having(*criteria: ColumnElement[bool]) -> ColumnElement[bool]:
        if lookup is not None and criteria:
            # The records among the links to the lookup rows found: read from the link's
            # index on the value, so a source of ten records finds them without reading a
            # million (1M rows: 0.2 s to count a source's 100k, where EXISTS per record
            # took 2.2 s; the first page sorted by amount 0.25 s instead of 0.02 s).
            return column.owner_id.in_(select(src.owner).where(*criteria))
        return exists(select(literal(1)).select_from(src.joined)
                      .where(src.owner == column.owner_id, *criteria))

    def keys_like(*patterns: str) -> ColumnElement[bool]:
        """The keys match one of *patterns*: on the lookup table, once per query, when its
        keys live there (the link's value is then one of the lookup rows found)."""
        if lookup is None:
            return or_(*(src.keys.like(p, escape="\\") for p in patterns))
        lookup_id, keys = lookup
        assert src.value is not None  # a lookup's keys are tested through the link's value
        return src.value.in_(select(lookup_id).where(or_(*(keys.like(p, escape="\\")
                                                          for p in patterns))))

    if op is Op.EMPTY:
        return not_(having())
    if op is Op.NOTEMPTY:
        return having()
    values = _values(condition)

    def key_is(text: str) -> str:
        return f"%|{like_escape(fold(text))}|%"

    if op is Op.IN:
        return having(keys_like(*(key_is(v) for v in values)))
    if len(values) != 1:
        raise QueryError(f"{column.name} {op.value} takes one value (use 'in' for several)")
    text = values[0]
    if op is Op.EQ:
        return having(keys_like(key_is(text)))
    if op is Op.NE:
        return not_(having(keys_like(key_is(text))))
    pattern = like_escape(fold(text))
    return having(keys_like(f"%{pattern}%" if op is Op.CONTAINS else f"%|{pattern}%"))


def where_clause(query: Query) -> ColumnElement[bool]:
    """Everything that decides which rows pass: filters, search and the id selection."""
    spec = query.spec
    clauses: list[ColumnElement[bool]] = []
    for item in query.filters:
        if isinstance(item, AnyOf):
            if not item.conditions:
                continue
            clauses.append(or_(*(_condition_sql(spec, c) for c in item.conditions)))
        else:
            clauses.append(_condition_sql(spec, item))
    words = search_words(query.search)
    if words:
        clauses.append(words_match(spec.model.__table__, words) if spec.searched is None
                       else text_match(spec.searched, words))
    if query.ids is not None:
        clauses.append(spec.model.id.in_(query.ids) if query.ids else false())
    return and_(true(), *clauses)


def order_by(query: Query) -> list[UnaryExpression[Any]]:
    """Sort keys, then the id for a stable order.

    Empty values come last going up and going down: a blank amount is not the smallest
    one, and a reader looks for figures first. SQLite still reads the column's index for
    it (EXPLAIN QUERY PLAN shows no temporary B-tree): it scans the values past the empty
    ones, then the empty ones, so a sort or the last page of a million rows stays an index
    walk. (PostgreSQL's own index order is NULLS LAST going up; going down it sorts unless
    the index is built DESC NULLS LAST.)
    """
    spec = query.spec
    keys = query.sort or tuple(SortKey(c, d) for c, d in spec.default_sort)
    clauses: list[UnaryExpression[Any]] = []
    for key in keys:
        column = column_spec(spec, key.column)
        expr = column.output().element if isinstance(column, ListColumn) else column.expr
        clauses.append((expr.desc() if key.descending else expr.asc()).nulls_last())
    last_descending = keys[-1].descending if keys else False
    clauses.append(spec.model.id.desc() if last_descending else spec.model.id.asc())
    return clauses


def select_rows(query: Query, offset: int | None = None, limit: int | None = None) -> Select[*tuple[Any, ...]]:
    """The rows of *query*: its output columns, filtered, searched and sorted."""
    spec = query.spec
    columns = [c.output() for c in query.output_columns]
    if not offset and limit is None:
        return (select(*columns).select_from(spec.model)
                .where(where_clause(query)).order_by(*order_by(query)))
    # A window: pick its ids first, then compute the columns (list columns are subqueries)
    # for those rows only. SQLite evaluates every output column of the rows an OFFSET skips.
    window = select(spec.model.id).where(where_clause(query)).order_by(*order_by(query))
    if offset:
        window = window.offset(offset)
    if limit is not None:
        window = window.limit(limit)
    return (select(*columns).select_from(spec.model)
            .where(spec.model.id.in_(window.scalar_subquery())).order_by(*order_by(query)))


def select_ids(query: Query) -> Select[str]:
    """The ids of the rows that pass *query* (unsorted): for counts, totals and subqueries."""
    return select(query.spec.model.id).where(where_clause(query))


def select_count(query: Query) -> Select[int]:
    return select(func.count()).select_from(query.spec.model).where(where_clause(query))


Vocabularies = dict[str, dict[str, str]]  # column → {term_key: stored value}


def known_terms(session: Session) -> Vocabularies:
    """The values the open vocabularies (agency, instrument, stage) hold in this database,
    curated and imported, in their curated order."""
    return {column: dict(session.execute(select(model.key, model.code)
                                         .order_by(model.rank, model.code)).all())
            for column, model in TERM_MODELS.items()}


ValueNames = dict[str, dict[str, str]]  # list column → {folded code or name: the value shown}

# The lookup tables behind each list column: (what its cells show, its "|key|key|" keys).
_LIST_LOOKUPS: dict[str, tuple[tuple[Any, Any], ...]] = {
    "locations": ((Location.name, Location.keys),),
    "parties": ((Location.name, Location.keys), (Organisation.name, Organisation.keys)),
    "minerals": ((Mineral.name, Mineral.keys),),
    "roles": ((RoleRow.id, RoleRow.keys),),
    "sources": ((Source.title, source_keys()),),
}


def value_names(session: Session) -> ValueNames:
    """What a value of a list filter stands for, as the table's cells show it: ``KOR`` is
    "Republic of Korea". A key several rows hold goes to the one listing it first (a place's
    keys end with its country's: "usa" is the United States, not Tennessee)."""
    names: ValueNames = {}
    for column, lookups in _LIST_LOOKUPS.items():
        ranked: dict[str, tuple[int, str]] = {}
        for shown, keys in lookups:
            for value, held in session.execute(select(shown, keys)):
                for rank, key in enumerate(k for k in held.split("|") if k):
                    if key not in ranked or rank < ranked[key][0]:
                        ranked[key] = (rank, str(value))
        names[column] = {key: value for key, (_, value) in ranked.items()}
    return names


def validate(query: Query, terms: Vocabularies | None = None) -> None:
    """Raise QueryError now if *query* cannot run (compiles it without touching a database).

    With *terms* (see :func:`known_terms`), a value no record can hold is refused too, as a
    typo: ``agency = NASA`` says which agencies there are instead of showing nothing."""
    select_rows(query)
    if terms is None:
        return
    spec = query.spec
    for item in query.filters:
        for condition in item.conditions if isinstance(item, AnyOf) else (item,):
            column = column_spec(spec, condition.column)
            if (isinstance(column, ListColumn) or column.vocabulary is None
                    or condition.op not in (Op.EQ, Op.NE, Op.IN)):
                continue
            known = terms.get(column.name, {})
            for value in _values(condition):
                if term_key(value) not in known:
                    raise QueryError(f"unknown {column.name} {value!r}; choose one of "
                                     f"{', '.join(known.values())}", column=column.name,
                                     value=value, choices=tuple(known.values()))


# --------------------------------------------------------------------------- running


def _split_list(value: str | None) -> list[str]:
    return sorted(value.split(LIST_SEPARATOR)) if value else []


def _date(value: str | dt.date | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value  # some drivers: text


RowConverter: TypeAlias = Callable[[Sequence[Any]], tuple[Any, ...]]  # a row → its Python values


def row_converter(columns: Sequence[ColumnSpec]) -> RowConverter:
    """A function turning a database row into Python values (lists, dates).

    Built once per query, it touches only the columns that need it (a million rows pass
    through here on export).
    """
    steps: list[tuple[int, Callable[[Any], object]]] = []
    for i, column in enumerate(columns):
        if column.kind is Kind.LIST:
            steps.append((i, _split_list))
        elif column.kind is Kind.DATE:
            steps.append((i, _date))
    if not steps:
        return tuple

    def convert(row: Sequence[Any]) -> tuple[Any, ...]:
        values = list(row)
        for i, step in steps:
            values[i] = step(values[i])
        return tuple(values)

    return convert


@dataclass(frozen=True)
class Rows:
    """Fetched rows with the columns they hold; list columns come back as Python lists."""

    columns: tuple[ColumnSpec, ...]
    rows: list[tuple[Any, ...]] = field(default_factory=list)


def fetch(session: Session, query: Query, offset: int = 0, limit: int | None = None) -> Rows:
    columns = query.output_columns
    convert = row_converter(columns)
    return Rows(columns, [convert(row) for row in session.execute(select_rows(query, offset, limit))])


def stream(session: Session, query: Query, batch: int = 2000) -> Iterator[tuple[Any, ...]]:
    """Every row of *query*, fetched in batches so memory stays flat for any row count."""
    convert = row_converter(query.output_columns)
    # Options for this statement only: Connection.execution_options() would change the
    # session's connection for good (every later statement, a DELETE too, in a cursor).
    result = session.execute(select_rows(query), execution_options={"yield_per": batch})
    for row in result:
        yield convert(row)


def stream_positions(session: Session, query: Query, ranges: Sequence[tuple[int, int]],
                     batch: int = 1000) -> Iterator[tuple[Any, ...]]:
    """Rows at positions ``first..last`` (inclusive) of *query*'s order, for each range.

    Positions are turned into record ids window by window, then the records are read by
    id, so what is written is exactly the records that sat at those positions.
    """
    spec = query.spec
    for first, last in ranges:
        for start in range(first, last + 1, batch):
            window = (select(spec.model.id).where(where_clause(query)).order_by(*order_by(query))
                      .offset(start).limit(min(batch, last + 1 - start)))
            ids = tuple(session.scalars(window))
            if not ids:
                break
            yield from fetch(session, query.with_ids(ids)).rows


def count(session: Session, query: Query) -> int:
    return session.execute(select_count(query)).scalar_one()
