"""Taking a change set back: its records put back as they were before it, as a new change
set of its own (kind undo), so the log keeps both; undoing that undo is a redo.

Only the author of a change set may take it back, never another author's work; a change
set whose records a later one changed again is refused (saying which), unless the later
ones are taken back with it. An import is taken back whole: its records, and the places,
vocabulary values and sources it added for them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from . import changes
from .editing import EditError
from .imports.apply import import_records, latest_import_stamp, remove_import
from .schema import Change, ChangeAction, ChangeKind, ChangeSet, Origin
from .stored_records import dependents, read_record, record_origin, remove_record, write_record


@dataclass(frozen=True)
class UndoResult:
    undone: tuple[int, ...]  # the change sets taken back, newest first
    change_sets: tuple[int, ...]  # the undo change sets written, one for each
    records: int


def undone_by(session: Session, change_set_id: int) -> int | None:
    """The change set that currently stands undone-for *change_set_id* (an undo not itself
    undone), if any."""
    node = change_set_id
    undoer: int | None = None
    while True:
        later = session.scalar(select(ChangeSet.id).where(ChangeSet.undoes == node)
                               .order_by(ChangeSet.id.desc()))
        if later is None:
            return undoer
        undoer = later if undoer is None else None  # an undo of the undo puts it back
        node = later


def later_touching(session: Session, change_set_id: int) -> list[ChangeSet]:
    """Later change sets that changed records of *change_set_id* and still stand (a later
    change and its undo cancel out), oldest first. One query, on the log's record index."""
    mine = aliased(Change)
    touching = (select(Change.change_set_id).distinct()
                .where(Change.change_set_id > change_set_id,
                       exists().where(mine.change_set_id == change_set_id,
                                      mine.table_name == Change.table_name,
                                      mine.record_id == Change.record_id)))
    found = [c for c in session.scalars(select(ChangeSet).where(ChangeSet.id.in_(touching))
                                        .order_by(ChangeSet.id)) if c.undoes != change_set_id]
    standing = {c.id for c in found}
    for c in found:  # pairs of a change and its undo take each other out
        if c.undoes in standing and c.id in standing:
            standing -= {c.id, c.undoes}
    return [c for c in found if c.id in standing]


def describe(change_set: ChangeSet) -> str:
    return (f"change set {change_set.id} ({change_set.kind}, {change_set.author}, "
            f"{change_set.at:%Y-%m-%d %H:%M} UTC)")


def undo_change_set(session: Session, change_set_id: int, *, author: str | None = None,
                    with_later: bool = False, reason: str | None = None) -> UndoResult:
    """Take back change set *change_set_id* (and, *with_later*, the later ones of the same
    author that changed its records), in the caller's transaction. EditError says why not."""
    author = author or changes.current_author()
    target = session.get(ChangeSet, change_set_id)
    if target is None:
        raise EditError.one(None, f"there is no change set {change_set_id}")
    if target.author != author:
        raise EditError.one(None, f"{describe(target)} is {target.author}'s work: only its author "
                                  "can take it back")
    if target.kind is ChangeKind.REFRESH:
        raise EditError.one(None, f"{describe(target)} is a release of the shipped data: correct "
                                  "its records instead")
    already = undone_by(session, change_set_id)
    if already is not None:
        raise EditError.one(None, f"{describe(target)} is already undone by change set {already}: "
                                  f"undo {already} to bring it back")
    later = later_touching(session, change_set_id)
    if later and not with_later:
        raise EditError.one(None, f"later changes touched the same records: "
                                  f"{', '.join(describe(c) for c in later)}. Undo them first, "
                                  "or undo them together")
    others = [c for c in later if c.author != author]
    if others:
        raise EditError.one(None, f"{', '.join(describe(c) for c in others)} changed the same "
                                  "records and is another author's work: it cannot be undone here")
    undone: list[int] = []
    written: list[int] = []
    records = 0
    for change_set in [*reversed(later), target]:
        undo_set, count = _take_back(session, change_set, author, reason)
        undone.append(change_set.id)
        written.append(undo_set)
        records += count
    return UndoResult(tuple(undone), tuple(written), records)


