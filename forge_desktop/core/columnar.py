"""A columnar copy of the financing facts in DuckDB, so the analytics of millions of rows
answer in tens of milliseconds instead of seconds.

The store of record (SQLite or PostgreSQL) stays the only place anything is written; this
is a cache of the few columns totals, facets, the pivot, the map, the timeline and the row
count read (ids, agency, stage, instrument, amounts, qualifier, dates, parents, minerals,
places, sources), kept in a DuckDB file in the user's cache folder. BENCHMARKS.md ("The
analytics engine") has the measurement it was chosen by and what it gives: at 1M rows 9–116
ms per view (0.4–1.7× DuckDB's own best query) against 1.3–22 s on the store.

* **Exact.** It answers only what it can answer by the same rules as the SQL of
  :mod:`.query` and :mod:`.counting`; anything else (a text filter, a selection, a
  grouping it does not hold) is left to the store. Filters on the columns it holds are
  written here in DuckDB's SQL from the same parsed values; a filter it does not hold,
  the search and an id list are run on the store, and the ids they give restrict the
  mirror. ``tests/core/test_columnar.py`` compares both paths on random queries.
* **In step.** It records the change set it was built or last brought up to; before an
  answer it compares that with the store's latest one (one indexed read) and re-reads the
  records the newer change sets touched. A store it was not built from (a rebuilt file,
  another database at the same address) or a row count that disagrees is rebuilt.
* **Optional.** A store under :data:`MIN_ROWS` financing rows is quick on its own and gets
  none. A DuckDB file is one process's at a time: a second process (the command line beside
  the window) finds it locked and counts on the store, with the same numbers. It never
  downloads an extension (auto-install and auto-load are off) and its memory is capped.
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, String, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from .columns import Kind, ListColumn, ScalarColumn, source_keys
from .query import (
    NO_VALUE,
    TEXTUAL,
    AnyOf,
    Condition,
    Filter,
    Op,
    Query,
    _TermKey,
    _typed,
    _values,
    column_spec,
    count,
    where_clause,
)
from .schema import (
    Change,
    ChangeSet,
    Financing,
    FinancingLocation,
    FinancingMineral,
    FinancingSource,
    Location,
    Meta,
    Mineral,
    Source,
)
from .search import search_words
from .text import fold, like_escape
from .values import PartialDate, parse_amount, parse_date, parse_number

log = logging.getLogger(__name__)

MIN_ROWS = int(os.environ.get("FORGE_COLUMNAR_MIN_ROWS", "10000"))
"""Below this many financing rows the store answers alone: quick enough (the slowest view,
a pivot, takes about 0.4 s at 10,000 rows on the store; the mirror builds in about a second)."""
MEMORY_LIMIT = os.environ.get("FORGE_COLUMNAR_MEMORY", "512MB")
BATCH = 100_000  # rows read from the store and handed to DuckDB at a time
FOUND_KEPT = 4  # queries whose store ids are kept (a view's totals, facets, chart, map)
VERSION = "3"  # of the mirror's own tables: another one is rebuilt

# The financing columns the mirror holds, by the catalogue's names, with DuckDB's types.
SCALARS: dict[str, str] = {
    "id": "VARCHAR", "agency": "VARCHAR", "instrument": "VARCHAR", "stage": "VARCHAR",
    "amount_usd": "BIGINT", "amount_qualifier": "VARCHAR", "cofinancing_usd": "BIGINT",
    "quantity": "DOUBLE", "date": "DATE", "date_precision": "VARCHAR",
    "parent_id": "VARCHAR", "is_aggregate": "BOOLEAN", "agreement_id": "VARCHAR",
    "organisation_id": "VARCHAR", "origin": "VARCHAR",
}
DATE_PARTS = {"month": "%Y-%m", "year": "%Y"}  # as counting's month_of / year_of give them


# --------------------------------------------------------------------------- the filter


@dataclass(frozen=True)
class Measures:
    """One group's figures: the dollar sum, rows and rows without an amount, of the matched
    rows, and of the part of them left out of the total (see :meth:`Columnar.grouped`)."""

    amount: int | None
    records: int
    no_amount: int
    left_out_amount: int | None
    left_out_records: int
    left_out_no_amount: int


class NotHeld(Exception):
    """A filter, grouping or column the mirror does not hold: the store answers instead."""


@dataclass
class Plan:
    """Which mirror rows a query matches: a DuckDB condition on ``f`` (the fx table) with its
    parameters, and the records the store found for what the mirror cannot test (None: no
    such part)."""

    where: str
    params: list[Any]
    store_keys: Any = None  # a numpy array of the mirror's keys (k) of the store's ids


def plan(session: Session, query: Query, found: Callable[[Query], Any]) -> Plan:
    """The mirror's form of *query*'s rows (raises NotHeld for a table it does not hold).

    Each filter the mirror can test is written in DuckDB's SQL from the same parsed values
    as :func:`.query.where_clause`; the others, the search and an id selection are run on
    the store as one query, whose records then restrict the mirror (*found* runs it and
    gives their keys there: the mirror's :meth:`Columnar.plan` remembers the last few, so a
    search is run once for the totals, the facets and the chart of one view).
    """
    if query.spec.model is not Financing:
        raise NotHeld(query.table)
    parts: list[str] = []
    params: list[Any] = []
    left: list[Filter] = []
    for item in query.filters:
        conditions = item.conditions if isinstance(item, AnyOf) else (item,)
        if not conditions:
            continue
        try:
            written = [_condition(session, query, c) for c in conditions]
        except NotHeld:
            left.append(item)
            continue
        parts.append("(" + " OR ".join(sql for sql, _ in written) + ")")
        for _, values in written:
            params.extend(values)
    keys = None
    if left or search_words(query.search) or query.ids is not None:
        keys = found(Query(query.table, filters=tuple(left), search=query.search, ids=query.ids))
    return Plan(" AND ".join(parts) or "TRUE", params, keys)


def _condition(session: Session, query: Query, condition: Condition) -> tuple[str, list[Any]]:
    column = column_spec(query.spec, condition.column)
    op = Op(condition.op)
    if isinstance(column, ListColumn):
        return _list_condition(session, column, op, condition)
    if column.name not in SCALARS:
        raise NotHeld(column.name)
    return _scalar_condition(session, column, op, condition)


def _scalar_condition(session: Session, column: ScalarColumn, op: Op,
                      condition: Condition) -> tuple[str, list[Any]]:
    x = f'f."{column.name}"'
    if op in NO_VALUE:
        if column.kind is Kind.TEXT:
            return (f"({x} IS NULL OR {x} = '')" if op is Op.EMPTY
                    else f"({x} IS NOT NULL AND {x} != '')"), []
        return f"({x} IS {'' if op is Op.EMPTY else 'NOT '}NULL)", []
    if op in TEXTUAL:
        raise NotHeld(column.name)  # a fragment of a folded value: the store folds
    values = _values(condition)
    if op is Op.BETWEEN:
        first_text, last_text = values  # where_clause has checked there are two, in order
        if column.kind is Kind.DATE:
            first, last = parse_date(first_text), parse_date(last_text)
            return f"({x} >= ? AND {x} <= ?)", [first.start, last.end]
        parse = parse_amount if column.kind is Kind.MONEY else parse_number
        return f"({x} BETWEEN ? AND ?)", [parse(first_text), parse(last_text)]
    if op is Op.IN:
        written = [_equals(session, column, x, _typed(column, v)) for v in values]
        return "(" + " OR ".join(sql for sql, _ in written) + ")", [p for _, ps in written for p in ps]
    value = _typed(column, values[0])
    if op is Op.EQ:
        return _equals(session, column, x, value)
    if op is Op.NE:
        sql, params = _equals(session, column, x, value)
        return f"(NOT {sql} OR {x} IS NULL)", params
    bound: object = value
    if isinstance(value, PartialDate):
        bound = value.end if op in (Op.LE, Op.GT) else value.start
    return f"({x} {op.value} ?)", [bound]


def _equals(session: Session, column: ScalarColumn, x: str, value: object) -> tuple[str, list[Any]]:
    if isinstance(value, _TermKey):  # an imported term: its stored spelling, from the store
        codes = list(session.scalars(select(value.model.code).where(value.model.key == value.key)))
        if not codes:
            return "FALSE", []
        return f"({x} IN ({', '.join('?' * len(codes))}))", codes
    if isinstance(value, PartialDate):
        return f"({x} BETWEEN ? AND ?)", [value.start, value.end]
    if isinstance(value, str):
        if column.exact:
            return f"({x} = ?)", [value.strip()]
        if column.kind is Kind.TEXT or (column.kind is Kind.CATEGORY and not column.choices):
            raise NotHeld(column.name)  # compared folded, as only the store folds
    return f"({x} = ?)", [value]


# Each list column the mirror holds: its link table there, the value column, and the store's
# lookup (id, "|key|key|" keys) a filter's text is matched against.
LISTS: dict[str, tuple[str, str, Any, Any]] = {
    "minerals": ("fxm", "mineral", Mineral.id, Mineral.keys),
    "locations": ("fxl", "location", Location.code, Location.keys),
    "sources": ("fxs", "source", Source.id, source_keys()),
}


def _list_condition(session: Session, column: ListColumn, op: Op,
                    condition: Condition) -> tuple[str, list[Any]]:
    """As :func:`.query._list_condition`: the lookup rows whose keys match are found on the
    store (they are few), the records linking to them in the mirror."""
    if column.name not in LISTS:
        raise NotHeld(column.name)
    link, value, lookup_id, keys = LISTS[column.name]

    def having(patterns: Sequence[str] | None) -> tuple[str, list[Any]]:
        if patterns is None:
            return f"f.k IN (SELECT k FROM {link})", []
        found = list(session.scalars(select(lookup_id).where(
            or_(*(keys.like(p, escape="\\") for p in patterns)))))
        if not found:
            return "FALSE", []
        marks = ", ".join("?" * len(found))
        return f"f.k IN (SELECT k FROM {link} WHERE {value} IN ({marks}))", found

    def key_is(text: str) -> str:
        return f"%|{like_escape(fold(text))}|%"

    if op is Op.EMPTY:
        sql, params = having(None)
        return f"NOT ({sql})", params
    if op is Op.NOTEMPTY:
        return having(None)
    values = _values(condition)
    if op is Op.IN:
        return having([key_is(v) for v in values])
    text = values[0]
    if op is Op.EQ:
        return having([key_is(text)])
    if op is Op.NE:
        sql, params = having([key_is(text)])
        return f"NOT ({sql})", params
    pattern = like_escape(fold(text))
    return having([f"%{pattern}%" if op is Op.CONTAINS else f"%|{pattern}%"])


# --------------------------------------------------------------------------- the groupings


# A list column's wide table: every fx column once per (record, value), with one row of
# value NULL for a record with none: what a total by it groups, as counting's outer join
# does, without a join at query time (7–10× quicker at 1M rows: ANALYTICS_NOTES.md). A place
# counts under its country, once per record and country.
WIDE = {"minerals": ("by_minerals", "mineral"), "locations": ("by_locations", "country"),
        "sources": ("by_sources", "source")}
WIDE_LINKS = {"by_minerals": "SELECT k, mineral FROM fxm",
              "by_locations": "SELECT DISTINCT k, country FROM fxl",
              "by_sources": "SELECT k, source FROM fxs"}


def dimension(by: str) -> tuple[str, str | None]:
    """What the mirror groups *by* by: (the key's expression on ``f``, the list column's
    wide table, or None: any table has it)."""
    if by in DATE_PARTS:
        return f"strftime(f.date, '{DATE_PARTS[by]}')", None
    if by in WIDE:
        table, value = WIDE[by]
        return f"f.{value}", table
    if by in SCALARS and by not in ("id", "parent_id", "agreement_id", "organisation_id"):
        return f'f."{by}"', None
    raise NotHeld(by)


# --------------------------------------------------------------------------- the mirror


@dataclass(frozen=True)
class Stamp:
    """What the mirror was built from: the store (its ``store_id``, which a rebuilt store
    does not share) and the latest change set it has taken in."""

    store: str
    change_set: int


def store_stamp(session: Session) -> Stamp | None:
    """The store's stamp now (None: a store without an id, which a reader cannot give it)."""
    store = session.scalar(select(Meta.value).where(Meta.key == "store_id"))
    if store is None:
        return None
    return Stamp(store, int(session.scalar(select(func.max(ChangeSet.id))) or 0))


