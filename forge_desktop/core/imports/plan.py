"""Checking a whole file without writing: every row turned into a record or its errors,
then the links between records (ids unique, parents and agreements that resolve). The
:class:`ImportPlan` is the preview, and what :func:`~.apply.apply_import` writes."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import dataset
from ..columns import TABLES
from ..errors import ForgeError
from ..schema import Agreement, Financing, Origin, Participant, term_key
from ..values import parse_date
from .cells import _cell
from .headers import IGNORED, _header_key, map_headers
from .reading import MAX_ROWS, ImportFileError, read_rows
from .records import MODELS, RECORD_BUILDERS, NewLocation, Record, _Lookups, _Row
from .row_sources import HeldSources, NewSource, row_source

MAX_ISSUES = 1_000  # a broken file stops being listed after this many problems
RAW_ROWS = 500  # rows kept as read, for the preview
STEP = 1_000  # rows checked between two progress reports (and looks at Cancel)

Progress: TypeAlias = Callable[[int, int], None]  # (rows done, rows in all), counting up
Cancelled: TypeAlias = Callable[[], bool]  # asked now and then: True stops the import



MAX_ISSUE = 500  # characters of one issue's message (a cell it quotes is cut short)

class ImportCancelled(ForgeError):
    """The user stopped the import: nothing was written (its transaction is rolled back)."""

# Columns whose record field is named for what it links to (the dataset record format).
_RECORD_KEYS = {"parent_id": "parent", "agreement_id": "agreement",
                "organisation_id": "organisation"}


@dataclass(frozen=True)
class Issue:
    row: int  # 1-based data row (the header is row 0); 0: the file or its header
    column: str | None
    message: str
    error: bool = True

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "header" if self.column else "file"
        col = f", {self.column}" if self.column else ""
        kind = "error" if self.error else "warning"
        return f"{where}{col}: {kind}: {self.message}"


@dataclass
class NewValue:
    """A value of an open vocabulary (agency, instrument, stage) the database does not know
    yet. It is added only when the user confirms it: a typo should not become a category."""

    column: str
    code: str  # what records will store
    text: str  # as first written in the file: the new value's name
    rows: list[int] = field(default_factory=list)
    accepted: bool = False


@dataclass
class ImportPlan:
    table: str
    path: str
    headers: list[str]
    mapping: dict[str, str | None]  # header → column (None: ignored)
    # Data row → its record, for the rows without errors, in file order. The row number
    # stays out of the record: the record is exactly what the dataset builders take.
    records_by_row: dict[int, Record] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    rows_read: int = 0
    new_locations: dict[str, NewLocation] = field(default_factory=dict)  # ISO places to add
    # (column, term_key) → a new agency/instrument/stage; accepted: what the user confirmed
    new_values: dict[tuple[str, str], NewValue] = field(default_factory=dict)
    accepted: frozenset[tuple[str, str]] = frozenset()
    raw: dict[int, dict[str, str]] = field(default_factory=dict)  # first rows as read, by column
    made_ids: dict[int, str] = field(default_factory=dict)  # data row → the id made for it
    # What the records' codes name (minerals, places, parties, agencies), new places included.
    names: dataset.Names = field(default_factory=lambda: dataset.Names({}, {}, {}, {}, {}))
    # The sources rows name that the database lacks, by key (see .row_sources): added when
    # the plan is applied. A record's link to one carries its key until then.
    new_sources: dict[str, NewSource] = field(default_factory=dict)
    source_titles: dict[str, str] = field(default_factory=dict)  # held sources rows name: id → title
    error_count: int = 0  # len(errors), kept as they come: checked after every row

    @property
    def records(self) -> list[Record]:
        """The records to write (dataset record format), in file order."""
        return list(self.records_by_row.values())

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.error]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.error]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def unknown_headers(self) -> list[str]:
        return [h for h, c in self.mapping.items() if c is None]

    @property
    def dropped_headers(self) -> list[str]:
        """The headers whose cells the import leaves out: named, mapped to no column, and not
        one of our own export's provenance columns (recomputed on import, so nothing is lost)."""
        return [h for h in self.unknown_headers if h and _header_key(h) not in IGNORED]

    def add_issue(self, row: int, column: str | None, message: str, *, error: bool = True) -> None:
        if len(message) > MAX_ISSUE:  # a message quoting a 100,000-character cell: its start
            message = message[:MAX_ISSUE - 1] + "…"
        self.issues.append(Issue(row, column, message, error))
        self.error_count += error

    def new_value(self, column: str, key: str, code: str, text: str) -> NewValue:
        """The new value *key* of *column*, noted (and whether the user confirmed it) the
        first time a row names it; *code* and *text* are as that row spells it."""
        return self.new_values.setdefault(
            (column, key), NewValue(column, code, text, accepted=(column, key) in self.accepted))

    def row_issues(self, row: int) -> list[Issue]:
        return [i for i in self.issues if i.row == row]

    def stored_values(self, record: Record) -> dict[str, Any]:
        """*record* as the table will hold it, by column name: what a query of the written
        record returns, so the preview can word it as the table does. The date splits into
        date and precision, minerals, places and parties read by name, the roles by id."""
        names = self.names
        values = {column.name: record.get(_RECORD_KEYS.get(column.name, column.name))
                  for column in TABLES[self.table].columns}
        if "date" in values:
            date = parse_date(str(record["date"])) if record.get("date") else None
            values["date"] = date.value if date else None
            values["date_precision"] = date.precision.value if date else None
        if "minerals" in values:
            values["minerals"] = [_name(names.minerals, m) for m in record["minerals"]]
        if "locations" in values:
            values["locations"] = [_name(names.places, x) for x in record["locations"]]
        if "parties" in values:
            values["parties"] = [_name(names.places, x) if x in names.places
                                 else _name(names.organisations, x) for x in record["parties"]]
        if "roles" in values:
            values["roles"] = list(record["roles"])
        values["origin"] = Origin.IMPORTED.value
        titles = [self._source_title(link) for link in record.get("sources") or []]
        # The file, "imported" at the time of an import that has not happened, when the row
        # names no source of its own.
        values["source"] = titles[0] if titles else None
        if "sources" in values:
            values["sources"] = titles
        return values

    def _source_title(self, link: dict[str, Any]) -> str:
        new = link.get("new_source")
        return self.new_sources[new].title if new else self.source_titles.get(link["source"], "")

    def report(self, limit: int = 50) -> str:
        lines = [str(i) for i in self.issues[:limit]]
        if len(self.issues) > limit:
            lines.append(f"… and {len(self.issues) - limit} more")
        return "\n".join(lines)


