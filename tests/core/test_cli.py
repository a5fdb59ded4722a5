"""The command line, end to end: exports, totals, db housekeeping, errors.

Commands run in-process through ``forge_desktop.__main__.main(argv)`` (what the installed
``forge-desktop`` calls), with their own data folder, working folder and standard streams;
a few smoke tests run the real ``python -m forge_desktop`` in a subprocess.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook

from forge_desktop.core import cli
from forge_desktop.core.schema import SCHEMA_VERSION

from ..conftest import run_forge

FINANCING_COLUMNS = ("id", "agency", "recipient", "instrument", "stage", "amount_usd",
                     "amount_qualifier", "cofinancing_usd", "minerals", "locations", "date",
                     "date_precision", "parent_id", "is_aggregate", "quote_ru", "summary", "notes")
PARTICIPANT_COLUMNS = ("id", "name", "name_ru", "iso3", "kind", "region", "roles")
AGREEMENT_COLUMNS = ("id", "kind", "parties", "date", "status", "quote_ru", "summary")


@dataclass
class Cli:
    cwd: Path
    env: dict[str, str]
    db_file: Path

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return run_forge(*args, cwd=self.cwd, env=self.env)

    def run_subprocess(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "forge_desktop", *args], cwd=self.cwd,
                              env=self.env, capture_output=True, timeout=120)


@pytest.fixture
def forge(tmp_path, curated_db_file) -> Cli:
    """The CLI with its own data folder holding a copy of the curated database."""
    work = tmp_path / "work"
    work.mkdir()
    data_home = tmp_path / "xdg-data"
    db_file = data_home / "forge-desktop" / "forge.sqlite"
    db_file.parent.mkdir(parents=True)
    shutil.copy(curated_db_file, db_file)
    env = dict(os.environ, XDG_DATA_HOME=str(data_home), PYTHONIOENCODING="utf-8")
    env.pop("FORGE_DB_URL", None)
    return Cli(work, env, db_file)


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr
    return result.stdout.decode("utf-8")


def curated_ids(db_file: Path, table: str) -> set[str]:
    con = sqlite3.connect(db_file)
    try:
        return {row[0] for row in con.execute(f"SELECT id FROM {table}")}
    finally:
        con.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- export


def test_export_financing_json_lists_every_record(forge):
    data = json.loads(ok(forge.run_subprocess("export", "financing", "--format", "json")))
    assert len(data) == 35
    assert {r["id"] for r in data} == curated_ids(forge.db_file, "financing")
    for record in data:
        assert set(FINANCING_COLUMNS) <= set(record)


def test_export_json_keeps_types(forge):
    data = json.loads(ok(forge.run("export", "financing", "--format", "json")))
    vault = next(r for r in data if r["id"] == "exim-project-vault")
    assert vault["amount_usd"] == 10_000_000_000
    assert vault["date"] == "2026-02-02"
    assert vault["is_aggregate"] is False
    assert vault["locations"] == ["United States"]
    assert "Хранилище" in vault["recipient_ru"]


def test_export_dod_sorted_by_amount_descending_to_csv(forge):
    result = forge.run("export", "financing", "--where", "agency = DOD", "--sort", "-amount_usd",
                       "--format", "csv", "-o", "out.csv")
    ok(result)
    assert "wrote 8 financing rows" in result.stderr.decode()
    with open(forge.cwd / "out.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["agency"] for r in rows] == ["DOD"] * 8
    assert [int(r["amount_usd"]) for r in rows] == [
        2_400_000_000, 1_250_000_000, 620_000_000, 150_000_000, 150_000_000, 93_000_000,
        80_000_000, 35_000_000]
    assert rows[0]["id"] == "dod-korea-zinc-debt-conditional"
    assert set(FINANCING_COLUMNS) <= set(rows[0])


def test_sort_written_with_equals_works_too(forge):
    out = ok(forge.run("export", "financing", "--where", "agency = DOE", "--sort=amount_usd",
                       "--columns", "id"))
    assert out.split("\r\n")[1] == '"doe-trace-ga"'


def test_several_where_options_are_anded(forge):
    out = ok(forge.run("export", "financing", "--where", "agency = DOD",
                       "--where", "locations = Jamaica", "--columns", "id"))
    assert out == '"id"\r\n"dod-atalco"\r\n'


def test_where_with_or_and_search(forge):
    out = ok(forge.run("export", "financing", "--where", "stage = funded or agency = USTR",
                       "--search", "МЕКСИКА", "--columns", "id", "--format", "json"))
    assert json.loads(out) == [{"id": "ustr-mexico-action-plan"}]


def test_export_columns_choose_and_order(forge):
    out = ok(forge.run("export", "financing", "--columns", "amount_usd,id",
                       "--where", "id = exim-reko-diq"))
    assert out == '"amount_usd","id"\r\n1300000000,"exim-reko-diq"\r\n'


def test_export_participants(forge):
    out = ok(forge.run("export", "participants"))
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == 55
    assert set(PARTICIPANT_COLUMNS) <= set(rows[0])
    mongolia = next(r for r in rows if r["id"] == "mongolia")
    assert mongolia["name_ru"] == "Монголия"
    assert mongolia["iso3"] == "MNG"
    assert mongolia["roles"] == "attended; forge_joined"


def test_export_agreements(forge):
    data = json.loads(ok(forge.run("export", "agreements", "--format", "json")))
    assert {r["id"] for r in data} == curated_ids(forge.db_file, "agreements")
    assert all(set(AGREEMENT_COLUMNS) <= set(r) for r in data)
    mexico = next(r for r in data if r["id"] == "ustr-mexico-action-plan")
    assert mexico["parties"] == ["Mexico", "United States"]
    assert mexico["date"] == "2026-02-04"
    assert mexico["status"] == "announced"


def test_export_xlsx_to_a_file(forge):
    ok(forge.run("export", "financing", "--format", "xlsx", "--headers", "names", "-o", "financing.xlsx"))
    sheet = load_workbook(forge.cwd / "financing.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 36
    assert set(FINANCING_COLUMNS) <= set(rows[0])
    assert sheet.freeze_panes == "A2"
    amount = rows[0].index("amount_usd")
    assert rows[1][amount] == 14_800_000_000  # default sort: largest first


def test_format_follows_the_file_suffix(forge):
    ok(forge.run("export", "participants", "-o", "people.json"))
    data = json.loads((forge.cwd / "people.json").read_text(encoding="utf-8"))
    assert len(data) == 55


def test_csv_bom_option(forge):
    ok(forge.run("export", "participants", "--bom", "-o", "people.csv"))
    assert (forge.cwd / "people.csv").read_bytes().startswith(b'\xef\xbb\xbf"id",')


# --------------------------------------------------------------------------- totals


def test_totals_table(forge):
    out = ok(forge.run("totals", "--by", "agency"))
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert "$12,797,900,000" in lines["EXIM"]
    assert "$4,778,000,000" in lines["DOD"]
    assert "$1,940,000,000" in lines["DFC"]
    assert "$1,105,000,000" in lines["DOE"]
    assert "$" not in lines["USTR"]
    assert "$20,620,900,000" in lines["Total"]
    # The notes name the aggregates and say what no record itemises: never an id.
    assert ("Note: aggregates counted through their listed parts, not summed: EXIM "
            "Critical-minerals mining projects (letters of interest over the past year) ($14.8B, "
            "of which $1.42B listed: $13.38B not itemised)") in out
    assert "Note: conditional amounts included: $2.4B (Korea Zinc)" in out
    assert "exim-loi-total" not in out


def test_totals_csv(forge):
    out = ok(forge.run("totals", "--by", "agency", "--format", "csv"))
    rows = {r["agency"]: r for r in csv.DictReader(io.StringIO(out, newline=""))}
    assert {k: r["amount_usd"] for k, r in rows.items()} == {
        "EXIM": "12797900000", "DOD": "4778000000", "DFC": "1940000000",
        "DOE": "1105000000", "USTR": ""}
    assert rows["USTR"]["non_monetary"] == "2"


def test_totals_json(forge):
    data = json.loads(ok(forge.run("totals", "--by", "agency", "--format", "json")))
    assert data["amount_usd"] == 20_620_900_000
    assert {g["key"]: g["amount_usd"] for g in data["groups"]}["EXIM"] == 12_797_900_000
    assert data["aggregates_excluded"] == ["dfc-total", "exim-loi-total"]
    assert data["non_monetary"] == 4
    # Machines read ids and figures in their own fields; the note is for people.
    exim = data["aggregates"][0]
    assert (exim["id"], exim["listed_usd"], exim["unitemised_usd"]) == (
        "exim-loi-total", 1_420_000_000, 13_380_000_000)
    assert data["conditional"]["amount_usd"] == 2_400_000_000
    assert "$13.38B not itemised" in data["note"]
    assert not [i for i in (*data["aggregates_excluded"], "dod-korea-zinc-debt-conditional")
                if i in data["note"]]


def test_totals_can_leave_out_conditional_amounts(forge):
    data = json.loads(ok(forge.run("totals", "--exclude-conditional", "--format", "json")))
    assert data["amount_usd"] == 20_620_900_000 - 2_400_000_000
    assert data["conditional_excluded"] == ["dod-korea-zinc-debt-conditional"]
    assert "conditional amounts left out: $2.4B (Korea Zinc)" in data["note"]
    assert data["conditional"]["included"] is False


def test_totals_follow_filters(forge):
    data = json.loads(ok(forge.run("totals", "--where", "locations = Jamaica",
                                   "--format", "json")))
    assert data["amount_usd"] == 150_000_000


def test_totals_for_participants_by_region(forge):
    data = json.loads(ok(forge.run("totals", "--table", "participants", "--by", "region",
                                   "--format", "json")))
    assert data["records"] == 55
    assert sum(g["records"] for g in data["groups"]) == 55


# --------------------------------------------------------------------------- db


def test_db_path(forge):
    assert ok(forge.run("db", "path")).strip() == str(forge.db_file)


def test_db_info(forge):
    out = ok(forge.run("db", "info"))
    assert str(forge.db_file) in out
    assert f"schema version:  {SCHEMA_VERSION}" in out
    lines = {line.split(":")[0]: line for line in out.splitlines()}
    assert "35 curated" in lines["financing"]
    assert "55 curated" in lines["participants"]
    assert "17 curated" in lines["agreements"]


def test_db_rebuild_keeps_imported_records(forge):
    con = sqlite3.connect(forge.db_file)
    con.execute(
        "INSERT INTO financing (id, agency, recipient, instrument, stage, summary, origin, "
        "search_text, is_aggregate) VALUES ('mine', 'DOE', 'Mine', 'nofo', 'opportunity', "
        "'s', 'imported', 'mine', 0)")
    con.commit()
    con.close()
    assert "rebuilt" in ok(forge.run("db", "rebuild"))
    assert "35 curated, 1 imported" in ok(forge.run("db", "info"))


def test_db_builds_a_missing_database(forge):
    forge.db_file.unlink()
    assert "35 curated" in ok(forge.run("db", "info"))
    assert forge.db_file.exists()


def test_db_option_points_elsewhere(forge, tmp_path):
    other = tmp_path / "other.sqlite"
    ok(forge.run("--db", f"sqlite:///{other}", "export", "agreements", "--columns", "id"))
    assert other.exists()


# --------------------------------------------------------------------------- help


def test_no_command_prints_help_and_exits_0(capsys):
    assert cli.main([], launch_gui=None) == 0
    out = capsys.readouterr().out
    assert "usage: forge-desktop" in out
    assert "export" in out and "totals" in out


def test_no_command_launches_the_injected_window():
    seen = []
    assert cli.main(["--db", "sqlite://"], launch_gui=lambda url: seen.append(url) or 7) == 7
    assert seen == ["sqlite://"]


def test_help_exits_0(forge):
    assert "--where" in ok(forge.run("export", "--help"))


# --------------------------------------------------------------------------- bad input


BAD_INPUT = [
    (("export", "budgets"), "budgets"),
    (("export", "financing", "--where", "colour = red"), "unknown column 'colour'"),
    (("export", "financing", "--where", "amount_usd ~ 5"), "cannot read filter"),
    (("export", "financing", "--where", "amount_usd contains 5"), "does not apply"),
    (("export", "financing", "--where", "amount_usd > lots"), "'lots'"),
    (("export", "financing", "--where", "agency = NASA"), "'NASA'"),
    (("export", "financing", "--where", 'recipient = "abc'), "unterminated quote"),
    (("export", "financing", "--sort", "-colour"), "unknown column 'colour'"),
    (("export", "financing", "--columns", "id,colour"), "unknown column 'colour'"),
    (("export", "financing", "--format", "pdf"), "'pdf'"),
    (("export", "financing", "-o", "/nonexistent/dir/x.csv"), "/nonexistent/dir"),
    (("export", "financing", "--format", "csv", "-o", "."), "folder"),
    (("export", "financing", "-o", "out.pdf"), "--format"),
    (("export", "financing", "--format", "xlsx"), "xlsx"),
    (("export", "financing", "-o", "out.xlsx", "--where", "amount_usd > lots"), "'lots'"),
    (("totals", "--by", "colour"), "colour"),
    (("totals", "--by", "recipient"), "cannot group financing by 'recipient'"),
    (("totals", "--format", "xml"), "'xml'"),
    (("db", "shrink"), "'shrink'"),
    (("frobnicate",), "'frobnicate'"),
]


@pytest.mark.parametrize(("args", "names"), BAD_INPUT, ids=[" ".join(a) for a, _ in BAD_INPUT])
def test_bad_input_is_one_line_exit_2_and_changes_nothing(forge, args, names):
    before = digest(forge.db_file)
    files_before = sorted(forge.cwd.iterdir())
    result = forge.run(*args)
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 2, stderr
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("forge-desktop: error: ")
    assert names in lines[0]
    assert result.stdout == b""
    assert sorted(forge.cwd.iterdir()) == files_before
    assert digest(forge.db_file) == before


def test_corrupt_database_is_one_line_exit_2(forge):
    forge.db_file.write_bytes(b"garbage" * 1000)
    before = digest(forge.db_file)
    result = forge.run_subprocess("export", "financing")
    stderr = result.stderr.decode()
    assert result.returncode == 2
    assert stderr.startswith("forge-desktop: error: ") and len(stderr.splitlines()) == 1
    assert str(forge.db_file) in stderr
    assert digest(forge.db_file) == before
