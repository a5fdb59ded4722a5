"""Writing a checked plan, and taking an import back out.

Imported rows carry ``origin = imported`` and the import's timestamp: that timestamp is
what :func:`remove_import` finds them by, records and what was added for them alike
(:mod:`..undo` decides which import may be taken back, and by whom)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

from sqlalchemy import Connection, Table, delete, func, select
from sqlalchemy.orm import Session

from .. import changes, dataset
from ..database import file_source
from ..schema import (
    SOURCE_LINKS,
    TERM_MODELS,
    Agreement,
    AgreementParty,
    AgreementSource,
    ChangeKind,
    Financing,
    FinancingLocation,
    FinancingMineral,
    FinancingSource,
    Location,
    LocationKind,
    Origin,
    Participant,
    ParticipantRole,
    ParticipantSource,
    Source,
)
from ..sources import source_for
from ..stored_records import RECORD_TABLES
from .plan import Cancelled, ImportCancelled, ImportPlan, Progress, _nesting
from .reading import ImportFileError
from .records import MODELS, Record, _fold, _Lookups, _parse_date


@dataclass(frozen=True)
class ImportResult:
    table: str
    records: int
    imported_at: dt.datetime


def add_what_records_need(session: Session, plan: ImportPlan, at: dt.datetime,
                          lookups: _Lookups | None = None) -> None:
    """The vocabulary values the user confirmed and the real places the plan's records name
    that the database lacks, stamped *at* (an undo of the import removes them)."""
    places = lookups.places if lookups is not None else {}
    for (column, key), new in plan.new_values.items():
        session.add(TERM_MODELS[column](code=new.code, name=new.text, key=key,
                                        origin=Origin.IMPORTED, imported_at=at))
    session.flush()  # before the records that refer to them
    # Countries first: a new state points at its country.
    for code, loc in sorted(plan.new_locations.items(), key=lambda kv: kv[1]["kind"] != "country"):
        parent = loc["country"] if loc["kind"] != "country" else None
        country = (places.get(parent) or session.get(Location, parent)) if parent else None
        place = Location(code=code, name=loc["name"], name_ru=loc["name_ru"], kind=loc["kind"],
                         country_code=loc["country"], origin=Origin.IMPORTED, imported_at=at,
                         keys=dataset.location_keys(code, loc["name"], loc["name_ru"], country))
        session.add(place)
        session.flush()
        places[code] = place


def apply_import(session: Session, plan: ImportPlan, *, progress: Progress | None = None,
                 cancelled: Cancelled | None = None) -> ImportResult:
    """Write a plan without errors; the caller's transaction makes it all or nothing.

    The records go in chunks of plain rows (no object per row: an import of 200,000 rows
    would spend minutes building and flushing them), each followed by ``progress(records
    written, records in all)``. When ``cancelled()`` says so, between two chunks, the
    transaction is rolled back and :class:`ImportCancelled` raised: nothing is written."""
    if not plan.ok:
        raise ImportFileError(f"{len(plan.errors)} errors; nothing was imported:\n{plan.report()}")
    imported_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    lookups = _Lookups(session)
    add_what_records_need(session, plan, imported_at, lookups)
    names = lookups.names(plan)
    # The sources rows name that the database lacks: one each, however many rows name it,
    # carrying the import's time (so undoing the import removes them, and only them).
    source_ids = {key: source_for(session, new.fields, origin=Origin.IMPORTED, at=imported_at)
                  for key, new in plan.new_sources.items()}
    records = [_with_source_ids(record, source_ids) for record in plan.records]
    if plan.table == "financing":  # aggregates before their parts, however deep
        depth, _ = _nesting(records)
        records = sorted(records, key=lambda r: depth[r["id"]])
    name = Path(plan.path).name
    connection = session.connection()
    # The file is the source of the records whose rows name none.
    file = (file_source(connection, imported_at, name)
            if any(not r.get("sources") for r in records) else None)
    change_set = changes.begin(session, ChangeKind.IMPORT, reason=f"imported {name}", at=imported_at)
    rows_of = ROW_WRITERS[plan.table]
    for start in range(0, len(records), CHUNK):
        if cancelled is not None and cancelled():
            session.rollback()
            raise ImportCancelled("the import was cancelled; nothing was imported")
        chunk = records[start:start + CHUNK]
        rows: Rows = defaultdict(list)
        for record in chunk:
            rows_of(record, names, imported_at, file, rows)
        for table, values in rows.items():  # in the order first met: records before links
            _insert(connection, table, values)
        changes.added_many(session, change_set, plan.table, ((r["id"], r) for r in chunk))
        if progress is not None:
            progress(start + len(chunk), len(records))
    return ImportResult(plan.table, len(records), imported_at)


CHUNK = 2_000  # records written at a time: progress is reported, and Cancel heard, between two


def _insert(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert *rows* (dicts of column values, the same columns each) as fast as the
    database takes them, in the caller's transaction.

    On SQLite, a statement per row costs what the statement costs around the row: a
    statement journal for the constraints, and the search index's trigger, which FTS5
    writes out at every statement's end (a segment per record, merged again and again). So
    the rows go, converted as SQLAlchemy binds them (dates, enumerations) but without its
    bookkeeping for each, into an untyped temporary table (the connection's own scratch),
    then into their table with one INSERT … SELECT, which converts and checks each as a
    direct insert would: three to four times faster. On PostgreSQL (psycopg) they go by
    COPY, its own bulk load, twice as fast as SQLAlchemy's batched INSERTs, which serve
    any other database."""
    if not rows:
        return
    dialect = connection.dialect
    driver = connection.connection.driver_connection
    copy = dialect.name == "postgresql" and dialect.driver == "psycopg" and driver is not None
    if dialect.name != "sqlite" and not copy:
        connection.execute(table.insert(), rows)
        return
    names = list(rows[0])
    by_column = []  # each column's values, converted
    for name in names:
        values = [row[name] for row in rows]
        convert = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        by_column.append(values if convert is None else list(map(convert, values)))
    converted = list(zip(*by_column, strict=True))
    quote = dialect.identifier_preparer.quote
    columns = ", ".join(quote(name) for name in names)
    if copy and driver is not None:
        with (driver.cursor() as cursor,
              cursor.copy(f"COPY {quote(table.name)} ({columns}) FROM STDIN") as loading):
            for row_values in converted:
                loading.write_row(row_values)
        return
    staged = quote(f"forge_staged_{table.name}")
    connection.exec_driver_sql(f"CREATE TEMP TABLE IF NOT EXISTS {staged} "
                               f"({', '.join(quote(c.name) for c in table.columns)})")
    connection.exec_driver_sql(f"INSERT INTO {staged} ({columns}) VALUES ({', '.join('?' * len(names))})",
                               converted)
    connection.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({columns}) SELECT {columns} FROM {staged}")
    connection.exec_driver_sql(f"DELETE FROM {staged}")


