"""The database schema: SQLAlchemy 2 models, their enumerations and constraints.

Three record tables are what the user browses (participants, agreements, financing); the
rest are lookups and many-to-many links. Every record table carries its ``origin`` (curated
from ``data/`` or imported by the user) so the shipped data can be refreshed without
touching the user's own records, and a ``search_text`` column: a case-folded blob of the
English and Russian names, summary and quote that free-text search matches against.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar, TypeAlias

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from .text import fold

# 2: sort indexes carry the id; full-text search index (SQLite).
# 3: agencies, instruments and stages are lookup tables an import may add to; a financing
#    location link carries its country.
# 4: sources — the documents records come from — and, per record, its links to them, each
#    with the quote in the source's own language; the change log.
# 5: records added or corrected in the app (origin entered / edited), the change kinds that
#    make them, and the source a change set rests on.
SCHEMA_VERSION = 5


class Agency(StrEnum):
    """The curated vocabularies: Agency, Stage and Instrument seed lookup tables (``Term``)
    that an import may extend with a value the user confirms."""

    EXIM = "EXIM"
    DOE = "DOE"
    DOD = "DOD"
    DFC = "DFC"
    USTR = "USTR"


class Stage(StrEnum):
    """How far a commitment has gone; an opportunity or a letter is not money lent."""

    ANNOUNCED = "announced"
    OPPORTUNITY = "opportunity"
    LETTER_OF_INTEREST = "letter_of_interest"
    LETTER_OF_INTENT = "letter_of_intent"
    NEGOTIATING = "negotiating"
    APPROVED = "approved"
    COMMITTED = "committed"
    FUNDED = "funded"


class Instrument(StrEnum):
    DIRECT_LOAN = "direct_loan"
    DEBT = "debt"
    EQUITY = "equity"
    INVESTMENT = "investment"
    FINANCING = "financing"
    LETTER_OF_INTEREST = "letter_of_interest"
    LETTER_OF_INTENT = "letter_of_intent"
    NOFO = "nofo"
    NOI = "noi"
    PIA = "pia"
    JOINT_VENTURE = "joint_venture"
    PARTNERSHIP = "partnership"
    ACTION_PLAN = "action_plan"


class Qualifier(StrEnum):
    EXACT = "exact"
    UP_TO = "up_to"
    MORE_THAN = "more_than"
    CONDITIONAL = "conditional"


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class Origin(StrEnum):
    """Where a record comes from. Every origin but curated is the user's own: a refresh from
    a new release of ``data/`` leaves it alone, and a rebuild carries it across."""

    CURATED = "curated"  # from data/, as shipped
    IMPORTED = "imported"  # from a file
    ENTERED = "entered"  # added in the app or on the command line
    EDITED = "edited"  # curated, then corrected by the user: their version wins a refresh


class SourceKind(StrEnum):
    OFFICIAL = "official"  # a government's or an agency's own release, fact sheet or statement
    PRESS = "press"  # a news report
    FILING = "filing"  # a company's or a regulator's filing
    OTHER = "other"


class ChangeKind(StrEnum):
    """What a change set did."""

    IMPORT = "import"
    ADD = "add"
    EDIT = "edit"
    DELETE = "delete"
    UNDO = "undo"  # took back an earlier change set (undoing an undo is a redo)
    REFRESH = "refresh"  # a new release of the shipped data changed its records


class ChangeAction(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"


class ParticipantKind(StrEnum):
    COUNTRY = "country"
    ORGANISATION = "organisation"


class Role(StrEnum):
    ATTENDED = "attended"
    BILATERAL_SIGNED = "bilateral_signed"
    FORGE_CHAIR = "forge_chair"
    FORGE_JOINED = "forge_joined"
    ACTION_PLAN_PARTNER = "action_plan_partner"
    ACTION_PLAN_INTENDED = "action_plan_intended"


class LocationKind(StrEnum):
    COUNTRY = "country"
    SUBDIVISION = "subdivision"
    REGION = "region"


class AgreementKind(StrEnum):
    BILATERAL_FRAMEWORK_MOU = "bilateral_framework_mou"
    ACTION_PLAN = "action_plan"
    STRATEGIC_PARTNERSHIP = "strategic_partnership"
    MEMORANDUM = "memorandum"


class AgreementStatus(StrEnum):
    SIGNED = "signed"
    NEGOTIATIONS_CONCLUDED = "negotiations_concluded"
    IN_FORCE = "in_force"
    ANNOUNCED = "announced"
    INTENDED = "intended"


def term_key(text: str) -> str:
    """How a vocabulary value is recognised: case, spaces, hyphens and slashes ignored."""
    return re.sub(r"[\s\-/_]+", "_", fold(text)).strip("_")


def enum_type(enum: type[StrEnum]) -> SAEnum:
    """A portable enumeration column: VARCHAR plus a CHECK constraint, storing the values."""
    return SAEnum(
        enum,
        native_enum=False,
        create_constraint=True,
        values_callable=lambda e: [member.value for member in e],
        length=32,
        name=f"ck_{enum.__name__.lower()}",
        validate_strings=True,
    )


class Base(DeclarativeBase):
    if TYPE_CHECKING:  # SQLAlchemy types __table__ as any FromClause; every model here maps a Table
        __table__: ClassVar[Table]


def sort_indexes(table: str, columns: Iterable[str]) -> list[Index]:
    return [Index(f"ix_{table}_{column}_id", column, "id") for column in columns]


class Meta(Base):
    """Key/value facts about the database itself: schema version, data fingerprint."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Provenance:
    """Columns every user-visible record carries."""

    quote_ru: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[Origin] = mapped_column(enum_type(Origin), default=Origin.CURATED, index=True)
    imported_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    search_text: Mapped[str] = mapped_column(Text, default="")


