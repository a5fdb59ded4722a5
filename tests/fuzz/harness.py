"""The fuzzer's oracle: one generated file through the real import, and what must hold.

For every file, on a private copy of the curated database:

(a) the command line (in this process) exits 0 or 2 and never prints a traceback, and the
    core API (``plan_import``, then ``apply_import`` when the plan is clean) raises nothing
    but a :class:`~forge_desktop.core.errors.ForgeError`;
(b) a refusal (exit 2) ends in one summary line, ``forge-desktop: error: …``, and every other
    line names the file (``FILE: row N, column: error: …``) or is the ``--accept-new`` hint;
(c) after a refusal (or a dry run, or a rolled-back core import) the database file is
    byte-identical; when it is not, its content (``sqlite3`` ``.dump``) says whether a
    record was written (a partial write) or only bytes moved;
(d) a file that is a valid export with edited rows imports, and its rows export back equal.

:class:`Outcome` says what happened; a :attr:`Outcome.failed` one says which property broke.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import shutil
import signal
import sqlite3
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from forge_desktop.core import database, exports, imports
from forge_desktop.core.errors import ForgeError
from forge_desktop.core.query import Query, stream
from tests.conftest import run_forge

from .strategies import PROVENANCE, FuzzFile

TABLE = "financing"
SUMMARY = "forge-desktop: error: "
HINT = "If these are new values, not typos, confirm them:"
MAX_SUMMARY = 1_000  # characters: a summary line is read by a person
MAX_ISSUE_LINE = 4_000


class FuzzTimeout(BaseException):
    """One file took longer than the fuzzer allows (a hang, or a bomb that went off)."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise FuzzTimeout in the main thread after *seconds* (no limit when None or off-main)."""
    if not seconds:
        yield
        return

    def alarm(_signum: int, _frame: Any) -> None:
        raise FuzzTimeout(f"took longer than {seconds:g} s")

    try:
        previous = signal.signal(signal.SIGALRM, alarm)
    except ValueError:  # not the main thread
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Outcome:
    verdict: str  # accepted | refused | crash | shape | partial | roundtrip | hang
    via: str  # cli | core
    detail: str = ""
    signature: str = ""  # what tells one crash from another (type, place, message shape)
    stderr: str = ""

    @property
    def failed(self) -> bool:
        return self.verdict not in ("accepted", "refused")

    def __str__(self) -> str:
        return f"{self.via}: {self.verdict}: {self.detail}"


def _signature(exc: BaseException) -> str:
    """Exception type, the deepest frame in forge_desktop (else the deepest at all) and the
    message with its numbers and quoted parts blanked: one crash however the file varies."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "forge_desktop" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].name}" if ours else "?"
    message = re.sub(r"'[^']*'|\"[^\"]*\"|\d+", "…", str(exc).splitlines()[0] if str(exc) else "")
    return f"{type(exc).__name__} at {where}: {message[:160]}"


def _crash(via: str, exc: BaseException) -> Outcome:
    if isinstance(exc, FuzzTimeout):
        return Outcome("hang", via, str(exc), f"hang ({via})")
    text = "".join(traceback.format_exception(exc))
    return Outcome("crash", via, f"{type(exc).__name__}: {str(exc)[:300]}\n{text[-3000:]}",
                   _signature(exc))


class ScratchDb:
    """A private copy of the curated database, restored by copying the file back."""

    def __init__(self, pristine: Path, folder: Path):
        self.pristine = pristine
        self.path = folder / "fuzz.sqlite"
        shutil.copyfile(pristine, self.path)
        self.url = f"sqlite:///{self.path}"
        self.clean_digest = self.digest()
        self._engine: Any = None
        self._clean_dump: list[str] | None = None

    @property
    def engine(self) -> Any:
        if self._engine is None:
            self._engine = database.open_database(self.url)
        return self._engine

    def digest(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()

    def dump(self) -> list[str]:
        connection = sqlite3.connect(self.path)
        try:
            return list(connection.iterdump())
        finally:
            connection.close()

    def restore(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        for extra in ("-journal", "-wal", "-shm"):
            Path(f"{self.path}{extra}").unlink(missing_ok=True)
        shutil.copyfile(self.pristine, self.path)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def changed(self, before: str) -> str | None:
        """None when the file is as it was (*before*: its digest); else what changed."""
        if self.digest() == before:
            return None
        if self._clean_dump is None:
            scratch = ScratchDb.__new__(ScratchDb)
            scratch.path = self.pristine
            self._clean_dump = scratch.dump()
        now = self.dump()
        if now == self._clean_dump:
            return "the file's bytes changed, its content did not"
        added = sorted(set(now) - set(self._clean_dump))[:5]
        gone = sorted(set(self._clean_dump) - set(now))[:5]
        return f"content changed: added {added!r}, removed {gone!r}"


def _refusal_shape(stderr: str, path: Path) -> str | None:
    """What is wrong with a refusal's report (None: it has the shape of one)."""
    lines = stderr.splitlines()
    if not lines:
        return "exit 2 with nothing on stderr"
    if not lines[-1].startswith(SUMMARY):
        return f"the last line is not the summary: {lines[-1][:200]!r}"
    if sum(line.startswith(SUMMARY) for line in lines) != 1:
        return "more than one summary line"
    if len(lines[-1]) > MAX_SUMMARY:
        return f"the summary line is {len(lines[-1]):,} characters long"
    if len(lines[-1].removeprefix(SUMMARY).strip()) == 0:
        return "the summary line says nothing"
    prefix = f"{path}: "
    for line in lines[:-1]:
        if not line.startswith((prefix, HINT)):
            return f"a line that names neither the file nor a row: {line[:200]!r}"
        if line.startswith(prefix) and len(line) > MAX_ISSUE_LINE:
            return f"an issue line {len(line):,} characters long"
    return None


