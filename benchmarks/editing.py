"""Editing one record of a large database: the time to commit a correction, and to see it —
the table's first window of rows and the committed total, as the window asks for them after a
save — and the change log's size after many edits.

    python -m benchmarks.editing [--rows 1000000] [--edits 10000] [--keep DIR]

Raw SQLite's UPDATE of the same field on the same file is printed beside it (the floor: no
checks, no change log)."""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forge_desktop.core import counting, database, editing
from forge_desktop.core.query import Query, fetch
from forge_desktop.core.schema import Change, ChangeSet, Financing
from forge_desktop.core.sources import SourceFields

RELEASE = editing.SourceChoice(new=SourceFields(
    url="https://www.exim.gov/news/benchmark", title="A release the corrections rest on",
    language="en", kind="official"))


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def _spread(samples: list[float]) -> str:
    return f"{_ms(statistics.median(samples))} ({_ms(min(samples))}–{_ms(max(samples))})"


def measure(db_path: Path, edits: int) -> None:
    url = f"sqlite:///{db_path}"
    engine = database.open_database(url)
    with Session(engine) as s:
        ids = list(s.scalars(select(Financing.id).where(
            Financing.origin != "curated").order_by(Financing.id).limit(edits)))
    commit, shown = [], []
    source: editing.SourceChoice | None = RELEASE
    for n, record_id in enumerate(ids):
        t0 = time.perf_counter()
        with Session(engine) as s, s.begin():
            editing.edit_record(s, "financing", record_id, {"amount_usd": f"${1_000_000 + n:,}"},
                                source, reason="benchmark correction")
        t1 = time.perf_counter()
        source = editing.SourceChoice(ref=RELEASE.new.url) if RELEASE.new else None
        if n < 50 or n % 500 == 0:  # what the window asks for after a save
            with Session(engine) as s:
                fetch(s, Query("financing"), 0, 200)
                counting.totals(s, Query("financing"), "agency")
            shown.append(time.perf_counter() - t1)
        commit.append(t1 - t0)
    with Session(engine) as s:
        sets = s.scalar(select(func.count()).select_from(ChangeSet))
        rows = s.scalar(select(func.count()).select_from(Change))
    engine.dispose()
    con = sqlite3.connect(db_path)
    log_bytes = sum(n for (n,) in con.execute(
        "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'change%' OR name LIKE 'ix_change%'"))
    raw = []
    for n, record_id in enumerate(ids[:200]):
        t0 = time.perf_counter()
        with con:
            con.execute("UPDATE financing SET amount_usd = ? WHERE id = ?", (2_000_000 + n, record_id))
        raw.append(time.perf_counter() - t0)
    con.close()
    print(f"| commit one correction (checked, logged) | {_spread(commit)} ms | {len(commit):,} edits |")
    print(f"| then the table's first rows and the total | {_spread(shown)} ms | {len(shown):,} samples |")
    print(f"| raw SQLite UPDATE of the same field | {_spread(raw)} ms | {len(raw):,} |")
    print(f"| change log after {len(commit):,} edits | {log_bytes / 1e6:,.1f} MB "
          f"({log_bytes / max(len(commit), 1):,.0f} B an edit) | {sets:,} change sets, "
          f"{rows:,} field changes |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--edits", type=int, default=10_000)
    parser.add_argument("--keep", help="keep (and reuse) the generated database in this folder")
    args = parser.parse_args()
    from benchmarks.synthetic import generate

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="forge-edit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    source = work / f"bench-{args.rows}.sqlite"
    try:
        if not source.exists():
            generate(source, args.rows)
        db_path = work / "edited.sqlite"
        shutil.copy(source, db_path)
        print(f"# Editing one record — {time.strftime('%Y-%m-%d %H:%M')}, {platform.machine()}, "
              f"{os.cpu_count()} cores, Python {platform.python_version()}, "
              f"{args.rows:,} financing rows\n")
        print("| what | median (min–max) | n |\n|---|---:|---:|")
        measure(db_path, args.edits)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
