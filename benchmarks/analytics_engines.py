"""Analytics engines side by side: totals, facets, pivot and map on one synthetic database.

Issue 16 asks for every total, facet and chart view within 2x of DuckDB and under 300 ms at
1M rows (none over 1 s at 10M). This measures the candidates on the same rows, each in a
fresh process (so its RSS is its own), and checks that every engine gives exactly the
numbers the app gives (the counting rules of ``forge_desktop/core/counting.py``):

* ``ours``: the app's core (``counting.totals``, ``pivot.pivot``, ``facets.facet_counts``)
  on the SQLite store, through SQLAlchemy, as the worker runs them.
* ``sqlite_narrow``: the same rules in hand-written SQL over narrow SQLite tables keyed by
  an integer (the store's rowid): ``fx`` (one row per record, the columns analytics read)
  and ``fxm`` / ``fxc`` (pre-joined: one row per record and mineral / country, with the
  record's columns copied in), with covering indexes. Built in a side file that ATTACHes
  the store, which stays untouched; in the app they would live in the store.
* ``sqlite_rollup``: the narrow tables plus rollups (sums per agency, stage, instrument,
  year, and per mineral / country with them), kept in step by rows added per change. They
  answer the unfiltered views and filters on those columns; anything else (the search
  here) falls back to the narrow tables.
* ``duckdb_mem`` / ``duckdb_disk``: a columnar mirror of fx, fxm and fxc in DuckDB, loaded
  from rows read with Python's sqlite3 and handed over as Arrow batches (never the
  sqlite_scanner extension: a download). ``duckdb_disk_build`` writes the file;
  ``duckdb_disk`` opens it in a new process, as the next launch would.
* ``polars``: the same frames in polars, queried with expressions.

A search is found once per scope by every engine but ours (a temporary table of keys, or
a key set), as the window would for all the views of one search; that step is timed on its
own ("search: find its records once"). Ours searches again in each of its queries.

    PYTHONPATH=. .venv/bin/python -m benchmarks.analytics_engines --rows 1000000
        [--db PATH] [--repeat 5] [--engines ours,sqlite_narrow,...] [--scopes all,doe,search]
        [--views "totals by agency,facet agency"] [--duckdb-memory-limit 1GB]
        [--out results.json] [--merge earlier.json]

The database is made by ``benchmarks/synthetic.py`` when missing (1M rows: about a minute;
10M: about 12 minutes and 12 GB). Each figure is the median of --repeat timed runs after
one warm-up run, with min–max; the JSON keeps every sample and the CPU time beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

SEARCH = "литий"  # folded, as the app folds it: a word of the Russian recipient names
WORD_CLASS = "0-9a-zà-öø-ɏЀ-ӿ"  # search.WORD_RANGES: a search word must start a word
SCOPES = {"all": "everything", "doe": "agency = DOE", "search": f"search {SEARCH!r}"}

# (name, kind, arguments): what each view asks the engine for.
VIEWS: list[tuple[str, str, tuple[Any, ...]]] = [
    ("totals by agency", "totals", ("agency", None)),
    ("totals by agency x stage", "totals", ("agency", "stage")),
    ("totals by mineral", "totals", ("minerals", None)),
    ("totals by country", "totals", ("locations", None)),
    ("map: country x stage", "totals", ("locations", "stage")),
    ("pivot agency+stage / year", "pivot", (("agency", "stage"), ("year",))),
    ("facet agency", "facet", ("agency",)),
    ("facet stage", "facet", ("stage",)),
    ("facet instrument", "facet", ("instrument",)),
    ("facet minerals", "facet", ("minerals",)),
    ("facet locations", "facet", ("locations",)),
]
ENGINES = ("ours", "sqlite_narrow", "sqlite_rollup", "duckdb_mem", "duckdb_disk_build", "duckdb_disk",
           "polars")
MATCH = "search: find its records once"  # the step a shared search pays before its views
SYNC_RECORDS = 1000  # records re-read into a mirror to time keeping it in step
STREAM_BATCH = 100_000  # rows read from the store and handed to a mirror at a time


def rss_mb() -> float:
    """The current resident set, from /proc (ru_maxrss is the peak)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _sorted(rows: Iterable[Sequence[Any]]) -> list[list[Any]]:
    """Rows in one order whatever the engine returned (None keys sort as text)."""
    return sorted(([*row] for row in rows), key=lambda r: json.dumps(r, ensure_ascii=False, default=str))


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


# --------------------------------------------------------------------------- ours


class Ours:
    """The app's own core functions, on the SQLite store, with the app's columnar mirror
    (core/columnar.py) prepared as the window prepares it (ANALYTICS_OURS_MIRROR=0: without)."""

    def __init__(self, db: Path) -> None:
        self.db = db

    def build(self) -> dict[str, Any]:
        from sqlalchemy.orm import Session

        from forge_desktop.core import columnar, database
        from forge_desktop.core.query import Condition, Op, Query

        self.engine = database.open_database(f"sqlite:///{self.db}")
        info: dict[str, Any] = {}
        if os.environ.get("ANALYTICS_OURS_MIRROR", "1") == "1":  # the app's columnar mirror
            start = time.perf_counter()
            mirror = columnar.prepare(self.engine)  # where the window keeps it: built once
            path = columnar.default_path(self.engine.url.render_as_string(hide_password=False))
            info["mirror_prepare_s"] = round(time.perf_counter() - start, 2)
            info["mirror"] = None if mirror is None else {
                "rows": mirror.rows, "file_mb": round(path.stat().st_size / 2**20, 1)}
        self.session = Session(self.engine)
        base = Query("financing")
        self.queries = {"all": base, "doe": base.adding(Condition("agency", Op.EQ, "DOE")),
                        "search": base.with_search(SEARCH)}
        return info

    def totals(self, scope: str, by: str, stack: str | None) -> dict[str, Any]:
        from forge_desktop.core import counting

        t = counting.totals(self.session, self.queries[scope], by, stack=stack)
        return {
            "groups": _sorted((g.key, g.amount_usd, g.records, g.non_monetary) for g in t.groups),
            "segments": _sorted((g.key, s.key, s.amount_usd, s.records, s.non_monetary)
                                for g in t.groups for s in g.segments),
            "overall": [t.amount_usd, t.records, t.counted, t.non_monetary],
            "excluded": sorted(t.aggregates_excluded),
            "conditional": None if t.conditional is None else
            [t.conditional.amount_usd, t.conditional.records],
        }

    def pivot(self, scope: str, rows: tuple[str, ...], cols: tuple[str, ...]) -> dict[str, Any]:
        from forge_desktop.core.pivot import pivot

        p = pivot(self.session, self.queries[scope], rows, cols)
        t = p.totals
        return {"cells": _sorted((list(r), list(c), cell.amount_usd, cell.records, cell.non_monetary)
                                 for (r, c), cell in p.cells.items()),
                "overall": [t.amount_usd, t.records, t.counted, t.non_monetary]}

    def facet(self, scope: str, by: str) -> list[list[Any]]:
        from forge_desktop.core import facets

        return _sorted((v.key, v.count) for v in facets.facet_counts(self.session, self.queries[scope], by))