def _name(names: dict[str, tuple[str, str | None]], code: str) -> str:
    """The English name of *code*; the code itself if nothing names it."""
    return names[code][0] if code in names else code


def plan_import(session: Session, table: str, path: str | Path, *, fmt: str | None = None,
                encoding: str | None = None, delimiter: str | None = None,
                mapping: dict[str, str | None] | None = None,
                accept: Iterable[tuple[str, str]] = (), progress: Progress | None = None,
                cancelled: Cancelled | None = None) -> ImportPlan:
    """Read and check every row of *path*; write nothing. Raises ImportFileError when the
    file as a whole cannot be read.

    *accept* confirms new vocabulary values as (column, value) pairs, e.g. ("agency", "NSF");
    an unconfirmed new value is an error of its rows, listed in ``plan.new_values``.
    Every STEP rows, ``progress(rows checked, rows in the file)`` is told (and once at the
    end) and ``cancelled()`` asked: True raises :class:`ImportCancelled`."""
    if table not in TABLES:
        raise ImportFileError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}")
    spec = TABLES[table]
    rows = read_rows(path, fmt, encoding=encoding, delimiter=delimiter)
    name = Path(path).name
    try:
        headers = [str(h).strip() if h is not None else "" for h in next(rows)]
    except StopIteration:
        raise ImportFileError(f"{name}: the file is empty: it has no header row") from None
    if not any(headers):
        raise ImportFileError(f"{name}: the first row is empty; it must name the columns")
    plan = ImportPlan(table, str(path), headers, map_headers(spec, headers, mapping, sources=True),
                      accepted=frozenset((column, term_key(value)) for column, value in accept))
    _check_headers(plan)
    lookups = _Lookups(session)
    held = HeldSources(session)
    builder = RECORD_BUILDERS[table]
    body = list(itertools.islice(rows, MAX_ROWS + 1))  # too many rows: refused before checking any
    if len(body) > MAX_ROWS:
        raise ImportFileError(f"{name}: more than {MAX_ROWS:,} rows; import at most {MAX_ROWS:,} at "
                              "a time: split the file")
    columns = [plan.mapping.get(h) for h in headers]
    for number, cells in enumerate(body, 1):
        plan.rows_read = number
        if number > 1 and (number - 1) % STEP == 0:
            _step(number - 1, len(body), progress, cancelled)
        _check_row(plan, number, cells, columns, builder, lookups, held)
        if plan.error_count >= MAX_ISSUES:
            plan.add_issue(number, None, f"stopped after {MAX_ISSUES} errors")
            break
    _step(len(body), len(body), progress, cancelled)
    _check_links(session, plan)
    _note_made_ids(plan)
    plan.names = lookups.names(plan)
    return plan


