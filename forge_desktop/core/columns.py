"""The column catalogue: every column a user can see, sort, filter, group or export.

Each table the user browses is described once here: column names (snake_case, as exported),
English labels, kinds (which decide operators, parsing and formatting) and the SQL
expression behind each. The query compiler, the totals, the exports, the command line
and the Qt models all read this catalogue; none of them names a SQL column of its own.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass, field
from enum import StrEnum
from typing import Any, TypeAlias

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Label,
    SQLColumnExpression,
    String,
    Subquery,
    func,
    literal,
    select,
    type_coerce,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import GenericFunction

from .schema import (
    SOURCE_LINKS,
    Agency,
    AgencyRow,
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    DatePrecision,
    Financing,
    FinancingLocation,
    FinancingMineral,
    Instrument,
    InstrumentRow,
    Location,
    Mineral,
    Organisation,
    Origin,
    Participant,
    ParticipantKind,
    ParticipantRole,
    Qualifier,
    RecordModel,
    RoleRow,
    Source,
    SourceKind,
    Stage,
    StageRow,
    TermModel,
)
from .text import QT_TRANSLATE_NOOP

LIST_SEPARATOR = "\x1f"  # joins list values inside SQL; never in data


class folded(GenericFunction[str]):
    """Case-fold text in SQL the way :func:`text.fold` does in Python."""

    type = String()
    inherit_cache = True
    name = "folded"


@compiles(folded, "sqlite")
@compiles(folded, "postgresql")
def _forge_fold(element: folded, compiler: SQLCompiler, **kw: Any) -> str:
    # forge_fold: on SQLite text.fold itself, registered on every connection
    # (database.create_engine_for); on PostgreSQL the SQL function postgres.fold_function_sql
    # generates from it.
    return f"forge_fold({compiler.process(element.clauses, **kw)})"


@compiles(folded)
def _folded_default(element: folded, compiler: SQLCompiler, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


class Kind(StrEnum):
    TEXT = "text"
    CATEGORY = "category"
    MONEY = "money"
    NUMBER = "number"
    DATE = "date"
    BOOL = "bool"
    LIST = "list"


@dataclass(frozen=True)
class ListSource:
    """A many-valued column: link rows per record, each naming a lookup value."""

    owner: SQLColumnExpression[str]  # the link column holding the record id
    joined: FromClause  # the link table joined to its lookup table(s)
    label: SQLColumnExpression[str]  # what a person reads
    keys: SQLColumnExpression[str]  # "|key|key|" folded: what filters match
    group_key: SQLColumnExpression[str]  # what totals group by (a place groups by its country)
    group_label: SQLColumnExpression[str]
    # For fast counts: the link column naming the value (unique per record with the owner),
    # and a lookup of (value, group key, group label) for every value. None: count by join.
    value: SQLColumnExpression[str] | None = None
    groups: Subquery | None = None
    # The group key kept on the link row itself (a place's country), when there is one.
    group_value: SQLColumnExpression[str] | None = None
    # Keys kept on the lookup table rather than per link (a source's id, title and URL,
    # folded when asked): (the lookup's id, its keys). A filter then matches the few lookup
    # rows once and tests each record's links by ``value``, never folding per record.
    lookup_keys: tuple[SQLColumnExpression[str], SQLColumnExpression[str]] | None = None


@dataclass(frozen=True)
class BaseColumn:
    """What every column of the catalogue has, scalar or list (see :data:`ColumnSpec`)."""

    name: str
    label: str
    kind: Kind
    _: KW_ONLY
    visible: bool = True  # shown by default in the window
    groupable: bool = False  # facets and totals can group by it


@dataclass(frozen=True)
class ScalarColumn(BaseColumn):
    """One value per record: a column (or an expression) of the record's own row."""

    expr: SQLColumnExpression[Any]  # its Python type follows the kind
    _: KW_ONLY
    choices: tuple[str, ...] = ()
    exact: bool = False  # a key (id, parent_id…): "=" compares as stored, so an index serves it
    # An open vocabulary (a schema.Term model): besides the curated choices, the values an
    # import added, found by their term_key.
    vocabulary: TermModel | None = None

    def output(self) -> Label[Any]:
        """The SQL expression that yields this column's value for one record."""
        if self.kind is Kind.CATEGORY:  # the stored text, not an Enum object per cell
            return type_coerce(self.expr, String).label(self.name)
        return self.expr.label(self.name)