# --------------------------------------------------------------------------- the mirror's layout
#
# Every engine but ours reads the same three narrow tables, keyed by k (the store's rowid):
#   fx   one row per record: the columns analytics read (+ search_text where the engine
#        searches itself);
#   fxm  fx LEFT JOIN its minerals, pre-joined: a row per record and mineral, and one with
#        mineral_id NULL for a record that names none (the "(none)" group);
#   fxc  the same per record and country (distinct: a record in two states of one country
#        counts once there).
# A total by a list column is then a plain GROUP BY over fxm or fxc, no join at query time.

FACT = ("k", "agency", "stage", "instrument", "year", "amount_usd", "amount_qualifier", "is_aggregate")
FX_COLUMNS = ("k", "id", "agency", "stage", "instrument", "year", "amount_usd", "amount_qualifier",
              "is_aggregate", "parent_id", "search_text")
FX_SELECT = ("SELECT rowid, id, agency, stage, instrument, substr(date, 1, 4), amount_usd, "
             "amount_qualifier, is_aggregate, parent_id, search_text FROM financing")
LINKS = {"minerals": ("fxm", "mineral_id"), "locations": ("fxc", "country_code")}


def prejoined_sql(link: str, source: str, fx: str = "fx") -> str:
    """SELECT of fxm or fxc from *fx* and the link rows in *source* (columns k and the value),
    in SQL both SQLite and DuckDB read."""
    _table, value = LINKS[link]
    columns = ", ".join(f"f.{c}" for c in FACT)
    return f"SELECT {columns}, l.{value} FROM {fx} f LEFT JOIN {source} l ON l.k = f.k"


# --------------------------------------------------------------------------- the rules in SQL


# sum() skips NULL and is NULL when nothing has an amount: what the rules ask of a group.
MEASURES = "sum(fx.amount_usd), count(*), count(*) - count(fx.amount_usd)"
DIMENSIONS = {"agency": "fx.agency", "stage": "fx.stage", "instrument": "fx.instrument",
              "year": "fx.year", "minerals": "fx.mineral_id", "locations": "fx.country_code"}


def table_for(dims: Sequence[str]) -> str:
    """The narrow table a grouping reads, named fx whichever it is (one list column at most)."""
    lists = [LINKS[d][0] for d in dims if d in LINKS]
    if len(lists) > 1:
        raise ValueError("one list column per grouping")
    return f"{lists[0]} AS fx" if lists else "fx"


class RulesSQL:
    """The counting rules (counting.py) over fx, fxm and fxc in SQL that SQLite and DuckDB
    both read. Subclasses give ``rows(sql)``, ``where`` (scope → a condition on fx) and
    ``match(scope)``, which finds a search's records once for all the views."""

    where: dict[str, str]

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def match(self, scope: str) -> int:
        """Find the scope's records once (a search's), for every view after it; their count."""
        return self.rows(f"SELECT count(*) FROM fx WHERE {self.where[scope]}")[0][0]

    def aggregates(self, where: str) -> list[tuple[int, str]]:
        """(k, id) of the matching aggregates: few, found from their own index first."""
        return self.rows(f"SELECT fx.k, fx.id FROM fx WHERE fx.k IN "
                         f"(SELECT a.k FROM fx a WHERE a.is_aggregate) AND {where}")

    def excluded(self, where: str) -> list[tuple[int, str]]:
        """(k, id) of the matching aggregates with a matching part: left out of every total.
        Aggregates are few: found first, then only their parts are looked at."""
        aggregates = self.aggregates(where)
        if not aggregates:
            return []
        ids = ", ".join(f"'{i}'" for _k, i in aggregates)
        parents = {p for (p,) in self.rows(
            f"SELECT DISTINCT fx.parent_id FROM fx WHERE fx.parent_id IN ({ids}) AND {where}")}
        return sorted((k, i) for k, i in aggregates if i in parents)

    @staticmethod
    def counted(where: str, excluded: list[tuple[int, str]]) -> str:
        if not excluded:
            return where
        return f"{where} AND fx.k NOT IN ({', '.join(str(k) for k, _i in excluded)})"

    def sums(self, counted: str, dims: Sequence[str]) -> dict[tuple[Any, ...], list[Any]]:
        keys = [DIMENSIONS[d] for d in dims]
        group = f" GROUP BY {', '.join(keys)}" if keys else ""
        found = self.rows(f"SELECT {', '.join([*keys, MEASURES])} FROM {table_for(dims)} "
                          f"WHERE {counted}{group}")
        n = len(dims)
        return {tuple(r[:n]): [_int(r[n]), r[n + 1], _int(r[n + 2])] for r in found if r[n + 1]}

    def conditional(self, counted: str) -> list[int] | None:
        n, amount = self.rows(f"SELECT count(*), sum(fx.amount_usd) FROM fx "
                              f"WHERE {counted} AND fx.amount_qualifier = 'conditional'")[0]
        return [int(amount or 0), n] if n else None

    def _overall(self, counted: str, excluded: list[tuple[int, str]]) -> list[Any]:
        amount, counted_rows, no_amount = self.sums(counted, []).get((), [None, 0, 0])
        return [amount, counted_rows + len(excluded), counted_rows, no_amount]

    def totals(self, scope: str, by: str, stack: str | None) -> dict[str, Any]:
        where = self.where[scope]
        excluded = self.excluded(where)
        counted = self.counted(where, excluded)
        return {
            "groups": _sorted((*k, *v) for k, v in self.sums(counted, [by]).items()),
            "segments": _sorted((*k, *v) for k, v in self.sums(counted, [by, stack]).items())
            if stack else [],
            "overall": self._overall(counted, excluded),
            "excluded": sorted(i for _k, i in excluded),
            "conditional": self.conditional(counted),
        }

    def pivot(self, scope: str, rows: tuple[str, ...], cols: tuple[str, ...]) -> dict[str, Any]:
        where = self.where[scope]
        excluded = self.excluded(where)
        counted = self.counted(where, excluded)
        cells = []
        for r in range(len(rows) + 1):
            for c in range(len(cols) + 1):
                for keys, v in self.sums(counted, [*rows[:r], *cols[:c]]).items():
                    cells.append((list(keys[:r]), list(keys[r:]), *v))
        return {"cells": _sorted(cells), "overall": self._overall(counted, excluded)}

    def facet(self, scope: str, by: str) -> list[list[Any]]:
        """Plain row counts (aggregates included), as facets.py counts them."""
        key = DIMENSIONS[by]
        present = f" AND {key} IS NOT NULL" if by in LINKS else ""  # "(none)" is no facet value
        return _sorted(self.rows(f"SELECT {key}, count(*) FROM {table_for([by])} "
                                 f"WHERE {self.where[scope]}{present} GROUP BY {key}"))