def default_path(url: str) -> Path:
    """Where the mirror of the store at *url* lives: the user's cache folder, by the
    address's digest (the store's folder stays as the user keeps it)."""
    root = os.environ.get("FORGE_COLUMNAR_DIR")
    if root is None:
        import platformdirs
        root = platformdirs.user_cache_dir("forge-desktop")
    return Path(root) / "columnar" / (hashlib.sha256(url.encode()).hexdigest()[:24] + ".duckdb")


# Every result is read to its end (fetchall): DuckDB refuses the next statement on a
# connection while one is still open.


def _connect(path: Path, *, read_only: bool = False) -> Any:
    import duckdb
    config = {
        # Never the network: an unknown function fails instead of installing an extension.
        "autoinstall_known_extensions": False, "autoload_known_extensions": False,
        "memory_limit": MEMORY_LIMIT, "threads": 2,
    }
    return duckdb.connect(str(path), read_only=read_only, config=config)  # type: ignore[arg-type]


_TABLES = (
    "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    "CREATE TABLE fx (k BIGINT, " + ", ".join(f'"{c}" {t}' for c, t in SCALARS.items()) + ")",
    "CREATE TABLE fxm (k BIGINT, mineral VARCHAR)",  # the links a filter tests
    "CREATE TABLE fxl (k BIGINT, location VARCHAR, country VARCHAR)",
    "CREATE TABLE fxs (k BIGINT, source VARCHAR)",
    *(f"CREATE TABLE {table} AS SELECT fx.*, NULL::VARCHAR AS {value} FROM fx LIMIT 0"
      for table, value in WIDE.values()),
)
LINK_TABLES = ("fxm", "fxl", "fxs", *WIDE_LINKS)


