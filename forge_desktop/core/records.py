"""One record, whole: every field for people, the sources it rests on, and links to related records.

The detail pane shows a :class:`RecordDetail`; the links it carries are queries (a table
and the conditions that pick its rows, even when that is one record), so following a link
is just running another query. Lookups here are by primary key or indexed foreign key: fast
at any table size.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import changes, formatting
from .columns import Kind
from .query import Condition, Op, Query, count, fetch, record_spec
from .schema import (
    SOURCE_LINKS,
    AgencyRow,
    AgreementParty,
    Financing,
    FinancingLocation,
    Location,
    Organisation,
    Participant,
    ParticipantRole,
    RecordModel,
    RoleRow,
    Source,
    SourceKind,
)
from .text import QT_TRANSLATE_NOOP, Translate, untranslated


@dataclass(frozen=True)
class Link:
    """Somewhere to go: the rows of *table* that pass *filters*.

    The conditions are what the link stands for: following it shows them (as filter chips
    the user can read and remove) and the count beside it is what they match. A link to
    one record (``record_id``, made by :meth:`to_record`) filters to that id, so the record
    is shown alone and can be selected there.
    """

    text: str
    table: str
    filters: tuple[Condition, ...]
    record_id: str | None = None
    count: int | None = None

    @classmethod
    def to_record(cls, text: str, table: str, record_id: str) -> Link:
        return cls(text, table, (Condition("id", Op.EQ, record_id),), record_id)

    def query(self) -> Query:
        return Query(self.table, self.filters)


@dataclass(frozen=True)
class CitedSource:
    """A source as a record cites it: the document, and the passage the record rests on."""

    title: str
    publisher: str | None
    published: str  # formatted by its precision; "" when not known
    url: str | None
    kind: SourceKind
    language: str
    quote: str | None  # verbatim, in quote_lang
    quote_lang: str | None
    quote_en: str | None


@dataclass(frozen=True)
class RecordDetail:
    table: str
    record_id: str
    title: str
    subtitle: str
    fields: list[tuple[str, str]]  # (label, formatted value), in catalogue order
    quote_ru: str | None
    summary: str | None
    notes: str | None
    is_aggregate: bool = False
    links: list[Link] = field(default_factory=list)
    role_quotes: list[tuple[str, str]] = field(default_factory=list)  # (role, quote)
    sources: list[CitedSource] = field(default_factory=list)  # the main one first
    # Its change sets, newest first (none for a curated record never changed).
    history: changes.RecordHistory | None = None

    @property
    def rests_on_one_unofficial_source(self) -> bool:
        """What an analyst asks of a figure: is there more than one press report behind it?"""
        return len(self.sources) == 1 and self.sources[0].kind != SourceKind.OFFICIAL


def format_value(kind: Kind, value: Any, row: Mapping[str, Any], name: str = "") -> str:
    """A raw value as a person reads it (money with qualifier, date by precision, lists)."""
    if value is None or value == [] or value == "":
        return ""
    if kind is Kind.MONEY:  # the qualifier belongs to the US amount, not to co-financing
        return formatting.money(value, row.get("amount_qualifier") if name == "amount_usd" else None)
    if kind is Kind.DATE:
        return formatting.date_text(value, row.get("date_precision"))
    if kind is Kind.LIST:
        # role ids (forge_chair) read as labels; names (Lithium, Tennessee) as they are
        return ", ".join(formatting.label(v) if v.islower() and " " not in v else v
                         for v in value)
    if kind is Kind.CATEGORY:
        return formatting.label(value)
    if kind is Kind.BOOL:
        return formatting.yes_no(bool(value))
    if kind is Kind.NUMBER and isinstance(value, float) and value.is_integer():
        return formatting.number(int(value))
    if kind is Kind.NUMBER and isinstance(value, int | float):
        return formatting.number(value)
    return str(value)


HISTORY_SHOWN = 20  # the detail pane lists a record's newest change sets, and counts the rest

# Shown elsewhere in the pane, or folded into another field (the qualifier into the amount).
_HIDDEN_IN_FIELDS = {"quote_ru", "summary", "notes", "id", "date_precision", "amount_qualifier"}


def _shown(name: str, value: Any) -> bool:
    if name in _HIDDEN_IN_FIELDS or value in (None, "", []):
        return False
    if name == "is_aggregate":
        return bool(value)
    return not (name == "origin" and value == "curated")


def record_detail(session: Session, table: str, record_id: str,
                  translate: Translate = untranslated) -> RecordDetail | None:
    """The record for the detail pane; *translate* puts its own words in the user's language."""
    spec = record_spec(table)
    rows = fetch(session, Query(table, ids=(record_id,)))
    if not rows.rows:
        return None
    row = dict(zip((c.name for c in rows.columns), rows.rows[0], strict=True))
    # An organisation reads by its name ("Korea Zinc"), not by its id.
    named = {"organisation_id": session.scalar(select(Organisation.name).where(
        Organisation.id == row["organisation_id"]))} if row.get("organisation_id") else {}
    fields = [(c.label, named.get(c.name) or format_value(c.kind, row[c.name], row, c.name))
              for c in spec.columns if _shown(c.name, row[c.name])]
    maker = {"participants": _participant, "agreements": _agreement, "financing": _financing}
    title, subtitle, links, extra = maker[table](session, row, translate)
    return RecordDetail(
        table=table, record_id=record_id, title=title, subtitle=subtitle, fields=fields,
        quote_ru=row.get("quote_ru"), summary=row.get("summary"), notes=row.get("notes"),
        is_aggregate=bool(row.get("is_aggregate")), links=links, role_quotes=extra,
        sources=cited_sources(session, spec.model, record_id),
        history=changes.record_history(session, table, record_id, limit=HISTORY_SHOWN))


