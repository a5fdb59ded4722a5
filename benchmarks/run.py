"""`make bench`: FORGE Desktop's table model and core against its peers, at 10k–1M rows.

For each size a synthetic database is generated (benchmarks/synthetic.py), then two fresh
processes measure the same work: ours (the app's QueryTableModel, facets, totals and
exporter, in-process under offscreen Qt) and the peers (raw sqlite3 running the very SQL
our query compiles to, Qt's QSqlQueryModel, a pandas DataFrame model, and the sqlite3
shell's -csv output). Each interaction in our process also records the longest gap of a
5 ms heartbeat timer on the UI thread: how long the window could not repaint.

    python -m benchmarks.run [--rows 10000,100000,1000000,10000000] [--repeat 5] [--keep DIR]

It prints one table per size, with ratios, then the analytics comparison for that size
(ours against DuckDB given the same rows: benchmarks/analytics_engines.py), and the RSS
growth from the smallest to the largest size. Figures are medians of --repeat runs (exports:
one run). The databases are generated once and kept in the cache folder by the generator's
digest; from 2M rows on, pandas and the full exports sit out (they hold every row).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

SEARCH = "литий"
LAST_SORT = "recipient"
BIG = 2_000_000  # from here on the peers that hold every row in memory (pandas, a full export) sit out


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _median(samples: list[float]) -> float:
    return _ms(statistics.median(samples))


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# --------------------------------------------------------------------------- ours


def measure_ours(db: str, repeat: int, out_dir: Path) -> dict:  # noqa: C901  (one run, read top to bottom)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication
    from sqlalchemy.orm import Session

    from forge_desktop.core import counting, database, facets
    from forge_desktop.core.country_totals import country_totals
    from forge_desktop.core.pivot import pivot
    from forge_desktop.core.query import Condition, Op, Query, SortKey
    from forge_desktop.core.timeline import timeline
    from forge_desktop.ui.export_dialog import run_export
    from forge_desktop.ui.table_model import QueryTableModel
    from forge_desktop.ui.worker import QueryRunner

    app = QApplication.instance() or QApplication([])
    rss_start = _rss_mb()
    stalls: dict[str, float] = {}

    class Heartbeat:
        """The longest gap between ticks of a 5 ms timer on the UI thread."""

        def __init__(self):
            self.timer, self.clock, self.longest = QTimer(), QElapsedTimer(), 0
            self.timer.setInterval(5)
            self.timer.timeout.connect(self.tick)

        def tick(self):
            self.longest = max(self.longest, self.clock.restart())

        def __enter__(self):
            self.longest = 0
            self.clock.start()
            self.timer.start()
            return self

        def __exit__(self, *exc):
            self.timer.stop()

    def wait(condition, timeout=600.0):
        deadline = time.perf_counter() + timeout
        while not condition():
            app.processEvents()
            if time.perf_counter() > deadline:
                raise TimeoutError
            time.sleep(0.0005)

    def interaction(name, start, done, repeats=repeat):
        samples, worst = [], 0
        for _ in range(repeats):
            with Heartbeat() as beat:
                t0 = time.perf_counter()
                start()
                wait(done)
                samples.append(time.perf_counter() - t0)
            worst = max(worst, beat.longest)
        stalls[name] = worst
        return _median(samples)

    results: dict[str, float] = {}
    t0 = time.perf_counter()
    with Heartbeat() as beat:
        engine = database.open_database(db)
        runner = QueryRunner(engine)
        model = QueryTableModel(runner, Query("financing"))
        wait(lambda: model.rowCount() > 0)  # the first page shows before the count
        results["first rows after open"] = _ms(time.perf_counter() - t0)
        wait(lambda: model.total is not None)
    results["row count after open"] = _ms(time.perf_counter() - t0)
    stalls["first rows after open"] = stalls["row count after open"] = beat.longest
    gc.freeze()  # as the app does once its window is up (ui/app.py)
    total = model.total
    big = total > BIG

    # The columnar mirror, as the window prepares it in a thread of its own (a first build
    # runs in a child process; afterwards it is opened and brought up to date).
    from forge_desktop.core import columnar

    t0 = time.perf_counter()
    with Heartbeat() as beat:
        ready = []
        threading.Thread(target=lambda: ready.append(columnar.prepare(engine)), daemon=True).start()
        wait(lambda: bool(ready), timeout=7200)
    results["columnar mirror ready"] = _ms(time.perf_counter() - t0)
    stalls["columnar mirror ready"] = beat.longest
    results["columnar mirror used"] = ready[0] is not None

    def set_and_wait(query):
        return (lambda: model.set_query(query)), (lambda: model.total is not None)

    results["sort by amount"] = interaction(
        "sort by amount", *set_and_wait(Query("financing", sort=(SortKey("amount_usd"),))))
    results["sort by recipient"] = interaction(
        "sort by recipient", *set_and_wait(Query("financing", sort=(SortKey("recipient"),))))
    results["search"] = interaction("search", *set_and_wait(Query("financing", search=SEARCH)))

    def background(name, work):
        box = {}

        def start():
            box.clear()
            runner.submit(work, lambda r: box.setdefault("done", r))

        return interaction(name, start, lambda: "done" in box)

    everything = Query("financing")
    results["facet counts (agency)"] = background(
        "facet counts (agency)", lambda s: facets.facet_counts(s, everything, "agency"))
    results["facet counts (5 facets)"] = background(
        "facet counts (5 facets)", lambda s: [facets.facet_counts(s, everything, f) for f in
                                           ("agency", "stage", "instrument", "minerals", "locations")])
    results["totals by agency"] = background(
        "totals by agency", lambda s: counting.totals(s, everything, "agency"))
    results["totals by mineral"] = background(
        "totals by mineral", lambda s: counting.totals(s, everything, "minerals"))
    doe = Query("financing").adding(Condition("agency", Op.EQ, "DOE"))
    results["DOE: totals by country × stage"] = background(
        "DOE: totals by country × stage", lambda s: counting.totals(s, doe, "locations", stack="stage"))
    searched = Query("financing", search=SEARCH)
    results["search: 5 facets + totals"] = background(
        "search: 5 facets + totals", lambda s: [
            *(facets.facet_counts(s, searched, f) for f in
              ("agency", "stage", "instrument", "minerals", "locations")),
            counting.totals(s, searched, "agency")])
    # The views beside the chart, counted in the worker as the window counts them.
    results["pivot agency×stage by year"] = background(
        "pivot agency×stage by year", lambda s: pivot(s, everything, ("agency", "stage"), ("year",)))
    results["map (totals by country)"] = background(
        "map (totals by country)", lambda s: country_totals(s, everything))
    results["timeline"] = background("timeline", lambda s: timeline(s, everything))

    model.set_query(Query("financing", sort=(SortKey(LAST_SORT),)))
    wait(lambda: model.total is not None)
    last = model.rowCount() - 1

    def jump():
        model.set_query(Query("financing", sort=(SortKey(LAST_SORT),)))
        wait(lambda: model.total is not None)
        model.data(model.index(last, 0))

    results["jump to last row"] = interaction("jump to last row", jump,
                                              lambda: model.record_id(last) is not None)
    with Session(engine) as session:
        query = Query("financing")
        t0 = time.perf_counter()
        run_export(session, query, [(0, min(100_000, total) - 1)], "csv",
                   str(out_dir / "ours-100k.csv"), bom=False)
        results["export 100k selected rows"] = _ms(time.perf_counter() - t0)
        t0 = time.perf_counter()
        if not big:  # 10M rows: a 2 GB file
            run_export(session, query, None, "csv", str(out_dir / "ours-all.csv"), bom=False)
            results["export all rows"] = _ms(time.perf_counter() - t0)
    results["rows fetched by the model"] = model.rows_fetched
    results["peak RSS (MB)"] = _rss_mb()
    results["RSS at start (MB)"] = rss_start
    runner.wait(60000)
    engine.dispose()
    return {"results": results, "stalls": stalls, "total": total}


# --------------------------------------------------------------------------- peers


def compiled_sql(db: str, query) -> str:
    """The SQL our query compiles to, with values inlined (for the sqlite3 shell)."""
    from forge_desktop.core import database
    from forge_desktop.core.query import select_rows

    engine = database.create_engine_for(db)
    sql = str(select_rows(query).compile(engine, compile_kwargs={"literal_binds": True}))
    engine.dispose()
    return sql


def measure_peers(db: str, repeat: int, out_dir: Path) -> dict:  # noqa: C901  (one run, read top to bottom)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import sqlite3

    from PySide6.QtSql import QSqlDatabase, QSqlQuery, QSqlQueryModel
    from PySide6.QtWidgets import QApplication

    from forge_desktop.core import database
    from forge_desktop.core.query import Query, SortKey, select_count, select_rows

    app = QApplication.instance() or QApplication([])
    path = database.sqlite_path(db)
    engine = database.create_engine_for(db)
    raw: dict[str, float] = {}

    def timed(fn, repeats=repeat):
        samples = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - t0)
        return _median(samples)

    # Raw sqlite3: the very SQL and parameters our query compiles to, run by the sqlite3
    # module alone (with the same fold function registered): the limit for that query.
    from forge_desktop.core.text import fold

    con = sqlite3.connect(path)
    con.create_function("forge_fold", 1, fold, deterministic=True)

    def sql_of(stmt):
        compiled = stmt.compile(engine, compile_kwargs={"render_postcompile": True})
        return str(compiled), [compiled.params[name] for name in compiled.positiontup]

    def run(query, offset=None, limit=200, count=True):
        con.execute(*sql_of(select_rows(query, offset, limit))).fetchall()
        if count:
            con.execute(*sql_of(select_count(query))).fetchone()

    raw["first rows after open"] = timed(lambda: run(Query("financing")))
    raw["sort by amount"] = timed(lambda: run(Query("financing", sort=(SortKey("amount_usd"),))))
    raw["sort by recipient"] = timed(lambda: run(Query("financing", sort=(SortKey("recipient"),))))
    raw["search"] = timed(lambda: run(Query("financing", search=SEARCH)))
    raw["facet counts (agency)"] = timed(lambda: con.execute(
        "SELECT agency, count(*) FROM financing GROUP BY agency").fetchall())
    raw["totals by agency"] = timed(lambda: con.execute(
        "SELECT agency, sum(amount_usd), count(*) FROM financing GROUP BY agency").fetchall())
    total = con.execute("SELECT count(*) FROM financing").fetchone()[0]
    raw["jump to last row"] = timed(lambda: run(
        Query("financing", sort=(SortKey(LAST_SORT),)), offset=total - 200, count=False))
    con.close()

    # Qt's QSqlQueryModel: setQuery, then fetchMore to the end (how it reaches the last row).
    qsql: dict[str, float] = {}
    qdb = QSqlDatabase.addDatabase("QSQLITE", "bench")
    qdb.setDatabaseName(str(path))
    qdb.open()
    plain = ("SELECT id, agency, recipient, instrument, stage, amount_usd, date FROM financing ")

    def qt_model(sql):
        model = QSqlQueryModel()
        model.setQuery(QSqlQuery(sql, qdb))
        return model

    qsql["first rows after open"] = timed(lambda: qt_model(plain + "ORDER BY amount_usd DESC"))
    qsql["sort by amount"] = timed(lambda: qt_model(plain + "ORDER BY amount_usd"))
    qsql["sort by recipient"] = timed(lambda: qt_model(plain + "ORDER BY recipient"))
    qsql["search"] = timed(lambda: qt_model(plain + f"WHERE search_text LIKE '%{SEARCH}%'"))

    def qt_last():
        model = qt_model(plain + f"ORDER BY {LAST_SORT}")
        while model.canFetchMore():
            model.fetchMore()
        model.data(model.index(model.rowCount() - 1, 0))

    if total <= BIG:
        qsql["jump to last row"] = timed(qt_last, repeats=1)
    qdb.close()
    qdb = None  # the connection must be gone before it is removed
    QSqlDatabase.removeDatabase("bench")

    # A pandas DataFrame model: everything in memory, operations on the frame.
    frame: dict[str, float] = {}
    try:
        import pandas as pd
    except ImportError:
        pd = None
    if pd is not None and total <= BIG:  # 10M rows: ~10 GB in a frame
        con = sqlite3.connect(path)
        t0 = time.perf_counter()
        df = pd.read_sql("SELECT id, agency, recipient, instrument, stage, amount_usd, date, "
                         "search_text FROM financing", con)
        frame["first rows after open"] = _ms(time.perf_counter() - t0)
        frame["sort by amount"] = timed(lambda: df.sort_values("amount_usd"))
        frame["sort by recipient"] = timed(lambda: df.sort_values("recipient"))
        frame["search"] = timed(lambda: df[df["search_text"].str.contains(SEARCH, regex=False)])
        frame["facet counts (agency)"] = timed(lambda: df["agency"].value_counts())
        frame["totals by agency"] = timed(lambda: df.groupby("agency")["amount_usd"].sum())
        frame["jump to last row"] = timed(lambda: df.sort_values(LAST_SORT).iloc[-1])
        con.close()

    # The sqlite3 shell's -csv output of the same SQL our export runs.
    shell: dict[str, float] = {}
    if shutil.which("sqlite3"):
        sql = compiled_sql(db, Query("financing"))
        # our fold() is a Python function; the export query does not use it
        if total <= BIG:
            t0 = time.perf_counter()
            with open(out_dir / "shell-all.csv", "wb") as handle:
                subprocess.run(["sqlite3", "-csv", "-header", str(path), sql], stdout=handle, check=True)
            shell["export all rows"] = _ms(time.perf_counter() - t0)
            (out_dir / "shell-all.csv").unlink()
        sql100 = compiled_sql(db, Query("financing")).rstrip() + " LIMIT 100000"
        t0 = time.perf_counter()
        with open(out_dir / "shell-100k.csv", "wb") as handle:
            subprocess.run(["sqlite3", "-csv", "-header", str(path), sql100], stdout=handle, check=True)
        shell["export 100k selected rows"] = _ms(time.perf_counter() - t0)
    engine.dispose()
    del app
    return {"raw": raw, "qsql": qsql, "pandas": frame, "shell": shell, "peak_rss": _rss_mb()}


# --------------------------------------------------------------------------- driver

ROWS = ["first rows after open", "row count after open", "columnar mirror ready", "sort by amount",
        "sort by recipient", "search", "facet counts (agency)", "facet counts (5 facets)",
        "totals by agency", "totals by mineral", "DOE: totals by country × stage",
        "search: 5 facets + totals", "pivot agency×stage by year", "map (totals by country)",
        "timeline", "jump to last row", "export 100k selected rows", "export all rows"]


def child(kind: str, db: str, repeat: int, out_dir: str) -> dict:
    """Run one side in a fresh process so its RSS is its own."""
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--child", kind, "--db", db,
         "--repeat", str(repeat), "--out", out_dir],
        capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def table(n: int, ours: dict, peers: dict) -> str:
    def cell(value):
        return "—" if value is None else f"{value:,.1f}"

    lines = [f"### {n:,} financing rows (+35 curated)", "",
             "| interaction | ours ms | UI stall ms | raw sqlite3 ms | ours / raw | QSqlQueryModel ms "
             "| pandas ms | sqlite3 shell ms | ours / shell |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name in ROWS:
        mine = ours["results"].get(name)
        raw = peers["raw"].get(name)
        shell = peers["shell"].get(name)
        ratio = f"{mine / raw:.2f}×" if mine and raw else "—"
        ratio_shell = f"{mine / shell:.2f}×" if mine and shell else "—"
        lines.append(f"| {name} | {cell(mine)} | {cell(ours['stalls'].get(name))} | {cell(raw)} | "
                     f"{ratio} | {cell(peers['qsql'].get(name))} | {cell(peers['pandas'].get(name))} | "
                     f"{cell(shell)} | {ratio_shell} |")
    lines += ["", f"Rows fetched by our model: {ours['results']['rows fetched by the model']:,}; "
              f"peak RSS ours {ours['results']['peak RSS (MB)']} MB "
              f"(at start {ours['results']['RSS at start (MB)']} MB), peers {peers['peak_rss']} MB."]
    return "\n".join(lines)


def generator_digest() -> str:
    """What the synthetic rows depend on: the generator and the schema. A database made by
    the same ones is used again (10M rows take about 12 minutes and 12 GB to make)."""
    import hashlib

    from forge_desktop.core.schema import SCHEMA_VERSION

    source = (Path(__file__).parent / "synthetic.py").read_bytes()
    return hashlib.sha256(source + str(SCHEMA_VERSION).encode()).hexdigest()[:12]


def cache_folder() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("forge-desktop")) / "bench"


def engines_table(db: Path, repeat: int) -> str:
    """Ours against DuckDB on the same rows and the same question (benchmarks/analytics_engines.py:
    every view in three scopes, the numbers checked equal): the ratio the analytics answer to."""
    duck = db.with_suffix(".duckdb")
    built = duck.exists() and duck.stat().st_mtime > db.stat().st_mtime
    engines = "ours,duckdb_disk" if built else "ours,duckdb_disk_build,duckdb_disk"
    done = subprocess.run([sys.executable, "-m", "benchmarks.analytics_engines", "--db", str(db),
                           "--engines", engines, "--repeat", str(repeat)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return f"(analytics comparison failed: {done.stderr.strip()[-2000:]})"
    return "#### Analytics: ours vs DuckDB on the same query\n\n" + done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="10000,100000,1000000,10000000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", help="where the generated databases are kept (default: the user's "
                                       "cache folder, by the generator's digest: made once)")
    parser.add_argument("--engines-repeat", type=int, default=3,
                        help="runs per view of the analytics comparison (ours vs DuckDB)")
    parser.add_argument("--child", choices=("ours", "peers"), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure = measure_ours if args.child == "ours" else measure_peers
        print(json.dumps(measure(args.db, args.repeat, Path(args.out))))
        return

    from benchmarks.synthetic import generate

    work = Path(args.keep) if args.keep else cache_folder()
    work.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="forge-bench-"))
    print(f"# FORGE Desktop benchmark — {time.strftime('%Y-%m-%d %H:%M')}")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}")
    print(f"command: python -m benchmarks.run --rows {args.rows} --repeat {args.repeat}\n")
    rss = {}
    try:
        for n in (int(x) for x in args.rows.split(",")):
            db_path = work / f"bench-{n}-{generator_digest()}.sqlite"
            if not db_path.exists():
                t0 = time.perf_counter()
                generate(db_path, n)
                print(f"(generated {n:,} rows in {time.perf_counter() - t0:.1f} s)")
            db = f"sqlite:///{db_path}"
            out = scratch / f"out-{n}"
            out.mkdir(exist_ok=True)
            ours = child("ours", db, args.repeat, str(out))
            peers = child("peers", db, args.repeat, str(out))
            rss[n] = ours["results"]["peak RSS (MB)"]
            print(table(n, ours, peers), "\n", flush=True)
            print(engines_table(db_path, args.engines_repeat), "\n", flush=True)
            shutil.rmtree(out, ignore_errors=True)
        if len(rss) > 1:
            small, large = min(rss), max(rss)
            print(f"RSS growth of our process from {small:,} to {large:,} rows: "
                  f"{rss[large] - rss[small]:+.1f} MB")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