def _check_row(plan: ImportPlan, number: int, cells: list[Any], columns: list[str | None],
               builder: Callable[[_Row, _Lookups], Record], lookups: _Lookups,
               held: HeldSources) -> None:
    """Data row *number* (its *cells* under *columns*, the headers' columns) into a record
    of the plan, or its errors."""
    if all(c is None or str(c).strip() == "" for c in cells):
        return  # blank line
    if len(cells) > len(columns) and any(_cell(c) for c in cells[len(columns):]):
        plan.add_issue(number, None, f"{len(cells)} cells but {len(columns)} headers: a ragged row")
        return
    values = {column: c for column, c in zip(columns, cells, strict=False) if column}
    if number <= RAW_ROWS:  # what the preview shows of rows that failed
        plan.raw[number] = {k: (_cell(v) or "")[:200] for k, v in values.items()}
    row = _Row(number, values, plan)
    record = builder(row, lookups)
    link = row_source(row, held)
    if link is not None:
        record["sources"] = [link]
    if not row.failed:
        plan.records_by_row[number] = record


def _step(done: int, total: int, progress: Progress | None, cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise ImportCancelled("the import was cancelled; nothing was imported")
    if progress is not None:
        progress(done, total)


# What a made id is made from, per table (the record's naming fields; see records.made_id).
MADE_FROM = {"financing": "the agency and the recipient", "participants": "the name",
             "agreements": "the title"}


def _note_made_ids(plan: ImportPlan) -> None:
    """One warning for the whole file, not one per row: a file without an id column gets
    every id made, which is one fact about the file."""
    if not plan.made_ids:
        return
    count = len(plan.made_ids)
    example = next(iter(plan.made_ids.values()))
    plan.add_issue(0, None, f"the file has no id column: ids made for {count:,} "
                            f"row{'' if count == 1 else 's'} from {MADE_FROM[plan.table]} "
                            f"(such as {example!r})", error=False)


def _check_headers(plan: ImportPlan) -> None:
    """Headers no column answers to (a warning: they are ignored), and columns two headers name."""
    for header in plan.dropped_headers:
        plan.add_issue(0, header, "unknown column: map it or it is ignored", error=False)
    duplicates = [h for h in set(plan.mapping.values()) if h and list(plan.mapping.values()).count(h) > 1]
    for column in duplicates:
        plan.add_issue(0, column, "two headers map to this column")


Reject: TypeAlias = Callable[[int, str, str], None]  # (row, column, message)


def _check_links(session: Session, plan: ImportPlan, *, replacing: str | None = None) -> None:
    """Ids unique (in the file and against the database), links that resolve. A record that
    fails one leaves the plan, once every check has seen it; its row keeps the error.
    *replacing*: the id of a record being corrected, whose id and country are its own."""
    bad: set[int] = set()

    def reject(row: int, column: str, message: str) -> None:
        plan.add_issue(row, column, message)
        bad.add(row)

    _check_ids(session, plan, reject, replacing)
    if plan.table == "participants":
        _check_countries(session, plan, reject, replacing)
    if plan.table == "financing":
        _check_financing_links(session, plan, reject)
    for number in bad:
        del plan.records_by_row[number]


def _check_ids(session: Session, plan: ImportPlan, reject: Reject, replacing: str | None) -> None:
    model = MODELS[plan.table]
    records = plan.records_by_row
    seen: dict[str, int] = {}
    for number, record in records.items():
        if record["id"] in seen:
            reject(number, "id", f"duplicate id {record['id']!r} (also row {seen[record['id']]})")
        seen.setdefault(record["id"], number)
    ids = [r["id"] for r in records.values()]
    existing: set[str] = set()
    for start in range(0, len(ids), 500):
        existing |= set(session.scalars(select(model.id).where(model.id.in_(ids[start:start + 500]))))
    if replacing is not None:
        existing.discard(replacing)
    for number, record in records.items():
        if record["id"] in existing:
            reject(number, "id", f"id {record['id']!r} is already in the database")


def _check_countries(session: Session, plan: ImportPlan, reject: Reject,
                     replacing: str | None) -> None:
    """One participant per country: iso3 is unique."""
    holders = {iso3: repr(id) for iso3, id in session.execute(
        select(Participant.iso3, Participant.id).where(Participant.iso3.is_not(None)))
        if id != replacing}
    for number, record in plan.records_by_row.items():
        iso3 = record.get("iso3")
        if iso3 and iso3 in holders:
            reject(number, "iso3", f"{iso3} already has a participant: {holders[iso3]}")
        elif iso3:
            holders[iso3] = f"{record['id']!r} (row {number})"


def _check_financing_links(session: Session, plan: ImportPlan, reject: Reject) -> None:
    """Parents that are aggregates, in the file or the database, and never loop; agreements
    that exist."""
    records = plan.records_by_row
    in_file = {r["id"]: bool(r["is_aggregate"]) for r in records.values()}
    _, looped = _nesting(records.values())
    named = {r.get("parent") for r in records.values()} - set(in_file) - {None}
    parents = in_file | {parent: bool(aggregate) for parent, aggregate in
                         _held(session, Financing.id, named, Financing.is_aggregate)}
    named = {r.get("agreement") for r in records.values()} - {None}
    agreements = {agreement for agreement, in _held(session, Agreement.id, named)}
    for number, record in records.items():
        parent = record.get("parent")
        if parent and record["id"] in looped:
            reject(number, "parent_id", f"parent {parent!r} leads back to {record['id']!r}: "
                                        "parts cannot loop")
        elif parent:
            is_aggregate = parents.get(parent)
            if is_aggregate is None:
                reject(number, "parent_id", f"parent {parent!r} is neither in the file nor the database")
            elif not is_aggregate:
                reject(number, "parent_id", f"parent {parent!r} is not an aggregate")
        agreement = record.get("agreement")
        if agreement and agreement not in agreements:
            reject(number, "agreement_id", f"unknown agreement {agreement!r}")


def _held(session: Session, key: Any, wanted: set[Any], *columns: Any) -> list[tuple[Any, ...]]:
    """(key, *columns) of the rows whose *key* is one of *wanted*: a query per 500 of them,
    not one per row."""
    ordered = sorted(wanted)
    return [tuple(row) for start in range(0, len(ordered), 500)
            for row in session.execute(select(key, *columns).where(key.in_(ordered[start:start + 500])))]


def _nesting(records: Iterable[Record]) -> tuple[dict[str, int], set[str]]:
    """How many of the file's records sit above each one (insert in that order), and the
    records whose parents lead back to them. Linear, however long the chains a file makes."""
    parent_of = {r["id"]: r.get("parent") for r in records}
    depth: dict[str, int] = {}
    looped: set[str] = set()
    for start in parent_of:
        path: list[str] = []
        index: dict[str, int] = {}
        node = start
        while node in parent_of and node not in depth and node not in index:
            index[node] = len(path)
            path.append(node)
            node = parent_of[node]
        if node in index:  # the walk came back: path[index[node]:] is a loop
            looped.update(path[index[node]:])
            depth.update(dict.fromkeys(path[index[node]:], 0))
            del path[index[node]:]
        level = depth[node] + 1 if node in depth else 0
        for record_id in reversed(path):
            depth[record_id] = level
            level += 1
    return depth, looped