def _widen(con: Any, first_k: int = 0) -> None:
    """Fill the wide tables for the records from *first_k* on."""
    for table, links in WIDE_LINKS.items():
        con.execute(f"INSERT INTO {table} SELECT f.*, l.* EXCLUDE (k) FROM fx f "
                    f"LEFT JOIN ({links}) l ON l.k = f.k WHERE f.k >= ?", [first_k])


def _rows(session: Session, ids: Sequence[str] | None) -> Iterator[dict[str, tuple[Any, ...]]]:
    """The store's financing rows (all, or those of *ids*) in batches of columns."""
    # As the driver gives them: no Enum or date objects made per cell (text goes in as text).
    columns = [type_coerce(getattr(Financing, c), String) if t in ("VARCHAR", "DATE")
               else getattr(Financing, c) for c, t in SCALARS.items()]
    chunks = [None] if ids is None else [ids[i:i + 5000] for i in range(0, len(ids), 5000)]
    for chunk in chunks:
        stmt = select(*columns)
        if chunk is not None:
            stmt = stmt.where(Financing.id.in_(chunk))
        result = session.connection().execute(stmt.execution_options(yield_per=BATCH))
        for batch in result.partitions():
            yield dict(zip(SCALARS, zip(*batch, strict=True), strict=True))