class Term:
    """A value of an open vocabulary: curated from the enumeration, or added by an import."""

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(64), unique=True)  # term_key(code)
    rank: Mapped[int] = mapped_column(Integer, default=1000)  # curated order; new ones last
    origin: Mapped[Origin] = mapped_column(enum_type(Origin), default=Origin.CURATED)
    imported_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AgencyRow(Term, Base):
    __tablename__ = "agencies"
    name_ru: Mapped[str | None] = mapped_column(String(200))


class InstrumentRow(Term, Base):
    __tablename__ = "instruments"


class StageRow(Term, Base):
    __tablename__ = "stages"


TermModel: TypeAlias = type[AgencyRow] | type[InstrumentRow] | type[StageRow]
"""A lookup table of an open vocabulary (its rows are :class:`Term` values)."""

TERM_MODELS: dict[str, TermModel] = {"agency": AgencyRow, "instrument": InstrumentRow, "stage": StageRow}


class RoleRow(Base):
    __tablename__ = "roles"
    id: Mapped[Role] = mapped_column(enum_type(Role), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text)
    keys: Mapped[str] = mapped_column(Text, default="")


class Mineral(Base):
    __tablename__ = "minerals"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str | None] = mapped_column(String(200))
    origin: Mapped[Origin] = mapped_column(enum_type(Origin), default=Origin.CURATED)
    # "|id|name|name_ru|", case-folded: what a list filter matches against.
    keys: Mapped[str] = mapped_column(Text, default="")


class Location(Base):
    """A place: a country (ISO 3166-1 alpha-3), a subdivision (ISO 3166-2) or a region."""

    __tablename__ = "locations"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[LocationKind] = mapped_column(enum_type(LocationKind))
    # The country a subdivision lies in (a country points at itself; a region has none).
    country_code: Mapped[str | None] = mapped_column(ForeignKey("locations.code"))
    region: Mapped[str | None] = mapped_column(String(64))
    notes: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[Origin] = mapped_column(enum_type(Origin), default=Origin.CURATED)
    imported_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # undo removes it
    # Matches the place and the country it lies in: "location = Jamaica" finds Saint Ann.
    keys: Mapped[str] = mapped_column(Text, default="")


class Organisation(Base):
    __tablename__ = "organisations"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    country_code: Mapped[str | None] = mapped_column(ForeignKey("locations.code"))
    summary: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[Origin] = mapped_column(enum_type(Origin), default=Origin.CURATED)
    keys: Mapped[str] = mapped_column(Text, default="")


class Participant(Provenance, Base):
    __tablename__ = "participants"
    __table_args__ = (
        CheckConstraint(
            "(kind = 'country' AND iso3 IS NOT NULL AND organisation_id IS NULL) OR "
            "(kind = 'organisation' AND iso3 IS NULL AND organisation_id IS NOT NULL)",
            name="ck_participant_country_or_organisation",
        ),
        *sort_indexes("participants", ("name",)),
    )
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[ParticipantKind] = mapped_column(enum_type(ParticipantKind), index=True)
    iso3: Mapped[str | None] = mapped_column(ForeignKey("locations.code"), unique=True)
    organisation_id: Mapped[str | None] = mapped_column(ForeignKey("organisations.id"))
    region: Mapped[str] = mapped_column(String(64), index=True)


