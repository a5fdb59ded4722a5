"""Every command against a database that fails beneath it: a damaged SQLite file (garbage
in its header, its schema, a table's or an index's pages, its middle, its last pages), a
full disk, a read-only file, a file another program holds locked, an unreachable server.
Each either works (a command may never touch the damaged pages) or says in one line what
is wrong with which database and what to do, exit code 2: never a traceback.

The commands are read from the argument parser, so a new one is covered as it is added;
commands run in-process (``run_forge``). Each kind of damage is made once (module-scoped)
and each command gets a copy of it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from forge_desktop.core import cli, database

from ..conftest import run_forge

PAGE = 4096
NOT_COMMANDS = {"gui"}  # opens the window: its faults are the window's (tests/ui)
SHIPPED_SOURCE = "report-2026-02-forge-mongolia"
IMPORT_ROW = ("id,agency,recipient,instrument,stage,amount_usd,summary\n"
              "x-faults-1,DOD,Someone,equity,announced,5M,A test of faults\n")
# Beyond the bare minimum, what makes a command reach the database's pages (a write).
EXTRA = {
    "add": ("--set", "agency=EXIM", "--set", "recipient=Acme Lithium", "--set", "instrument=equity",
            "--set", "stage=announced", "--source", SHIPPED_SOURCE),
    "edit": ("--set", "notes=checked for faults"),
}
CSV_FILE = "one.csv"
READS_FINANCING = ("export", "totals", "pivot", "import", "chart", "add", "edit", "delete", "db undo-import",
                   "db analytics")
WRITING = ("import", "add", "edit", "delete", "undo", "db rebuild", "db undo-import")


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(found.choices)


def command_lines() -> list[tuple[str, ...]]:
    """Each command of the parser with the fewest arguments it takes (every choice of an
    ``action``: each is a command of its own); the files they name are relative to the
    folder they run in (see :func:`run_in`)."""
    lines: list[tuple[str, ...]] = []
    for name, parser in _subcommands(cli.build_parser()).items():
        if name in NOT_COMMANDS:
            continue
        variants: list[list[str]] = [[name]]
        for action in parser._actions:
            if action.option_strings and not action.required:
                continue
            value = _minimal(name, action)
            if value is None:
                continue
            if action.dest == "action":
                variants = [[*v, choice] for v in variants for choice in action.choices or ()]
            else:
                variants = [[*v, *value] for v in variants]
        lines += [(*v, *EXTRA.get(name, ())) for v in variants]
    return lines


def _minimal(command: str, action: argparse.Action) -> list[str] | None:
    if action.option_strings:  # a required option
        known = {"rows": "agency", "output": f"{command}-out.png"}
        assert action.dest in known, f"give the required {action.option_strings} of {command} a value"
        return [action.option_strings[0], known[action.dest]]
    if action.choices:  # a table, mostly (an optional one too: the command's subject)
        choices = list(action.choices)
        return ["financing" if "financing" in choices else choices[0]]
    if action.nargs == "?":
        return None
    known = {"file": CSV_FILE, "id": "doe-rocks", "change_set": "1"}
    assert action.dest in known, f"give {command}'s {action.dest} a value in tests/core/test_database_faults.py"
    return [known[action.dest]]


def one_line(result: subprocess.CompletedProcess) -> str:
    """A failure's stderr, asserted one line with no traceback ("" for a success)."""
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr, stderr
    if result.returncode == 0:
        return ""
    assert result.returncode == 2, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("forge-desktop: error: "), stderr
    return lines[0]


def integrity(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def financing_csv(db_file: Path, folder: Path) -> bytes:
    """The financing records of *db_file* as `export financing` writes them (from a copy,
    so a file on a full or read-only disk can be read)."""
    copy = folder / f"read-{time.monotonic_ns()}.sqlite"
    shutil.copy(db_file, copy)
    out = folder / f"{copy.stem}.csv"
    done = run_forge("export", "financing", "--db", f"sqlite:///{copy}", "-o", str(out))
    assert done.returncode == 0, done.stderr.decode()
    return out.read_bytes()


def run_in(folder: Path, db: str, line: tuple[str, ...]) -> subprocess.CompletedProcess:
    """*line* against the database at URL *db*, run in *folder* (which gets the file to import)."""
    (folder / CSV_FILE).write_text(IMPORT_ROW, encoding="utf-8")
    return run_forge("--db", db, *line, cwd=folder)


COMMANDS = command_lines()


def test_every_command_is_covered():
    named = {line[0] for line in COMMANDS}
    assert named == set(_subcommands(cli.build_parser())) - NOT_COMMANDS
    assert ("db", "rebuild") in {line[:2] for line in COMMANDS}


# --------------------------------------------------------------------------- damaged files


def _root_page(path: Path, name: str) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0])
    finally:
        con.close()