def _links(session: Session, ids: Sequence[str] | None) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    """Minerals and places of the store's financing rows (all, or *ids*'), in batches."""
    queries = (("fxm", select(FinancingMineral.financing_id, FinancingMineral.mineral_id),
                FinancingMineral.financing_id),
               ("fxl", select(FinancingLocation.financing_id, FinancingLocation.location_code,
                              FinancingLocation.country_code), FinancingLocation.financing_id),
               ("fxs", select(FinancingSource.financing_id, FinancingSource.source_id),
                FinancingSource.financing_id))
    chunks = [None] if ids is None else [ids[i:i + 5000] for i in range(0, len(ids), 5000)]
    for table, stmt, owner in queries:
        for chunk in chunks:
            query = stmt if chunk is None else stmt.where(owner.in_(chunk))
            result = session.connection().execute(query.execution_options(yield_per=BATCH))
            for batch in result.partitions():
                yield table, list(zip(*batch, strict=True))


_NUMPY_TYPES = {"BIGINT": "int64", "DOUBLE": "float64", "BOOLEAN": "bool"}


def _array(values: Sequence[Any], kind: str) -> Any:
    """*values* as a numpy array DuckDB reads as *kind*: numbers as a masked array (None
    masked; an object array would be typed by its first values), text and dates as text
    (SQLite gives a date as text already, PostgreSQL as a date)."""
    import numpy as np
    if kind in _NUMPY_TYPES:
        missing = [v is None for v in values]
        return np.ma.masked_array([0 if v is None else v for v in values], mask=missing,
                                  dtype=_NUMPY_TYPES[kind])
    if kind == "DATE":
        values = [v if v is None or isinstance(v, str) else v.isoformat() for v in values]
    return np.array(values, dtype=object)


def _load(con: Any, session: Session, ids: Sequence[str] | None, first_k: int) -> int:
    """Read the store's rows (*ids*, or all) into the mirror; returns the rows read."""
    import numpy as np
    k = first_k
    for batch in _rows(session, ids):
        n = len(batch["id"])  # a StrEnum (the ORM's) would go in as its text: Core gives text
        frame = {"k": np.arange(k, k + n, dtype=np.int64),
                 **{c: _array(v, SCALARS[c]) for c, v in batch.items()}}
        con.register("batch", frame)
        con.execute("INSERT INTO fx SELECT k, " + ", ".join(f'CAST("{c}" AS {t})' for c, t in SCALARS.items())
                    + " FROM batch")
        con.unregister("batch")
        k += n
    for table, columns in _links(session, ids):
        width = len(columns)
        frame = {f"c{i}": np.array(column, dtype=object) for i, column in enumerate(columns)}
        con.register("batch", frame)
        values = ", ".join(f"CAST(b.c{i} AS VARCHAR)" for i in range(1, width))
        con.execute(f"INSERT INTO {table} SELECT f.k, {values} FROM batch b "
                    "JOIN fx f ON f.id = CAST(b.c0 AS VARCHAR)")
        con.unregister("batch")
    return k - first_k


def build(session: Session, path: Path) -> Stamp | None:
    """Write the mirror of the store *session* reads to *path* (a temporary file renamed
    over it at the end). None: the store has no id, so the mirror could not tell it from
    another; none is written.

    The stamp is read first: a record written while the rows are read belongs to a later
    change set, so the first :meth:`Columnar.in_step` reads it again, whichever of its
    versions the build saw."""
    stamp = store_stamp(session)
    if stamp is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".building")
    temporary.unlink(missing_ok=True)
    con = _connect(temporary)
    try:
        for statement in _TABLES:
            con.execute(statement)
        rows = _load(con, session, None, 0)
        _widen(con)
        con.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("version", VERSION), ("store", stamp.store), ("change_set", str(stamp.change_set)),
            ("rows", str(rows))])
        con.execute("CHECKPOINT")
    finally:
        con.close()
    os.replace(temporary, path)
    Path(str(temporary) + ".wal").unlink(missing_ok=True)
    return stamp


