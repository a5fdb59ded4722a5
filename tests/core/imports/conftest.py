"""What the import tests share: rows as analysts type them, files written from them, the
database as the tests compare it, and the command line run in this process."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from forge_desktop.core import exports, imports
from forge_desktop.core.imports import ImportFileError
from forge_desktop.core.query import Query, Rows, fetch, stream
from forge_desktop.core.schema import (
    Agreement,
    AgreementParty,
    Financing,
    FinancingLocation,
    FinancingMineral,
    Participant,
    ParticipantRole,
)

from ...conftest import run_forge

# What an import may touch; a refused file must leave every one of these as it was.
RECORD_TABLES = ("participants", "participant_roles", "agreements", "agreement_parties",
                 "financing", "financing_minerals", "financing_locations", "locations",
                 "agencies", "instruments", "stages")


NASA_UNKNOWN = ("unknown agency 'NASA'; known: EXIM, DOE, DOD, DFC, USTR. If it is a new agency, "
                "confirm it to add it")


def financing(id: str, **fields) -> dict:
    """A valid financing row as an analyst would type it; *fields* override or add columns."""
    row = {"id": id, "agency": "DOD", "recipient": f"Recipient {id}", "instrument": "equity",
           "stage": "announced", "amount_usd": "5M", "summary": f"Summary of {id}."}
    row.update(fields)
    return row


def write_csv(path: Path, records: list[dict], *, delimiter: str = ",",
              encoding: str = "utf-8") -> Path:
    """A CSV of *records*, headers in first-seen order, quoted where needed."""
    headers = list(dict.fromkeys(key for record in records for key in record))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([record.get(h, "") for h in headers] for record in records)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, headers: list[str], rows: list[list]) -> Path:
    """An XLSX whose text cells are strings (never formulas), other cells typed."""
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would take "=…" for a formula
    book.save(path)
    return path


def plan_for(engine, table: str, path: Path, **options) -> imports.ImportPlan:
    with Session(engine) as s:
        return imports.plan_import(s, table, path, **options)


def import_file(engine, table: str, path: Path, **options) -> imports.ImportResult:
    """Plan and apply in one transaction, as the window and the CLI do."""
    with Session(engine) as s, s.begin():
        plan = imports.plan_import(s, table, path, **options)
        return imports.apply_import(s, plan)


def stored(engine, model, id: str):
    with Session(engine, expire_on_commit=False) as s:
        return s.get(model, id)


def stored_financing(engine, id: str) -> dict:
    """One financing row as the table shows it (minerals and locations as lists)."""
    query = Query("financing").with_ids([id])
    with Session(engine) as s:
        result = fetch(s, query)
    assert len(result.rows) == 1, f"{id} is not in the database"
    return dict(zip([c.name for c in result.columns], result.rows[0], strict=True))


def dump(engine) -> dict[str, list[str]]:
    """Every row of every table an import writes to, in a comparable form."""
    with engine.connect() as connection:
        return {table: sorted(repr(tuple(row)) for row in
                              connection.execute(text(f"SELECT * FROM {table}")))
                for table in RECORD_TABLES}


def ids(engine, model) -> set[str]:
    with Session(engine) as s:
        return set(s.scalars(select(model.id)))


def issues(plan: imports.ImportPlan) -> list[tuple[int, str | None, str]]:
    return [(i.row, i.column, i.message) for i in plan.errors]


def error_on(plan: imports.ImportPlan, row: int, column: str | None) -> str:
    """The one error message of *row* in *column* (fails if there is none)."""
    found = [i.message for i in plan.errors if i.row == row and i.column == column]
    assert found, f"no error on row {row}, {column}; errors: {plan.report()}"
    return found[0]


def assert_refused(engine, path: Path, match: str, table: str = "financing") -> None:
    """The file raises ImportFileError saying *match*, and the database is as it was."""
    before = dump(engine)
    with pytest.raises(ImportFileError, match=match):
        import_file(engine, table, path)
    assert dump(engine) == before


def empty_table(session: Session, table: str) -> None:
    """Delete a table's records, link rows first (financing refers to agreements)."""
    if table in ("financing", "agreements"):
        session.execute(delete(FinancingMineral))
        session.execute(delete(FinancingLocation))
        session.execute(delete(Financing).where(Financing.parent_id.is_not(None)))
        session.execute(delete(Financing))
    if table == "agreements":
        session.execute(delete(AgreementParty))
        session.execute(delete(Agreement))
    if table == "participants":
        session.execute(delete(ParticipantRole))
        session.execute(delete(Participant))


def export_then_empty(engine, table: str = "financing") -> tuple[Rows, str]:
    """The table as read, and as our CSV export writes it; then the table emptied, so the
    export can be imported back and compared."""
    query = Query(table)
    with Session(engine) as s:
        before = fetch(s, query)
        exported = io.StringIO()
        exports.write(exported, "csv", query.output_columns, stream(s, query))
        empty_table(s, table)
        s.commit()
    return before, exported.getvalue()


def comparable(rows: list[tuple], names: list[str]) -> list[dict]:
    return [{n: v for n, v in zip(names, row, strict=True)
             if n not in ("origin", "source", "sources")}
            for row in rows]


@dataclass(frozen=True)
class Run:
    """What a command printed and its exit code, named as a finished subprocess names them."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def forge() -> Callable[..., Run]:
    """Run ``forge-desktop ARGS…`` in this process: the same ``main`` a subprocess runs,
    without the seconds each new interpreter spends starting up."""

    def run(*args: str) -> Run:
        result = run_forge(*args)
        return Run(result.returncode, result.stdout.decode(), result.stderr.decode())

    return run


def forge_subprocess(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``python -m forge_desktop ARGS…`` for real: the entry point, encoding and exit code."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "forge_desktop", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=600)