class SqliteNarrow(RulesSQL):
    """Narrow pre-joined tables with integer keys, in a side file that ATTACHes the store
    (in the app they would live in the store itself, kept by its writes)."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.path = db.with_suffix(".narrow.sqlite")

    def build(self) -> dict[str, Any]:
        info = self.create()
        info["sync_ms"] = self.sync_ms()
        return info

    def create(self) -> dict[str, Any]:
        self.path.unlink(missing_ok=True)
        start = time.perf_counter()
        con = sqlite3.connect(self.path, isolation_level=None)
        con.execute(f"ATTACH DATABASE '{self.db}' AS store")
        con.executescript(f"""
            PRAGMA journal_mode = OFF;
            BEGIN;
            CREATE TABLE fx (k INTEGER PRIMARY KEY, id TEXT NOT NULL, agency TEXT, stage TEXT,
                instrument TEXT, year TEXT, amount_usd INTEGER, amount_qualifier TEXT,
                is_aggregate INTEGER, parent_id TEXT);
            INSERT INTO fx SELECT rowid, id, agency, stage, instrument, substr(date, 1, 4),
                amount_usd, amount_qualifier, is_aggregate, parent_id FROM store.financing;
            CREATE TEMP TABLE minerals AS SELECT f.rowid AS k, l.mineral_id
                FROM store.financing_minerals l JOIN store.financing f ON f.id = l.financing_id;
            CREATE INDEX temp.minerals_k ON minerals (k);
            CREATE TEMP TABLE countries AS SELECT DISTINCT f.rowid AS k, l.country_code
                FROM store.financing_locations l JOIN store.financing f ON f.id = l.financing_id;
            CREATE INDEX temp.countries_k ON countries (k);
            CREATE TABLE fxm AS {prejoined_sql("minerals", "temp.minerals")};
            CREATE TABLE fxc AS {prejoined_sql("locations", "temp.countries")};
            -- Covering indexes: a GROUP BY reads one index, never the table, with the agency
            -- in it so the agency filter stays covered (any other filter reads the table).
            CREATE INDEX fx_agency ON fx (agency, stage, year, amount_usd);
            CREATE INDEX fx_stage ON fx (stage, agency, amount_usd);
            CREATE INDEX fx_instrument ON fx (instrument, agency, amount_usd);
            CREATE INDEX fx_year ON fx (year, agency, amount_usd);
            CREATE INDEX fx_amount ON fx (amount_usd, agency);
            CREATE INDEX fx_conditional ON fx (amount_qualifier, amount_usd);
            CREATE INDEX fx_aggregate ON fx (k, id) WHERE is_aggregate;
            CREATE INDEX fx_parent ON fx (parent_id) WHERE parent_id IS NOT NULL;
            CREATE INDEX fxm_value ON fxm (mineral_id, agency, stage, amount_usd);
            CREATE INDEX fxm_k ON fxm (k);
            CREATE INDEX fxc_value ON fxc (country_code, agency, stage, amount_usd);
            CREATE INDEX fxc_k ON fxc (k);
            COMMIT;
            ANALYZE;
        """)
        con.close()
        build_s = time.perf_counter() - start
        self.con = sqlite3.connect(self.path)
        self.con.execute(f"ATTACH DATABASE '{self.db}' AS store")
        self.where = {"all": "1", "doe": "fx.agency = 'DOE'", "search": "fx.k IN (SELECT k FROM temp.matched)"}
        return {"build_s": round(build_s, 2), "file_mb": round(self.path.stat().st_size / 2**20, 1)}

    def match(self, scope: str) -> int:
        """A search: the store's full-text index finds the rowids (k) once, into a temporary
        table every view of the search reads."""
        if scope != "search":
            return super().match(scope)
        from sqlalchemy.dialects import sqlite as sqlite_dialect

        from forge_desktop.core.query import Query, where_clause

        search = where_clause(Query("financing").with_search(SEARCH)).compile(
            dialect=sqlite_dialect.dialect(), compile_kwargs={"literal_binds": True})
        with self.con:
            self.con.execute("DROP TABLE IF EXISTS temp.matched")
            self.con.execute("CREATE TEMP TABLE matched (k INTEGER PRIMARY KEY)")
            self.con.execute(f"INSERT INTO temp.matched SELECT financing.rowid FROM store.financing "
                             f"WHERE {search} ORDER BY 1")
        return self.rows("SELECT count(*) FROM temp.matched")[0][0]

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self.con.execute(sql).fetchall()

    def sync_ms(self) -> float:
        """Re-read SYNC_RECORDS records (as after an edit or an import) into the narrow tables."""
        keys = ", ".join(map(str, sample_keys(self.db)))
        start = time.perf_counter()
        with self.con:
            self.resync(keys)
        return round((time.perf_counter() - start) * 1000, 1)

    def resync(self, keys: str) -> None:
        """The records *keys* (rowids, listed) read again from the store, in the caller's
        transaction."""
        for table in ("fxm", "fxc", "fx"):
            self.con.execute(f"DELETE FROM {table} WHERE k IN ({keys})")
        self.con.execute(f"INSERT INTO fx SELECT rowid, id, agency, stage, instrument, "
                         f"substr(date, 1, 4), amount_usd, amount_qualifier, is_aggregate, "
                         f"parent_id FROM store.financing WHERE rowid IN ({keys})")
        changed = f"(SELECT * FROM fx WHERE k IN ({keys}))"
        minerals = (f"(SELECT f.rowid AS k, l.mineral_id FROM store.financing f JOIN "
                    f"store.financing_minerals l ON l.financing_id = f.id WHERE f.rowid IN ({keys}))")
        countries = (f"(SELECT DISTINCT f.rowid AS k, l.country_code FROM store.financing f JOIN "
                     f"store.financing_locations l ON l.financing_id = f.id WHERE f.rowid IN ({keys}))")
        self.con.execute(f"INSERT INTO fxm {prejoined_sql('minerals', minerals, changed)}")
        self.con.execute(f"INSERT INTO fxc {prejoined_sql('locations', countries, changed)}")


class SqliteRollup(SqliteNarrow):
    """Rollups on top of the narrow tables: sums per combination of the few categorical
    columns (and per mineral, per country), aggregates apart. They answer the unfiltered
    views and filters on those columns only; anything else (a search, an amount range, a
    recipient) falls back to the narrow tables."""

    ROLLED = ("agency", "stage", "instrument", "year")
    ROLLUPS = (("r", "fx", ""), ("rm", "fxm", "mineral_id, "), ("rc", "fxc", "country_code, "))
    scope, rolled = "all", False

    def create(self) -> dict[str, Any]:
        info = super().create()
        start = time.perf_counter()
        with self.con:
            for table, source, extra in self.ROLLUPS:
                self.con.execute(f"CREATE TABLE {table} AS {self.rolled_up(source, extra)}")
        info["rollup_build_s"] = round(time.perf_counter() - start, 2)
        info["rollup_rows"] = {t: self.rows(f"SELECT count(*) FROM {t}")[0][0] for t, _s, _e in self.ROLLUPS}
        return info

    def rolled_up(self, source: str, extra: str, keys: str | None = None, sign: int = 1) -> str:
        """The sums of *source* per rolled-up combination (of the records *keys* only, times
        *sign*: a rollup is kept by adding rows, minus the old values, plus the new)."""
        dims = f"{extra}{', '.join(self.ROLLED)}, is_aggregate, amount_qualifier = 'conditional'"
        where = f" WHERE k IN ({keys})" if keys else ""
        return (f"SELECT {dims} AS conditional, {sign} * sum(amount_usd) AS usd, {sign} * count(*) AS n, "
                f"{sign} * (count(*) - count(amount_usd)) AS none FROM {source}{where} GROUP BY {dims}")

    @staticmethod
    def scope_rolled(scope: str) -> bool:
        return scope in ("all", "doe")  # conditions on rolled-up columns only

    @staticmethod
    def rollup_of(dims: Sequence[str]) -> str:
        return {"fxm": "rm", "fxc": "rc", "fx": "r"}[table_for(dims).split()[0]]

    def sums(self, counted: str, dims: Sequence[str]) -> dict[tuple[Any, ...], list[Any]]:
        if not self.rolled:
            return super().sums(counted, dims)
        # The rollup holds every record but the aggregates; the aggregates the rules keep
        # (no matching part listed) are few, and added from the narrow tables.
        keys = [DIMENSIONS[d] for d in dims]
        group = f" GROUP BY {', '.join(keys)}" if keys else ""
        found = self.rows(f"SELECT {', '.join([*keys, 'sum(fx.usd), sum(fx.n), sum(fx.none)'])} "
                          f"FROM {self.rollup_of(dims)} AS fx "
                          f"WHERE {self.where[self.scope]} AND NOT fx.is_aggregate{group}")
        n = len(dims)
        result = {tuple(r[:n]): [_int(r[n]), r[n + 1], _int(r[n + 2])] for r in found if r[n + 1]}
        kept = self.kept_aggregates()
        if kept:
            for key, (amount, records, none) in super().sums(f"fx.k IN ({kept})", dims).items():
                old = result.setdefault(key, [None, 0, 0])
                old[0] = amount if old[0] is None else old[0] + (amount or 0)
                old[1] += records
                old[2] += none
        for sums in result.values():  # a group left with records without an amount only
            if sums[1] == sums[2]:
                sums[0] = None
        return result

    def kept_aggregates(self) -> str:
        """The matching aggregates the rules count (none of their parts among the rows),
        listed: the rollup leaves every aggregate out."""
        where = self.where[self.scope]
        excluded = {k for k, _i in self.excluded(where)}
        return ", ".join(str(k) for k, _i in self.aggregates(where) if k not in excluded)

    def conditional(self, counted: str) -> list[int] | None:
        if not self.rolled:
            return super().conditional(counted)
        n, amount = self.rows(f"SELECT sum(fx.n), sum(fx.usd) FROM r AS fx WHERE {self.where[self.scope]} "
                              f"AND NOT fx.is_aggregate AND fx.conditional")[0]
        kept = self.kept_aggregates()
        extra = (super().conditional(f"fx.k IN ({kept})") if kept else None) or [0, 0]
        n, amount = (n or 0) + extra[1], (amount or 0) + extra[0]
        return [amount, n] if n else None

    def totals(self, scope: str, by: str, stack: str | None) -> dict[str, Any]:
        self.scope, self.rolled = scope, self.scope_rolled(scope)
        return super().totals(scope, by, stack)

    def pivot(self, scope: str, rows: tuple[str, ...], cols: tuple[str, ...]) -> dict[str, Any]:
        self.scope, self.rolled = scope, self.scope_rolled(scope)
        return super().pivot(scope, rows, cols)

    def facet(self, scope: str, by: str) -> list[list[Any]]:
        if not self.scope_rolled(scope):
            return super().facet(scope, by)
        key = DIMENSIONS[by]
        present = f" AND {key} IS NOT NULL" if by in LINKS else ""
        return _sorted(self.rows(f"SELECT {key}, sum(fx.n) FROM {self.rollup_of([by])} AS fx "
                                 f"WHERE {self.where[scope]}{present} GROUP BY {key} HAVING sum(fx.n) > 0"))

    def resync(self, keys: str) -> None:
        """The records read again, and the rollups kept in step by rows added to them: the
        records' old sums subtracted, their new ones added (groups sum the rows; a rebuild
        now and then would fold them up)."""
        for table, source, extra in self.ROLLUPS:
            self.con.execute(f"INSERT INTO {table} {self.rolled_up(source, extra, keys, -1)}")
        super().resync(keys)
        for table, source, extra in self.ROLLUPS:
            self.con.execute(f"INSERT INTO {table} {self.rolled_up(source, extra, keys)}")


# --------------------------------------------------------------------------- reading the store


def stream_store(db: Path, keys: Sequence[int] | None = None) -> Iterator[tuple[str, Any]]:
    """The fact tables as Arrow record batches, read with Python's sqlite3: what a mirror is
    loaded from (with *keys*, those records only), as ("fx" | "minerals" | "countries",
    batch). The link rows keep the record's text id; the mirror maps it to k by a join."""
    import pyarrow as pa

    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    where = link_where = ""
    if keys is not None:
        where = f"WHERE rowid IN ({', '.join(map(str, keys))})"
        link_where = f"WHERE financing_id IN (SELECT id FROM financing {where})"
    text = pa.string()
    queries = {
        "fx": (f"{FX_SELECT} {where}", pa.schema(list(zip(FX_COLUMNS, (
            pa.int64(), text, text, text, text, text, pa.int64(), text, pa.bool_(), text, text), strict=True)))),
        "minerals": (f"SELECT financing_id, mineral_id FROM financing_minerals {link_where}",
                     pa.schema([("id", text), ("mineral_id", text)])),
        "countries": (f"SELECT DISTINCT financing_id, country_code FROM financing_locations {link_where}",
                      pa.schema([("id", text), ("country_code", text)])),
    }
    try:
        for name, (sql, schema) in queries.items():
            cursor = con.execute(sql)
            while batch := cursor.fetchmany(STREAM_BATCH):
                columns = list(zip(*batch, strict=True))
                arrays = [pa.array(c, type=pa.int8()).cast(f.type) if f.type == pa.bool_()  # SQLite's 0 and 1
                          else pa.array(c, type=f.type) for c, f in zip(columns, schema, strict=True)]
                yield name, pa.record_batch(arrays, schema=schema)
    finally:
        con.close()


