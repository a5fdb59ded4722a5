"""Totals and counts for any query, grouped by any categorical column, never double counted.

The rules (see PRODUCT.md, "The data, and its traps"):

* An aggregate (EXIM's $14.8B of letters, DFC's "more than $1B") is left out whenever one
  of its parts is among the rows: the parts are summed instead, never both.
* A record without a dollar amount (an action plan, a copper offtake) is counted, not
  summed as zero.
* Conditional amounts are summed unless the caller leaves them out.
* Grouping by a list column (minerals, locations) counts a record once in each of its
  groups, so groups may add up to more than the total; :attr:`Totals.overlapping` says so.

Every :class:`Totals` carries what it left out, so a view can say what its number means.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, exists, func, literal, not_, select
from sqlalchemy.orm import Session, aliased

from .columns import Kind
from .query import Query, QueryError, column_spec, select_ids
from .schema import Financing, Qualifier

NONE_LABEL = "(none)"


@dataclass(frozen=True)
class Group:
    key: str | None
    label: str
    amount_usd: int | None  # None: nothing in the group has a dollar amount
    records: int  # records counted in the group (monetary or not)
    non_monetary: int


@dataclass(frozen=True)
class Totals:
    by: str
    groups: tuple[Group, ...]
    amount_usd: int | None  # over all counted records, each once
    records: int  # rows matching the query
    counted: int  # rows counted (records minus excluded aggregates)
    non_monetary: int  # counted rows with no dollar amount
    aggregates_excluded: tuple[str, ...]  # aggregates left out because parts are present
    conditional_excluded: tuple[str, ...]  # conditional amounts left out on request
    overlapping: bool  # a record may sit in several groups

    def footnote(self) -> str:
        """What the total includes and leaves out, in one line for people."""
        parts = []
        if self.aggregates_excluded:
            n = len(self.aggregates_excluded)
            parts.append(f"{n} aggregate{'s' if n != 1 else ''} counted through {'their' if n != 1 else 'its'} parts")
        if self.non_monetary:
            parts.append(f"{self.non_monetary} non-monetary not summed")
        if self.conditional_excluded:
            parts.append(f"{len(self.conditional_excluded)} conditional left out")
        if self.overlapping:
            parts.append(f"a record with several {self.by} counts in each")
        return "; ".join(parts)


def group_column_names(table: str) -> tuple[str, ...]:
    spec = Query(table).spec
    return tuple(c.name for c in spec.columns if c.groupable)


def totals(session: Session, query: Query, by: str = "agency", *,
           include_conditional: bool = True) -> Totals:
    spec = query.spec
    column = column_spec(spec, by)
    if not column.groupable:
        raise QueryError(
            f"cannot group {spec.name} by {by!r}; choose one of "
            f"{', '.join(group_column_names(spec.name))}")
    model = spec.model
    matched = select_ids(query).scalar_subquery()
    monetary = hasattr(model, "amount_usd")

    counted: ColumnElement[bool] = model.id.in_(matched)
    aggregates_excluded: tuple[str, ...] = ()
    conditional_excluded: tuple[str, ...] = ()
    summed = literal(None)
    if model is Financing:
        part = aliased(Financing)
        excluded = and_(Financing.is_aggregate,
                        exists(select(part.id).where(part.parent_id == Financing.id,
                                                     part.id.in_(matched))))
        aggregates_excluded = tuple(session.scalars(
            select(Financing.id).where(Financing.id.in_(matched), excluded).order_by(Financing.id)))
        counted = and_(counted, not_(excluded))
        has_amount = Financing.amount_usd.is_not(None)
        if not include_conditional:
            is_conditional = Financing.amount_qualifier == Qualifier.CONDITIONAL
            conditional_excluded = tuple(session.scalars(
                select(Financing.id).where(counted, is_conditional).order_by(Financing.id)))
            has_amount = and_(has_amount, not_(is_conditional))
        summed = case((has_amount, Financing.amount_usd))
    no_amount = (case((model.amount_usd.is_(None), 1), else_=0) if monetary else literal(0))

    if column.kind is Kind.LIST:
        src = column.source
        link = select(src.owner.label("owner"), src.group_key.label("key"),
                      src.group_label.label("label")).select_from(src.joined).distinct().subquery()
        key, label = link.c.key, link.c.label
        stmt = (select(key, func.min(label), func.sum(summed), func.count(func.distinct(model.id)),
                       func.sum(no_amount))
                .select_from(model).outerjoin(link, link.c.owner == model.id))
    else:
        key = column.expr
        stmt = select(key, key, func.sum(summed), func.count(model.id), func.sum(no_amount))
    rows = session.execute(stmt.where(counted).group_by(key)).all()
    groups = [
        Group(key=None if k is None else str(getattr(k, "value", k)),
              label=NONE_LABEL if lbl is None else str(getattr(lbl, "value", lbl)),
              amount_usd=None if amount is None else int(amount), records=n,
              non_monetary=int(nm or 0))
        for k, lbl, amount, n, nm in rows
    ]
    groups.sort(key=lambda g: (-(g.amount_usd or 0), -g.records, g.label))

    overall = session.execute(
        select(func.sum(summed), func.count(model.id), func.sum(no_amount)).where(counted)).one()
    records = session.execute(select(func.count()).where(model.id.in_(matched))).scalar_one()
    return Totals(
        by=by,
        groups=tuple(groups),
        amount_usd=None if overall[0] is None else int(overall[0]),
        records=records,
        counted=overall[1],
        non_monetary=int(overall[2] or 0),
        aggregates_excluded=aggregates_excluded,
        conditional_excluded=conditional_excluded,
        overlapping=column.kind is Kind.LIST,
    )


@dataclass(frozen=True)
class FacetValue:
    key: str | None
    label: str
    count: int  # rows of the query with this value (every row, aggregates included)


def facet_counts(session: Session, query: Query, by: str) -> tuple[FacetValue, ...]:
    """How many rows of *query* carry each value of *by*: the live counts beside a facet.

    Unlike :func:`totals` these are plain row counts, so they always add up to what the
    table shows (for a list column, a row counts under each of its values).
    """
    spec = query.spec
    column = column_spec(spec, by)
    if not column.groupable:
        raise QueryError(f"cannot count {spec.name} by {by!r}; choose one of "
                         f"{', '.join(group_column_names(spec.name))}")
    model = spec.model
    matched = select_ids(query).scalar_subquery()
    if column.kind is Kind.LIST:
        src = column.source
        # Grouped as a filter on the value matches: a US state counts under United States.
        stmt = (select(src.group_key, func.min(src.group_label),
                       func.count(func.distinct(src.owner)))
                .select_from(src.joined).where(src.owner.in_(matched)).group_by(src.group_key))
        values = [FacetValue(str(k), str(lbl), n) for k, lbl, n in session.execute(stmt)]
    else:
        rows = session.execute(select(column.expr, func.count()).select_from(model)
                               .where(model.id.in_(matched)).group_by(column.expr)).all()
        values = [FacetValue(None if k is None else str(getattr(k, "value", k)),
                             NONE_LABEL if k is None else str(getattr(k, "value", k)), n)
                  for k, n in rows]
    values.sort(key=lambda v: (-v.count, v.label))
    return tuple(values)