class Columnar:
    """An open mirror: answers a :class:`Plan` grouped, counted or faceted.

    Each answer runs on its own DuckDB cursor (one per worker thread); catching up with the
    store is done under a lock, once, by whichever answer first finds it behind.
    """

    def __init__(self, path: Path, con: Any) -> None:
        self.path, self._con = path, con
        self._lock = threading.Lock()
        self._found: dict[tuple[Any, ...], Any] = {}  # the store's records (keys) per rest of a query
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        self.stamp = Stamp(meta["store"], int(meta["change_set"]))
        self.rows = int(meta["rows"])

    @classmethod
    def open(cls, path: Path) -> Columnar | None:
        """The mirror at *path*, or None if there is none, it is of another version, or
        another process holds it (DuckDB: one process per file)."""
        if not path.exists():
            return None
        try:
            con = _connect(path)
        except Exception as exc:  # locked by another process, or not a DuckDB file
            log.info("columnar mirror %s not opened: %s", path, exc)
            return None
        try:
            version = con.execute("SELECT value FROM meta WHERE key = 'version'").fetchall()
            if version != [(VERSION,)]:
                con.close()
                return None
            return cls(path, con)
        except Exception as exc:
            log.info("columnar mirror %s unreadable: %s", path, exc)
            con.close()
            return None

    def close(self) -> None:
        with self._lock:
            self._con.close()

    # -- keeping in step

    def in_step(self, session: Session) -> bool:
        """Bring the mirror up to the store's latest change set; False if it cannot be (it
        mirrors another store), and the store should answer."""
        now = store_stamp(session)
        if now is None or now.store != self.stamp.store:
            return False
        if now.change_set == self.stamp.change_set:
            return True
        with self._lock:
            if self.stamp.change_set < now.change_set:
                self._catch_up(session, now)
        return True

    def _catch_up(self, session: Session, now: Stamp) -> None:
        ids = sorted(set(session.scalars(
            select(Change.record_id).distinct().where(
                Change.change_set_id > self.stamp.change_set, Change.change_set_id <= now.change_set,
                Change.table_name == Financing.__tablename__))))
        con = self._con.cursor()
        try:
            con.execute("BEGIN TRANSACTION")
            if ids:
                import numpy as np
                con.register("changed", {"id": np.array(ids, dtype=object)})
                doomed = "SELECT k FROM fx WHERE id IN (SELECT CAST(id AS VARCHAR) FROM changed)"
                for table in LINK_TABLES:
                    con.execute(f"DELETE FROM {table} WHERE k IN ({doomed})")
                con.execute(f"DELETE FROM fx WHERE k IN ({doomed})")
                con.unregister("changed")
                first = int(con.execute("SELECT coalesce(max(k), -1) + 1 FROM fx").fetchall()[0][0])
                _load(con, session, ids, first)
                _widen(con, first)
            rows = int(con.execute("SELECT count(*) FROM fx").fetchall()[0][0])
            con.execute("UPDATE meta SET value = ? WHERE key = 'change_set'", [str(now.change_set)])
            con.execute("UPDATE meta SET value = ? WHERE key = 'rows'", [str(rows)])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        finally:
            con.close()
        self.stamp, self.rows = now, rows

    # -- answering

    def plan(self, session: Session, query: Query) -> Plan:
        """*query*'s rows as the mirror finds them (see :func:`plan`)."""
        def found(rest: Query) -> Any:
            key = (self.stamp, rest.filters, rest.search, rest.ids)
            with self._lock:
                if key in self._found:
                    return self._found[key]
            import numpy as np
            # Read in batches, each straight into an array: a million rows never live as
            # Python row objects at once (a full garbage collection over them would hold the
            # interpreter, and so the window, for half a second at 10M rows).
            result = session.connection().execute(
                select(Financing.id).where(where_clause(rest)).execution_options(yield_per=BATCH))
            parts = [np.array([row[0] for row in batch], dtype=object) for batch in result.partitions()]
            ids = np.concatenate(parts) if parts else np.array([], dtype=object)
            con = self._con.cursor()
            try:
                con.register("ids", {"id": ids})
                keys = con.execute("SELECT k FROM fx WHERE id IN (SELECT CAST(id AS VARCHAR) FROM ids) "
                                   "ORDER BY k").fetchnumpy()["k"]
            finally:
                con.close()
            with self._lock:
                self._found[key] = keys
                while len(self._found) > FOUND_KEPT:
                    del self._found[next(iter(self._found))]
            return keys
        return plan(session, query, found)

    @contextmanager
    def _cursor(self, matched: Plan) -> Iterator[tuple[Any, str, list[Any]]]:
        """A cursor with *matched*'s store ids registered; the WHERE text and parameters.
        While it is open, :func:`interrupt` of this thread stops its query."""
        con = self._con.cursor()
        thread = threading.get_ident()
        _running[thread] = con
        try:
            where, params = matched.where, list(matched.params)
            if matched.store_keys is not None:
                con.register("store_keys", {"k": matched.store_keys})
                where = f"({where}) AND f.k IN (SELECT k FROM store_keys)"
            yield con, where, params
        finally:
            _running.pop(thread, None)
            con.close()

    def grouped(self, matched: Plan, sets: Sequence[tuple[str, ...]], include_conditional: bool,
                left_out: Sequence[str] = ()) -> dict[tuple[str, ...], dict[tuple[object, ...], Measures]]:
        """For each grouping in *sets* (a tuple of dimensions; () the total), the measures
        per combination of keys by counting's rules: the matched rows', and apart the part
        of them that are *left_out* (the aggregates whose parts are counted instead).

        Groupings that read the same table run as one query (GROUPING SETS): a pivot's
        totals and subtotals, or a chart's groups and stacks, in one pass."""
        by_table: dict[str, list[tuple[str, ...]]] = {}
        for dims in sets:
            tables = {t for t in (dimension(d)[1] for d in dims) if t is not None}
            if len(tables) > 1:
                raise NotHeld("+".join(dims))  # two list columns at once: the store's
            by_table.setdefault(next(iter(tables), "fx"), []).append(tuple(dims))
        found: dict[tuple[str, ...], dict[tuple[object, ...], Measures]] = {}
        for table, groupings in by_table.items():
            found.update(self._grouping_sets(matched, table, groupings, include_conditional, left_out))
        return found

    def _grouping_sets(self, matched: Plan, table: str, groupings: list[tuple[str, ...]],
                       include_conditional: bool, left_out: Sequence[str],
                       ) -> dict[tuple[str, ...], dict[tuple[object, ...], Measures]]:
        everything = self._sets(matched, table, groupings, include_conditional)
        # The left-out rows apart: a second pass over the few aggregate rows only (flagging
        # them in the first pass would compare a million ids; this reads one boolean column).
        apart = self._sets(matched, table, groupings, include_conditional, left_out) if left_out else {}
        found: dict[tuple[str, ...], dict[tuple[object, ...], Measures]] = {}
        for dims, groups in everything.items():
            out = apart.get(dims, {})
            found[dims] = {key: Measures(*sums, *out.get(key, (None, 0, 0))) for key, sums in groups.items()}
            if not dims and not found[dims]:  # no rows: SQL's one row of a NULL sum and 0 rows
                found[dims][()] = Measures(None, 0, 0, None, 0, 0)
        return found

    def _sets(self, matched: Plan, table: str, groupings: list[tuple[str, ...]],
              include_conditional: bool, only: Sequence[str] = (),
              ) -> dict[tuple[str, ...], dict[tuple[object, ...], tuple[Any, int, int]]]:
        """(sum, rows, rows without an amount) per key of each grouping, in one query;
        with *only*, of those aggregates' rows."""
        keys = list(dict.fromkeys(dimension(d)[0] for dims in groupings for d in dims))
        summed = "f.amount_usd IS NOT NULL"
        if not include_conditional:  # as counting: NOT (q = 'conditional'), NULL when q is
            summed += " AND NOT (f.amount_qualifier = 'conditional')"
        measures = (f"sum(CASE WHEN {summed} THEN f.amount_usd END), count(*), "
                    "count(*) FILTER (WHERE f.amount_usd IS NULL)")
        sets = ", ".join("(" + ", ".join(dimension(d)[0] for d in dims) + ")" for dims in groupings)
        grouping = f"GROUPING({', '.join(keys)})" if keys else "0"
        with self._cursor(matched) as (con, where, params):
            if only:
                where = f"f.is_aggregate AND f.id IN ({', '.join('?' * len(only))}) AND ({where})"
                params = [*only, *params]
            sql = (f"SELECT {''.join(k + ', ' for k in keys)}{grouping}, {measures} "
                   f"FROM {table} f WHERE {where}"
                   + (f" GROUP BY GROUPING SETS ({sets})" if keys else ""))
            rows = con.execute(sql, params).fetchall()
        n = len(keys)
        found: dict[tuple[str, ...], dict[tuple[object, ...], tuple[Any, int, int]]] = {}
        for dims in groupings:
            at = [keys.index(dimension(d)[0]) for d in dims]  # each dimension's column
            # GROUPING(): a bit per key, first key highest, set where the key is rolled up.
            mask = sum(1 << (n - 1 - i) for i in range(n) if i not in at)
            found[dims] = {tuple(r[i] for i in at): (r[n + 1], int(r[n + 2]), int(r[n + 3]))
                           for r in rows if r[n] == mask and (dims or r[n + 2])}
        return found

    def aggregates_with_parts(self, matched: Plan) -> tuple[str, ...]:
        """As counting's: the matched aggregates that have a matched part, sorted."""
        with self._cursor(matched) as (con, where, params):
            rows = con.execute(
                f"SELECT DISTINCT f.parent_id FROM fx f WHERE ({where}) AND f.parent_id IN "
                f"(SELECT f.id FROM fx f WHERE f.is_aggregate AND ({where}))",
                [*params, *params]).fetchall()
        return tuple(sorted(p for (p,) in rows if p is not None))

    def conditional(self, matched: Plan, excluded: Sequence[str], listed: int, with_ids: bool,
                    ) -> tuple[list[str], int, int | None, tuple[str, ...]]:
        """The conditional money among the counted rows, as counting's: the ids of the
        *listed* largest, how many there are, their sum, and (*with_ids*) all their ids."""
        with self._cursor(matched) as (con, where, params):
            where = f"({where}) AND f.amount_qualifier = 'conditional'"
            if excluded:
                where += f" AND f.id NOT IN ({', '.join('?' * len(excluded))})"
                params = [*params, *excluded]
            top = con.execute(  # the largest few, with the count and sum of all beside them
                f"SELECT f.id, count(*) OVER (), sum(f.amount_usd) OVER () FROM fx f WHERE {where} "
                f"ORDER BY coalesce(f.amount_usd, 0) DESC, f.id LIMIT {int(listed)}", params).fetchall()
            if not top:
                return [], 0, None, ()
            largest = [i for i, _n, _sum in top]
            records, amount = top[0][1], top[0][2]
            ids = tuple(i for (i,) in con.execute(
                f"SELECT f.id FROM fx f WHERE {where} ORDER BY f.id", params).fetchall()) if with_ids else ()
        return largest, int(records), None if amount is None else int(amount), ids

    def spans(self, matched: Plan, lane_by: str, aggregates: Sequence[str],
              include_conditional: bool) -> list[tuple[Any, ...]]:
        """The timeline's pass over the rows: per date precision and lane, the rows, their
        first and last date and what they add to the totals (*aggregates* add nothing)."""
        if lane_by not in ("stage", "agency", "instrument"):
            raise NotHeld(lane_by)
        adds = "f.amount_usd IS NOT NULL"
        if aggregates:
            adds += f" AND f.id NOT IN ({', '.join('?' * len(aggregates))})"
        if not include_conditional:
            adds += " AND NOT (f.amount_qualifier = 'conditional')"
        with self._cursor(matched) as (con, where, params):
            return [tuple(r) for r in con.execute(
                f'SELECT f.date_precision, f."{lane_by}", count(*), min(f.date), max(f.date), '
                f"sum(CASE WHEN {adds} THEN f.amount_usd END) FROM fx f WHERE {where} GROUP BY 1, 2",
                [*aggregates, *params]).fetchall()]

    def dated(self, matched: Plan, limit: int, *, largest: bool) -> list[str]:
        """The ids of at most *limit* dated rows: the *largest* amounts first (then by date
        and id), as the timeline keeps them, or any when all of them fit."""
        order = " ORDER BY f.amount_usd DESC NULLS LAST, f.date, f.id" if largest else ""
        with self._cursor(matched) as (con, where, params):
            dated = f"FROM fx f WHERE f.date IS NOT NULL AND ({where})"
            if largest and limit > 0:
                # The smallest amount kept, by a sort of numbers alone; then only the rows from
                # it up are sorted with their dates and ids (at 10M rows 0.3 s instead of 3 s).
                edge = con.execute(f"SELECT f.amount_usd {dated} ORDER BY f.amount_usd DESC NULLS LAST "
                                   f"LIMIT 1 OFFSET {int(limit) - 1}", params).fetchall()
                if edge and edge[0][0] is not None:
                    dated += " AND f.amount_usd >= ?"
                    params = [*params, edge[0][0]]
            return [i for (i,) in con.execute(f"SELECT f.id {dated}{order} LIMIT {int(limit)}",
                                               params).fetchall()]

    def count(self, matched: Plan) -> int:
        with self._cursor(matched) as (con, where, params):
            return int(con.execute(f"SELECT count(*) FROM fx f WHERE {where}", params).fetchall()[0][0])

    def facet(self, matched: Plan, by: str) -> list[tuple[object, int]]:
        """Rows of *matched* per value of *by* (a list column: records per value, a place's
        records per country once each; a record with none is in no group)."""
        key, table = dimension(by)
        with self._cursor(matched) as (con, where, params):
            if table is None:
                sql = f"SELECT {key}, count(*) FROM fx f WHERE {where} GROUP BY 1"
            else:
                sql = f"SELECT {key}, count(*) FROM {table} f WHERE {key} IS NOT NULL AND {where} GROUP BY 1"
            return [(k, int(n)) for k, n in con.execute(sql, params).fetchall()]

    def places(self, matched: Plan) -> list[tuple[str, str]]:
        """(country, place) for the places within a country that matched rows name."""
        with self._cursor(matched) as (con, where, params):
            restrict = "" if where == "TRUE" else f" AND k IN (SELECT f.k FROM fx f WHERE {where})"
            return [(c, p) for c, p in con.execute(
                f"SELECT DISTINCT country, location FROM fxl WHERE location != country{restrict}",
                params).fetchall()]


