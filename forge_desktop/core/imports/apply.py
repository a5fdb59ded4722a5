"""Writing a checked plan, and taking an import back out.

Imported rows carry ``origin = imported`` and the import's timestamp: that timestamp is
what :func:`remove_import` finds them by, records and what was added for them alike
(:mod:`..undo` decides which import may be taken back, and by whom)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from .. import changes, dataset
from ..database import file_source, link_to_source
from ..schema import SOURCE_LINKS, TERM_MODELS, ChangeKind, Financing, Location, LocationKind, Origin, Source
from ..sources import source_for
from ..stored_records import RECORD_TABLES
from .plan import ImportPlan, _nesting
from .reading import ImportFileError
from .records import MODELS, _Lookups


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


def apply_import(session: Session, plan: ImportPlan) -> ImportResult:
    """Write a plan without errors; the caller's transaction makes it all or nothing."""
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
    builder = {"financing": dataset.financing_rows, "participants": dataset.participant_rows,
               "agreements": dataset.agreement_rows}[plan.table]
    records = [_with_source_ids(record, source_ids) for record in plan.records]
    if plan.table == "financing":  # aggregates before their parts, however deep
        depth, _ = _nesting(records)
        records = sorted(records, key=lambda r: depth[r["id"]])
    for record in records:
        session.add_all(builder(record, names, Origin.IMPORTED, imported_at))
        session.flush()
    # The file is the source of the records whose rows name none.
    name = Path(plan.path).name
    connection = session.connection()
    unsourced = [r["id"] for r in records if not r.get("sources")]
    if unsourced:
        link_to_source(connection, MODELS[plan.table], unsourced,
                       file_source(connection, imported_at, name))
    change_set = changes.begin(session, ChangeKind.IMPORT, reason=f"imported {name}", at=imported_at)
    for record in records:
        changes.added(session, change_set, plan.table, record["id"], record)
    return ImportResult(plan.table, len(records), imported_at)


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
