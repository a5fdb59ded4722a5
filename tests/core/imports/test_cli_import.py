"""The import command line: exit codes, the report on stderr, dry runs, new values, undo.

It runs in this process (``cli.main``); one test runs the real ``python -m forge_desktop``."""

from __future__ import annotations

import pytest

from forge_desktop.core.schema import Financing, Origin

from ...conftest import run_forge
from .conftest import NASA_UNKNOWN, RECORD_TABLES, dump, financing, forge_subprocess, ids, stored, write_csv


def test_cli_accepts_new_values_it_is_told_to(db_url, engine, tmp_path, forge):
    path = write_csv(tmp_path / "nsf.csv", [financing("cli-nsf", agency="NSF", stage="scoping")])

    refused = forge("import", "financing", str(path), "--db", db_url)
    assert refused.returncode == 2
    assert ("If these are new values, not typos, confirm them: --accept-new agency=NSF "
            "--accept-new stage=scoping") in refused.stderr.splitlines()

    done = forge("import", "financing", str(path), "--db", db_url, "--accept-new", "agency=NSF",
                 "--accept-new", "stage=scoping")
    assert done.returncode == 0, done.stderr
    assert "cli-nsf" in ids(engine, Financing)

    bad = forge("import", "financing", str(path), "--db", db_url, "--accept-new", "colour=red")
    assert bad.returncode == 2
    assert "COLUMN one of agency, instrument, stage" in bad.stderr


def test_cli_refuses_a_bad_file_with_a_report_and_exit_code_2(db_url, engine, tmp_path, forge):
    path = write_csv(tmp_path / "bad.csv", [financing("cli-1"), financing("cli-2", agency="NASA"),
                                            financing("cli-3", amount_usd="lots")])
    before = dump(engine)

    done = forge("import", "financing", str(path), "--db", db_url)

    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert f"{path}: row 2, agency: error: {NASA_UNKNOWN}" in lines
    assert "If these are new values, not typos, confirm them: --accept-new agency=NASA" in lines
    assert any(line.startswith(f"{path}: row 3, amount_usd: error: 'lots' is not an amount")
               for line in lines)
    assert lines[-1] == f"forge-desktop: error: 2 error(s) in {path}; nothing was imported"
    assert "Traceback" not in done.stderr
    assert dump(engine) == before


def test_cli_dry_run_checks_and_writes_nothing(db_url, engine, tmp_path, forge):
    path = write_csv(tmp_path / "good.csv", [financing("dry-1"), financing("dry-2")])
    before = dump(engine)

    done = forge("import", "financing", str(path), "--dry-run", "--db", db_url)

    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.strip() == "2 financing records would be imported (dry run)"
    assert dump(engine) == before


@pytest.mark.parametrize(("content", "match"), [
    (b"\x00\x01binary", "this is a binary file"),
    (b'id,agency\n"open,DOD\n', "the CSV is malformed near line"),
])
def test_cli_refuses_a_hostile_file_in_one_line(db_url, engine, tmp_path, forge, content, match):
    path = tmp_path / "hostile.csv"
    path.write_bytes(content)
    before = dump(engine)

    done = forge("import", "financing", str(path), "--db", db_url)

    assert done.returncode == 2
    assert done.stderr.startswith(f"forge-desktop: error: {match}")
    assert len(done.stderr.splitlines()) == 1
    assert dump(engine) == before


def test_cli_reports_a_constraint_the_file_breaks_instead_of_crashing(db_url, engine, tmp_path, forge):
    path = write_csv(tmp_path / "p.csv", [{"id": "france-2", "name": "France", "iso3": "FRA",
                                           "region": "Europe", "summary": "s"}])
    before = dump(engine)

    done = forge("import", "participants", str(path), "--db", db_url)

    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"{path}: row 1, iso3: error:" in done.stderr
    assert dump(engine) == before


# The one test through a real interpreter: the entry point, its exit code and output
# encoding as a script sees them. The others run in-process, seconds faster each.
def test_cli_imports_then_undoes(db_url, engine, tmp_path):
    path = write_csv(tmp_path / "good.csv", [financing("cli-ok-1", minerals="lithium"),
                                             financing("cli-ok-2", locations="Chile")])
    before = dump(engine)

    done = forge_subprocess("import", "financing", str(path), "--db", db_url, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.strip() == ("imported 2 financing records "
                                   "(undo with: forge-desktop db undo-import)")
    assert stored(engine, Financing, "cli-ok-1").origin == Origin.IMPORTED

    # The rest in this process: one real start of the command is what this test is for.
    undone = run_forge("db", "undo-import", "--db", db_url)
    assert (undone.returncode, undone.stdout.decode().strip()) == (
        0, "removed 2 records of the last import")
    assert {"cli-ok-1", "cli-ok-2"}.isdisjoint(ids(engine, Financing))
    after = dump(engine)
    assert {t: after[t] for t in RECORD_TABLES[:-1]} == {t: before[t] for t in RECORD_TABLES[:-1]}

    again = run_forge("db", "undo-import", "--db", db_url)
    assert (again.returncode, again.stdout.decode().strip()) == (0, "no import to undo")


