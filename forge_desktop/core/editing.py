"""Adding, correcting and deleting one record: the window's form and the command line's
``add``, ``edit`` and ``delete``.

A record is given as cells, column name → text, exactly as an import reads them
(``amount_usd = "up to $400 million"``, ``date = "Dec 2025"``), and is checked by the
importer's own rules (:mod:`.imports.records`, :mod:`.imports.plan`), so the form, the
command line and a file say the same things of the same value. Every write is one change
set in the change log, and rests on a source: a record cannot be added without one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from . import changes
from .columns import TABLES
from .errors import ForgeError
from .imports.apply import add_what_records_need
from .imports.headers import map_headers
from .imports.plan import ImportPlan, _check_links
from .imports.records import RECORD_BUILDERS, _Lookups, _Row
from .schema import Change, ChangeKind, ChangeSet, Origin, Source, term_key
from .sources import SourceError, SourceFields, check_language, find_source, source_for
from .stored_records import (
    Record,
    dependents,
    read_record,
    record_origin,
    remove_record,
    write_record,
)

FORM = "the form"  # what an edit's "file" is called in the importer's messages


class EditError(ForgeError, ValueError):
    """An edit that cannot be written: each problem names its field. Nothing was written."""

    def __init__(self, problems: Iterable[tuple[str | None, str]]):
        self.problems = list(problems)
        super().__init__("\n".join(f"{field}: {message}" if field else message
                                   for field, message in self.problems))

    @classmethod
    def one(cls, field: str | None, message: str) -> EditError:
        return cls([(field, message)])


@dataclass(frozen=True)
class SourceChoice:
    """The source a change rests on: an existing one (its id or URL) or a new one, and the
    passage of it that supports the record, in the source's language."""

    ref: str | None = None
    new: SourceFields | None = None
    quote: str | None = None
    quote_lang: str | None = None
    quote_en: str | None = None

    @property
    def given(self) -> bool:
        return bool((self.ref and self.ref.strip()) or self.new)


@dataclass(frozen=True)
class EditResult:
    table: str
    record_id: str
    change_set: int | None  # None: nothing changed, nothing was written
    fields: int  # how many fields changed


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _joined(items: Iterable[str]) -> str:
    return "; ".join(items)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def cells_of(table: str, record: Record) -> dict[str, str]:
    """A stored record as the cells the form shows and an edit changes (column → text)."""
    renamed = {"parent": "parent_id", "agreement": "agreement_id", "organisation": "organisation_id"}
    cells: dict[str, str] = {}
    for name, value in record.items():
        if name == "sources":
            continue
        if name == "roles":
            cells["roles"] = _joined(value)
        elif isinstance(value, list):
            cells[name] = _joined(str(v) for v in value)
        else:
            cells[renamed.get(name, name)] = _text(value)
    if table == "financing" and not record.get("amount_usd"):
        cells.pop("amount_qualifier", None)
    return cells


def record_cells(session: Session, table: str, record_id: str) -> dict[str, str]:
    """The cells of record *record_id* (EditError if there is none)."""
    record = read_record(session, _table(table), record_id)
    if record is None:
        raise EditError.one("id", f"no {table} record has the id {record_id!r}")
    return cells_of(table, record)


def record_version(session: Session, table: str, record_id: str) -> int:
    """The record's version: the last change set that touched it (0: none yet). A form or a
    command that read the record at version V writes only if it is still V."""
    return int(session.scalar(select(func.coalesce(func.max(Change.change_set_id), 0)).where(
        Change.table_name == _table(table), Change.record_id == record_id)) or 0)


def _hold(session: Session, table: str, record_id: str, expected_version: int | None) -> None:
    """Take the record for this transaction before reading it, so that two people editing it
    at once take turns (a row lock on PostgreSQL, the write lock on SQLite: a no-op update is
    the first statement); then refuse if someone changed it since *expected_version*."""
    session.execute(text(f"UPDATE {_table(table)} SET id = id WHERE id = :id"), {"id": record_id})
    if expected_version is None:
        return
    now = record_version(session, table, record_id)
    if now != expected_version:
        theirs = session.get(ChangeSet, now)
        who = f"{theirs.author} at {theirs.at:%Y-%m-%d %H:%M} UTC" if theirs else "someone"
        raise EditError.one(None, f"{table} {record_id} was changed by {who} (change set {now}) "
                                  "since you opened it; nothing was saved. Reopen it to see "
                                  "their change, then make yours again")


def _table(table: str) -> str:
    if table not in TABLES:
        raise EditError.one(None, f"unknown table {table!r}; choose one of {', '.join(TABLES)}")
    return table


