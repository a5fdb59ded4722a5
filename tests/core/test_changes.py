"""The change log: an import and its undo are change sets with an author, a time, a reason
and, per record, its fields; the command line lists them and a record's history."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from forge_desktop.core import changes, imports, undo
from forge_desktop.core.schema import ChangeAction, ChangeKind, ChangeSet

from ..conftest import run_forge
from .imports.conftest import financing, write_csv


def import_two(engine, tmp_path):
    path = write_csv(tmp_path / "exim-march.csv",
                     [financing("log-1", amount_usd="up to $400 million"), financing("log-2")])
    with Session(engine) as s, s.begin():
        return imports.apply_import(s, imports.plan_import(s, "financing", path))


def test_an_import_is_a_change_set_with_each_records_fields(engine, tmp_path, monkeypatch):
    monkeypatch.setenv(changes.AUTHOR_ENV, "Ada Analyst")
    result = import_two(engine, tmp_path)
    with Session(engine) as s:
        (cs,) = s.scalars(select(ChangeSet)).all()
        assert (cs.author, cs.kind, cs.at, cs.reason) == (
            "Ada Analyst", ChangeKind.IMPORT, result.imported_at, "imported exim-march.csv")
        record = {c.field: c.after for c in changes.history(s, table="financing", record_id="log-1")}
        assert record["amount_usd"] == 400_000_000 and record["amount_qualifier"] == "up_to"
        assert record["agency"] == "DOD" and "id" in record
        assert {c.action for c in changes.history(s)} == {ChangeAction.ADDED}


def test_an_undo_records_what_it_removed_and_which_change_set_it_took_back(engine, tmp_path,
                                                                            monkeypatch):
    monkeypatch.setenv(changes.AUTHOR_ENV, "Ada Analyst")
    import_two(engine, tmp_path)
    monkeypatch.setenv(changes.AUTHOR_ENV, "Bea Checker")
    with Session(engine) as s, s.begin():
        assert undo.undo_last_import(s) == 0  # Ada's import is not Bea's to take back
    monkeypatch.setenv(changes.AUTHOR_ENV, "Ada Analyst")
    with Session(engine) as s, s.begin():
        assert undo.undo_last_import(s) == 2
    with Session(engine) as s:
        imported, undo_set = s.scalars(select(ChangeSet).order_by(ChangeSet.id)).all()
        assert (undo_set.kind, undo_set.undoes, undo_set.author) == (
            ChangeKind.UNDO, imported.id, "Ada Analyst")
        removed = [(c.record_id, c.action) for c in changes.history(s, kind=ChangeKind.UNDO)]
        assert sorted(removed) == [("log-1", ChangeAction.REMOVED), ("log-2", ChangeAction.REMOVED)]


def test_the_author_defaults_to_the_os_user(monkeypatch):
    monkeypatch.delenv(changes.AUTHOR_ENV, raising=False)
    monkeypatch.setattr(changes.getpass, "getuser", lambda: "osuser")
    assert changes.current_author() == "osuser"


def test_the_command_line_lists_changes_and_a_records_history(db_url, engine, tmp_path,
                                                               monkeypatch):
    monkeypatch.setenv(changes.AUTHOR_ENV, "Ada Analyst")
    import_two(engine, tmp_path)
    with Session(engine) as s, s.begin():
        undo.undo_last_import(s)

    listed = json.loads(run_forge("changes", "--db", db_url, "--format", "json").stdout)
    assert {(c["kind"], c["author"]) for c in listed} == {("import", "Ada Analyst"),
                                                          ("undo", "Ada Analyst")}
    none = run_forge("changes", "--db", db_url, "--author", "nobody", "--format", "json")
    assert json.loads(none.stdout) == []
    later = run_forge("changes", "--db", db_url, "--since", "2999-01-01", "--format", "json")
    assert json.loads(later.stdout) == []

    history = run_forge("history", "financing", "log-1", "--db", db_url).stdout.decode()
    lines = history.splitlines()
    assert any(line.endswith("import financing log-1 amount_usd: — → 400000000") for line in lines)
    assert lines[-1].endswith("undo financing log-1 removed")
    assert all(line.startswith("#") and " Ada Analyst " in line for line in lines)

    csv_lines = run_forge("history", "financing", "log-1", "--db", db_url,
                          "--format", "csv").stdout.decode().splitlines()
    assert csv_lines[0] == "change_set,at,author,kind,reason,table,record_id,action,field,before,after"


def test_bad_input_is_one_line_and_exit_2(db_url):
    bad = run_forge("changes", "--db", db_url, "--since", "someday")
    assert bad.returncode == 2 and bad.stderr.decode().startswith("forge-desktop: error: --since: ")
    assert bad.stderr.decode().count("\n") == 1
    unknown = run_forge("history", "financing", "exim-project-vault", "--db", db_url)
    assert unknown.returncode == 2
    assert "no change of financing 'exim-project-vault' is recorded" in unknown.stderr.decode()
