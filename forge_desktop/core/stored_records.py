"""A record as the database holds it, in the record format of ``data/`` (what
:mod:`.dataset` builds rows from): read one back, write one (new or in place), remove one.

The record format is what the change log compares, field by field, and what undo puts
back: ``{"id", "agency", "amount_usd", "date": "2025-12", "minerals": [...], "sources":
[{"source", "quote", "quote_lang", "quote_en"}], ...}``."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeAlias

from sqlalchemy import Column, delete, select
from sqlalchemy.orm import Session

from . import dataset
from .schema import (
    SOURCE_LINKS,
    AgencyRow,
    Agreement,
    AgreementParty,
    AgreementSource,
    Financing,
    FinancingLocation,
    FinancingMineral,
    FinancingSource,
    Location,
    Mineral,
    Organisation,
    Origin,
    Participant,
    ParticipantRole,
    ParticipantSource,
    RecordModel,
    RoleRow,
)
from .values import PartialDate

Record: TypeAlias = dict[str, Any]

MODELS: dict[str, RecordModel] = {"financing": Financing, "participants": Participant,
                                  "agreements": Agreement}

# Record tables, children first; with the link tables that hang off each.
RECORD_TABLES: tuple[tuple[RecordModel, tuple[Column[str], ...]], ...] = (
    (Financing, (FinancingMineral.__table__.c.financing_id, FinancingLocation.__table__.c.financing_id,
                 FinancingSource.__table__.c.financing_id)),
    (Agreement, (AgreementParty.__table__.c.agreement_id, AgreementSource.__table__.c.agreement_id)),
    (Participant, (ParticipantRole.__table__.c.participant_id,
                   ParticipantSource.__table__.c.participant_id)),
)
LINKS: dict[RecordModel, tuple[Column[str], ...]] = dict(RECORD_TABLES)

# The fields of each table's records, in the order people read them (the change log's).
FIELDS: dict[str, tuple[str, ...]] = {
    "financing": ("agency", "recipient", "recipient_ru", "organisation", "instrument", "stage",
                  "amount_usd", "amount_qualifier", "cofinancing_usd", "cofinancing_source",
                  "quantity", "quantity_unit", "date", "minerals", "locations", "is_aggregate",
                  "parent", "agreement", "summary", "notes", "quote_ru", "sources"),
    "agreements": ("kind", "title", "status", "date", "parties", "is_aggregate", "aggregate_count",
                   "summary", "notes", "quote_ru", "sources"),
    "participants": ("name", "name_ru", "kind", "iso3", "organisation", "region", "roles",
                     "summary", "notes", "quote_ru", "sources"),
}


def _date(value: dt.date | None, precision: Any) -> str | None:
    return str(PartialDate(value, precision)) if value is not None and precision else None


def _sources(session: Session, model: RecordModel, record_id: str) -> list[dict[str, Any]]:
    owner = SOURCE_LINKS[model]
    table = owner.table
    rows = session.execute(select(table.c.source_id, table.c.quote, table.c.quote_lang,
                                  table.c.quote_en).where(owner == record_id)
                           .order_by(table.c.position)).all()
    return [{"source": s, "quote": q, "quote_lang": lang, "quote_en": en} for s, q, lang, en in rows]


def read_record(session: Session, table: str, record_id: str) -> Record | None:
    """The record *record_id* of *table* in the record format; None if there is none."""
    model = MODELS[table]
    row = session.get(model, record_id)
    if row is None:
        return None
    record: Record
    if isinstance(row, Financing):
        record = {name: getattr(row, name) for name in (
            "recipient", "recipient_ru", "amount_usd", "cofinancing_usd", "cofinancing_source",
            "quantity", "quantity_unit", "summary", "notes", "quote_ru")}
        record.update(
            agency=row.agency, instrument=row.instrument, stage=row.stage,
            organisation=row.organisation_id, parent=row.parent_id, agreement=row.agreement_id,
            amount_qualifier=row.amount_qualifier and str(row.amount_qualifier),
            date=_date(row.date, row.date_precision), is_aggregate=bool(row.is_aggregate),
            minerals=sorted(session.scalars(select(FinancingMineral.mineral_id)
                                            .where(FinancingMineral.financing_id == record_id))),
            locations=sorted(session.scalars(select(FinancingLocation.location_code)
                                             .where(FinancingLocation.financing_id == record_id))))
    elif isinstance(row, Agreement):
        record = {name: getattr(row, name) for name in ("title", "aggregate_count", "summary",
                                                        "notes", "quote_ru")}
        parties = session.execute(select(AgreementParty.location_code, AgreementParty.organisation_id)
                                  .where(AgreementParty.agreement_id == record_id)
                                  .order_by(AgreementParty.position)).all()
        record.update(kind=str(row.kind), status=str(row.status), is_aggregate=bool(row.is_aggregate),
                      date=_date(row.date, row.date_precision),
                      parties=[place or org for place, org in parties])
    elif isinstance(row, Participant):
        record = {name: getattr(row, name) for name in ("name", "name_ru", "iso3", "region",
                                                        "summary", "notes", "quote_ru")}
        roles = session.execute(select(ParticipantRole.role_id, ParticipantRole.quote_ru)
                                .where(ParticipantRole.participant_id == record_id)).all()
        record.update(kind=str(row.kind), organisation=row.organisation_id,
                      roles={str(role): quote for role, quote in sorted(roles)})
    else:  # pragma: no cover - MODELS holds the three record tables
        raise TypeError(type(row))
    record["id"] = record_id
    record["sources"] = _sources(session, model, record_id)
    return record


def record_origin(session: Session, table: str, record_id: str) -> tuple[Origin, dt.datetime | None] | None:
    model = MODELS[table]
    found = session.execute(select(model.origin, model.imported_at).where(model.id == record_id)).first()
    return (Origin(found[0]), found[1]) if found else None


def names(session: Session) -> dataset.Names:
    """What the records' codes name, for their search text."""
    return dataset.Names(
        agencies={a.code: (a.name, a.name_ru) for a in session.scalars(select(AgencyRow))},
        minerals={m.id: (m.name, m.name_ru) for m in session.scalars(select(Mineral))},
        places={p.code: (p.name, p.name_ru) for p in session.scalars(select(Location))},
        organisations={o.id: (o.name, o.name_ru) for o in session.scalars(select(Organisation))},
        roles={str(r.id): r.name for r in session.scalars(select(RoleRow))},
        countries={p.code: p.country_code or p.code for p in session.scalars(select(Location))})