_running: dict[int, Any] = {}  # thread → the cursor its answer runs on


def interrupt(thread: int) -> None:
    """Stop the mirror query *thread* runs, if any (a superseded job: the worker's cancel);
    the query raises, and its answer is dropped."""
    cursor = _running.get(thread)
    if cursor is not None:
        try:
            cursor.interrupt()
        except Exception:  # just finished: nothing to stop
            log.debug("could not interrupt a columnar query", exc_info=True)


# --------------------------------------------------------------------------- which engine


_ATTACHED: weakref.WeakKeyDictionary[Engine, Columnar] = weakref.WeakKeyDictionary()


def attach(engine: Engine, mirror: Columnar) -> None:
    """Let every session on *engine* answer from *mirror* (see :func:`mirror_for`)."""
    old = _ATTACHED.get(engine)
    _ATTACHED[engine] = mirror
    if old is not None and old is not mirror:
        old.close()


def detach(engine: Engine) -> None:
    mirror = _ATTACHED.pop(engine, None)
    if mirror is not None:
        mirror.close()


def mirror_for(session: Session) -> Columnar | None:
    """The mirror attached to *session*'s engine, brought up to the store, or None."""
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else getattr(bind, "engine", None)
    mirror = _ATTACHED.get(engine) if engine is not None else None
    if mirror is None:
        return None
    try:
        return mirror if mirror.in_step(session) else None
    except Exception as exc:  # the store answers, with the same numbers
        log.warning("columnar mirror %s not used: %s", mirror.path, exc)
        return None