def run_cli(db: ScratchDb, path: Path, args: Sequence[str] = (), *, dry_run: bool = False,
            seconds: float | None = None) -> Outcome:
    """(a), (b) and (c) of the command line: ``forge-desktop import financing FILE``."""
    before = db.digest()
    argv = ["import", TABLE, str(path), "--db", db.url, *args, *(["--dry-run"] if dry_run else [])]
    try:
        with time_limit(seconds):
            done = run_forge(*argv)
    except BaseException as exc:  # every escape is the finding
        if isinstance(exc, KeyboardInterrupt):
            raise
        outcome = _crash("cli", exc)
        changed = db.changed(before)
        if changed and "content" in changed and "did not" not in changed:
            outcome.detail += f"\n(and the database: {changed})"
        return outcome
    stderr = done.stderr.decode("utf-8", "replace")
    if "Traceback" in stderr or done.returncode not in (0, 2):
        return Outcome("crash", "cli", f"exit {done.returncode}: {stderr[-2000:]}",
                       f"exit {done.returncode} / traceback on stderr", stderr)
    if done.returncode == 2:
        problem = _refusal_shape(stderr, path)
        if problem:
            return Outcome("shape", "cli", problem, f"refusal shape: {_blank(problem)}", stderr)
        changed = db.changed(before)
        if changed:
            return Outcome("partial", "cli", f"refused, yet {changed}", "partial write", stderr)
        return Outcome("refused", "cli", stderr.splitlines()[-1], stderr=stderr)
    if dry_run:
        changed = db.changed(before)
        if changed:
            return Outcome("partial", "cli", f"dry run, yet {changed}", "dry run wrote", stderr)
    return Outcome("accepted", "cli", done.stdout.decode("utf-8", "replace").strip(), stderr=stderr)


def _blank(text: str) -> str:
    return re.sub(r"'[^']*'|\d[\d,]*", "…", text)[:120]