def column_names(table: str, given: Iterable[str]) -> dict[str, str]:
    """Each given column (a name or a label, as an import's header) → its column name;
    EditError naming the unknown ones and the columns there are."""
    spec = TABLES[_table(table)]
    given = list(given)
    mapping = map_headers(spec, given)
    unknown = [name for name in given if mapping.get(name) is None]
    if unknown:
        known = ", ".join(c.name for c in spec.columns if c.name not in ("origin", "source"))
        raise EditError([(name, f"no such column in {table}; columns: {known}") for name in unknown])
    return {name: str(mapping[name]) for name in given}


def check_record(session: Session, table: str, cells: Mapping[str, str], *,
                 replacing: str | None = None,
                 accept: Iterable[tuple[str, str]] = ()) -> tuple[Record, ImportPlan]:
    """*cells* checked by the importer's rules into a record (and the one-row plan that
    lists what it needs added: places, confirmed vocabulary values). *replacing*: the id of
    the record being corrected (its own id and country are not taken). EditError lists
    every problem."""
    table = _table(table)
    names = column_names(table, cells)
    values = {names[k]: v for k, v in cells.items()}
    if not str(values.get("id") or "").strip():
        values.pop("id", None)  # none given: one is made from the record's name
    plan = ImportPlan(table, FORM, list(values), {c: c for c in values},
                      accepted=frozenset((column, term_key(value)) for column, value in accept))
    row = _Row(1, values, plan)
    lookups = _Lookups(session)
    record = RECORD_BUILDERS[table](row, lookups)
    if not row.failed:
        if plan.made_ids:  # the id made from its name, unique
            record["id"] = _unique_id(session, table, record["id"])
        plan.records_by_row[1] = record
        _check_links(session, plan, replacing=replacing)
    errors = [(issue.column, issue.message) for issue in plan.errors]
    if errors:
        raise EditError(errors)
    plan.names = lookups.names(plan)
    return record, plan


def _resolve_source(session: Session, choice: SourceChoice, at: dt.datetime) -> Source:
    try:
        if choice.ref and choice.ref.strip():
            found = find_source(session, choice.ref)
            if found is None:
                if choice.ref.strip().lower().startswith(("http://", "https://")) and choice.new:
                    fields = SourceFields(**{**choice.new.__dict__, "url": choice.ref.strip()})
                    found = session.get(Source, source_for(session, fields, origin=Origin.ENTERED, at=at))
                else:
                    raise EditError.one("source", f"no source has the id or URL {choice.ref.strip()!r}; "
                                                  "give an existing one (forge-desktop sources lists "
                                                  "them) or a new one with its title")
        elif choice.new:
            found = session.get(Source, source_for(session, choice.new, origin=Origin.ENTERED, at=at))
        else:
            raise EditError.one("source", "a record needs a source: pick one or add one")
        if choice.quote_lang:
            check_language(choice.quote_lang)
    except SourceError as exc:
        raise EditError.one(exc.field, str(exc).split(": ", 1)[1]) from None
    assert found is not None
    return found


def _with_source(record: Record, source: Source, choice: SourceChoice) -> Record:
    """*record* with its link to *source* (added last, or its quote updated)."""
    links = [dict(link) for link in record.get("sources") or []]
    quote = " ".join(choice.quote.split()) if choice.quote and choice.quote.strip() else None
    lang = (check_language(choice.quote_lang) if choice.quote_lang else source.language) if quote else None
    held = next((link for link in links if link["source"] == source.id), None)
    if held is None:
        links.append({"source": source.id, "quote": quote, "quote_lang": lang,
                      "quote_en": choice.quote_en or None})
    elif quote:
        held.update(quote=quote, quote_lang=lang, quote_en=choice.quote_en or held.get("quote_en"))
    return {**record, "sources": links}


def _quote_needs_source(choice: SourceChoice | None) -> None:
    if choice is not None and choice.quote and choice.quote.strip() and not choice.given:
        raise EditError.one("quote", "a quote needs its source (--source, or a new source's title)")


def _unique_id(session: Session, table: str, record_id: str) -> str:
    candidate, n = record_id, 1
    while read_record(session, table, candidate) is not None:
        n += 1
        candidate = f"{record_id[:60]}-{n}"
    return candidate


def add_record(session: Session, table: str, cells: Mapping[str, str], source: SourceChoice, *,
               accept: Iterable[tuple[str, str]] = (), reason: str | None = None,
               author: str | None = None) -> EditResult:
    """Add a record from *cells*, resting on *source*, in the caller's transaction."""
    _quote_needs_source(source)
    if not source.given:
        raise EditError.one("source", "a record needs a source: pick one or add one")
    record, plan = check_record(session, table, cells, accept=accept)
    at = _now()
    found = _resolve_source(session, source, at)
    add_what_records_need(session, plan, at)
    record = _with_source(record, found, source)
    write_record(session, table, record, Origin.ENTERED, record_names=plan.names)
    change_set = changes.begin(session, ChangeKind.ADD, reason=reason, author=author, at=at,
                               source_id=found.id)
    fields = changes.record_changes(session, change_set, table, record["id"], None, record)
    return EditResult(table, record["id"], change_set.id, fields)


