"""The change log: every write to the records as a change set (who, when, what kind, why)
and, per record, what it added, removed or changed, field by field."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import getpass
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import IO, Any

from sqlalchemy import ColumnElement, Connection, Select, distinct, exists, func, insert, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from .schema import Change, ChangeAction, ChangeKind, ChangeSet, Location, Mineral, Organisation, Source

AUTHOR_ENV = "FORGE_AUTHOR"


def current_author() -> str:
    """Who is writing: $FORGE_AUTHOR (the window's preference sets it), else the OS user."""
    try:
        return os.environ.get(AUTHOR_ENV) or getpass.getuser()
    except (KeyError, OSError):  # no user name on this system
        return "unknown"


# One encoder for every value: json.dumps with options builds a new one per call, which an
# import of 200,000 records (millions of logged fields) pays millions of times.
_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str, sort_keys=True)


def _json(value: Any) -> str:
    return _ENCODER.encode(value)


def begin(session: Session, kind: ChangeKind, *, reason: str | None = None,
          author: str | None = None, undoes: int | None = None,
          at: dt.datetime | None = None, source_id: str | None = None) -> ChangeSet:
    """A new change set in the caller's transaction (at *at*, UTC, or now); its changes are
    added to it."""
    change_set = ChangeSet(author=author or current_author(), kind=kind, reason=reason,
                           at=at or dt.datetime.now(dt.UTC).replace(tzinfo=None), undoes=undoes,
                           source_id=source_id)
    session.add(change_set)
    session.flush()
    return change_set


def added(session: Session, change_set: ChangeSet, table: str, record_id: str,
          values: Mapping[str, Any]) -> None:
    """A record came in: each field it was given, from nothing to its value."""
    session.add_all(Change(**row) for row in _added_rows(change_set.id, table, [(record_id, values)]))


def _added_rows(change_set_id: int, table: str,
                records: Iterable[tuple[str, Mapping[str, Any]]]) -> list[dict[str, Any]]:
    """The log's rows for records that came in, each (id, values)."""
    return [{"change_set_id": change_set_id, "table_name": table, "record_id": record_id,
             "action": ChangeAction.ADDED, "field": name, "before": None, "after": _json(value)}
            for record_id, values in records
            for name, value in values.items() if not _empty(value)]


def added_many(session: Session, change_set: ChangeSet, table: str,
               records: Iterable[tuple[str, Mapping[str, Any]]]) -> None:
    """Records came in (an import's), each (id, values) logged as :func:`added` logs one,
    in a few statements rather than a row for each field.

    Each record goes to the database as its fields in a JSON object of the texts the log
    keeps, which the database spreads into the log's rows, field by field in the record's
    order: binding its dozen or so rows one by one costs two to three times as much."""
    connection = session.connection()
    dialect = connection.dialect.name
    if dialect not in ("sqlite", "postgresql") or (dialect == "sqlite" and not _has_json_each(connection)):
        _insert(session, _added_rows(change_set.id, table, records))
        return
    session.flush()  # the session's pending changes first: the log keeps their order
    fields = [(record_id, _FIELDS.encode({name: _json(value) for name, value in values.items()
                                          if not _empty(value)}))
              for record_id, values in records]
    into = 'INSERT INTO changes (change_set_id, table_name, record_id, action, field, "before", "after") '
    if dialect == "postgresql":  # one statement, the chunk's records a JSON array
        connection.execute(text(
            into + "SELECT :change_set, :table, record.value->>0, :action, field.key, NULL, field.value "
            "FROM json_array_elements(CAST(:records AS json)) WITH ORDINALITY AS record(value, n), "
            "json_each_text(record.value->1) WITH ORDINALITY AS field(key, value, m) "
            "ORDER BY record.n, field.m"),
            {"change_set": change_set.id, "table": table, "action": ChangeAction.ADDED.value,
             "records": "[" + ", ".join(f"[{_json(record_id)}, {logged}]" for record_id, logged in fields) + "]"})
        return
    # SQLite: the records in a scratch table of the connection's, spread by json_each.
    connection.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS forge_added (record_id, fields)")
    connection.exec_driver_sql("INSERT INTO forge_added VALUES (?, ?)", fields)
    connection.exec_driver_sql(
        into + "SELECT ?, ?, added.record_id, ?, field.key, NULL, field.value "
        "FROM forge_added AS added, json_each(added.fields) AS field ORDER BY added.rowid",
        (change_set.id, table, ChangeAction.ADDED.value))
    connection.exec_driver_sql("DELETE FROM forge_added")


