"""Import throughput: our CSV import of N financing rows against the sqlite3 shell's.

A CSV of N new financing rows is written as an analyst's file would be (English and Russian
recipients, one to three minerals and one or two places by name, amounts with and without a
qualifier, dates of every precision, half the rows naming one of 50 source pages, a few
places the database does not hold yet). Then, each in a fresh process on its own copy of
the curated database:

* **ours** — what ``forge-desktop import financing FILE`` does: plan (read, check every
  row), apply (write records, links, search index and change log) and commit, in one
  transaction; rows/s and peak RSS;
* **limit** — the sqlite3 shell's ``.import --csv`` of the same file into a plain table,
  then indexes comparable to ours: the unique id, the same sort indexes, the agency × stage
  × amount index and a trigram full-text index of the text columns (our search index).
  Without the ``sqlite3`` shell, Python's sqlite3 ``executemany`` stands in, and the table
  says so.

    python -m benchmarks.import_speed [--rows 200000] [--repeat 3] [--keep DIR]

The figures are medians of --repeat runs, each with its spread (min–max).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AGENCIES = ["EXIM", "DOE", "DOD", "DFC", "USTR"]
INSTRUMENTS = ["direct_loan", "debt", "equity", "investment", "financing", "letter_of_interest",
               "nofo", "noi", "partnership"]
STAGES = ["announced", "opportunity", "letter_of_interest", "letter_of_intent", "negotiating",
          "approved", "committed", "funded"]
WORDS_EN = ["Lithium", "Cobalt", "Nickel", "Rare Earth", "Copper", "Graphite", "Tungsten",
            "Gallium", "Mining", "Processing", "Refinery", "Resources", "Metals", "Materials"]
WORDS_RU = ["Литий", "Кобальт", "Никель", "Редкоземельный", "Медь", "Графит", "Вольфрам",
            "Галлий", "Горнодобывающая", "Переработка", "Завод", "Ресурсы", "Металлы"]
# Places the curated database lacks (an import adds them): ISO codes and a Russian name.
NEW_PLACES = ["CHL", "US-NV", "Индонезия", "ZAF"]
SOURCES = 50  # the source pages rows name
HEADERS = ["id", "agency", "recipient", "recipient_ru", "instrument", "stage", "amount_usd",
           "amount_qualifier", "minerals", "locations", "date", "summary", "quote_ru", "notes",
           "source_url", "source_title"]
# The columns the limit indexes as we index them: a sort index each, with the id after it.
SORTED = ("agency", "recipient", "instrument", "stage", "amount_usd", "date")


def _names(db: Path) -> tuple[list[str], list[str]]:
    """The minerals and places the curated database knows, by English or Russian name."""
    con = sqlite3.connect(db)
    try:
        minerals = [n for row in con.execute("SELECT name, name_ru FROM minerals") for n in row if n]
        places = [n for row in con.execute("SELECT name, name_ru FROM locations") for n in row if n]
    finally:
        con.close()
    return minerals, places


def write_csv(path: Path, rows: int, db: Path, seed: int = 11) -> Path:
    """A CSV of *rows* valid, new financing rows naming what the curated *db* holds."""
    rng = random.Random(seed)
    minerals, places = _names(db)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(HEADERS)
        for i in range(rows):
            n = rng.randrange(5000)
            recipient = f"{rng.choice(WORDS_EN)} {rng.choice(WORDS_EN)} {n}"
            recipient_ru = f"{rng.choice(WORDS_RU)} {rng.choice(WORDS_RU)} {n}"
            amount = int(math.exp(rng.gauss(17.5, 2.0))) if rng.random() > 0.1 else None
            qualifier = rng.choice(["exact", "exact", "up_to", "conditional", ""]) if amount else ""
            where = rng.sample(places, rng.choice([1, 1, 2]))
            if rng.random() < 0.01:
                where.append(rng.choice(NEW_PLACES))
            year, month, day = rng.choice([2024, 2025, 2026]), rng.randint(1, 12), rng.randint(1, 28)
            date = rng.choice([f"{year}-{month:02d}-{day:02d}", f"{year}-{month:02d}", f"{year}"])
            source = rng.randrange(SOURCES) if rng.random() < 0.5 else None
            agency = rng.choice(AGENCIES)
            writer.writerow([
                f"bench-{i:07d}", agency, recipient, recipient_ru, rng.choice(INSTRUMENTS),
                rng.choice(STAGES), amount if amount is not None else "", qualifier,
                "; ".join(rng.sample(minerals, rng.choice([1, 1, 2, 3]))), "; ".join(where), date,
                f"{agency} support for {recipient}: {', '.join(where)}.",
                f"{recipient_ru} получает поддержку {agency}.",
                "Synthetic benchmark row." if rng.random() < 0.2 else "",
                f"https://example.org/awards/{source}" if source is not None else "",
                f"Award listing {source}" if source is not None else ""])
    return path


# --------------------------------------------------------------------------- measured, in a child


def _peak_rss_mb(status: str | None = None) -> float:
    """The peak RSS of a process, from Linux's VmHWM in its *status* (this process's by
    default; a child's ``ru_maxrss`` would count the parent's pages it was forked with);
    elsewhere this process's ``ru_maxrss``."""
    try:
        status = status or Path("/proc/self/status").read_text()
    except OSError:
        return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # macOS: bytes
    kb = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return round(int(kb) / 1024, 1)