@dataclass(frozen=True)
class ListColumn(BaseColumn):
    """Many values per record (minerals, locations, roles, parties): rows of a link table."""

    owner_id: SQLColumnExpression[str]  # the record id the link rows correlate with
    source: ListSource
    _: KW_ONLY
    kind: Kind = field(default=Kind.LIST, init=False)
    groupable: bool = True  # a record counts under each of its values

    def output(self) -> Label[str]:
        """The SQL expression that yields this column's values for one record, joined by
        :data:`LIST_SEPARATOR`."""
        src = self.source
        return (
            select(func.aggregate_strings(src.label, LIST_SEPARATOR))
            .select_from(src.joined)
            .where(src.owner == self.owner_id)
            .scalar_subquery()
            .label(self.name)
        )


ColumnSpec: TypeAlias = ScalarColumn | ListColumn
"""A column of the catalogue: ``isinstance(column, ListColumn)`` tells the two apart."""


CatalogueModel: TypeAlias = RecordModel | type[Source]
"""A table a :class:`TableSpec` lists: a record table, or the sources."""


@dataclass(frozen=True)
class TableSpec:
    """A table a query runs on: its columns, in catalogue order, and its default sort."""

    name: str
    label: str
    model: CatalogueModel
    columns: tuple[ColumnSpec, ...]
    default_sort: tuple[tuple[str, bool], ...]  # (column, descending)
    _: KW_ONLY
    # The folded text a search reads, for a table without a ``search_text`` column and its
    # full-text index (the sources: few rows, folded when searched). None: ``search_text``.
    searched: ColumnElement[str] | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def get(self, name: str) -> ColumnSpec | None:
        for column in self.columns:
            if column.name == name:
                return column
        return None


@dataclass(frozen=True)
class RecordTableSpec(TableSpec):
    """A table of records (participants, agreements, financing): each rests on sources,
    carries its provenance, and may be imported, added or edited."""

    model: RecordModel


