"""Hostile faults (issue "Hostile files and faults").

An import killed with SIGKILL at random moments, twenty times over on the same database,
leaves it whole each time: SQLite's own check passes, the search index matches its table,
and the records hold either none of the file or all of it, as the change log says. A disk
that fills during an export (CSV, JSON, XLSX) leaves no file, partial or temporary, and an
older file at the target untouched; the command says so in one line, with no traceback.

SQLite only, and without the ``db_url`` fixture: a killed process and a hot journal are
about SQLite's file; the tests build their own copies of the curated database.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import gc
import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.synthetic import generate

from ..conftest import run_forge

SYNTHETIC_ROWS = 4_000  # the import: ~2.5 s (half of it start-up), so 20 kills take ~25 s
KILLS = 20
SEED = 20260303  # the kill delays: the same every run
# The tables an import writes (the search index is checked on its own, its change log too).
RECORD_TABLES = ("financing", "financing_minerals", "financing_locations", "financing_sources",
                 "sources", "agencies", "instruments", "stages", "locations", "minerals",
                 "organisations")
CHILD_ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}


def forge_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "forge_desktop", *args]


@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory) -> Path:
    """The curated database plus SYNTHETIC_ROWS generated financing rows (ids ``syn-…``)."""
    return generate(tmp_path_factory.mktemp("synthetic") / "synthetic.sqlite", SYNTHETIC_ROWS)


@pytest.fixture(scope="module")
def import_file(synthetic_db, tmp_path_factory) -> tuple[Path, list[str]]:
    """The synthetic rows as the export writes them, ids made new to the curated database
    (``new-syn-…``): the file, and its ids."""
    folder = tmp_path_factory.mktemp("import")
    exported = folder / "exported.csv"
    done = run_forge("export", "financing", "-o", str(exported), "--db", f"sqlite:///{synthetic_db}")
    assert done.returncode == 0, done.stderr.decode()
    with exported.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields = list(reader.fieldnames or [])
        rows = [row for row in reader if row["id"].startswith("syn-")]
    assert "id" in fields and len(rows) == SYNTHETIC_ROWS
    assert not any(row["parent_id"] for row in rows)  # no id of theirs points elsewhere
    for row in rows:
        row["id"] = "new-" + row["id"]
    path = folder / "rows.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return path, [row["id"] for row in rows]


# ------------------------------------------------------------------ what the database holds


@dataclass(frozen=True)
class State:
    records: tuple[tuple[str, int], ...]  # each record table's row count
    ids: str  # a checksum of the financing ids, sorted
    change_sets: int
    changes: int


def checksum(ids) -> str:
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()


def checked_state(path: Path) -> State:
    """The database's state, after checking it is whole and agrees with its change log.

    The first connection after a kill finds the hot journal and rolls it back, as the
    window or the next command would."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        # FTS5's own check: its index holds exactly the rows of the table it indexes.
        con.execute("INSERT INTO financing_fts(financing_fts) VALUES ('integrity-check')")
        # No change set without its changes (one whose changes were lost with a kill).
        empty = con.execute("SELECT id, kind FROM change_sets WHERE id NOT IN "
                            "(SELECT change_set_id FROM changes)").fetchall()
        assert empty == [], f"change sets without changes: {empty}"
        # The log says which records came in and went: its last word on each must be true.
        # (SQLite takes a bare column from the row that gives the max().)
        logged = {record: action for record, action, _ in con.execute(
            "SELECT record_id, action, max(id) FROM changes WHERE table_name = 'financing' "
            "GROUP BY record_id")}
        ids = {i for (i,) in con.execute("SELECT id FROM financing")}
        present = {i for i, action in logged.items() if action == "added"}
        gone = {i for i, action in logged.items() if action == "removed"}
        assert present <= ids, f"{len(present - ids)} records the log added are missing"
        assert not gone & ids, f"{len(gone & ids)} records the log removed are still there"
        records = tuple((t, con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0])
                        for t in RECORD_TABLES)
        change_sets, = con.execute("SELECT count(*) FROM change_sets").fetchone()
        changes, = con.execute("SELECT count(*) FROM changes").fetchone()
        return State(records, checksum(ids), change_sets, changes)
    finally:
        con.close()


# ------------------------------------------------------------------ kill -9 during an import