class ParticipantRole(Base):
    __tablename__ = "participant_roles"
    participant_id: Mapped[str] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    role_id: Mapped[Role] = mapped_column(ForeignKey("roles.id"), primary_key=True, index=True)
    # The sentence that grants the role (None: the participant's own quote_ru).
    quote_ru: Mapped[str | None] = mapped_column(Text)


class Agreement(Provenance, Base):
    __tablename__ = "agreements"
    __table_args__ = (
        CheckConstraint("(date IS NULL) = (date_precision IS NULL)", name="ck_agreement_date"),
        CheckConstraint(
            "aggregate_count IS NULL OR (is_aggregate AND aggregate_count > 0)",
            name="ck_agreement_aggregate_count",
        ),
        *sort_indexes("agreements", ("title", "date")),
    )
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[AgreementKind] = mapped_column(enum_type(AgreementKind), index=True)
    title: Mapped[str] = mapped_column(String(300))
    date: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[DatePrecision | None] = mapped_column(enum_type(DatePrecision))
    status: Mapped[AgreementStatus] = mapped_column(enum_type(AgreementStatus), index=True)
    is_aggregate: Mapped[bool] = mapped_column(Boolean, default=False)
    aggregate_count: Mapped[int | None] = mapped_column(Integer)


class AgreementParty(Base):
    """A party to an agreement: a place (country) or an organisation, never both."""

    __tablename__ = "agreement_parties"
    __table_args__ = (
        CheckConstraint(
            "(location_code IS NULL) <> (organisation_id IS NULL)", name="ck_party_one_kind"
        ),
    )
    agreement_id: Mapped[str] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    location_code: Mapped[str | None] = mapped_column(ForeignKey("locations.code"), index=True)
    organisation_id: Mapped[str | None] = mapped_column(ForeignKey("organisations.id"), index=True)


class Financing(Provenance, Base):
    __tablename__ = "financing"
    __table_args__ = (
        CheckConstraint("amount_usd IS NULL OR amount_usd >= 0", name="ck_amount_nonnegative"),
        CheckConstraint(
            "cofinancing_usd IS NULL OR cofinancing_usd >= 0", name="ck_cofinancing_nonnegative"
        ),
        CheckConstraint(
            "(amount_usd IS NULL) = (amount_qualifier IS NULL)", name="ck_amount_has_qualifier"
        ),
        CheckConstraint("(date IS NULL) = (date_precision IS NULL)", name="ck_financing_date"),
        CheckConstraint("quantity IS NULL OR quantity >= 0", name="ck_quantity_nonnegative"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="ck_not_own_parent"),
        # Every sortable column is indexed with the id after it: a sort, and a window far
        # down a sorted table, read the index alone (see query.order_by).
        *sort_indexes("financing", ("agency", "recipient", "instrument", "stage", "amount_usd",
                                    "cofinancing_usd", "date")),
        # Cover the chart's default question, committed USD by agency and stage.
        Index("ix_financing_agency_stage_amount", "agency", "stage", "amount_usd"),
    )
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    agency: Mapped[str] = mapped_column(ForeignKey("agencies.code"))
    recipient: Mapped[str] = mapped_column(String(300))
    recipient_ru: Mapped[str | None] = mapped_column(String(300))
    organisation_id: Mapped[str | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    instrument: Mapped[str] = mapped_column(ForeignKey("instruments.code"))
    stage: Mapped[str] = mapped_column(ForeignKey("stages.code"))
    amount_usd: Mapped[int | None] = mapped_column(BigInteger)
    amount_qualifier: Mapped[Qualifier | None] = mapped_column(enum_type(Qualifier))
    cofinancing_usd: Mapped[int | None] = mapped_column(BigInteger)
    cofinancing_source: Mapped[str | None] = mapped_column(String(200))
    quantity: Mapped[float | None] = mapped_column(Float)
    quantity_unit: Mapped[str | None] = mapped_column(String(64))
    date: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[DatePrecision | None] = mapped_column(enum_type(DatePrecision))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("financing.id"), index=True)
    is_aggregate: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    agreement_id: Mapped[str | None] = mapped_column(ForeignKey("agreements.id"))


