"""Several people on one database: an edit of a record someone changed since it was opened
is refused, never silently overwritten; two processes writing at once lose nothing; a write
that cannot wait is one clear line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from forge_desktop.core import database, editing
from forge_desktop.core.schema import Change, ChangeKind, ChangeSet, Financing
from tests.conftest import run_forge
from tests.core.concurrent_edits import RECORDS

ROOT = Path(__file__).resolve().parents[2]


def test_an_edit_of_a_record_changed_since_it_was_opened_is_refused(engine):
    with Session(engine) as session:
        opened = editing.record_version(session, "financing", "doe-rocks")
    with Session(engine) as session, session.begin():
        editing.edit_record(session, "financing", "doe-rocks", {"notes": "Ann's"}, author="ann")
    with Session(engine) as session, pytest.raises(editing.EditError, match="changed by ann"), \
            session.begin():
        editing.edit_record(session, "financing", "doe-rocks", {"notes": "Bob's"}, author="bob",
                            expected_version=opened)
    with Session(engine) as session:
        assert session.get(Financing, "doe-rocks").notes == "Ann's"
        now = editing.record_version(session, "financing", "doe-rocks")
    with Session(engine) as session, session.begin():  # reopened: saved
        editing.edit_record(session, "financing", "doe-rocks", {"notes": "Bob's"}, author="bob",
                            expected_version=now)


def test_the_command_line_refuses_a_stale_version_in_one_line(db_url):
    first = run_forge("edit", "financing", "doe-rocks", "--set", "notes=one", "--if-version", "0",
                      "--db", db_url)
    assert first.returncode == 0, first.stderr.decode()
    again = run_forge("edit", "financing", "doe-rocks", "--set", "notes=two", "--if-version", "0",
                      "--db", db_url)
    stderr = again.stderr.decode()
    assert again.returncode == 2 and len(stderr.splitlines()) == 1
    assert "since you opened it" in stderr
    deleted = run_forge("delete", "financing", "doe-rocks", "--if-version", "0", "--db", db_url)
    assert deleted.returncode == 2 and "since you opened it" in deleted.stderr.decode()


def two_processes(db_url: str, count: int, mode: str) -> tuple[int, int, int]:
    """Ann and Bob at once, each *count* edits or imports: saved, conflicts, busy."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [subprocess.Popen([sys.executable, "-m", "tests.core.concurrent_edits", db_url, who,
                              str(count), mode], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for who in ("ann", "bob")]
    saved = conflicts = busy = 0
    for run in runs:
        out, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
        figures = out.split()
        saved += int(figures[1])
        conflicts += int(figures[3])
        busy += int(figures[5])
    return saved, conflicts, busy


def test_two_processes_importing_at_once_lose_nothing(db_url, engine):
    """2 × 30 imports at once: every record is there, each import its own change set."""
    saved, _, _ = two_processes(db_url, 30, "import")
    assert saved == 60
    with Session(engine) as session:
        imported = session.scalars(select(Financing.id).where(
            Financing.id.like("ann-%") | Financing.id.like("bob-%"))).all()
        assert len(imported) == 60
        sets = session.scalars(select(ChangeSet.author).where(
            ChangeSet.kind == ChangeKind.IMPORT)).all()
        assert sorted(sets) == ["ann"] * 30 + ["bob"] * 30


def test_two_processes_editing_at_once_lose_nothing(db_url, engine):
    """2 × 200 edits of the same three records: every save is in the log, the records hold
    the last logged value, and every refusal was a reported conflict."""
    engine.dispose()
    saved, conflicts, busy = two_processes(db_url, 200, "edit")
    assert saved + conflicts + busy == 400 and saved >= 200
    with Session(engine) as session:
        edits = session.scalars(select(ChangeSet).where(ChangeSet.kind == ChangeKind.EDIT)).all()
        assert len(edits) == saved
        for record_id in RECORDS:
            last = session.scalars(select(Change).where(
                Change.record_id == record_id, Change.field == "notes")
                .order_by(Change.change_set_id.desc()).limit(1)).one()
            assert session.get(Financing, record_id).notes == json.loads(last.after)


@pytest.mark.sqlite_only("SQLite's one writer: the other waits, then says so")
def test_a_write_that_waits_too_long_on_sqlite_is_one_line(db_url, monkeypatch):
    import sqlite3

    monkeypatch.setattr(database, "BUSY_SECONDS", 0)
    holder = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    holder.execute("BEGIN IMMEDIATE")  # another program in the middle of a write
    try:
        before = holder.execute("SELECT notes FROM financing WHERE id = 'doe-rocks'").fetchone()
        result = run_forge("edit", "financing", "doe-rocks", "--set", "notes=mine", "--db", db_url)
    finally:
        holder.rollback()
        holder.close()
    stderr = result.stderr.decode()
    assert result.returncode == 2 and len(stderr.splitlines()) == 1, stderr
    assert "is busy" in stderr and "try again" in stderr
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as check:
        assert check.execute("SELECT notes FROM financing WHERE id = 'doe-rocks'").fetchone() == before


def test_a_reader_reads_and_every_write_is_refused_in_one_line(team, tmp_path):
    reader = team["reader"]
    export = run_forge("export", "financing", "--format", "json", "--db", reader)
    assert export.returncode == 0 and len(json.loads(export.stdout)) > 10
    engine = database.open_database(reader)
    try:
        assert "may only read" in database.read_only_reason(engine)
    finally:
        engine.dispose()
    csv_file = tmp_path / "one.csv"
    csv_file.write_text("id,agency,recipient,summary\nx-1,DOE,Someone,A test\n", encoding="utf-8")
    for args in (("edit", "financing", "doe-rocks", "--set", "notes=mine"),
                 ("delete", "financing", "doe-rocks"),
                 ("import", "financing", str(csv_file)),
                 ("db", "undo-import")):
        result = run_forge(*args, "--db", reader)
        stderr = result.stderr.decode()
        assert result.returncode == 2 and len(stderr.splitlines()) == 1, (args, stderr)
        assert "may only read" in stderr and "changes nothing" in stderr, (args, stderr)


def test_a_writer_writes(team):
    engine = database.open_database(team["writer"])
    try:
        assert database.read_only_reason(engine) is None
    finally:
        engine.dispose()
    edited = run_forge("edit", "financing", "doe-rocks", "--set", "notes=mine", "--db",
                       team["writer"])
    assert edited.returncode == 0, edited.stderr.decode()


def test_init_team_wants_a_postgresql_url(db_url):
    result = run_forge("db", "init-team", "sqlite:///x.sqlite")
    assert result.returncode == 2 and "PostgreSQL URL" in result.stderr.decode()
