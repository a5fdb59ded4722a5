"""Facets: the values of a few key columns, each with how many rows of a query carry it.

:data:`FACETS` says which facets each table offers. A :class:`Facet` knows how to count its
column's values under a query; the kind depends on the column: :class:`ColumnFacet` for a
scalar column (one value per row, counted with a GROUP BY on the table) and
:class:`ListFacet` for a list column (minerals, locations, roles, parties, sources: a row counts
under each of its values, counted from the link table). The window shows the counts beside
each facet's values, so a count always says what a click would give.

Unlike :func:`~forge_desktop.core.counting.totals` these are plain row counts: they add up
to what the table shows, aggregates included.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import columnar
from .columns import ColumnSpec, ListColumn, ScalarColumn, TableSpec
from .counting import NONE_LABEL, group_column_names
from .query import Query, QueryError, column_spec, select_ids, table_spec, where_clause
from .schema import Financing

# The facets each table offers, in the order they are shown. Every record table ends with
# the sources its records rest on (any of a record's sources, not only its main one).
FACETS: dict[str, tuple[str, ...]] = {
    "financing": ("agency", "stage", "instrument", "minerals", "locations", "sources"),
    "participants": ("region", "roles", "kind", "sources"),
    "agreements": ("kind", "status", "parties", "sources"),
    "sources": ("kind", "origin"),
}


@dataclass(frozen=True)
class FacetValue:
    key: str | None
    label: str
    count: int  # rows of the query with this value (every row, aggregates included)


@dataclass(frozen=True)
class Facet(ABC):
    """One column offered as a facet: counts its values under any query of its table."""

    column: ColumnSpec

    @property
    def name(self) -> str:
        return self.column.name

    def counts(self, session: Session, query: Query) -> tuple[FacetValue, ...]:
        """How many rows of *query* carry each value: most first, then by label."""
        counted = _mirror_counts(session, query, self.name)
        values = self._values(session, query) if counted is None else self._named(session, counted)
        values.sort(key=lambda v: (-v.count, v.label))
        return tuple(values)

    @abstractmethod
    def _values(self, session: Session, query: Query) -> list[FacetValue]:
        """The counts, in any order."""

    def _named(self, session: Session, counted: list[tuple[object, int]]) -> list[FacetValue]:
        """Counts the columnar mirror gave (key, count), named as :meth:`_values` names them."""
        return [FacetValue(None if k is None else str(k), NONE_LABEL if k is None else str(k), n)
                for k, n in counted]


def _mirror_counts(session: Session, query: Query, by: str) -> list[tuple[object, int]] | None:
    """The counts from the columnar mirror, when it holds the rows and the column."""
    if query.spec.model is not Financing:
        return None
    mirror = columnar.mirror_for(session)
    if mirror is None:
        return None
    try:
        return mirror.facet(mirror.plan(session, query), by)
    except columnar.NotHeld:
        return None


@dataclass(frozen=True)
class ColumnFacet(Facet):
    """A scalar column: one value per row, "(none)" for rows without one."""

    column: ScalarColumn

    def _values(self, session: Session, query: Query) -> list[FacetValue]:
        expr = self.column.expr
        model: Any = query.spec.model
        rows = session.execute(select(expr, func.count()).select_from(model)
                               .where(where_clause(query)).group_by(expr)).all()
        values = []
        for k, n in rows:
            key = None if k is None else str(getattr(k, "value", k))  # an Enum reads as its value
            values.append(FacetValue(key, NONE_LABEL if key is None else key, n))
        return values


@dataclass(frozen=True)
class ListFacet(Facet):
    """A list column: a row counts once under each of its values, grouped as its filter
    matches them (a place under its country), so a count is what choosing the value shows."""

    column: ListColumn

    def _values(self, session: Session, query: Query) -> list[FacetValue]:
        """From the link table's own indexes: rows per value (a record lists a value once), or,
        where the link row carries its group (a place's country), distinct records per group,
        so a record in two states counts once for the United States. The plans were chosen by
        measurement at 1M rows (BENCHMARKS.md). Sources without a value column fall back to
        grouping through the lookup join.
        """
        src = self.column.source
        owner: Any = src.owner  # a Column: it has the table the link rows live in
        filtered = bool(query.filters or query.search or query.ids is not None)
        if src.value is None:
            by_join = (select(src.group_key, func.min(src.group_label), func.count(func.distinct(owner)))
                       .select_from(src.joined).group_by(src.group_key))
            if filtered:
                by_join = by_join.where(owner.in_(select_ids(query).scalar_subquery()))
            return [FacetValue(str(k), str(lbl), n) for k, lbl, n in session.execute(by_join)]
        if src.group_value is None:
            stmt = select(src.value, func.count()).group_by(src.value)
            if filtered:  # driven by the matching ids (a join lets SQLite start from the link index)
                stmt = stmt.where(owner.in_(select_ids(query).scalar_subquery()))
        else:
            stmt = select(src.group_value, func.count(func.distinct(owner))).group_by(src.group_value)
            if filtered:  # the link's primary key does not hold the group: join the records in
                model: Any = query.spec.model
                stmt = (stmt.select_from(model).join(owner.table, owner == model.id)
                        .where(where_clause(query)))
        labels = self._labels(session)
        return [FacetValue(str(k), str(labels.get(k, k)), n) for k, n in session.execute(stmt)]

    def _labels(self, session: Session) -> dict[Any, Any]:
        groups: Any = self.column.source.groups  # (value, group key, group label) for every value
        _value, key_col, label_col = groups.c
        return dict(session.execute(select(key_col, label_col).distinct()).all())

    def _named(self, session: Session, counted: list[tuple[object, int]]) -> list[FacetValue]:
        labels = self._labels(session)
        return [FacetValue(str(k), str(labels.get(k, k)), n) for k, n in counted if k is not None]


def facet_for(spec: TableSpec, by: str) -> Facet:
    """The facet of *spec*'s column *by*, of the kind its column needs."""
    column = column_spec(spec, by)
    if not column.groupable:
        raise QueryError(f"cannot count {spec.name} by {by!r}; choose one of "
                         f"{', '.join(group_column_names(spec.name))}")
    return ListFacet(column) if isinstance(column, ListColumn) else ColumnFacet(column)


def facets_of(table: str) -> tuple[Facet, ...]:
    """The facets *table* offers (see :data:`FACETS`), in order."""
    spec = table_spec(table)
    return tuple(facet_for(spec, name) for name in FACETS[table])


def facet_counts(session: Session, query: Query, by: str) -> tuple[FacetValue, ...]:
    """How many rows of *query* carry each value of *by*: the live counts beside a facet."""
    return facet_for(query.spec, by).counts(session, query)