class Source(Base):
    """A document records come from: a release, a report, a filing. Its URL is optional (a
    document may be offline); the shipped report's text is kept in ``data/`` (local_copy)."""

    __tablename__ = "sources"
    __table_args__ = (CheckConstraint("(published IS NULL) = (published_precision IS NULL)",
                                      name="ck_source_published"),)
    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(Text, unique=True)
    language: Mapped[str] = mapped_column(String(8))  # ISO 639-1, "und" when not known
    published: Mapped[dt.date | None] = mapped_column(Date)
    published_precision: Mapped[DatePrecision | None] = mapped_column(enum_type(DatePrecision))
    accessed: Mapped[dt.date | None] = mapped_column(Date)
    kind: Mapped[SourceKind] = mapped_column(enum_type(SourceKind))
    local_copy: Mapped[str | None] = mapped_column(String(300))  # under data/, if shipped
    origin: Mapped[Origin] = mapped_column(enum_type(Origin), default=Origin.CURATED)
    imported_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SourceLink:
    """A record's link to a source: the passage it rests on, verbatim in the source's
    language, and optionally in English. A record's first link (position 0) is its main one."""

    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    quote: Mapped[str | None] = mapped_column(Text)
    quote_lang: Mapped[str | None] = mapped_column(String(8))
    quote_en: Mapped[str | None] = mapped_column(Text)


class ParticipantSource(SourceLink, Base):
    __tablename__ = "participant_sources"
    # The records of one source, from the index alone (a facet's pick, the Sources tab's counts).
    __table_args__ = (Index("ix_participant_sources_source_record", "source_id", "participant_id"),)
    participant_id: Mapped[str] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True)


class AgreementSource(SourceLink, Base):
    __tablename__ = "agreement_sources"
    # The records of one source, from the index alone (a facet's pick, the Sources tab's counts).
    __table_args__ = (Index("ix_agreement_sources_source_record", "source_id", "agreement_id"),)
    agreement_id: Mapped[str] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), primary_key=True)


class FinancingSource(SourceLink, Base):
    __tablename__ = "financing_sources"
    # The records of one source, from the index alone (a facet's pick, the Sources tab's counts).
    __table_args__ = (Index("ix_financing_sources_source_record", "source_id", "financing_id"),)
    financing_id: Mapped[str] = mapped_column(
        ForeignKey("financing.id", ondelete="CASCADE"), primary_key=True)


RecordModel: TypeAlias = type[Participant] | type[Agreement] | type[Financing]
"""A table the user browses: its rows have an id, a search text and their provenance."""

class ChangeSet(Base):
    """One write to the records: who, when, what kind, why; its changes list each record."""

    __tablename__ = "change_sets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    author: Mapped[str] = mapped_column(String(200), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)  # UTC
    kind: Mapped[ChangeKind] = mapped_column(enum_type(ChangeKind))
    reason: Mapped[str | None] = mapped_column(Text)
    # The change set this one took back (an undo), if any.
    undoes: Mapped[int | None] = mapped_column(ForeignKey("change_sets.id"), index=True)
    # The source the change rests on (an edit's new source, an import's file), if any.
    source_id: Mapped[str | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))


class Change(Base):
    """A record added, removed, or one field of it changed: its values before and after, as
    JSON (None: the record did not exist on that side)."""

    __tablename__ = "changes"
    __table_args__ = (Index("ix_changes_record", "table_name", "record_id", "change_set_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    change_set_id: Mapped[int] = mapped_column(ForeignKey("change_sets.id"), index=True)
    table_name: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[ChangeAction] = mapped_column(enum_type(ChangeAction))
    field: Mapped[str | None] = mapped_column(String(64))  # None: the whole record
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)


# Each record table's links to its sources: the column naming the record.
SOURCE_LINKS: dict[RecordModel, Column[str]] = {
    Financing: FinancingSource.__table__.c.financing_id,
    Agreement: AgreementSource.__table__.c.agreement_id,
    Participant: ParticipantSource.__table__.c.participant_id,
}


class FinancingMineral(Base):
    __tablename__ = "financing_minerals"
    financing_id: Mapped[str] = mapped_column(
        ForeignKey("financing.id", ondelete="CASCADE"), primary_key=True
    )
    mineral_id: Mapped[str] = mapped_column(ForeignKey("minerals.id"), primary_key=True, index=True)


class FinancingLocation(Base):
    __tablename__ = "financing_locations"
    __table_args__ = (Index("ix_financing_locations_country_financing", "country_code",
                            "financing_id"),)
    financing_id: Mapped[str] = mapped_column(
        ForeignKey("financing.id", ondelete="CASCADE"), primary_key=True
    )
    location_code: Mapped[str] = mapped_column(
        ForeignKey("locations.code"), primary_key=True, index=True
    )
    # The country the place lies in (the place itself for a country or a region), kept on
    # the link so "records in the United States" is one index range, states included.
    country_code: Mapped[str] = mapped_column(ForeignKey("locations.code"))
