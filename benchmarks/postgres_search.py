"""Search at 1M rows: PostgreSQL's pg_trgm index beside SQLite's FTS5, on the same rows.

The synthetic database (benchmarks/synthetic.py) is generated on SQLite, its financing rows
copied into a PostgreSQL database built by open_database (schema, forge_fold, the trigram
index), on a throwaway server (tests/postgres_server.py) unless FORGE_TEST_POSTGRES names one.
Each search is timed as the window runs it: the count, then the first page of ids.

    python -m benchmarks.postgres_search [--rows 1000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path

SEARCHES = ["литий", "lithium", "korea zinc", "ab", "zz-none"]


def _copy_financing(sqlite_file: Path, url: str) -> None:
    import sqlite3

    import psycopg
    from sqlalchemy.engine import make_url

    source = sqlite3.connect(sqlite_file)
    cols = [r[1] for r in source.execute("PRAGMA table_info(financing)")]
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain) as target:
        target.execute("SET session_replication_role = replica")  # the rows are whole already
        existing = {r[0] for r in target.execute("SELECT id FROM financing")}
        with target.cursor().copy(f"COPY financing ({', '.join(cols)}) FROM STDIN") as copy:
            for row in source.execute(f"SELECT {', '.join(cols)} FROM financing"):
                if row[0] not in existing:
                    copy.write_row([bool(v) if cols[i] == "is_aggregate" and v is not None
                                    else v for i, v in enumerate(row)])
        target.execute("ANALYZE financing")
    source.close()


def _timed(engine, query, repeat: int) -> tuple[float, float, int]:
    from sqlalchemy.orm import Session

    from forge_desktop.core.query import count, fetch

    samples = []
    found = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        with Session(engine) as session:
            found = count(session, query)
            fetch(session, query.with_columns(["id"]), 0, 200)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1000, (max(samples) - min(samples)) * 1000, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from benchmarks.synthetic import generate
    from forge_desktop.core import database
    from forge_desktop.core.query import Query
    from tests import postgres_server

    work = Path(tempfile.mkdtemp(prefix="forge-pg-bench-"))
    server = None
    admin_url = os.environ.get(postgres_server.ENV_URL)
    if not admin_url:
        server = postgres_server.start()
        admin_url = server.url
    name = f"forge_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        sqlite_file = work / "bench.sqlite"
        t0 = time.perf_counter()
        generate(sqlite_file, args.rows)
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        pg_url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        database.open_database(pg_url).dispose()
        _copy_financing(sqlite_file, pg_url)
        print(f"(generated {args.rows:,} rows on both engines in {time.perf_counter() - t0:.0f} s)")
        engines = {"sqlite": database.open_database(f"sqlite:///{sqlite_file}"),
                   "postgresql": database.open_database(pg_url)}
        print(f"### search at {args.rows:,} financing rows: count + first 200 ids, "
              f"median of {args.repeat} (spread)\n")
        print("| search | rows found | SQLite FTS5 ms | PostgreSQL pg_trgm ms | PG / SQLite |")
        print("|---|---:|---:|---:|---:|")
        for words in SEARCHES:
            query = Query("financing", search=words)
            lite, lite_spread, found = _timed(engines["sqlite"], query, args.repeat)
            pg, pg_spread, found_pg = _timed(engines["postgresql"], query, args.repeat)
            assert found == found_pg, (words, found, found_pg)
            print(f"| {words} | {found:,} | {lite:,.1f} (±{lite_spread / 2:,.1f}) | "
                  f"{pg:,.1f} (±{pg_spread / 2:,.1f}) | {pg / lite:.2f}× |")
        for engine in engines.values():
            engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        if server is not None:
            server.stop()
        import shutil

        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