def count_rows(session: Session, query: Query) -> int:
    """How many rows *query* matches: from the mirror when it holds them, else the store."""
    mirror = mirror_for(session) if query.spec.model is Financing else None
    if mirror is not None:
        try:
            return mirror.count(mirror.plan(session, query))
        except NotHeld:
            pass
    return count(session, query)


def financing_rows(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Financing)) or 0)


def prepare(engine: Engine, *, path: Path | None = None, build_missing: bool = True,
            min_rows: int | None = None, on_build: Callable[[int], None] | None = None,
            ) -> Columnar | None:
    """Open (building it if missing, stale beyond catching up, or of another store) the mirror
    of *engine*'s store and attach it; None when the store is small or the mirror is held by
    another process. Slow the first time for a large store: a worker's job, never the window's.

    A full build runs in a child process (its memory, up to a few GB at 10M rows, goes back
    to the system when it ends; the window's process keeps its own bounded). *on_build* is
    told the number of records before a build begins."""
    url = engine.url.render_as_string(hide_password=False)
    path = path or default_path(url)
    with Session(engine) as session:
        rows = financing_rows(session)
        stamp = store_stamp(session)
        if rows < (MIN_ROWS if min_rows is None else min_rows) or stamp is None:
            return None
        mirror = Columnar.open(path)
        if mirror is not None and (mirror.stamp.store != stamp.store
                                   or mirror.stamp.change_set > stamp.change_set):
            mirror.close()  # another store's, or a store put back to an earlier state
            mirror = None
        if mirror is not None and not (mirror.in_step(session) and mirror.rows == rows):
            mirror.close()  # written to without the change log: built again
            mirror = None
        if mirror is None:
            if not build_missing or _held(path):
                return None
            if on_build is not None:
                on_build(rows)
            build_in_child(url, path)
            mirror = Columnar.open(path)
            if mirror is None or not mirror.in_step(session):
                return None
    attach(engine, mirror)
    return mirror


@contextmanager
def analytics_session(url: str | None) -> Iterator[Session]:
    """:func:`.database.session_scope` for a command that counts (totals, pivot, chart): the
    mirror is used if one is there and in step, never built (``db analytics`` builds it)."""
    from . import database
    with database.session_scope(url) as session:
        bind = session.get_bind()
        engine = bind if isinstance(bind, Engine) else bind.engine
        try:
            prepare(engine, build_missing=False)
        except Exception as exc:  # the store answers
            log.info("columnar mirror not used: %s", exc)
        try:
            yield session
        finally:
            detach(engine)


def _held(path: Path) -> bool:
    """Whether another process holds the mirror open (DuckDB refuses a second writer)."""
    if not path.exists():
        return False
    try:
        _connect(path, read_only=True).close()
    except Exception:
        return True
    return False


def build_in_child(url: str, path: Path) -> None:
    """Build the mirror of *url* at *path* in a child process (see :func:`prepare`)."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-m", "forge_desktop.core.columnar", url, str(path)],
                          env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"building the columnar mirror failed: {done.stderr.strip()[-500:]}")


def _main(argv: Sequence[str]) -> int:
    from sqlalchemy import create_engine
    url, path = argv
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            build(session, Path(path))
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
