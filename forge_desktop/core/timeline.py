"""Financing records over time: each dated record as a span in a lane, counted as totals count.

:func:`timeline` reads the matching records' dates and amounts for a view that draws them
along a time axis, one lane per stage (or agency). A date is as precise as its source: a
record known to the month spans the whole month, one known to the year the whole year.

The sums follow :mod:`.counting` to the dollar: the :class:`~.counting.Totals` of the same
rows ride along, and an item the totals leave out (an aggregate whose parts are among the
rows, conditional money left out on request) is marked not counted, by the very ids the
totals name. So the counted items, the undated records and the items the limit left out
add up to the totals' amount.

A million rows are never all read: at most *limit* items are kept, the largest amounts
first (then by date), and the rest are only counted and summed in the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, not_, select
from sqlalchemy.orm import Session

from . import columnar, formatting
from .counting import Totals, totals
from .query import Query, QueryError, where_clause
from .schema import Agency, DatePrecision, Financing, Instrument, Qualifier, Stage
from .values import PartialDate

LIMIT = 20_000  # items kept; a view of more is a blur, and each costs memory and paint
READ_BATCH = 5000

# What a lane can be, with the curated order of its values (imported values come after).
LANE_ORDERS: dict[str, type[StrEnum]] = {"stage": Stage, "agency": Agency, "instrument": Instrument}


@dataclass(frozen=True)
class TimelineItem:
    """One dated record as the timeline draws it."""

    id: str
    label: str  # its agency and recipient, as the totals' notes name a record
    start: dt.date  # the first day its date covers
    end: dt.date  # the last day: a month's last, a year's 31 December, or the day itself
    precision: DatePrecision
    amount_usd: int | None
    qualifier: Qualifier | None
    lane: str  # the lane's key: its stage (or agency) code
    counted: bool  # False: the totals leave it out (an aggregate with parts, conditional money)
    agency: str
    stage: str
    recipient: str
    is_aggregate: bool = False

    @property
    def date(self) -> PartialDate:
        return PartialDate(self.start, self.precision)

    @property
    def days(self) -> int:
        """How many days the date covers (1 for a day)."""
        return (self.end - self.start).days + 1

    @property
    def summed_usd(self) -> int:
        """What it adds to the totals' amount: its amount when counted, else nothing."""
        return (self.amount_usd or 0) if self.counted else 0


@dataclass(frozen=True)
class Lane:
    key: str
    label: str
    records: int  # dated matching records in it (drawn or left out by the limit)


@dataclass(frozen=True)
class Timeline:
    lane_by: str
    items: tuple[TimelineItem, ...]  # by start, then end, then id
    lanes: tuple[Lane, ...]  # in the vocabulary's order; only lanes some dated record is in
    dated: int  # matching records with a date
    undated: int  # matching records without one: no place on the timeline
    undated_usd: int  # what the undated records add to the totals' amount (counted ones)
    left_out: int  # dated records not kept, beyond the limit
    left_out_usd: int  # what those add to the totals' amount
    totals: Totals  # of the same rows, by agency: the footnote's notes and the grand total
    include_conditional: bool
    limit: int
    first: dt.date | None = None  # the first day any dated record covers (kept or not)
    last: dt.date | None = None  # and the last

    @property
    def drawn(self) -> int:
        return len(self.items)

    @property
    def drawn_usd(self) -> int:
        return sum(item.summed_usd for item in self.items)

    def lane_index(self, key: str) -> int:
        return next(n for n, lane in enumerate(self.lanes) if lane.key == key)


def record_label(agency: str, recipient: str) -> str:
    """A record as a reader finds it in the table: agency and recipient (the agency once,
    when the recipient already starts with it). The rule of counting's aggregate notes."""
    return recipient if recipient.startswith(agency) else f"{agency} {recipient}"


def span(start: dt.date, precision: DatePrecision | str) -> tuple[dt.date, dt.date]:
    """The first and last day a date of *precision* covers."""
    date = PartialDate(start, DatePrecision(precision))
    return date.start, date.end


def lane_order(lane_by: str, keys: Sequence[str]) -> list[str]:
    """*keys* in the vocabulary's order (weakest stage to funded, agencies as listed), any
    value an import added after them, by name."""
    curated = {member.value: n for n, member in enumerate(LANE_ORDERS[lane_by])}
    return sorted(keys, key=lambda k: (k not in curated, curated.get(k, 0), k))


def _int(value: int | Decimal | None) -> int:
    """A sum as the driver gives it (PostgreSQL sums BIGINT to NUMERIC)."""
    return 0 if value is None else int(value)