def test_an_import_killed_at_random_moments_leaves_all_of_it_or_none(
        curated_db_file, import_file, tmp_path):
    rows, new_ids = import_file
    command = forge_command("import", "financing", str(rows), "--db")

    # One full run, on a copy: how long it takes, and the state it leaves.
    measured = tmp_path / "measured.sqlite"
    shutil.copy(curated_db_file, measured)
    start = time.monotonic()
    done = subprocess.run([*command, f"sqlite:///{measured}"], env=CHILD_ENV, capture_output=True)
    run_time = time.monotonic() - start
    assert done.returncode == 0, done.stderr.decode()
    db = tmp_path / "forge.sqlite"
    shutil.copy(curated_db_file, db)
    none = checked_state(db)
    everything = checked_state(measured)
    with contextlib.closing(sqlite3.connect(curated_db_file)) as curated:
        curated_ids = {i for (i,) in curated.execute("SELECT id FROM financing")}
    assert everything.ids == checksum(curated_ids | set(new_ids))
    assert everything.records != none.records
    one_import = everything.changes - none.changes  # the changes one import logs
    assert everything.change_sets == none.change_sets + 1 and one_import >= len(new_ids)

    # The delays, one in each twentieth of the run (so the start, the writing and the commit
    # are all hit), in a shuffled order, the same every run.
    rng = random.Random(SEED)
    delays = [run_time * (i + rng.random()) / KILLS for i in range(KILLS)]
    rng.shuffle(delays)
    outcomes: list[str] = []
    mid_write = 0
    spent = {"running": 0.0, "checking": 0.0, "undoing": 0.0}
    for n, delay in enumerate(delays, 1):
        clock = time.monotonic()
        child = subprocess.Popen([*command, f"sqlite:///{db}"], env=CHILD_ENV,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            child.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            mid_write += Path(f"{db}-journal").exists()  # a write transaction is open
            os.kill(child.pid, signal.SIGKILL)
        _, stderr = child.communicate()
        spent["running"] += time.monotonic() - clock
        clock = time.monotonic()
        killed = child.returncode == -signal.SIGKILL
        assert killed or child.returncode == 0, stderr.decode()
        now = checked_state(db)  # whole, and as its log says
        spent["checking"] += time.monotonic() - clock
        where = f"kill {n} after {delay:.2f}s of a {run_time:.2f}s run"
        if now.records == none.records:
            assert now.ids == none.ids, where
            assert (now.change_sets, now.changes) == (none.change_sets, none.changes), where
            outcomes.append("none")
            continue
        assert (now.records, now.ids) == (everything.records, everything.ids), where
        assert (now.change_sets, now.changes) == (none.change_sets + 1, none.changes + one_import), where
        outcomes.append("all" if killed else "finished")
        # Took back, to kill the next one again from the curated state: the log grows by the
        # undo (and the import it undid), the records are the curated ones again.
        clock = time.monotonic()
        undone = run_forge("db", "undo-import", "--db", f"sqlite:///{db}")
        assert undone.returncode == 0, undone.stderr.decode()
        after = checked_state(db)
        spent["undoing"] += time.monotonic() - clock
        assert (after.records, after.ids) == (none.records, none.ids), where
        assert after.change_sets == now.change_sets + 1, where
        none = after
    print(f"import of {len(new_ids)} rows: {run_time:.2f}s; {KILLS} kills, {mid_write} while "
          f"writing: {', '.join(outcomes)}; "
          + ", ".join(f"{what} {seconds:.1f}s" for what, seconds in spent.items()))
    # Some kill came in the middle of the writing (typically half of them do; the run time
    # varies with the machine's load, so no more is asked).
    assert mid_write >= 1


# ------------------------------------------------------------------ a disk that fills


@pytest.fixture
def tiny_disk(tmp_path):
    """A 256 KiB tmpfs (every export below is larger) mounted at a fresh folder, unmounted after the test."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tiny tmpfs to fill needs root")
    folder = tmp_path / "full"
    folder.mkdir()
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
                       check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as why:
        detail = getattr(why, "stderr", b"") or b""
        pytest.skip(f"cannot mount a tmpfs here: {why} {detail.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_an_export_to_a_disk_that_fills_leaves_no_file(synthetic_db, tiny_disk, fmt):
    url = f"sqlite:///{synthetic_db}"
    target = tiny_disk / f"financing.{fmt}"
    for earlier in (None, b"an earlier export, kept\n"):
        if earlier is not None:
            target.write_bytes(earlier)
        done = subprocess.run(forge_command("export", "financing", "-o", str(target), "--db", url),
                              env=CHILD_ENV, capture_output=True, timeout=120)
        stderr = done.stderr.decode()
        assert done.returncode == 2, stderr
        assert stderr.splitlines() == [
            f"forge-desktop: error: cannot write {target}: {os.strerror(errno.ENOSPC)}"], stderr
        if earlier is None:
            assert os.listdir(tiny_disk) == []
        else:
            assert os.listdir(tiny_disk) == [target.name]
            assert target.read_bytes() == earlier


def test_a_workbook_that_fills_the_disk_leaves_nothing_open_in_the_process(
        synthetic_db, tiny_disk, tmp_path, monkeypatch):
    """The window exports in its own process, for hours: a failed workbook must leave no
    temporary sheet behind (openpyxl keeps each sheet's rows in one until it is saved), nor
    an archive that complains when it is collected."""
    scratch = tmp_path / "scratch"  # this process's temporary files, and no one else's
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    target = tiny_disk / "financing.xlsx"
    unraisable: list[object] = []
    hook = sys.unraisablehook  # pytest's: put back before it looks
    sys.unraisablehook = unraisable.append
    try:
        done = run_forge("export", "financing", "-o", str(target), "--db", f"sqlite:///{synthetic_db}")
        gc.collect()
    finally:
        sys.unraisablehook = hook
    assert done.returncode == 2, done.stderr.decode()
    assert "No space left" in done.stderr.decode()
    assert os.listdir(tiny_disk) == []
    assert os.listdir(scratch) == []
    assert unraisable == []