def enum_values(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


PROVENANCE_COLUMNS = ("quote_ru", "summary", "notes", "source")


def _provenance(model: RecordModel) -> tuple[ColumnSpec, ...]:
    owner = SOURCE_LINKS[model]
    source = (select(Source.title).join(owner.table, owner.table.c.source_id == Source.id)
              .where(owner == model.id).order_by(owner.table.c.position).limit(1)
              .scalar_subquery())  # the main source's title
    return (
        ScalarColumn("quote_ru", QT_TRANSLATE_NOOP("columns", "Quote (Russian)"), Kind.TEXT, model.quote_ru,
                     visible=False),
        ScalarColumn("summary", QT_TRANSLATE_NOOP("columns", "Summary"), Kind.TEXT, model.summary),
        ScalarColumn("notes", QT_TRANSLATE_NOOP("columns", "Notes"), Kind.TEXT, model.notes, visible=False),
        ScalarColumn("origin", QT_TRANSLATE_NOOP("columns", "Origin"), Kind.CATEGORY, model.origin,
                     choices=enum_values(Origin), visible=False, groupable=True),
        ScalarColumn("source", QT_TRANSLATE_NOOP("columns", "Source"), Kind.TEXT, source,
                     visible=False),
        ListColumn("sources", QT_TRANSLATE_NOOP("columns", "Sources"), model.id, _sources_of(model),
                   visible=False),
    )


def source_keys() -> SQLColumnExpression[str]:
    """"|id|title|url|" folded: what a filter on a record's sources matches, so
    ``sources = <title>`` (or its id, or its URL) finds the records resting on it."""
    bar = literal("|", String)
    return (bar + folded(Source.id) + bar + folded(Source.title) + bar
            + func.coalesce(folded(Source.url), "") + bar)


def _sources_of(model: RecordModel) -> ListSource:
    """Every source a record rests on, its main one or another: the record's link rows."""
    owner = SOURCE_LINKS[model]
    link = owner.table
    keys = source_keys()
    return ListSource(
        owner=owner, joined=link.join(Source.__table__, link.c.source_id == Source.id),
        label=Source.title, keys=keys, group_key=Source.id, group_label=Source.title,
        value=link.c.source_id, groups=select(Source.id, Source.id, Source.title).subquery(),
        lookup_keys=(Source.id, keys),
    )


# --- list sources ----------------------------------------------------------------------

_role_source = ListSource(
    owner=ParticipantRole.participant_id,
    joined=ParticipantRole.__table__.join(RoleRow.__table__, ParticipantRole.role_id == RoleRow.id),
    label=RoleRow.id, keys=RoleRow.keys, group_key=RoleRow.id, group_label=RoleRow.name,
    value=ParticipantRole.role_id,
    groups=select(RoleRow.id, RoleRow.id, RoleRow.name).subquery(),
)

_party_location = aliased(Location, name="party_location")
_party_org = aliased(Organisation, name="party_org")
_party_source = ListSource(
    owner=AgreementParty.agreement_id,
    joined=AgreementParty.__table__
    .outerjoin(_party_location, AgreementParty.location_code == _party_location.code)
    .outerjoin(_party_org, AgreementParty.organisation_id == _party_org.id),
    label=func.coalesce(_party_location.name, _party_org.name),
    keys=func.coalesce(_party_location.keys, _party_org.keys),
    group_key=func.coalesce(_party_location.code, _party_org.id),
    group_label=func.coalesce(_party_location.name, _party_org.name),
)

_mineral_source = ListSource(
    owner=FinancingMineral.financing_id,
    joined=FinancingMineral.__table__.join(Mineral.__table__, FinancingMineral.mineral_id == Mineral.id),
    label=Mineral.name, keys=Mineral.keys, group_key=Mineral.id, group_label=Mineral.name,
    value=FinancingMineral.mineral_id,
    groups=select(Mineral.id, Mineral.id, Mineral.name).subquery(),
)

_place = aliased(Location, name="place")
_place_country = aliased(Location, name="place_country")
_location_source = ListSource(
    owner=FinancingLocation.financing_id,
    joined=FinancingLocation.__table__
    .join(_place, FinancingLocation.location_code == _place.code)
    .outerjoin(_place_country, _place.country_code == _place_country.code),
    label=_place.name, keys=_place.keys,
    # Totals by location count a place under its country (Tennessee → United States).
    group_key=func.coalesce(_place_country.code, _place.code),
    group_label=func.coalesce(_place_country.name, _place.name),
    value=FinancingLocation.location_code,
    group_value=FinancingLocation.country_code,
    groups=select(_place.code, func.coalesce(_place_country.code, _place.code),
                  func.coalesce(_place_country.name, _place.name))
    .select_from(_place).outerjoin(_place_country, _place.country_code == _place_country.code)
    .subquery(),
)

# --- tables ----------------------------------------------------------------------------

PARTICIPANTS = RecordTableSpec(
    name="participants", label=QT_TRANSLATE_NOOP("tables", "Participants"), model=Participant,
    default_sort=(("name", False),),
    columns=(
        ScalarColumn("id", QT_TRANSLATE_NOOP("columns", "ID"), Kind.TEXT, Participant.id, visible=False, exact=True),
        ScalarColumn("name", QT_TRANSLATE_NOOP("columns", "Name"), Kind.TEXT, Participant.name),
        ScalarColumn("name_ru", QT_TRANSLATE_NOOP("columns", "Name (Russian)"), Kind.TEXT, Participant.name_ru),
        ScalarColumn("iso3", QT_TRANSLATE_NOOP("columns", "ISO 3166"), Kind.TEXT, Participant.iso3, exact=True),
        ScalarColumn("kind", QT_TRANSLATE_NOOP("columns", "Kind"), Kind.CATEGORY, Participant.kind,
                     choices=enum_values(ParticipantKind), groupable=True),
        ScalarColumn("region", QT_TRANSLATE_NOOP("columns", "Region"), Kind.CATEGORY, Participant.region,
                     groupable=True),
        ListColumn("roles", QT_TRANSLATE_NOOP("columns", "Roles"), Participant.id, _role_source),
        ScalarColumn("organisation_id", QT_TRANSLATE_NOOP("columns", "Organisation"), Kind.TEXT,
                     Participant.organisation_id, visible=False, exact=True),
        *_provenance(Participant),
    ),
)

AGREEMENTS = RecordTableSpec(
    name="agreements", label=QT_TRANSLATE_NOOP("tables", "Agreements"), model=Agreement,
    default_sort=(("date", True), ("title", False)),
    columns=(
        ScalarColumn("id", QT_TRANSLATE_NOOP("columns", "ID"), Kind.TEXT, Agreement.id, visible=False, exact=True),
        ScalarColumn("title", QT_TRANSLATE_NOOP("columns", "Title"), Kind.TEXT, Agreement.title),
        ScalarColumn("kind", QT_TRANSLATE_NOOP("columns", "Kind"), Kind.CATEGORY, Agreement.kind,
                     choices=enum_values(AgreementKind), groupable=True),
        ListColumn("parties", QT_TRANSLATE_NOOP("columns", "Parties"), Agreement.id, _party_source),
        ScalarColumn("date", QT_TRANSLATE_NOOP("columns", "Date"), Kind.DATE, Agreement.date),
        ScalarColumn("date_precision", QT_TRANSLATE_NOOP("columns", "Date precision"), Kind.CATEGORY,
                     Agreement.date_precision, choices=enum_values(DatePrecision), visible=False),
        ScalarColumn("status", QT_TRANSLATE_NOOP("columns", "Status"), Kind.CATEGORY, Agreement.status,
                     choices=enum_values(AgreementStatus), groupable=True),
        ScalarColumn("is_aggregate", QT_TRANSLATE_NOOP("columns", "Aggregate"), Kind.BOOL, Agreement.is_aggregate,
                     visible=False),
        ScalarColumn("aggregate_count", QT_TRANSLATE_NOOP("columns", "Count"), Kind.NUMBER, Agreement.aggregate_count,
                     visible=False),
        *_provenance(Agreement),
    ),
)

FINANCING = RecordTableSpec(
    name="financing", label=QT_TRANSLATE_NOOP("tables", "Financing"), model=Financing,
    default_sort=(("amount_usd", True),),
    columns=(
        ScalarColumn("id", QT_TRANSLATE_NOOP("columns", "ID"), Kind.TEXT, Financing.id, visible=False, exact=True),
        ScalarColumn("agency", QT_TRANSLATE_NOOP("columns", "Agency"), Kind.CATEGORY, Financing.agency,
                     choices=enum_values(Agency), groupable=True, vocabulary=AgencyRow),
        ScalarColumn("recipient", QT_TRANSLATE_NOOP("columns", "Recipient / programme"), Kind.TEXT,
                     Financing.recipient),
        ScalarColumn("recipient_ru", QT_TRANSLATE_NOOP("columns", "Recipient (Russian)"), Kind.TEXT,
                     Financing.recipient_ru, visible=False),
        ScalarColumn("organisation_id", QT_TRANSLATE_NOOP("columns", "Organisation"), Kind.TEXT,
                     Financing.organisation_id, visible=False, exact=True),
        ScalarColumn("instrument", QT_TRANSLATE_NOOP("columns", "Instrument"), Kind.CATEGORY, Financing.instrument,
                     choices=enum_values(Instrument), groupable=True, vocabulary=InstrumentRow),
        ScalarColumn("stage", QT_TRANSLATE_NOOP("columns", "Stage"), Kind.CATEGORY, Financing.stage,
                     choices=enum_values(Stage), groupable=True, vocabulary=StageRow),
        ScalarColumn("amount_usd", QT_TRANSLATE_NOOP("columns", "Amount (USD)"), Kind.MONEY, Financing.amount_usd),
        ScalarColumn("amount_qualifier", QT_TRANSLATE_NOOP("columns", "Qualifier"), Kind.CATEGORY,
                     Financing.amount_qualifier, choices=enum_values(Qualifier), visible=False, groupable=True),
        ScalarColumn("cofinancing_usd", QT_TRANSLATE_NOOP("columns", "Co-financing (USD)"), Kind.MONEY,
                     Financing.cofinancing_usd),
        ScalarColumn("cofinancing_source", QT_TRANSLATE_NOOP("columns", "Co-financing source"), Kind.TEXT,
                     Financing.cofinancing_source, visible=False),
        ScalarColumn("quantity", QT_TRANSLATE_NOOP("columns", "Quantity"), Kind.NUMBER, Financing.quantity,
                     visible=False),
        ScalarColumn("quantity_unit", QT_TRANSLATE_NOOP("columns", "Unit"), Kind.TEXT, Financing.quantity_unit,
                     visible=False),
        ListColumn("minerals", QT_TRANSLATE_NOOP("columns", "Minerals"), Financing.id, _mineral_source),
        ListColumn("locations", QT_TRANSLATE_NOOP("columns", "Locations"), Financing.id, _location_source),
        ScalarColumn("date", QT_TRANSLATE_NOOP("columns", "Date"), Kind.DATE, Financing.date),
        ScalarColumn("date_precision", QT_TRANSLATE_NOOP("columns", "Date precision"), Kind.CATEGORY,
                     Financing.date_precision, choices=enum_values(DatePrecision), visible=False),
        ScalarColumn("parent_id", QT_TRANSLATE_NOOP("columns", "Part of"), Kind.TEXT, Financing.parent_id,
                     visible=False, exact=True),
        ScalarColumn("is_aggregate", QT_TRANSLATE_NOOP("columns", "Aggregate"), Kind.BOOL, Financing.is_aggregate,
                     visible=False),
        ScalarColumn("agreement_id", QT_TRANSLATE_NOOP("columns", "Agreement"), Kind.TEXT, Financing.agreement_id,
                     visible=False, exact=True),
        *_provenance(Financing),
    ),
)

TABLES: dict[str, RecordTableSpec] = {t.name: t for t in (PARTICIPANTS, AGREEMENTS, FINANCING)}
"""The record tables: what is imported, added, edited and logged."""


def _resting_on(model: RecordModel) -> SQLColumnExpression[int]:
    """How many records of *model*'s table rest on a source (the link index on source_id)."""
    link = SOURCE_LINKS[model].table
    return (select(func.count()).select_from(link).where(link.c.source_id == Source.id)
            .scalar_subquery())


SOURCES = TableSpec(
    name="sources", label=QT_TRANSLATE_NOOP("tables", "Sources"), model=Source,
    default_sort=(("records", True), ("title", False)),
    columns=(
        ScalarColumn("id", QT_TRANSLATE_NOOP("columns", "ID"), Kind.TEXT, Source.id, visible=False, exact=True),
        ScalarColumn("title", QT_TRANSLATE_NOOP("columns", "Title"), Kind.TEXT, Source.title),
        # How many records rest on it come first: what the table is for.
        ScalarColumn("participants", QT_TRANSLATE_NOOP("columns", "Participants"), Kind.NUMBER,
                     _resting_on(Participant)),
        ScalarColumn("agreements", QT_TRANSLATE_NOOP("columns", "Agreements"), Kind.NUMBER,
                     _resting_on(Agreement)),
        ScalarColumn("financing", QT_TRANSLATE_NOOP("columns", "Financing"), Kind.NUMBER,
                     _resting_on(Financing)),
        ScalarColumn("records", QT_TRANSLATE_NOOP("columns", "Records"), Kind.NUMBER,
                     _resting_on(Participant) + _resting_on(Agreement) + _resting_on(Financing)),
        ScalarColumn("publisher", QT_TRANSLATE_NOOP("columns", "Publisher"), Kind.TEXT, Source.publisher),
        # Named as a record's date is, so its precision words it and goes with it on export.
        ScalarColumn("date", QT_TRANSLATE_NOOP("columns", "Published"), Kind.DATE, Source.published),
        ScalarColumn("date_precision", QT_TRANSLATE_NOOP("columns", "Date precision"), Kind.CATEGORY,
                     Source.published_precision, choices=enum_values(DatePrecision), visible=False),
        ScalarColumn("kind", QT_TRANSLATE_NOOP("columns", "Kind"), Kind.CATEGORY, Source.kind,
                     choices=enum_values(SourceKind), groupable=True),
        ScalarColumn("language", QT_TRANSLATE_NOOP("columns", "Language"), Kind.TEXT, Source.language),
        ScalarColumn("url", QT_TRANSLATE_NOOP("columns", "URL"), Kind.TEXT, Source.url),
        ScalarColumn("origin", QT_TRANSLATE_NOOP("columns", "Origin"), Kind.CATEGORY, Source.origin,
                     choices=enum_values(Origin), visible=False, groupable=True),
    ),
    searched=folded(func.coalesce(Source.title, "") + " " + func.coalesce(Source.publisher, "")
                    + " " + func.coalesce(Source.url, "")),
)

ALL_TABLES: dict[str, TableSpec] = {**TABLES, SOURCES.name: SOURCES}
"""Every table a query runs on (the table view, exports, the command line): the record
tables, then the sources they rest on."""