def read_store(db: Path, keys: Sequence[int] | None = None) -> dict[str, Any]:
    """:func:`stream_store` gathered into one Arrow table per name (for polars)."""
    import pyarrow as pa

    batches: dict[str, list[Any]] = {"fx": [], "minerals": [], "countries": []}
    for name, batch in stream_store(db, keys):
        batches[name].append(batch)
    return {name: pa.Table.from_batches(found) if found else None for name, found in batches.items()}


def sample_keys(db: Path) -> list[int]:
    """SYNC_RECORDS records' rowids, the same ones for every engine."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    (last,) = con.execute("SELECT max(rowid) FROM financing").fetchone()
    con.close()
    return random.Random(1).sample(range(1, last + 1), min(SYNC_RECORDS, last))


# The search as the app's: every word found where a word starts (search.py), here by LIKE
# then a regular expression over the folded search_text.
SEARCH_PREDICATE = (f"search_text LIKE '%{SEARCH}%' AND "
                    f"regexp_matches(search_text, '(^|[^{WORD_CLASS}]){SEARCH}')")


def _duckdb_settings(con: Any) -> None:
    # Never reach for the network: an unknown function must fail, not install an extension.
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    if limit := os.environ.get("ANALYTICS_DUCKDB_MEMORY_LIMIT"):  # --duckdb-memory-limit
        con.execute(f"SET memory_limit = '{limit}'")


class DuckMirror(RulesSQL):
    """The columnar mirror in DuckDB: in memory, or a file (written, or opened as it is)."""

    def __init__(self, db: Path, mode: str) -> None:
        self.db, self.mode = db, mode  # "mem", "disk_build" or "disk"
        self.path = db.with_suffix(".duckdb")
        self.where = {"all": "true", "doe": "fx.agency = 'DOE'", "search": "fx.k IN (SELECT k FROM matched)"}

    def build(self) -> dict[str, Any]:
        import duckdb

        info: dict[str, Any] = {}
        if self.mode == "disk":
            start = time.perf_counter()
            self.con = duckdb.connect(str(self.path))
            _duckdb_settings(self.con)
            self.rows("SELECT count(*) FROM fx")
            info["open_s"] = round(time.perf_counter() - start, 3)
            info["file_mb"] = round(self.path.stat().st_size / 2**20, 1)
            info["lock"] = second_process_opens(self.path, self.con)
            self.con = duckdb.connect(str(self.path))
            _duckdb_settings(self.con)
            return info
        if self.mode == "disk_build":
            for p in (self.path, self.path.with_suffix(".duckdb.wal")):
                p.unlink(missing_ok=True)
        start = time.perf_counter()
        self.con = duckdb.connect(":memory:" if self.mode == "mem" else str(self.path))
        _duckdb_settings(self.con)
        self.con.execute("CREATE TABLE fx (k BIGINT, id VARCHAR, agency VARCHAR, stage VARCHAR, "
                         "instrument VARCHAR, year VARCHAR, amount_usd BIGINT, amount_qualifier VARCHAR, "
                         "is_aggregate BOOLEAN, parent_id VARCHAR, search_text VARCHAR)")
        self.load(None)
        info["build_s"] = round(time.perf_counter() - start, 2)
        info["rss_peak_during_build_mb"] = peak_mb()
        if self.mode == "disk_build":
            self.con.execute("CHECKPOINT")
            info["file_mb"] = round(self.path.stat().st_size / 2**20, 1)
        info["sync_ms"] = self.sync_ms()
        info["duckdb_memory_mb"] = round(self.rows(
            "SELECT sum(memory_usage_bytes) FROM duckdb_memory()")[0][0] / 2**20, 1)
        return info

    def load(self, keys: Sequence[int] | None) -> None:
        """The store's rows (*keys*: those records; None: all, into an empty fx) streamed into
        fx batch by batch, and fxm / fxc pre-joined from them: the Python side holds one
        batch at a time, never the table."""
        self.con.execute("CREATE OR REPLACE TEMP TABLE new_fx AS SELECT * FROM fx LIMIT 0")
        self.con.execute("CREATE OR REPLACE TEMP TABLE new_minerals (id VARCHAR, mineral_id VARCHAR)")
        self.con.execute("CREATE OR REPLACE TEMP TABLE new_countries (id VARCHAR, country_code VARCHAR)")
        for name, batch in stream_store(self.db, keys):
            self.con.register("batch", batch)
            target = "fx" if keys is None and name == "fx" else f"new_{name}"
            self.con.execute(f"INSERT INTO {target} SELECT * FROM batch")
            self.con.unregister("batch")
        source = "fx" if keys is None else "new_fx"
        minerals = f"(SELECT f.k, l.mineral_id FROM new_minerals l JOIN {source} f ON f.id = l.id)"
        countries = f"(SELECT f.k, l.country_code FROM new_countries l JOIN {source} f ON f.id = l.id)"
        if keys is None:
            self.con.execute(f"CREATE OR REPLACE TABLE fxm AS {prejoined_sql('minerals', minerals)}")
            self.con.execute(f"CREATE OR REPLACE TABLE fxc AS {prejoined_sql('locations', countries)}")
        else:
            self.con.execute("INSERT INTO fx SELECT * FROM new_fx")
            self.con.execute(f"INSERT INTO fxm {prejoined_sql('minerals', minerals, 'new_fx')}")
            self.con.execute(f"INSERT INTO fxc {prejoined_sql('locations', countries, 'new_fx')}")
        for name in ("new_fx", "new_minerals", "new_countries"):
            self.con.execute(f"DROP TABLE {name}")

    def match(self, scope: str) -> int:
        """A search: its records found once (a scan of search_text), for every view of it."""
        if scope != "search":
            return super().match(scope)
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE matched AS SELECT k FROM fx WHERE {SEARCH_PREDICATE}")
        return self.rows("SELECT count(*) FROM matched")[0][0]

    def sync_ms(self) -> float:
        """Re-read SYNC_RECORDS records from the store into the mirror (delete, insert), as
        after an edit or an import that touched them."""
        keys = sample_keys(self.db)
        listed = ", ".join(map(str, keys))
        start = time.perf_counter()
        self.con.execute("BEGIN")
        for table in ("fxm", "fxc", "fx"):
            self.con.execute(f"DELETE FROM {table} WHERE k IN ({listed})")
        self.load(keys)
        self.con.execute("COMMIT")
        return round((time.perf_counter() - start) * 1000, 1)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self.con.execute(sql).fetchall()


def second_process_opens(path: Path, con: Any) -> dict[str, str]:
    """What another process (the CLI beside the GUI) gets opening the file this one holds:
    read-write here, then read-only here."""
    import duckdb

    def other(mode: str) -> str:
        code = f"import duckdb; duckdb.connect({str(path)!r}, {mode}).execute('select count(*) from fx')"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        return "ok" if done.returncode == 0 else done.stderr.strip().splitlines()[-1][:120]

    found = {f"held read-write, other {m}": other(m) for m in ("read_only=True", "read_only=False")}
    con.close()
    held = duckdb.connect(str(path), read_only=True)
    found.update({f"held read-only, other {m}": other(m) for m in ("read_only=True", "read_only=False")})
    held.close()
    return found


# --------------------------------------------------------------------------- polars


class Polars:
    """The same rules over polars frames held in the process (fx, and fxm / fxc pre-joined)."""

    KEYS: ClassVar[dict[str, str]] = {"minerals": "mineral_id", "locations": "country_code"}

    def __init__(self, db: Path) -> None:
        self.db = db

    def build(self) -> dict[str, Any]:
        import polars as pl

        start = time.perf_counter()
        tables = read_store(self.db)
        self.fx = pl.from_arrow(tables["fx"])
        keys, fact = self.fx.select("k", "id"), self.fx.select(*FACT)
        self.frames = {"fx": self.fx}
        for link, arrow in (("minerals", tables["minerals"]), ("locations", tables["countries"])):
            values = pl.from_arrow(arrow).join(keys, on="id").drop("id")
            self.frames[link] = fact.join(values, on="k", how="left")
        del tables
        self.where = {"all": pl.lit(True), "doe": pl.col("agency") == "DOE", "search": pl.lit(False)}
        return {"build_s": round(time.perf_counter() - start, 2),
                "frames_mb": round(sum(f.estimated_size() for f in self.frames.values()) / 2**20, 1)}

    def match(self, scope: str) -> int:
        import polars as pl

        if scope == "search":
            found = self.fx.filter(pl.col("search_text").str.contains(f"(^|[^{WORD_CLASS}]){SEARCH}"))["k"]
            self.where["search"] = pl.col("k").is_in(found.implode())
        return self.fx.filter(self.where[scope]).height

    def _counted(self, scope: str) -> tuple[list[int], int, list[str]]:
        """The keys of the aggregates left out, the matching records, and the left-out ids."""
        import polars as pl

        matching = self.fx.filter(self.where[scope])
        aggregates = matching.filter(pl.col("is_aggregate")).select("k", "id")
        excluded = []
        if aggregates.height:
            with_parts = set(matching.filter(pl.col("parent_id").is_in(aggregates["id"].implode()))["parent_id"])
            excluded = sorted((i, k) for k, i in aggregates.iter_rows() if i in with_parts)
        return [k for _i, k in excluded], matching.height, [i for i, _k in excluded]

    def _sums(self, scope: str, excluded: list[int], dims: Sequence[str]) -> dict[tuple[Any, ...], list[Any]]:
        import polars as pl

        lists = [d for d in dims if d in self.KEYS]
        frame = self.frames[lists[0]] if lists else self.fx
        frame = frame.filter(self.where[scope] & ~pl.col("k").is_in(pl.Series(excluded, dtype=pl.Int64).implode()))
        keys = [self.KEYS.get(d, d) for d in dims]
        amount = pl.col("amount_usd")
        measures = [pl.when(amount.count() > 0).then(amount.sum()).otherwise(None).alias("usd"),
                    pl.len().alias("n"), amount.null_count().alias("none")]
        grouped = frame.group_by(keys).agg(measures) if keys else frame.select(measures)
        return {tuple(r[:len(keys)]): [r[-3], r[-2], r[-1]] for r in grouped.iter_rows() if r[-2]}

    def _overall(self, scope: str, excluded: list[int], records: int) -> list[Any]:
        amount, n, none = self._sums(scope, excluded, []).get((), [None, 0, 0])
        return [amount, records, n, none]

    def totals(self, scope: str, by: str, stack: str | None) -> dict[str, Any]:
        import polars as pl

        excluded, records, excluded_ids = self._counted(scope)
        conditional = self.fx.filter(self.where[scope] & (pl.col("amount_qualifier") == "conditional")
                                     & ~pl.col("k").is_in(pl.Series(excluded, dtype=pl.Int64).implode()))
        return {
            "groups": _sorted((*k, *v) for k, v in self._sums(scope, excluded, [by]).items()),
            "segments": _sorted((*k, *v) for k, v in self._sums(scope, excluded, [by, stack]).items())
            if stack else [],
            "overall": self._overall(scope, excluded, records),
            "excluded": excluded_ids,
            "conditional": [int(conditional["amount_usd"].sum()), conditional.height]
            if conditional.height else None,
        }

    def pivot(self, scope: str, rows: tuple[str, ...], cols: tuple[str, ...]) -> dict[str, Any]:
        excluded, records, _ids = self._counted(scope)
        cells = []
        for r in range(len(rows) + 1):
            for c in range(len(cols) + 1):
                for keys, v in self._sums(scope, excluded, [*rows[:r], *cols[:c]]).items():
                    cells.append((list(keys[:r]), list(keys[r:]), *v))
        return {"cells": _sorted(cells), "overall": self._overall(scope, excluded, records)}

    def facet(self, scope: str, by: str) -> list[list[Any]]:
        import polars as pl

        if by in self.KEYS:
            key = self.KEYS[by]
            frame = self.frames[by].filter(self.where[scope] & pl.col(key).is_not_null())
            return _sorted(frame.group_by(key).len().iter_rows())
        return _sorted(self.fx.filter(self.where[scope]).group_by(by).len().iter_rows())


# --------------------------------------------------------------------------- one engine's run


def make_engine(name: str, db: Path) -> Any:
    if name == "ours":
        return Ours(db)
    if name == "sqlite_narrow":
        return SqliteNarrow(db)
    if name == "sqlite_rollup":
        return SqliteRollup(db)
    if name.startswith("duckdb_"):
        return DuckMirror(db, name.removeprefix("duckdb_"))
    if name == "polars":
        return Polars(db)
    raise SystemExit(f"unknown engine {name!r}; choose from {', '.join(ENGINES)}")


def timed(fn: Callable[[], Any], repeat: int) -> tuple[Any, dict[str, Any]]:
    """*fn*'s result, and its wall-clock time over *repeat* runs after a warm-up (kept apart
    as "first"), with the process's CPU time beside it: other work on the machine stretches
    the wall clock, hardly the CPU time of a single-threaded engine."""
    start = time.perf_counter()
    result = fn()
    first = time.perf_counter() - start
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(round((time.perf_counter() - start) * 1000, 1))
        cpu.append(round((time.process_time() - start_cpu) * 1000, 1))
    return result, {"first": round(first * 1000, 1), "median": round(statistics.median(wall), 1),
                    "min": min(wall), "max": max(wall), "samples": wall,
                    "cpu_median": round(statistics.median(cpu), 1)}


def run_worker(name: str, db: Path, repeat: int, scopes: Sequence[str], views: Sequence[str]) -> dict[str, Any]:
    """One engine in this process: build (or open) it, then every view in every scope."""
    if name.startswith("duckdb"):
        import duckdb  # noqa: F401  (imported before the baseline, as the app would at start)
    if name == "polars":
        import polars  # noqa: F401
    if name != "ours":
        import pyarrow  # noqa: F401
    else:
        import forge_desktop.core.counting  # noqa: F401
    baseline = rss_mb()
    engine = make_engine(name, db)
    info = engine.build()
    info.update(rss_baseline_mb=baseline, rss_built_mb=rss_mb())
    report: dict[str, Any] = {"engine": name, "info": info, "views": {}}
    if name == "duckdb_disk_build":
        return report  # the file is written; duckdb_disk measures it in a new process
    info["load_average_before"] = os.getloadavg()
    for scope in scopes:
        if scope == "search" and name != "ours":  # ours searches again in every query
            matched, times = timed(lambda scope=scope: engine.match(scope), repeat)
            report["views"][f"{scope}|{MATCH}"] = {"times": times, "result": matched}
        elif name != "ours":
            engine.match(scope)
        for view, kind, args in VIEWS:
            if view not in views:
                continue
            result, times = timed(lambda kind=kind, args=args, scope=scope:
                                  getattr(engine, kind)(scope, *args), repeat)
            report["views"][f"{scope}|{view}"] = {"times": times, "result": result}
            print(f"  {name:14} {SCOPES[scope]:18} {view:28} {times['median']:9.1f} ms "
                  f"({times['min']}–{times['max']})", file=sys.stderr, flush=True)
    info.update(rss_after_queries_mb=rss_mb(), rss_peak_mb=peak_mb(),
                load_average_after=os.getloadavg())
    if name.startswith("duckdb"):
        info["duckdb_memory_after_queries_mb"] = round(engine.rows(
            "SELECT sum(memory_usage_bytes) FROM duckdb_memory()")[0][0] / 2**20, 1)
    return report


# --------------------------------------------------------------------------- the comparison


def _cell(times: dict[str, float] | None) -> str:
    if times is None:
        return "—"
    return f"{times['median']:,.0f} ({times['min']:,.0f}–{times['max']:,.0f})" if times["median"] >= 10 \
        else f"{times['median']:.1f} ({times['min']:.1f}–{times['max']:.1f})"


def summarise(reports: dict[str, dict[str, Any]], scopes: Sequence[str]) -> str:
    """A markdown table: every engine's median (min–max) wall-clock ms per view, each SQLite
    engine's ratio to the quicker DuckDB mirror, and whether every engine's numbers equal ours."""
    names = [n for n in ENGINES if reports.get(n, {}).get("views")]
    reference = "ours" if "ours" in names else names[0]
    ducks = [n for n in ("duckdb_disk", "duckdb_mem") if n in names]
    compared = [n for n in ("ours", "sqlite_narrow", "sqlite_rollup") if n in names] if ducks else []
    lines = ["| scope | view | " + " | ".join(f"{n} ms" for n in names)
             + "".join(f" | {n} ÷ DuckDB" for n in compared) + " | equal |",
             "|---|---|" + "---:|" * (len(names) + len(compared)) + "---|"]
    for scope in scopes:
        for view in [MATCH, *(v for v, _kind, _args in VIEWS)]:
            key = f"{scope}|{view}"
            if not any(key in reports[n]["views"] for n in names):
                continue
            row = [SCOPES[scope], view]
            row += [_cell(reports[n]["views"].get(key, {}).get("times")) for n in names]
            best = min((reports[d]["views"][key]["times"]["median"] for d in ducks
                        if key in reports[d]["views"]), default=None)
            for other in compared:
                found_times = reports[other]["views"].get(key, {}).get("times")
                row.append(f"{found_times['median'] / best:,.1f}×" if found_times and best else "—")
            found = {n: reports[n]["views"][key]["result"] for n in names if key in reports[n]["views"]}
            if view == MATCH and "ours" in names:  # ours: the records its totals counted
                found["ours"] = reports["ours"]["views"].get(
                    f"{scope}|totals by agency", {}).get("result", {}).get("overall", [0, None])[1]
            want = found.get(reference, next(iter(found.values())))
            differ = [n for n, result in found.items() if result != want]
            row.append(("yes" if len(found) > 1 else "—") if not differ else "NO: " + ", ".join(differ))
            lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    for n, r in reports.items():
        lines.append(f"- {n}: {json.dumps(r['info'], ensure_ascii=False)}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="default: /tmp/analytics-<rows>.sqlite")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--engines", default="ours,sqlite_narrow,sqlite_rollup,duckdb_mem,"
                                             "duckdb_disk_build,duckdb_disk,polars")
    parser.add_argument("--scopes", default=",".join(SCOPES))
    parser.add_argument("--views", help="names of VIEWS to run, comma-separated (default: all)")
    parser.add_argument("--duckdb-memory-limit", help="DuckDB's memory_limit, e.g. 1GB")
    parser.add_argument("--out", type=Path, help="write every figure and result as JSON here")
    parser.add_argument("--merge", type=Path, help="an earlier --out: its engines are kept, "
                                                   "those run now replace theirs")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    db = args.db or Path(f"/tmp/analytics-{args.rows}.sqlite")
    scopes = args.scopes.split(",")
    views = args.views.split(",") if args.views else [v for v, _k, _a in VIEWS]
    if args.duckdb_memory_limit:
        os.environ["ANALYTICS_DUCKDB_MEMORY_LIMIT"] = args.duckdb_memory_limit
    if args.worker:
        json.dump(run_worker(args.worker, db, args.repeat, scopes, views), sys.stdout, ensure_ascii=False)
        return
    if not db.exists():
        from benchmarks.synthetic import generate

        start = time.perf_counter()
        generate(db, args.rows)
        print(f"generated {args.rows:,} rows → {db} in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    reports = json.loads(args.merge.read_text()) if args.merge else {}
    for name in args.engines.split(","):
        print(f"{name} …", file=sys.stderr, flush=True)
        done = subprocess.run([sys.executable, "-m", "benchmarks.analytics_engines", "--worker", name,
                               "--db", str(db), "--repeat", str(args.repeat), "--scopes", args.scopes,
                               "--views", ",".join(views)],
                              stdout=subprocess.PIPE, text=True, check=True, env=os.environ)
        reports[name] = json.loads(done.stdout)
    if args.out:
        args.out.write_text(json.dumps(reports, ensure_ascii=False, indent=1))
    print(summarise(reports, scopes))


if __name__ == "__main__":
    main()