# --------------------------------------------------------------------------- rows
# The rows dataset.financing_rows, participant_rows and agreement_rows build for the curated
# data, as plain values for a bulk insert (tests/core/imports/test_import_speed_paths.py holds
# the two to the same rows). Each appends a record's rows to *rows*, by table: the record's
# own row first, then its links; *file*: the source of a record that names none.

Rows: TypeAlias = dict[Table, list[dict[str, Any]]]


def _search_text(parts: Iterable[object]) -> str:
    """text.search_blob of *parts*, each distinct part folded once: the names of minerals,
    places and agencies repeat from record to record."""
    return " \u2502 ".join(_fold(str(p)) for p in parts if p not in (None, ""))


def _provenance(record: Record, at: dt.datetime) -> dict[str, Any]:
    return {"id": record["id"], "quote_ru": record.get("quote_ru"), "summary": record["summary"],
            "notes": record.get("notes"), "origin": Origin.IMPORTED, "imported_at": at}


def _dated(record: Record) -> dict[str, Any]:
    date = _parse_date(str(record["date"])) if record.get("date") else None
    return {"date": date.value if date else None, "date_precision": date.precision if date else None}


def _sources(table: Table, owner: str, record: Record, file: str | None, rows: Rows) -> None:
    links = record.get("sources") or [{"source": file}]
    rows[table].extend({owner: record["id"], "source_id": link["source"], "position": position,
                        "quote": link.get("quote"), "quote_lang": link.get("quote_lang"),
                        "quote_en": link.get("quote_en")} for position, link in enumerate(links))


def _financing_rows(f: Record, names: dataset.Names, at: dt.datetime, file: str | None,
                    rows: Rows) -> None:
    minerals, places = f.get("minerals", []), f.get("locations", [])
    org = names.organisations.get(f.get("organisation") or "", (None, None))
    rows[Financing.__table__].append(_provenance(f, at) | _dated(f) | {
        "agency": f["agency"], "recipient": f["recipient"], "recipient_ru": f.get("recipient_ru"),
        "organisation_id": f.get("organisation"), "instrument": f["instrument"], "stage": f["stage"],
        "amount_usd": f.get("amount_usd"), "amount_qualifier": f.get("amount_qualifier"),
        "cofinancing_usd": f.get("cofinancing_usd"), "cofinancing_source": f.get("cofinancing_source"),
        "quantity": f.get("quantity"), "quantity_unit": f.get("quantity_unit"),
        "parent_id": f.get("parent"), "is_aggregate": bool(f.get("is_aggregate")),
        "agreement_id": f.get("agreement"),
        "search_text": _search_text([
            f["id"], f["agency"], *names.agencies.get(f["agency"], ()), f["recipient"],
            f.get("recipient_ru"), org[0], *(n for m in minerals for n in names.minerals[m]),
            *(n for x in places for n in names.places[x]), f["summary"], f.get("quote_ru"),
            f.get("notes")])})
    rows[FinancingMineral.__table__].extend({"financing_id": f["id"], "mineral_id": m} for m in minerals)
    rows[FinancingLocation.__table__].extend(
        {"financing_id": f["id"], "location_code": x, "country_code": names.countries.get(x, x)}
        for x in places)
    _sources(FinancingSource.__table__, "financing_id", f, file, rows)