def run_ours(csv_path: str, db: str) -> dict[str, float]:
    """What ``forge-desktop import financing FILE`` does, timed step by step."""
    from forge_desktop.core import database, imports

    t0 = time.perf_counter()
    with database.session_scope(f"sqlite:///{db}") as session:
        t1 = time.perf_counter()
        plan = imports.plan_import(session, "financing", csv_path)
        if not plan.ok:
            raise SystemExit(f"the benchmark's file does not import:\n{plan.report()}")
        t2 = time.perf_counter()
        result = imports.apply_import(session, plan)
        session.commit()
        t3 = time.perf_counter()
    return {"records": result.records, "open_s": t1 - t0, "plan_s": t2 - t1, "apply_s": t3 - t2,
            "total_s": time.perf_counter() - t0, "rss_mb": _peak_rss_mb()}


# The limit's indexes, comparable to ours: the unique id, the same sort indexes, the chart's
# agency × stage × amount, and a trigram full-text index of the text columns (our search index).
LIMIT_INDEXES = [
    "CREATE UNIQUE INDEX raw_id ON raw_financing (id)",
    *(f"CREATE INDEX raw_{c} ON raw_financing ({c}, id)" for c in SORTED),
    "CREATE INDEX raw_agency_stage_amount ON raw_financing (agency, stage, amount_usd)",
    "CREATE VIRTUAL TABLE raw_fts USING fts5(search_text, tokenize='trigram')",
    "INSERT INTO raw_fts (rowid, search_text) SELECT rowid, lower(id || ' ' || agency || ' ' || "
    "recipient || ' ' || recipient_ru || ' ' || minerals || ' ' || locations || ' ' || "
    "summary || ' ' || quote_ru || ' ' || notes) FROM raw_financing",
]