def run_core(db: ScratchDb, path: Path, options: dict[str, Any] | None = None, *,
             commit: bool = False, seconds: float | None = None) -> Outcome:
    """(a) and (c) of the core API: plan, apply a clean plan; roll back unless *commit*."""
    before = db.digest()
    try:
        with time_limit(seconds), Session(db.engine) as session:
            try:
                plan = imports.plan_import(session, TABLE, path, **(options or {}))
                if not plan.ok:
                    session.rollback()
                    verdict = Outcome("refused", "core", plan.report(3))
                else:
                    result = imports.apply_import(session, plan)
                    session.flush()
                    if commit:
                        session.commit()
                    verdict = Outcome("accepted", "core", f"{result.records} records")
            finally:
                session.rollback()
    except ForgeError as exc:
        verdict = Outcome("refused", "core", str(exc)[:300])
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        verdict = _crash("core", exc)
    if verdict.verdict != "accepted" or not commit:
        db.close()  # the session's connection back, before the file is read
        changed = db.changed(before)
        if changed and verdict.verdict in ("accepted", "refused"):
            return Outcome("partial", "core", f"{verdict.verdict}, not committed, yet {changed}",
                           "partial write (core)")
    return verdict


def cli_options(file: FuzzFile) -> dict[str, Any]:
    """The core API's keywords for the command line options a file is imported with."""
    names = {"--encoding": "encoding", "--delimiter": "delimiter", "--format": "fmt"}
    args = list(file.args)
    return {names[args[i]]: args[i + 1] for i in range(0, len(args) - 1, 2) if args[i] in names}


def exported_rows(db: ScratchDb, ids: Sequence[str]) -> dict[str, dict[str, str]]:
    """The records *ids* as ``export financing`` writes them (CSV cells), by id."""
    with Session(db.engine) as session:
        query = Query(TABLE).with_ids(list(ids))
        columns = query.output_columns
        return csv_cells(columns, list(stream(session, query)))


def csv_cells(columns: Sequence[Any], rows: Sequence[Sequence[Any]]) -> dict[str, dict[str, str]]:
    import csv

    out = io.StringIO()
    exports.write(out, "csv", columns, rows)
    parsed = csv.DictReader(io.StringIO(out.getvalue(), newline=""))
    return {row["id"]: {k: v for k, v in row.items() if k not in PROVENANCE} for row in parsed}


@dataclass
class Report:
    """What every check of one file found."""

    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.failed]

    @property
    def verdict(self) -> str:
        failed = self.failures
        if failed:
            return failed[0].verdict
        return "accepted" if any(o.verdict == "accepted" for o in self.outcomes) else "refused"


def check_file(db: ScratchDb, folder: Path, file: FuzzFile, *, cli: bool = True, core: bool = True,
               dry_run: bool = False, seconds: float | None = 10.0) -> Report:
    """Every check of *file*; the database is clean again when this returns."""
    path = folder / file.name
    path.write_bytes(file.data)
    report = Report()
    try:
        if core:
            report.outcomes.append(run_core(db, path, cli_options(file), seconds=seconds))
        if cli and dry_run:
            report.outcomes.append(run_cli(db, path, file.args, dry_run=True, seconds=seconds))
        if cli:
            outcome = run_cli(db, path, file.args, seconds=seconds)
            report.outcomes.append(outcome)
            if file.expected is not None:
                report.outcomes.append(_round_trip(db, file, outcome))
        elif file.expected is not None:
            outcome = run_core(db, path, cli_options(file), commit=True, seconds=seconds)
            report.outcomes.append(outcome)
            report.outcomes.append(_round_trip(db, file, outcome))
    finally:
        if report.verdict != "refused" or db.digest() != db.clean_digest:
            db.restore()
    return report


def _round_trip(db: ScratchDb, file: FuzzFile, outcome: Outcome) -> Outcome:
    """(d): a valid export with edited rows imports, and its rows export back as written."""
    assert file.expected is not None
    if outcome.verdict != "accepted":
        return Outcome("roundtrip", outcome.via, f"a valid export was not imported: {outcome.detail}"
                       f"\n{outcome.stderr[-1500:]}", "valid export refused")
    wanted = csv_cells(file.columns, file.expected)
    got = exported_rows(db, list(wanted))
    for id_, row in wanted.items():
        if id_ not in got:
            return Outcome("roundtrip", outcome.via, f"{id_!r} did not export back", "row lost")
        diff = {k: (v, got[id_].get(k)) for k, v in row.items() if got[id_].get(k) != v}
        if diff:
            return Outcome("roundtrip", outcome.via, f"{id_!r} exports back different: {diff!r}",
                           f"round trip differs in {sorted(diff)}")
    return Outcome("accepted", outcome.via, f"{len(wanted)} rows round-tripped")