def _dated_rows(session: Session, columns: Sequence[Any], matching: ColumnElement[bool],
                mirrored: tuple[columnar.Columnar, columnar.Plan] | None, limit: int, *,
                largest: bool) -> list[Any]:
    """*columns* of at most *limit* dated matching rows: the *largest* amounts first, then by
    date (the picture's biggest strokes), or any when all fit. Chosen in the columnar mirror
    when there is one, read from the store by id."""
    if mirrored is not None:
        mirror, matched = mirrored
        chosen = mirror.dated(matched, limit, largest=largest)
        found: list[Any] = []
        for at in range(0, len(chosen), READ_BATCH):
            found.extend(session.execute(select(*columns).where(
                Financing.id.in_(chosen[at:at + READ_BATCH]))))
        return found
    rows = select(*columns).where(matching, Financing.date.is_not(None))
    if largest:
        rows = rows.order_by(Financing.amount_usd.desc().nulls_last(), Financing.date, Financing.id)
    rows = rows.limit(limit)  # (also should rows have been added since they were counted)
    return list(session.execute(rows, execution_options={"yield_per": READ_BATCH}))


def timeline(session: Session, query: Query, *, lane_by: str = "stage", include_conditional: bool = True,
             limit: int = LIMIT) -> Timeline:
    """The dated financing records matching *query*, at most *limit* of them, in lanes by
    *lane_by* (stage, agency or instrument), counted by the rules of :func:`.counting.totals`."""
    if query.spec.model is not Financing:
        raise QueryError(f"a timeline shows financing records, not {query.table}")
    if lane_by not in LANE_ORDERS:
        raise QueryError(f"cannot lay a timeline out by {lane_by!r}; choose one of {', '.join(LANE_ORDERS)}")
    if limit < 0:
        raise ValueError("the limit cannot be negative")
    result = totals(session, query, "agency", include_conditional=include_conditional)
    matching = where_clause(query)
    lane_column = getattr(Financing, lane_by)
    aggregates = frozenset(result.aggregates_excluded)
    conditional = frozenset(result.conditional_excluded)

    # What a record adds to the totals, in SQL, for the rows no item is made of. The same
    # rule as the ids above: the aggregates by id (they are few), the conditional money by
    # its qualifier (its ids may be many; the test checks both ways agree).
    adds: ColumnElement[bool] = Financing.amount_usd.is_not(None)
    if aggregates:
        adds = and_(adds, Financing.id.not_in(sorted(aggregates)))
    if not include_conditional:
        adds = and_(adds, not_(Financing.amount_qualifier == Qualifier.CONDITIONAL))
    summed = func.sum(case((adds, Financing.amount_usd)))

    # One pass over the rows by precision and lane: how many, their first and last date, their sum.
    dated = undated = 0
    dated_usd = undated_usd = 0
    first: dt.date | None = None
    last: dt.date | None = None
    lane_counts: dict[str, int] = {}
    mirror = columnar.mirror_for(session)
    matched = mirror.plan(session, query) if mirror is not None else None
    if mirror is not None and matched is not None:
        spans = mirror.spans(matched, lane_by, sorted(aggregates), include_conditional)
    else:
        spans = list(session.execute(
            select(Financing.date_precision, lane_column, func.count(), func.min(Financing.date),
                   func.max(Financing.date), summed).where(matching)
            .group_by(Financing.date_precision, lane_column)))
    for precision, lane, records, earliest, latest, amount in spans:
        if precision is None or earliest is None or latest is None:
            undated += records
            undated_usd += _int(amount)
            continue
        dated += records
        dated_usd += _int(amount)
        lane_counts[str(lane)] = lane_counts.get(str(lane), 0) + records
        start, _ = span(earliest, precision)
        _, end = span(latest, precision)
        first = start if first is None else min(first, start)
        last = end if last is None else max(last, end)
    lanes = tuple(Lane(key, formatting.label(key), lane_counts[key]) for key in lane_order(lane_by, list(lane_counts)))

    columns = (Financing.id, Financing.agency, Financing.recipient, Financing.stage, lane_column,
               Financing.date, Financing.date_precision, Financing.amount_usd, Financing.amount_qualifier,
               Financing.is_aggregate)
    mirrored = (mirror, matched) if mirror is not None and matched is not None else None
    items: list[TimelineItem] = []
    for (id_, agency, recipient, stage, lane, date, precision, amount, qualifier,
         is_aggregate) in _dated_rows(session, columns, matching, mirrored, limit, largest=dated > limit):
        start, end = span(date, precision)
        items.append(TimelineItem(
            id=id_, label=record_label(agency, recipient), start=start, end=end,
            precision=DatePrecision(precision), amount_usd=amount,
            qualifier=None if qualifier is None else Qualifier(qualifier), lane=str(lane),
            counted=id_ not in aggregates and id_ not in conditional, agency=agency, stage=stage,
            recipient=recipient, is_aggregate=bool(is_aggregate)))
    items.sort(key=lambda item: (item.start, item.end, item.id))
    kept_usd = sum(item.summed_usd for item in items)
    return Timeline(
        lane_by=lane_by, items=tuple(items), lanes=lanes, dated=dated, undated=undated, undated_usd=undated_usd,
        left_out=dated - len(items), left_out_usd=dated_usd - kept_usd, totals=result,
        include_conditional=include_conditional, limit=limit, first=first, last=last)