def cited_sources(session: Session, model: RecordModel, record_id: str) -> list[CitedSource]:
    """The sources a record rests on, in its order (the main one first)."""
    owner = SOURCE_LINKS[model]
    link = owner.table.c
    rows = session.execute(
        select(Source, link.quote, link.quote_lang, link.quote_en)
        .join(owner.table, link.source_id == Source.id)
        .where(owner == record_id).order_by(link.position)).all()
    return [CitedSource(
        title=source.title, publisher=source.publisher, url=source.url, kind=source.kind,
        language=source.language, quote=quote, quote_lang=quote_lang, quote_en=quote_en,
        published=formatting.date_text(source.published, source.published_precision))
        for source, quote, quote_lang, quote_en in rows]


# What each table's maker gives the detail: title, subtitle, links and (role, quote) pairs.
_Made = tuple[str, str, list[Link], list[tuple[str, str]]]


def _with_count(session: Session, link: Link) -> Link:
    return replace(link, count=count(session, link.query()))


def _participant(session: Session, row: dict[str, Any], translate: Translate) -> _Made:
    links: list[Link] = []
    party = row["iso3"] or row["organisation_id"]
    name = row["name"]
    links.append(Link(translate("records", "Agreements with {0}").format(name), "agreements",
                      filters=(Condition("parties", Op.EQ, party),)))
    if row["iso3"]:
        links.append(Link(translate("records", "Financing located in {0}").format(name), "financing",
                          filters=(Condition("locations", Op.EQ, row["iso3"]),)))
    links = [_with_count(session, link) for link in links]
    quotes = session.execute(
        select(RoleRow.name, ParticipantRole.quote_ru)
        .join(RoleRow, RoleRow.id == ParticipantRole.role_id)
        .where(ParticipantRole.participant_id == row["id"], ParticipantRole.quote_ru.is_not(None))
    ).all()
    kind = (translate("records", "Organisation") if row["kind"] == "organisation"
            else translate("records", "Country · {0}").format(row["iso3"]))
    return name, f"{kind} · {row['region']}", links, [(r, q) for r, q in quotes if q is not None]


def _agreement(session: Session, row: dict[str, Any], translate: Translate) -> _Made:
    links: list[Link] = []
    parties = session.execute(
        select(AgreementParty.location_code, AgreementParty.organisation_id)
        .where(AgreementParty.agreement_id == row["id"]).order_by(AgreementParty.position)).all()
    for code, org in parties:
        found = session.execute(select(Participant.id, Participant.name).where(
            (Participant.iso3 == code) if code else (Participant.organisation_id == org))).first()
        if found:
            links.append(Link.to_record(found[1], "participants", found[0]))
    carried = session.scalars(select(Financing.id).where(Financing.agreement_id == row["id"])).all()
    links.extend(Link.to_record(translate("records", "Commitment {0}").format(fid), "financing", fid)
                 for fid in carried)
    subtitle = f"{formatting.label(row['kind'])} · {formatting.label(row['status'])}"
    if row.get("aggregate_count"):
        subtitle += " · " + translate("records", "aggregate of {0} (not itemised)").format(
            row["aggregate_count"])
    return row["title"], subtitle, links, []