_FIELDS = json.JSONEncoder(ensure_ascii=False)  # a record's fields, in their order


def _has_json_each(connection: Connection) -> bool:
    """Whether this SQLite has its JSON functions (built in since 3.38; asked once)."""
    if "json_each" not in connection.info:
        try:
            connection.exec_driver_sql("SELECT count(*) FROM json_each('[]')")
            connection.info["json_each"] = True
        except OperationalError:
            connection.info["json_each"] = False
    return bool(connection.info["json_each"])


def _insert(session: Session, rows: list[dict[str, Any]]) -> None:
    """Changes written in one statement (an undone import logs each of its records: no
    object each), after the session's pending changes, so the log keeps their order."""
    if rows:
        session.flush()
        session.connection().execute(insert(Change.__table__), rows)


def _empty(value: Any) -> bool:
    """What a missing field reads as (0 is a value; False is the default)."""
    return value is None or value is False or (isinstance(value, str | list | dict) and not value)


def same_record(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two records in the record format hold the same values (as the log stores them)."""
    return all(_json(a.get(k)) == _json(b.get(k)) for k in dict.fromkeys([*a, *b]))


def record_changes(session: Session, change_set: ChangeSet, table: str, record_id: str,
                   before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> int:
    """What became of one record, field by field (*before* None: it was added; *after*
    None: it was removed, each field's value kept so an undo can put it back). Returns how
    many fields changed."""
    if before is None:
        values = {k: v for k, v in (after or {}).items() if k != "id" and not _empty(v)}
        added(session, change_set, table, record_id, values)
        return len(values)
    if after is None:
        kept = {k: v for k, v in before.items() if k != "id" and not _empty(v)}
        session.add_all(Change(change_set_id=change_set.id, table_name=table, record_id=record_id,
                               action=ChangeAction.REMOVED, field=name, before=_json(value),
                               after=None) for name, value in kept.items())
        if not kept:
            removed(session, change_set, table, [record_id])
        return len(kept)
    diff = [name for name in dict.fromkeys([*before, *after])
            if name != "id" and _json(before.get(name)) != _json(after.get(name))]
    session.add_all(Change(change_set_id=change_set.id, table_name=table, record_id=record_id,
                           action=ChangeAction.CHANGED, field=name,
                           before=_json(before.get(name)), after=_json(after.get(name)))
                    for name in diff)
    return len(diff)


def removed(session: Session, change_set: ChangeSet, table: str, record_ids: Iterable[str]) -> None:
    """Records went, whole (an undone import's: in one statement however many)."""
    _insert(session, [{"change_set_id": change_set.id, "table_name": table, "record_id": record_id,
                       "action": ChangeAction.REMOVED, "field": None, "before": None, "after": None}
                      for record_id in record_ids])


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


def read_json(value: str | None) -> Any:
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
                        c.action, c.field, read_json(c.before), read_json(c.after))
            for cs, c in session.execute(query)]


# --------------------------------------------------------------------------- reading the log
# What the window shows of the log (a record's history in the detail pane, the Changes
# view): change sets newest first, a bounded number of them, each with what it touched.

CHANGE_FIELDS = ("change_set", "at", "author", "kind", "reason", "table", "record_id", "action",
                 "field", "before", "after")


def change_rows(found: Iterable[FieldChange]) -> list[dict[str, Any]]:
    """Each change as a row of CHANGE_FIELDS (the time as text, the kind and action as words)."""
    rows = [dataclasses.asdict(c) for c in found]
    for row in rows:
        row["at"] = row["at"].isoformat(sep=" ", timespec="seconds")
        row["kind"], row["action"] = str(row["kind"]), str(row["action"])
    return rows


def write_csv(stream: IO[str], found: Iterable[FieldChange]) -> None:
    """*found* as CSV, one change a line (``forge-desktop changes --format csv``): before and
    after as JSON, an empty cell for none."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(CHANGE_FIELDS)
    for row in change_rows(found):
        writer.writerow(["" if row[f] is None else
                         json.dumps(row[f], ensure_ascii=False) if f in ("before", "after")
                         else row[f] for f in CHANGE_FIELDS])


@dataclass(frozen=True)
class ChangeSetInfo:
    """A change set as a list shows it: who, when, what kind, why, on which source, and the
    tables and how many records it touched."""

    id: int
    at: dt.datetime  # UTC
    author: str
    kind: ChangeKind
    reason: str | None
    undoes: int | None
    source_id: str | None
    source_title: str | None
    tables: tuple[str, ...] = ()
    records: int = 0


@dataclass(frozen=True)
class RecordHistory:
    """One record's change sets, newest first, each with that record's changes in it;
    *earlier*: how many older change sets were left out; *names*: what the codes in the
    changes name (:func:`value_names`)."""

    change_sets: tuple[tuple[ChangeSetInfo, tuple[FieldChange, ...]], ...]
    earlier: int
    names: Mapping[str, Mapping[str, str]]


@dataclass(frozen=True)
class ChangeSetList:
    """The newest change sets that match (at most the limit asked for), and how many match."""

    change_sets: tuple[ChangeSetInfo, ...]
    total: int


@dataclass(frozen=True)
class ChangeSetChanges:
    """What one change set changed (at most the limit asked for), and how many changes it has."""

    changes: tuple[FieldChange, ...]
    total: int
    names: Mapping[str, Mapping[str, str]]


def _field_change(cs: ChangeSet, c: Change) -> FieldChange:
    return FieldChange(cs.id, cs.at, cs.author, cs.kind, cs.reason, c.table_name, c.record_id,
                       c.action, c.field, read_json(c.before), read_json(c.after))


def _infos(session: Session, query: Select[ChangeSet, str]) -> list[ChangeSetInfo]:
    """The change sets *query* selects (ChangeSet, source title), in its order, with the
    tables and the number of records each touched (one grouped query for them all)."""
    found = session.execute(query).all()
    touched: dict[int, dict[str, int]] = {}
    ids = [cs.id for cs, _title in found]
    for start in range(0, len(ids), 500):  # a bounded IN list for every database
        chunk = ids[start:start + 500]
        for set_id, table, records in session.execute(
                select(Change.change_set_id, Change.table_name, func.count(distinct(Change.record_id)))
                .where(Change.change_set_id.in_(chunk))
                .group_by(Change.change_set_id, Change.table_name)):
            touched.setdefault(set_id, {})[table] = records
    return [ChangeSetInfo(cs.id, cs.at, cs.author, cs.kind, cs.reason, cs.undoes, cs.source_id,
                          title, tuple(sorted(touched.get(cs.id, {}))),
                          sum(touched.get(cs.id, {}).values()))
            for cs, title in found]


def _with_title() -> Select[ChangeSet, str]:
    return select(ChangeSet, Source.title).outerjoin(Source, Source.id == ChangeSet.source_id)


# The fields whose values are codes of another table, and that table's code and name.
_NAMED: dict[str, tuple[tuple[Any, Any], ...]] = {
    "sources": ((Source.id, Source.title),),
    "minerals": ((Mineral.id, Mineral.name),),
    "locations": ((Location.code, Location.name),),
    "parties": ((Location.code, Location.name), (Organisation.id, Organisation.name)),
    "organisation": ((Organisation.id, Organisation.name),),
}


def _codes(field: str, value: Any) -> list[str]:
    if field == "sources":
        return [str(link["source"]) for link in value or [] if isinstance(link, dict) and link.get("source")]
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)] if value else []


def value_names(session: Session, found: Iterable[FieldChange]) -> dict[str, dict[str, str]]:
    """What the codes *found* holds name, field by field, as the table shows them: a
    source's title, a mineral's, a place's or an organisation's name (``{"minerals":
    {"rare-earths": "Rare earth elements"}}``)."""
    wanted: dict[str, set[str]] = {}
    for change in found:
        if change.field in _NAMED:
            for value in (change.before, change.after):
                wanted.setdefault(change.field, set()).update(_codes(change.field, value))
    names: dict[str, dict[str, str]] = {}
    for field, codes in wanted.items():
        for code_column, name_column in _NAMED[field]:
            if codes:
                names.setdefault(field, {}).update(
                    (str(code), str(name)) for code, name in session.execute(
                        select(code_column, name_column).where(code_column.in_(sorted(codes)))))
    return names


def record_history(session: Session, table: str, record_id: str, *,
                   limit: int = 20) -> RecordHistory:
    """Record *record_id*'s change sets, newest first, at most *limit* (on the log's record
    index: a few rows read whatever the log's size)."""
    mine = (Change.table_name == table, Change.record_id == record_id)
    ids_query = select(Change.change_set_id).where(*mine).distinct()
    newest = list(session.scalars(ids_query.order_by(Change.change_set_id.desc()).limit(limit)))
    if not newest:
        return RecordHistory((), 0, {})
    total = len(newest)
    if total == limit:
        total = session.scalar(select(func.count()).select_from(ids_query.subquery())) or total
    infos = _infos(session, _with_title().where(ChangeSet.id.in_(newest)).order_by(ChangeSet.id.desc()))
    by_set: dict[int, list[FieldChange]] = {i: [] for i in newest}
    for cs, c in session.execute(select(ChangeSet, Change).join(Change, Change.change_set_id == ChangeSet.id)
                                 .where(ChangeSet.id.in_(newest), *mine).order_by(Change.id)):
        by_set[cs.id].append(_field_change(cs, c))
    found = [c for changes in by_set.values() for c in changes]
    return RecordHistory(tuple((info, tuple(by_set[info.id])) for info in infos), total - len(newest),
                         value_names(session, found))


def _set_filters(*, since: dt.datetime | None, author: str | None, table: str | None,
                 kind: ChangeKind | None) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if since is not None:
        where.append(ChangeSet.at >= since)
    if author is not None:
        where.append(ChangeSet.author == author)
    if kind is not None:
        where.append(ChangeSet.kind == kind)
    if table is not None:
        where.append(exists().where(Change.change_set_id == ChangeSet.id, Change.table_name == table))
    return where


def change_sets(session: Session, *, since: dt.datetime | None = None, author: str | None = None,
                table: str | None = None, kind: ChangeKind | None = None,
                limit: int = 2000) -> ChangeSetList:
    """The newest change sets that match, at most *limit* (*since*: UTC; *table*: those that
    touched its records), and how many match in all."""
    where = _set_filters(since=since, author=author, table=table, kind=kind)
    total = session.scalar(select(func.count(ChangeSet.id)).where(*where)) or 0
    infos = _infos(session, _with_title().where(*where).order_by(ChangeSet.id.desc()).limit(limit))
    return ChangeSetList(tuple(infos), total)


def change_set_changes(session: Session, change_set_id: int, *, limit: int = 1000) -> ChangeSetChanges:
    """What change set *change_set_id* changed, record by record in the order written, at
    most *limit* changes, and how many it has."""
    total = session.scalar(select(func.count(Change.id)).where(Change.change_set_id == change_set_id)) or 0
    found = [_field_change(cs, c) for cs, c in session.execute(
        select(ChangeSet, Change).join(Change, Change.change_set_id == ChangeSet.id)
        .where(ChangeSet.id == change_set_id).order_by(Change.id).limit(limit))]
    return ChangeSetChanges(tuple(found), total, value_names(session, found))


def authors(session: Session) -> list[str]:
    """Everyone who wrote to the records, by name."""
    return list(session.scalars(select(ChangeSet.author).distinct().order_by(ChangeSet.author)))


def matching_changes(session: Session, *, since: dt.datetime | None = None, author: str | None = None,
                     table: str | None = None, kind: ChangeKind | None = None) -> list[FieldChange]:
    """Every change of the change sets :func:`change_sets` lists for the same filters, newest
    change set first (what the Changes view exports)."""
    where = _set_filters(since=since, author=author, table=table, kind=kind)
    return [_field_change(cs, c) for cs, c in session.execute(
        select(ChangeSet, Change).join(Change, Change.change_set_id == ChangeSet.id).where(*where)
        .order_by(ChangeSet.id.desc(), Change.id))]


def data_version(session: Session) -> tuple[int, dt.datetime] | None:
    """The version of the data: the latest change set, its id and when it was made (UTC);
    None while nothing has changed the records (a fresh database, as shipped)."""
    latest = session.execute(select(ChangeSet.id, ChangeSet.at)
                             .order_by(ChangeSet.id.desc()).limit(1)).first()
    return None if latest is None else (latest.id, latest.at)


@dataclass(frozen=True)
class OthersChanges:
    """What others wrote after change set *after*: the newest change set (to remember as
    seen), how many change sets of others, and who."""

    latest: int
    count: int
    authors: tuple[str, ...]


def others_changes(session: Session, after: int | None, me: str | None = None) -> OthersChanges:
    """The change sets after *after* (None: nothing seen yet: just the newest) whose author
    is not *me* (default: you). One indexed query: a window asks every few seconds."""
    latest = session.scalar(select(func.coalesce(func.max(ChangeSet.id), 0))) or 0
    if after is None or latest <= after:
        return OthersChanges(latest, 0, ())
    me = me or current_author()
    rows = session.execute(select(ChangeSet.author, func.count()).where(
        ChangeSet.id > after, ChangeSet.id <= latest, ChangeSet.author != me)
        .group_by(ChangeSet.author).order_by(ChangeSet.author)).all()
    return OthersChanges(latest, sum(n for _, n in rows), tuple(a for a, _ in rows))