def _take_back(session: Session, change_set: ChangeSet, author: str,
               reason: str | None) -> tuple[int, int]:
    """One change set taken back; (the undo's change set id, records put back)."""
    if change_set.kind is ChangeKind.IMPORT:
        count = remove_import(session, change_set.at, undoes=change_set.id, author=author,
                              reason=reason)
        return session.scalar(select(ChangeSet.id).where(ChangeSet.undoes == change_set.id)
                              .order_by(ChangeSet.id.desc())) or 0, count
    target = session.get(ChangeSet, change_set.undoes) if change_set.undoes else None
    if target is not None and target.kind is ChangeKind.IMPORT:
        raise EditError.one(None, f"{describe(change_set)} took back an import: import the file "
                                  "again to bring its records back")
    by_record: dict[tuple[str, str], list[Change]] = defaultdict(list)
    for change in session.scalars(select(Change).where(Change.change_set_id == change_set.id)
                                  .order_by(Change.id)):
        by_record[change.table_name, change.record_id].append(change)
    undo_set = changes.begin(session, ChangeKind.UNDO, author=author, undoes=change_set.id,
                             reason=reason or f"undid {describe(change_set)}")
    # Parents before parts when putting records back, parts before parents when removing.
    order = sorted(by_record, key=lambda key: _parent_rank(by_record[key]))
    for table, record_id in order:
        rows = by_record[table, record_id]
        now = read_record(session, table, record_id)
        held = record_origin(session, table, record_id)
        if now is not None and held is not None:
            now["origin"] = held[0].value  # logged beside the fields: an undo puts it back
        before = _state_before(rows, now)
        if before is None and now is not None:
            needed = dependents(session, table, record_id)
            if needed:
                raise EditError.one(None, f"{record_id!r} cannot be removed: {'; '.join(needed)} "
                                          "depend on it")
            remove_record(session, table, record_id)
        elif before is not None:
            origin, imported_at = _origin_of(before, held)
            write_record(session, table, before, origin, imported_at)
            before["origin"] = origin.value
        changes.record_changes(session, undo_set, table, record_id, now, before)
    return undo_set.id, len(by_record)


def _parent_rank(rows: list[Change]) -> int:
    """Records that are put back with a parent go after records that have none."""
    for change in rows:
        if change.field == "parent" and change.before not in (None, "null"):
            return 1
    return 0


def _state_before(rows: list[Change], now: dict[str, Any] | None) -> dict[str, Any] | None:
    """The record as it was before the change set (None: it did not exist)."""
    actions = {change.action for change in rows}
    if ChangeAction.ADDED in actions:
        return None
    if ChangeAction.REMOVED in actions:
        return {"id": rows[0].record_id, **{c.field: changes.read_json(c.before) for c in rows
                                             if c.field is not None}}
    record = dict(now or {"id": rows[0].record_id})
    for change in rows:
        if change.field is not None:
            record[change.field] = changes.read_json(change.before)
    return record


def _origin_of(before: dict[str, Any],
               held: tuple[Origin, dt.datetime | None] | None) -> tuple[Origin, dt.datetime | None]:
    """The origin a record goes back with, popped from *before*: what the log noted (a
    correction turned curated into edited; a delete kept it), else what it holds now."""
    origin, stamp = before.pop("origin", None), before.pop("imported_at", None)
    if held is not None:
        return (Origin(origin) if origin else held[0]), held[1]
    return (Origin(origin) if origin else Origin.ENTERED,
            dt.datetime.fromisoformat(stamp) if stamp else None)


def last_import(session: Session, author: str | None = None) -> tuple[dt.datetime | None, int]:
    """When the latest import of *author* (you) that still stands happened, and how many
    records it added. An import older than the change log (no change set) counts too."""
    author = author or changes.current_author()
    for change_set in session.scalars(select(ChangeSet).where(
            ChangeSet.kind == ChangeKind.IMPORT, ChangeSet.author == author)
            .order_by(ChangeSet.id.desc())):
        if undone_by(session, change_set.id) is None:
            return change_set.at, import_records(session, change_set.at)
    stamp = latest_import_stamp(session)
    logged = stamp is not None and session.scalar(
        select(ChangeSet.id).where(ChangeSet.kind == ChangeKind.IMPORT, ChangeSet.at == stamp))
    if stamp is None or logged:
        return None, 0
    return stamp, import_records(session, stamp)


def undo_last_import(session: Session, author: str | None = None) -> int:
    """Take back your latest import that still stands (never another author's), in the
    caller's transaction; how many records it removed."""
    author = author or changes.current_author()
    stamp, _ = last_import(session, author)
    if stamp is None:
        return 0
    change_set = session.scalar(select(ChangeSet.id).where(ChangeSet.kind == ChangeKind.IMPORT,
                                                           ChangeSet.at == stamp))
    if change_set is None:  # imported before the change log was kept
        return remove_import(session, stamp, undoes=None, author=author)
    return undo_change_set(session, change_set, author=author).records
