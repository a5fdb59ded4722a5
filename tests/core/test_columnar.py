"""The columnar mirror gives the store's numbers exactly, and stays in step with it.

The oracle is the store's own SQL (the path every view took before the mirror): the same
database opened twice, once with the mirror attached and once without, asked the same
random queries (hypothesis) for every total, facet, pivot and map answer.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from forge_desktop.core import columnar, database
from forge_desktop.core.counting import group_column_names, totals
from forge_desktop.core.country_totals import country_totals
from forge_desktop.core.facets import FACETS, facet_counts
from forge_desktop.core.pivot import pivot
from forge_desktop.core.query import AnyOf, Condition, Op, Query
from forge_desktop.core.schema import Agency, Financing, Instrument, Qualifier, Stage
from forge_desktop.core.timeline import timeline

SCALAR_CONDITIONS = [
    *(Condition("agency", op, a.value) for a in Agency for op in (Op.EQ, Op.NE)),
    Condition("agency", Op.IN, ("EXIM", "dfc")),
    Condition("agency", Op.EQ, "NASA"),  # no such agency: nothing matches, in both
    Condition("agency", Op.CONTAINS, "x"),  # folded text: the store's part
    *(Condition("stage", Op.EQ, s.value) for s in Stage),
    Condition("stage", Op.IN, ("committed", "funded", "approved")),
    *(Condition("instrument", Op.EQ, i.value) for i in list(Instrument)[:6]),
    Condition("instrument", Op.NE, "equity"),
    *(Condition("amount_qualifier", Op.EQ, q.value) for q in Qualifier),
    Condition("amount_qualifier", Op.EMPTY),
    Condition("amount_usd", Op.GT, "100000000"), Condition("amount_usd", Op.LE, "50000000"),
    Condition("amount_usd", Op.BETWEEN, ("1000000", "1000000000")),
    Condition("amount_usd", Op.EMPTY), Condition("amount_usd", Op.NOTEMPTY),
    Condition("amount_usd", Op.NE, "0"), Condition("amount_usd", Op.IN, ("455000", "1000000000")),
    Condition("cofinancing_usd", Op.NOTEMPTY),
    Condition("date", Op.EQ, "2025"), Condition("date", Op.EQ, "2025-10"),
    Condition("date", Op.GE, "2025-06-01"), Condition("date", Op.LT, "2026"),
    Condition("date", Op.BETWEEN, ("2025-01", "2025-12")), Condition("date", Op.EMPTY),
    Condition("date", Op.NE, "2026-02"),
    Condition("is_aggregate", Op.EQ, "true"), Condition("is_aggregate", Op.EQ, "false"),
    Condition("parent_id", Op.EMPTY), Condition("parent_id", Op.EQ, "dfc-total"),
    Condition("parent_id", Op.NE, "exim-loi-total"),
    Condition("id", Op.IN, ("dfc-total", "exim-loi-total", "syn-0000007")),
    Condition("origin", Op.EQ, "curated"), Condition("origin", Op.NE, "imported"),
    Condition("recipient", Op.CONTAINS, "li"),  # not in the mirror: the store finds the ids
    Condition("summary", Op.CONTAINS, "loan"),
]
LIST_CONDITIONS = [
    Condition("minerals", Op.EQ, "lithium"), Condition("minerals", Op.EQ, "Литий"),
    Condition("minerals", Op.IN, ("cobalt", "nickel")), Condition("minerals", Op.NE, "copper"),
    Condition("minerals", Op.EMPTY), Condition("minerals", Op.NOTEMPTY),
    Condition("minerals", Op.CONTAINS, "li"), Condition("minerals", Op.STARTSWITH, "co"),
    Condition("locations", Op.EQ, "USA"), Condition("locations", Op.EQ, "Chile"),
    Condition("locations", Op.IN, ("AUS", "KOR", "Tennessee")),
    Condition("locations", Op.NE, "USA"), Condition("locations", Op.EMPTY),
    Condition("locations", Op.STARTSWITH, "a"),
    Condition("sources", Op.NOTEMPTY), Condition("sources", Op.CONTAINS, "state"),
    Condition("sources", Op.EQ, "syn-import-03"),
]
CONDITIONS = SCALAR_CONDITIONS + LIST_CONDITIONS
SEARCHES = ["", "", "lithium", "литий", "dfc", "synthetic record 1"]
GROUPS = group_column_names("financing")

condition = st.sampled_from(CONDITIONS)
a_filter = st.one_of(condition, st.lists(condition, min_size=2, max_size=3).map(
    lambda cs: AnyOf(tuple(cs))))
queries = st.builds(lambda filters, search: Query("financing", tuple(filters), search),
                    st.lists(a_filter, max_size=3), st.sampled_from(SEARCHES))


@pytest.fixture
def engines(db_url, tmp_path, engine_name):
    """The database twice: with the mirror attached, and without (the oracle). On SQLite a
    few thousand synthetic rows join the curated ones."""
    if engine_name == "sqlite":
        from benchmarks.synthetic import generate
        path = tmp_path / "synthetic.sqlite"
        generate(path, 3000)
        db_url = f"sqlite:///{path}"
    fast = database.open_database(db_url)
    plain = database.open_database(db_url)
    mirror = columnar.prepare(fast, path=tmp_path / "mirror.duckdb", min_rows=0)
    assert mirror is not None
    yield fast, plain
    columnar.detach(fast)
    fast.dispose()
    plain.dispose()


def both(engines, ask):
    fast, plain = engines
    with Session(fast) as s1, Session(plain) as s2:
        assert columnar.mirror_for(s1) is not None and columnar.mirror_for(s2) is None
        return ask(s1), ask(s2)


def places_as_sets(answer):
    return answer.totals, {k: set(v) for k, v in answer.places.items()}, answer.regions


@settings(max_examples=int(os.environ.get("FORGE_COLUMNAR_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=queries, by=st.sampled_from(GROUPS), stack=st.sampled_from([None, *GROUPS]),
       include=st.booleans(), facet=st.sampled_from(FACETS["financing"]))
def test_the_mirror_gives_the_stores_numbers(engines, query, by, stack, include, facet):
    stack = None if stack == by else stack
    fast, slow = both(engines, lambda s: (
        totals(s, query, by, stack=stack, include_conditional=include),
        facet_counts(s, query, facet),
        pivot(s, query, [by], [stack] if stack else [], include_conditional=include),
    ))
    assert fast == slow


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=queries, include=st.booleans())
def test_the_map_and_the_timeline_match_too(engines, query, include):
    fast, slow = both(engines, lambda s: (
        places_as_sets(country_totals(s, query, include_conditional=include)),
        timeline(s, query, include_conditional=include)))
    assert fast == slow


def test_the_curated_totals_are_the_documented_ones(engines):
    """The figures data/README.md gives, from the mirror (and the rules' notes with them)."""
    fast, slow = both(engines, lambda s: totals(s, Query(
        "financing", (Condition("origin", Op.EQ, "curated"),)), "agency"))
    assert fast == slow
    assert fast.amount_usd == 20_620_900_000
    assert fast.aggregates_excluded == ("dfc-total", "exim-loi-total")


def test_a_change_is_taken_in_before_the_next_answer(engines, db_url):
    """An edit through the change log (any process) reaches the mirror's next answer."""
    from forge_desktop.core import editing

    fast, plain = engines
    with Session(plain) as session, session.begin():
        editing.edit_record(session, "financing", "exim-project-vault",
                            {"stage": "funded", "minerals": "lithium; cobalt", "locations": "CHL"})
        editing.delete_record(session, "financing", "dfc-ukraine")
    agency = Query("financing")
    one, other = both(engines, lambda s: totals(s, agency, "agency"))
    assert one == other
    with Session(fast) as session:
        mirror = columnar.mirror_for(session)
        assert mirror is not None and mirror.stamp == columnar.store_stamp(session)


def test_rows_written_behind_the_change_log_are_noticed_at_open(engines, tmp_path):
    """A mirror whose row count disagrees with the store's is built again when prepared."""
    fast, plain = engines
    columnar.detach(fast)
    with Session(plain) as session, session.begin():
        session.execute(update(Financing).where(Financing.id == "dfc-total").values(amount_usd=7))
        session.execute(Financing.__table__.delete().where(Financing.parent_id.is_not(None)))
    mirror = columnar.prepare(fast, path=tmp_path / "mirror.duckdb", min_rows=0)
    assert mirror is not None
    with Session(plain) as session:
        assert mirror.rows == session.scalar(select(func.count()).select_from(Financing))
    one, other = both(engines, lambda s: totals(s, Query("financing"), "stage"))
    assert one == other


@pytest.mark.sqlite_only("a rebuilt SQLite file is a new store at the same address")
def test_a_rebuilt_store_is_not_answered_from_the_old_mirror(db_url, tmp_path, engine_name):
    engine = database.open_database(db_url)
    try:
        assert columnar.prepare(engine, path=tmp_path / "m.duckdb", min_rows=0) is not None
        columnar.detach(engine)
        old = columnar.Columnar.open(tmp_path / "m.duckdb")
        assert old is not None
        old_store = old.stamp.store
        old.close()
    finally:
        engine.dispose()
    database.rebuild(db_url)
    engine = database.open_database(db_url)
    try:
        mirror = columnar.prepare(engine, path=tmp_path / "m.duckdb", min_rows=0)
        assert mirror is not None and mirror.stamp.store != old_store
    finally:
        columnar.detach(engine)
        engine.dispose()


@pytest.mark.sqlite_only("one process per DuckDB file; the store is the same on both engines")
def test_a_mirror_held_by_another_process_leaves_the_store_to_answer(db_url, tmp_path, engine_name):
    path = tmp_path / "m.duckdb"
    engine = database.open_database(db_url)
    try:
        assert columnar.prepare(engine, path=path, min_rows=0) is not None
        columnar.detach(engine)
        holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
            import sys, duckdb
            con = duckdb.connect({str(path)!r})
            print("held", flush=True)
            sys.stdin.read()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
            assert columnar.prepare(engine, path=path, min_rows=0) is None
            with Session(engine) as session:
                assert columnar.mirror_for(session) is None
                assert totals(session, Query("financing"), "agency").amount_usd == 20_620_900_000
        finally:
            holder.communicate("")
    finally:
        engine.dispose()


def test_a_small_store_gets_no_mirror(engine, tmp_path):
    assert columnar.prepare(engine, path=tmp_path / "m.duckdb") is None  # 35 rows < MIN_ROWS
    assert not (tmp_path / "m.duckdb").exists()


def test_the_command_line_builds_the_mirror_and_counts_from_it(db_url, tmp_path, monkeypatch):
    """``db analytics`` builds it; ``totals``, ``pivot`` then answer from it, word for word
    what the store answers."""
    from ..conftest import run_forge

    monkeypatch.setattr(columnar, "MIN_ROWS", 0)
    monkeypatch.setenv("FORGE_COLUMNAR_DIR", str(tmp_path / "cache"))
    commands = [("totals", "--by", "country", "--stack", "stage", "--format", "json"),
                ("pivot", "--rows", "agency,stage", "--cols", "year", "--format", "csv"),
                ("totals", "--by", "minerals", "--where", "agency = DFC", "--search", "copper")]
    before = [run_forge(*c, "--db", db_url) for c in commands]
    built = run_forge("db", "analytics", "--db", db_url)
    assert built.returncode == 0, built.stderr
    assert b"columnar copy of 35 financing records" in built.stdout
    used = []
    real_prepare = columnar.prepare

    def watched(engine, **kw):
        mirror = real_prepare(engine, **kw)
        used.append(mirror is not None)
        return mirror

    monkeypatch.setattr(columnar, "prepare", watched)
    after = [run_forge(*c, "--db", db_url) for c in commands]
    assert used == [True] * len(commands)
    assert [(a.returncode, a.stdout) for a in after] == [(b.returncode, b.stdout) for b in before]