def edit_record(session: Session, table: str, record_id: str, edits: Mapping[str, str],
                source: SourceChoice | None = None, *, accept: Iterable[tuple[str, str]] = (),
                reason: str | None = None, author: str | None = None,
                expected_version: int | None = None) -> EditResult:
    """Correct fields of record *record_id* (*edits*: column → new text; "" empties it),
    optionally resting the correction on *source*, in the caller's transaction. With
    *expected_version* (see :func:`record_version`), refused if someone changed it since."""
    _quote_needs_source(source)
    _hold(session, table, record_id, expected_version)
    before = read_record(session, _table(table), record_id)
    if before is None:
        raise EditError.one("id", f"no {table} record has the id {record_id!r}")
    edits = {column_names(table, [k])[k]: v for k, v in edits.items()}
    if "id" in edits and edits["id"] != record_id:
        raise EditError.one("id", "a record keeps its id: add a new record (or duplicate this one) "
                                  "and delete this one instead")
    cells = cells_of(table, before)
    if "amount_usd" in edits and "amount_qualifier" not in edits:
        cells.pop("amount_qualifier", None)  # the new amount's words ("up to") say it
    cells.update(edits)
    record, plan = check_record(session, table, cells, replacing=record_id, accept=accept)
    if table == "participants":  # a role kept keeps the sentence that grants it
        record["roles"] = {role: before["roles"].get(role) for role in record["roles"]}
    if table == "financing" and before.get("is_aggregate") and not record.get("is_aggregate"):
        parts = dependents(session, table, record_id)
        if parts:
            raise EditError.one("is_aggregate", f"it has {parts[0]}: an aggregate with parts stays "
                                                "one (move or delete the parts first)")
    if table == "financing" and record.get("parent"):
        _no_loop(session, record_id, record["parent"])
    at = _now()
    record["sources"] = before["sources"]
    found = None
    if source is not None and source.given:
        found = _resolve_source(session, source, at)
        record = _with_source(record, found, source)
    if changes.same_record(before, record):
        return EditResult(table, record_id, None, 0)
    origin, imported_at = record_origin(session, table, record_id) or (Origin.ENTERED, None)
    now_theirs = Origin.EDITED if origin is Origin.CURATED else origin  # a correction is yours
    add_what_records_need(session, plan, at)
    write_record(session, table, record, now_theirs, imported_at, record_names=plan.names)
    change_set = changes.begin(session, ChangeKind.EDIT, reason=reason, author=author, at=at,
                               source_id=found.id if found else None)
    # The origin's change is logged too: undoing the correction makes the record curated again.
    fields = changes.record_changes(session, change_set, table, record_id,
                                    {**before, "origin": origin.value},
                                    {**record, "origin": now_theirs.value})
    return EditResult(table, record_id, change_set.id, fields - (origin is not now_theirs))


def _no_loop(session: Session, record_id: str, parent: str) -> None:
    """A part's parent must not lead back to the part itself, however far up."""
    node: str | None = parent
    seen: set[str] = set()
    while node is not None and node not in seen:
        if node == record_id:
            raise EditError.one("parent_id", f"parent {parent!r} leads back to {record_id!r}: "
                                             "parts cannot loop")
        seen.add(node)
        above = read_record(session, "financing", node)
        node = above.get("parent") if above else None


def delete_record(session: Session, table: str, record_id: str, *, reason: str | None = None,
                  author: str | None = None, expected_version: int | None = None) -> EditResult:
    """Delete record *record_id*, refused while anything depends on it (an aggregate's parts,
    an agreement's financing) or, with *expected_version*, if someone changed it since; in the
    caller's transaction."""
    _hold(session, table, record_id, expected_version)
    before = read_record(session, _table(table), record_id)
    if before is None:
        raise EditError.one("id", f"no {table} record has the id {record_id!r}")
    needed = dependents(session, table, record_id)
    if needed:
        raise EditError.one(None, f"{record_id!r} cannot be deleted: {'; '.join(needed)} "
                                  "depend on it. Delete or move them first")
    origin, imported_at = record_origin(session, table, record_id) or (Origin.ENTERED, None)
    remove_record(session, table, record_id)
    change_set = changes.begin(session, ChangeKind.DELETE, reason=reason, author=author)
    # Its origin too, so that an undo puts it back as what it was.
    kept = {**before, "origin": origin.value,
            "imported_at": imported_at.isoformat() if imported_at else None}
    fields = changes.record_changes(session, change_set, table, record_id, kept, None)
    return EditResult(table, record_id, change_set.id, fields)
