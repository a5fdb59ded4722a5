"""The change log: every write to the records as a change set (who, when, what kind, why)
and, per record, what it added, removed or changed, field by field."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .schema import Change, ChangeAction, ChangeKind, ChangeSet

AUTHOR_ENV = "FORGE_AUTHOR"


def current_author() -> str:
    """Who is writing: $FORGE_AUTHOR (the window's preference sets it), else the OS user."""
    try:
        return os.environ.get(AUTHOR_ENV) or getpass.getuser()
    except (KeyError, OSError):  # no user name on this system
        return "unknown"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def begin(session: Session, kind: ChangeKind, *, reason: str | None = None,
          author: str | None = None, undoes: int | None = None,
          at: dt.datetime | None = None) -> ChangeSet:
    """A new change set in the caller's transaction (at *at*, UTC, or now); its changes are
    added to it."""
    change_set = ChangeSet(author=author or current_author(), kind=kind, reason=reason,
                           at=at or dt.datetime.now(dt.UTC).replace(tzinfo=None), undoes=undoes)
    session.add(change_set)
    session.flush()
    return change_set


def added(session: Session, change_set: ChangeSet, table: str, record_id: str,
          values: Mapping[str, Any]) -> None:
    """A record came in: each field it was given, from nothing to its value."""
    session.add_all(Change(change_set_id=change_set.id, table_name=table, record_id=record_id,
                           action=ChangeAction.ADDED, field=name, before=None, after=_json(value))
                    for name, value in values.items() if value not in (None, "", []))


def removed(session: Session, change_set: ChangeSet, table: str, record_ids: Iterable[str]) -> None:
    session.add_all(Change(change_set_id=change_set.id, table_name=table, record_id=record_id,
                           action=ChangeAction.REMOVED, field=None, before=None, after=None)
                    for record_id in record_ids)


@dataclass(frozen=True)
class FieldChange:
    change_set: int
    at: dt.datetime
    author: str
    kind: ChangeKind
    reason: str | None
    table: str
    record_id: str
    action: ChangeAction
    field: str | None
    before: Any
    after: Any


def _read(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def history(session: Session, *, table: str | None = None, record_id: str | None = None,
            since: dt.datetime | None = None, author: str | None = None,
            kind: ChangeKind | None = None) -> list[FieldChange]:
    """The changes that match, oldest first (a record's history: *table* and *record_id*)."""
    query = (select(ChangeSet, Change).join(Change, Change.change_set_id == ChangeSet.id)
             .order_by(ChangeSet.id, Change.id))
    if table is not None:
        query = query.where(Change.table_name == table)
    if record_id is not None:
        query = query.where(Change.record_id == record_id)
    if since is not None:
        query = query.where(ChangeSet.at >= since)
    if author is not None:
        query = query.where(ChangeSet.author == author)
    if kind is not None:
        query = query.where(ChangeSet.kind == kind)
    return [FieldChange(cs.id, cs.at, cs.author, cs.kind, cs.reason, c.table_name, c.record_id,
                        c.action, c.field, _read(c.before), _read(c.after))
            for cs, c in session.execute(query)]