def _financing(session: Session, row: dict[str, Any], translate: Translate) -> _Made:
    links: list[Link] = []
    if row.get("parent_id"):
        links.append(Link.to_record(
            translate("records", "Part of the aggregate {0}").format(row["parent_id"]), "financing",
            row["parent_id"]))
    if row.get("is_aggregate"):
        links.append(_with_count(session, Link(translate("records", "Its parts"), "financing",
                                               filters=(Condition("parent_id", Op.EQ, row["id"]),))))
    agency = session.get(AgencyRow, row["agency"])
    links.append(_with_count(session, Link(translate("records", "All {0} records").format(row["agency"]),
                                           "financing",
                                           filters=(Condition("agency", Op.EQ, row["agency"]),))))
    if row.get("agreement_id"):
        links.append(Link.to_record(translate("records", "The agreement"), "agreements",
                                    row["agreement_id"]))
    places = session.execute(
        select(Location.country_code).join(FinancingLocation,
                                           FinancingLocation.location_code == Location.code)
        .where(FinancingLocation.financing_id == row["id"])).scalars().all()
    for code in dict.fromkeys(c for c in places if c):
        pid, pname = session.execute(select(Participant.id, Participant.name)
                                     .where(Participant.iso3 == code)).first() or (None, None)
        if pid:
            links.append(Link.to_record(translate("records", "Participant: {0}").format(pname),
                                        "participants", pid))
    money = (formatting.money(row["amount_usd"], row["amount_qualifier"])
             or translate("records", "no dollar amount"))
    subtitle = f"{agency.name if agency else row['agency']} · {money}"
    if row.get("is_aggregate"):
        subtitle += " · " + translate("records", "aggregate: totals count its parts instead")
    return row["recipient"], subtitle, links, []



@dataclass(frozen=True)
class SourceDetail(RecordDetail):
    """A source for the detail pane: the document itself (in ``sources``, its URL a link)
    and, as its links, the records of each table resting on it."""

    @property
    def rests_on_one_unofficial_source(self) -> bool:
        return False  # it is the source, not a record resting on one


# Each record table's link from a source, in the order the sources table counts them.
_RESTING_ON = {
    "participants": QT_TRANSLATE_NOOP("records", "Participants resting on it"),
    "agreements": QT_TRANSLATE_NOOP("records", "Agreements resting on it"),
    "financing": QT_TRANSLATE_NOOP("records", "Financing records resting on it"),
}


def source_detail(session: Session, source_id: str,
                  translate: Translate = untranslated) -> SourceDetail | None:
    """The source *source_id* for the detail pane, as the sources table shows it: every
    field, and a link to the records of each table that rest on it (as their main source or
    another), with how many."""
    rows = fetch(session, Query("sources", ids=(source_id,)))
    source = session.get(Source, source_id)
    if not rows.rows or source is None:
        return None
    row = dict(zip((c.name for c in rows.columns), rows.rows[0], strict=True))
    fields = [(c.label, format_value(c.kind, row[c.name], row, c.name))
              for c in rows.columns if _shown(c.name, row[c.name])]
    links = [Link(translate("records", text), table, (Condition("sources", Op.EQ, source_id),),
                  count=row[table]) for table, text in _RESTING_ON.items()]
    subtitle = translate("records", "Records resting on it: {0}").format(row["records"])
    document = CitedSource(title=source.title, publisher=source.publisher, url=source.url,
                           kind=source.kind, language=source.language, quote=None,
                           quote_lang=None, quote_en=None,
                           published=formatting.date_text(source.published,
                                                          source.published_precision))
    return SourceDetail(table="sources", record_id=source_id, title=source.title,
                        subtitle=subtitle, fields=fields, quote_ru=None, summary=None,
                        notes=None, links=links, sources=[document])