def _garbled(path: Path) -> dict[str, list[tuple[int, int]]]:
    """Where each kind of damage goes: (offset, length) of the garbage, by page of 4096."""
    pages = path.stat().st_size // PAGE

    def page(n: int) -> tuple[int, int]:  # SQLite numbers its pages from 1
        return (n - 1) * PAGE, PAGE

    return {
        "header": [(0, 100)],
        "schema": [(100, PAGE - 100)],
        "meta-table": [page(_root_page(path, "meta"))],
        "financing-table": [page(_root_page(path, "financing"))],
        "financing-indexes": [page(_root_page(path, "sqlite_autoindex_financing_1")),
                              page(_root_page(path, "ix_financing_agency_id"))],
        "middle": [page(pages // 2), page(pages // 2 + 1)],
        "last-pages": [page(pages - 1), page(pages)],
    }


DAMAGE = ("header", "schema", "meta-table", "financing-table", "financing-indexes", "middle", "last-pages")


@pytest.fixture(scope="module")
def damaged(curated_db_file, tmp_path_factory) -> dict[str, Path]:
    """One damaged copy of the curated database per kind of damage, made once."""
    folder = tmp_path_factory.mktemp("damaged")
    made = {}
    garbage = bytes((i * 151 + 7) % 251 for i in range(PAGE))  # the same garbage every run
    for kind, spans in _garbled(curated_db_file).items():
        path = folder / f"{kind}.sqlite"
        shutil.copy(curated_db_file, path)
        with path.open("r+b") as file:
            for offset, length in spans:
                file.seek(offset)
                file.write(garbage[:length])
        made[kind] = path
    assert set(made) == set(DAMAGE)
    return made


@pytest.mark.sqlite_only("garbles a SQLite file's pages")
@pytest.mark.parametrize("kind", DAMAGE)
@pytest.mark.parametrize("line", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_a_damaged_file_is_one_line_or_works(damaged, kind, line, tmp_path):
    db_file = tmp_path / "forge.sqlite"
    shutil.copy(damaged[kind], db_file)
    args = list(line)
    result = run_in(tmp_path, f"sqlite:///{db_file}", line)
    message = one_line(result)
    if "is damaged" in message:
        assert str(db_file) in message and "db rebuild" in message and "--db" in message, message
    if kind in ("header", "schema", "meta-table") and args[:2] not in (["db", "path"], ["db", "rebuild"],
                                                                      ["db", "init-team"]):
        assert result.returncode == 2 and f"{db_file} is damaged" in message, message
    if kind == "financing-table" and (args[0] in READS_FINANCING or " ".join(args[:2]) in READS_FINANCING):
        assert result.returncode == 2 and f"{db_file} is damaged" in message, message
    if args[:2] == ["db", "rebuild"]:  # a new file, and the damaged one kept beside it
        assert result.returncode == 0 and integrity(db_file) == "ok"
        kept = [p for p in tmp_path.iterdir() if ".unreadable-" in p.name]
        assert len(kept) == 1 and kept[0].read_bytes() == damaged[kind].read_bytes(), kept


# --------------------------------------------------------------------------- a full disk


@pytest.fixture(scope="module")
def small_disk(tmp_path_factory, curated_db_file) -> Iterator[Path]:
    """A tmpfs a little larger than the database (as root; skipped otherwise)."""
    folder = tmp_path_factory.mktemp("small-disk")
    size = curated_db_file.stat().st_size + 600 * 1024
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a full disk needs a tmpfs, and mounting one needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs for a full disk: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def _fill(folder: Path, leave: int) -> None:
    """Fill the disk at *folder* but *leave* bytes."""
    stats = os.statvfs(folder)
    free = stats.f_bavail * stats.f_frsize
    with contextlib.suppress(OSError), (folder / "filler").open("wb") as filler:  # full at last
        filler.write(b"\0" * max(0, free - leave))


FULL_DISK_COMMANDS = [line for line in COMMANDS
                      if line[0] in ("import", "add", "edit", "delete")
                      or line[:2] in (("db", "info"), ("db", "rebuild"), ("db", "undo-import"))]


@pytest.mark.sqlite_only("fills the disk beneath a SQLite file")
@pytest.mark.parametrize("leave", [0, 64 * 1024], ids=["no-space", "64KiB-left"])
@pytest.mark.parametrize("line", FULL_DISK_COMMANDS, ids=[" ".join(c[:2]) for c in FULL_DISK_COMMANDS])
def test_a_full_disk_is_one_line_and_the_database_stays_whole(small_disk, curated_db_file, tmp_path,
                                                                line, leave):
    for left in small_disk.iterdir():
        left.unlink()
    db_file = small_disk / "forge.sqlite"
    shutil.copy(curated_db_file, db_file)
    before = financing_csv(db_file, tmp_path)
    _fill(small_disk, leave)
    args = list(line)
    result = run_in(tmp_path, f"sqlite:///{db_file}", line)
    message = one_line(result)
    assert integrity(db_file) == "ok"
    if result.returncode:
        assert f"{db_file}: the disk is full" in message and "free some space" in message, message
        assert financing_csv(db_file, tmp_path) == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "forge.sqlite"]  # no leftovers
    if leave == 0 and args[0] in ("import", "add", "edit", "delete"):
        assert result.returncode == 2, "a write on a full disk cannot have worked"


# --------------------------------------------------------------------------- locked


@pytest.fixture
def locked(tmp_path, curated_db_file) -> Iterator[Path]:
    """A copy of the database another connection holds in an exclusive transaction."""
    db_file = tmp_path / "forge.sqlite"
    shutil.copy(curated_db_file, db_file)
    holder = sqlite3.connect(db_file, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield db_file
    finally:
        holder.rollback()
        holder.close()


@pytest.mark.sqlite_only("SQLite's file lock")
def test_a_locked_database_is_one_line_within_a_bounded_wait(locked, tmp_path):
    started = time.monotonic()
    result = run_forge("edit", "financing", "doe-rocks", "--set", "notes=mine", "--db", f"sqlite:///{locked}")
    waited = time.monotonic() - started
    message = one_line(result)
    assert result.returncode == 2 and waited < 10, (waited, message)
    assert waited >= database.BUSY_SECONDS - 0.5, waited  # it did wait for the other to finish
    assert f"{locked} is busy: it is locked by another program" in message
    assert "SQLite cannot tell which" in message and "try again" in message


LOCKED_COMMANDS = [line for line in COMMANDS if line[0] in ("import", "add", "delete", "export", "sources")
                   or line[:2] in (("db", "info"), ("db", "rebuild"), ("db", "undo-import"))]


@pytest.mark.sqlite_only("SQLite's file lock")
@pytest.mark.parametrize("line", LOCKED_COMMANDS, ids=[" ".join(c[:2]) for c in LOCKED_COMMANDS])
def test_every_command_on_a_locked_database_is_one_line(locked, tmp_path, monkeypatch, line):
    monkeypatch.setattr(database, "BUSY_SECONDS", 1)
    started = time.monotonic()
    result = run_in(tmp_path, f"sqlite:///{locked}", line)
    assert time.monotonic() - started < 4  # one bounded wait, not one per step
    message = one_line(result)
    assert result.returncode == 2 and f"{locked} is busy" in message, message
    # A rebuild does not take a locked file for an unreadable one and put it aside.
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("forge.", ".forge."))) == [
        "forge.sqlite"]


# --------------------------------------------------------------------------- read-only


@pytest.fixture(scope="module")
def read_only_folder(tmp_path_factory, curated_db_file) -> Iterator[Path]:
    """A folder holding the database, mounted read-only: as root, file modes are not
    enforced (chmod 0444 would not stop root writing), a read-only mount is."""
    source = tmp_path_factory.mktemp("writable")
    shutil.copy(curated_db_file, source / "forge.sqlite")
    stale = source / "stale.sqlite"  # a file the shipped data has moved on from: opening writes
    shutil.copy(curated_db_file, stale)
    con = sqlite3.connect(stale)
    con.execute("UPDATE meta SET value = 'older' WHERE key = 'data_fingerprint'")
    con.commit()
    con.close()
    target = tmp_path_factory.mktemp("read-only")
    if os.geteuid() != 0:
        pytest.skip("a read-only mount needs root (and as a user, file modes already do it)")
    done = subprocess.run(["mount", "--bind", str(source), str(target)], capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot bind-mount a folder read-only: {done.stderr.strip()}")
    try:
        remount = subprocess.run(["mount", "-o", "remount,bind,ro", str(target)], capture_output=True,
                                 text=True, check=False)
        if remount.returncode != 0:
            pytest.skip(f"cannot remount read-only: {remount.stderr.strip()}")
        yield target
    finally:
        subprocess.run(["umount", str(target)], check=False)


@pytest.mark.sqlite_only("a SQLite file on a read-only disk")
@pytest.mark.parametrize("line", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_a_read_only_file_reads_and_every_write_is_one_line(read_only_folder, tmp_path, line):
    db_file = read_only_folder / "forge.sqlite"
    args = list(line)
    result = run_in(tmp_path, f"sqlite:///{db_file}", line)
    message = one_line(result)
    if " ".join(args[:2]) in WRITING or args[0] in WRITING:
        assert result.returncode == 2 and f"{db_file} is read-only" in message, message
        assert "changes nothing" in message
    else:  # reading works (history of a record never changed is refused, as anywhere)
        assert "read-only" not in message, message
        assert result.returncode == 0 or args[0] in ("history", "db"), message


@pytest.mark.sqlite_only("a SQLite file on a read-only disk")
def test_a_write_refused_by_the_disk_itself_is_one_line(read_only_folder, monkeypatch):
    """Past the check before writing (the file looked writable): SQLite's own refusal."""
    monkeypatch.setattr(database, "read_only_reason", lambda _engine: None)
    db_file = read_only_folder / "forge.sqlite"
    result = run_forge("edit", "financing", "doe-rocks", "--set", "notes=mine", "--db", f"sqlite:///{db_file}")
    message = one_line(result)
    assert result.returncode == 2 and f"{db_file} is read-only" in message, message
    assert "nothing was changed" in message and "--db" in message


@pytest.mark.sqlite_only("a SQLite file on a read-only disk")
def test_a_read_only_file_that_must_be_written_to_open_is_one_line(read_only_folder):
    db_file = read_only_folder / "stale.sqlite"
    result = run_forge("export", "financing", "--db", f"sqlite:///{db_file}")
    message = one_line(result)
    assert result.returncode == 2 and f"{db_file} is read-only" in message, message


# --------------------------------------------------------------------------- a server gone


def test_an_unreachable_server_is_one_line(tmp_path):
    url = "postgresql://nobody:secret@127.0.0.1:9/forge"  # the discard port: nothing listens
    for line in COMMANDS:
        if line[:2] == ("db", "init-team"):
            continue  # given the URL itself: below
        result = run_in(tmp_path, url, line)
        message = one_line(result)
        assert result.returncode == 2 or line[:2] == ("db", "path"), (line, message)
        if result.returncode:
            assert "127.0.0.1" in message and "secret" not in message, (line, message)


def test_a_server_gone_for_init_team_is_one_line():
    result = run_forge("db", "init-team", "postgresql://nobody:secret@127.0.0.1:9/forge")
    message = one_line(result)
    assert result.returncode == 2 and "secret" not in message, message


def _holder_thread(path: Path, ready: threading.Event, done: threading.Event) -> None:
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    ready.set()
    done.wait(30)
    holder.rollback()
    holder.close()


@pytest.mark.sqlite_only("SQLite's file lock, held by another thread")
def test_a_lock_held_in_another_thread_is_one_line(tmp_path, curated_db_file, monkeypatch):
    monkeypatch.setattr(database, "BUSY_SECONDS", 1)
    db_file = tmp_path / "forge.sqlite"
    shutil.copy(curated_db_file, db_file)
    ready, done = threading.Event(), threading.Event()
    thread = threading.Thread(target=_holder_thread, args=(db_file, ready, done))
    thread.start()
    try:
        assert ready.wait(10)
        result = run_forge("db", "undo-import", "--db", f"sqlite:///{db_file}")
    finally:
        done.set()
        thread.join()
    message = one_line(result)
    assert result.returncode == 2 and "is busy" in message, message