def run_limit_python(csv_path: str, db: str) -> dict[str, float]:
    """The limit without the shell: Python's csv and sqlite3 executemany, then the same indexes."""
    t0 = time.perf_counter()
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("BEGIN")
    with open(csv_path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        con.execute(f"CREATE TABLE raw_financing ({', '.join(f'{h} TEXT' for h in header)})")
        con.executemany(f"INSERT INTO raw_financing VALUES ({', '.join('?' * len(header))})", reader)
    for statement in LIMIT_INDEXES:
        con.execute(statement)
    con.execute("COMMIT")
    con.close()
    return {"total_s": time.perf_counter() - t0, "rss_mb": _peak_rss_mb()}


def _child(mode: str, csv_path: str, db: str) -> None:
    result = run_ours(csv_path, db) if mode == "ours" else run_limit_python(csv_path, db)
    print(json.dumps(result))


# --------------------------------------------------------------------------- the runs


def _fresh_copy(curated: Path, work: Path, name: str) -> Path:
    copy = work / name
    copy.unlink(missing_ok=True)
    shutil.copy(curated, copy)
    return copy


def _in_child(mode: str, csv_path: Path, db: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-m", "benchmarks.import_speed", "--child", mode,
                          str(csv_path), str(db)], capture_output=True, text=True, check=False)
    if out.returncode:
        raise SystemExit(f"{mode} failed:\n{out.stderr}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _shell(sqlite3_shell: str, csv_path: Path, db: Path) -> dict[str, float]:
    """The sqlite3 shell's run, in one transaction as ours, timed; its last command prints
    the shell's own peak RSS (``.system`` runs a command whose parent is the shell)."""
    script = "\n".join(["BEGIN;", f".import --csv {csv_path} raw_financing",
                        *(f"{statement};" for statement in LIMIT_INDEXES), "COMMIT;",
                        ".system cat /proc/$PPID/status", ""])
    t0 = time.perf_counter()
    out = subprocess.run([sqlite3_shell, "-bail", str(db)], input=script, capture_output=True,
                         text=True, check=False)
    elapsed = time.perf_counter() - t0
    if out.returncode:
        raise SystemExit(f"sqlite3 failed:\n{out.stderr}")
    rss = _peak_rss_mb(out.stdout) if "VmHWM:" in out.stdout else float("nan")
    return {"total_s": elapsed, "rss_mb": rss}


def _spread(samples: list[float]) -> str:
    """The median and the range of *samples*, in seconds."""
    median = statistics.median(samples)
    if len(samples) == 1:
        return f"{median:,.2f}"
    return f"{median:,.2f} ({min(samples):,.2f}–{max(samples):,.2f})"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the CSV and databases here and keep them")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "CSV", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return
    from forge_desktop.core import database

    work = args.keep or Path(tempfile.mkdtemp(prefix="forge-import-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        curated = work / "curated.sqlite"
        curated.unlink(missing_ok=True)
        database.build_sqlite_file(curated)
        csv_path = write_csv(work / f"financing-{args.rows}.csv", args.rows, curated)
        size_mb = csv_path.stat().st_size / 1e6
        print(f"{args.rows:,} financing rows, {size_mb:,.1f} MB of CSV; {args.repeat} run(s) each, "
              "each in a fresh process on a fresh copy of the curated database", flush=True)
        shell = shutil.which("sqlite3")
        ours: list[dict[str, float]] = []
        limit: list[dict[str, float]] = []
        for run in range(args.repeat):
            ours.append(_in_child("ours", csv_path, _fresh_copy(curated, work, "ours.sqlite")))
            copy = _fresh_copy(curated, work, "limit.sqlite")
            limit.append(_shell(shell, csv_path, copy) if shell
                         else _in_child("limit", csv_path, copy))
            print(f"  run {run + 1}: ours {ours[-1]['total_s']:,.2f} s, limit "
                  f"{limit[-1]['total_s']:,.2f} s", flush=True)
        _report(args.rows, ours, limit, "sqlite3 shell .import" if shell
                else "Python sqlite3 executemany (no sqlite3 shell here)")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def _report(rows: int, ours: list[dict[str, float]], limit: list[dict[str, float]],
            limit_name: str) -> None:
    ours_s = statistics.median(r["total_s"] for r in ours)
    limit_s = statistics.median(r["total_s"] for r in limit)
    print()
    print(f"| rows | ours s | limit s ({limit_name} + indexes) | ours / limit | ours rows/s |"
          " ours peak RSS MB | limit peak RSS MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {rows:,} | {_spread([r['total_s'] for r in ours])} | "
          f"{_spread([r['total_s'] for r in limit])} | {ours_s / limit_s:.2f}× (limit 3×) | "
          f"{rows / ours_s:,.0f} | {max(r['rss_mb'] for r in ours):,.1f} | "
          f"{max(r['rss_mb'] for r in limit):,.1f} |")
    print()
    print("ours, step by step (median s): "
          + ", ".join(f"{step} {statistics.median(r[f'{step}_s'] for r in ours):,.2f}"
                      for step in ("open", "plan", "apply")))


if __name__ == "__main__":
    main()