BUILDERS = {"financing": dataset.financing_rows, "participants": dataset.participant_rows,
            "agreements": dataset.agreement_rows}


def write_record(session: Session, table: str, record: Record, origin: Origin,
                 imported_at: dt.datetime | None = None, *,
                 record_names: dataset.Names | None = None) -> None:
    """Write *record* (new, or over the record with its id: its links replaced), in the
    caller's transaction."""
    model = MODELS[table]
    complete: Record = dict.fromkeys(FIELDS[table]) | record
    for list_field in ("minerals", "locations", "parties", "sources"):
        if list_field in complete and complete[list_field] is None:
            complete[list_field] = []
    if table == "participants" and not complete.get("roles"):
        complete["roles"] = {}
    complete["summary"] = complete["summary"] or ""
    rows = BUILDERS[table](complete, record_names or names(session), origin, imported_at)
    main, links = rows[0], rows[1:]
    if session.get(model, record["id"]) is not None:
        for column in LINKS[model]:
            session.execute(delete(column.table).where(column == record["id"]))
        session.merge(main)
    else:
        session.add(main)
    session.flush()
    session.add_all(links)
    session.flush()


def remove_record(session: Session, table: str, record_id: str) -> None:
    """Remove the record and its links (the caller has checked nothing depends on it)."""
    model = MODELS[table]
    for column in LINKS[model]:
        session.execute(delete(column.table).where(column == record_id))
    session.execute(delete(model).where(model.id == record_id))


def dependents(session: Session, table: str, record_id: str) -> list[str]:
    """What would point nowhere without the record, for people: "3 parts: a, b, c"."""
    found: list[str] = []

    def listed(what: str, ids: list[str]) -> None:
        if ids:
            shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
            found.append(f"{len(ids)} {what}{'' if len(ids) == 1 else 's'}: {shown}")

    if table == "financing":
        listed("part", list(session.scalars(select(Financing.id).where(Financing.parent_id == record_id)
                                           .order_by(Financing.id))))
    elif table == "agreements":
        listed("financing record", list(session.scalars(
            select(Financing.id).where(Financing.agreement_id == record_id).order_by(Financing.id))))
    return found