def _participant_rows(p: Record, names: dataset.Names, at: dt.datetime, file: str | None,
                      rows: Rows) -> None:
    role_map: dict[str, str | None] = p.get("roles") or {}
    rows[Participant.__table__].append(_provenance(p, at) | {
        "name": p["name"], "name_ru": p.get("name_ru"), "kind": p["kind"], "iso3": p.get("iso3"),
        "organisation_id": p.get("organisation"), "region": p["region"],
        "search_text": _search_text([p["id"], p["name"], p.get("name_ru"), p.get("iso3"),
                                     p["region"], *(names.roles.get(r, r) for r in role_map),
                                     p["summary"], p.get("notes")])})
    rows[ParticipantRole.__table__].extend(
        {"participant_id": p["id"], "role_id": role, "quote_ru": quote} for role, quote in role_map.items())
    _sources(ParticipantSource.__table__, "participant_id", p, file, rows)


def _agreement_rows(a: Record, names: dataset.Names, at: dt.datetime, file: str | None,
                    rows: Rows) -> None:
    parties = a.get("parties", [])
    rows[Agreement.__table__].append(_provenance(a, at) | _dated(a) | {
        "kind": a["kind"], "title": a["title"], "status": a["status"],
        "is_aggregate": bool(a.get("is_aggregate")), "aggregate_count": a.get("aggregate_count"),
        "search_text": _search_text([a["id"], a["title"], *(n for x in parties for n in names.party(x)),
                                     a["summary"], a.get("notes")])})
    rows[AgreementParty.__table__].extend(
        {"agreement_id": a["id"], "position": position,
         "location_code": party if party in names.places else None,
         "organisation_id": None if party in names.places else party}
        for position, party in enumerate(parties))
    _sources(AgreementSource.__table__, "agreement_id", a, file, rows)


ROW_WRITERS: dict[str, Callable[[Record, dataset.Names, dt.datetime, str | None, Rows], None]] = {
    "financing": _financing_rows, "participants": _participant_rows, "agreements": _agreement_rows}


def _with_source_ids(record: dataset.Record, source_ids: dict[str, str]) -> dataset.Record:
    """*record* with each link to a new source naming the source as added."""
    if not any("new_source" in link for link in record.get("sources") or []):
        return record
    links = [{k: v for k, v in link.items() if k != "new_source"}
             | ({"source": source_ids[link["new_source"]]} if "new_source" in link else {})
             for link in record["sources"]]
    return {**record, "sources": links}


def import_records(session: Session, imported_at: dt.datetime) -> int:
    """How many records the import made at *imported_at* added (and that are still there)."""
    return sum(session.execute(select(func.count()).where(model.imported_at == imported_at))
               .scalar_one() for model in MODELS.values())


def latest_import_stamp(session: Session) -> dt.datetime | None:
    """When the latest import whose records are still there happened."""
    stamps = [session.scalar(select(func.max(model.imported_at))) for model in MODELS.values()]
    return max((s for s in stamps if s is not None), default=None)


def remove_import(session: Session, imported_at: dt.datetime, *, undoes: int | None,
                  author: str | None = None, reason: str | None = None) -> int:
    """Remove exactly the records of the import made at *imported_at*, and what it added for
    them (in the caller's transaction), as a change set that undoes *undoes*. Returns how
    many records it removed."""
    count = import_records(session, imported_at)
    change_set = changes.begin(session, ChangeKind.UNDO, undoes=undoes, author=author,
                               reason=reason or f"undid the import of {imported_at:%Y-%m-%d %H:%M:%S} UTC")
    latest = imported_at
    for model in MODELS.values():
        changes.removed(session, change_set, model.__tablename__,
                        session.scalars(select(model.id).where(model.imported_at == latest)))
    for model, links in RECORD_TABLES:  # children (and their links) first
        ids = select(model.id).where(model.imported_at == latest)
        for column in links:
            session.execute(delete(column.table).where(column.in_(ids)))
        if model is Financing:  # parts before their aggregates
            session.execute(delete(Financing).where(Financing.imported_at == latest,
                                                    Financing.parent_id.is_not(None)))
        session.execute(delete(model).where(model.imported_at == latest))
    # What the import added for its records to refer to: places (states before their
    # countries) and vocabulary values. Nothing older can refer to them.
    # (Not those the curated data has taken on since: they are curated now.)
    for place_kind in (LocationKind.REGION, LocationKind.SUBDIVISION, LocationKind.COUNTRY):
        session.execute(delete(Location).where(Location.imported_at == latest,
                                               Location.origin == Origin.IMPORTED,
                                               Location.kind == place_kind))
    for term_model in TERM_MODELS.values():
        session.execute(delete(term_model).where(term_model.imported_at == latest,
                                                 term_model.origin == Origin.IMPORTED))
    still_cited = [owner.table.c.source_id for owner in SOURCE_LINKS.values()]
    session.execute(delete(Source).where(Source.imported_at == latest,
                                         Source.origin == Origin.IMPORTED,
                                         *(Source.id.not_in(select(c)) for c in still_cited)))
    return count
