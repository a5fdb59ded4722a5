"""A column's value counts and statistics: each count is what its filter shows, the amount
committed follows the counting rules, and the figures are the database's, not a sample's."""

from __future__ import annotations

import datetime as dt
import statistics as py_statistics

import pytest

from forge_desktop.core.column_stats import (
    Statistics,
    excluding,
    picking,
    statistics,
    value_counts,
)
from forge_desktop.core.counting import totals
from forge_desktop.core.filter_text import parse_filter
from forge_desktop.core.query import Condition, Op, Query, QueryError, count, fetch, table_spec

COLUMNS = [("financing", c) for c in ("agency", "stage", "recipient", "minerals", "locations",
                                      "cofinancing_source", "is_aggregate", "amount_qualifier")]
COLUMNS += [("participants", c) for c in ("region", "roles", "name", "iso3")]
COLUMNS += [("agreements", c) for c in ("parties", "status", "title")]
SEARCH = {"financing": "korea", "participants": "korea", "agreements": "bilateral"}


@pytest.mark.parametrize(("table", "column"), COLUMNS)
@pytest.mark.parametrize("filtered", [False, True])
def test_each_count_is_what_filtering_by_its_value_shows(session, table, column, filtered):
    query = Query(table, search=SEARCH[table] if filtered else "")
    counts = value_counts(session, query, column)
    assert counts.rows == count(session, query)
    assert counts.values, "every column has values in these rows"
    for value in counts.values:
        assert count(session, query.adding(value.condition)) == value.count, value
    listed = [v.count for v in counts.values]
    assert listed == sorted(listed, reverse=True)  # most frequent first
    if not counts.overlapping:  # one value per row: the counts add up to the rows
        assert sum(listed) == counts.rows
        assert counts.distinct == len(counts.values)


def test_a_category_reads_as_its_label_and_counts_under_the_filters(session):
    counts = value_counts(session, Query("financing", (parse_filter("agency = DOD"),)), "stage")
    assert counts.rows == 8
    by_label = {v.label: v for v in counts.values}
    assert by_label["Committed"].condition == Condition("stage", Op.EQ, "committed")
    assert counts.share(by_label["Committed"]) == by_label["Committed"].count / 8


def test_rows_without_a_value_are_one_value_that_filters_by_empty(session):
    counts = value_counts(session, Query("financing"), "minerals")
    empty = next(v for v in counts.values if v.label == "")
    assert empty.condition == Condition("minerals", Op.EMPTY)
    assert empty.count == count(session, Query("financing", (Condition("minerals", Op.EMPTY),)))
    assert counts.overlapping  # a record with two minerals counts under each


def test_places_count_under_their_country_as_their_filter_matches(session):
    values = {v.label: v for v in value_counts(session, Query("financing"), "locations").values}
    assert values["United States"].count == 22
    assert values["United States"].condition == Condition("locations", Op.EQ, "USA")
    assert "Tennessee" not in values


def test_text_counts_ignore_case_as_its_filter_does(engine, session):
    session.execute(table_spec("financing").model.__table__.update()
                    .where(table_spec("financing").model.id == "dod-korea-zinc-financing")
                    .values(recipient="KOREA ZINC"))
    session.commit()
    counts = value_counts(session, Query("financing"), "recipient")
    korea = [v for v in counts.values if v.label.casefold() == "korea zinc"]
    assert len(korea) == 1 and korea[0].count == 3


def test_a_limit_lists_the_most_frequent_and_counts_the_rest(session):
    counts = value_counts(session, Query("financing"), "recipient", limit=3)
    assert counts.values[0].label == "Korea Zinc"
    assert len(counts.values) == 3
    assert counts.distinct == 33


def test_amounts_have_statistics_not_value_counts(session):
    with pytest.raises(QueryError, match="statistics"):
        value_counts(session, Query("financing"), "amount_usd")
    with pytest.raises(QueryError, match="count its values"):
        statistics(session, Query("financing"), "stage")


def test_the_amount_committed_follows_the_counting_rules(session):
    query = Query("financing")
    stats = statistics(session, query, "amount_usd")
    counted = totals(session, query)
    assert stats.total == counted.amount_usd == 20_620_900_000  # the status line's total
    assert stats.aggregates_excluded == ("dfc-total", "exim-loi-total")
    assert (stats.rows, stats.counted, stats.values, stats.empty) == (35, 33, 29, 4)
    rows = fetch(session, query.with_columns(["id", "amount_usd"])).rows
    read = [amount for record, amount in rows
            if record not in stats.aggregates_excluded and amount is not None]
    assert stats.minimum == min(read) and stats.maximum == max(read)
    assert stats.median == py_statistics.median(read)
    assert stats.mean == pytest.approx(sum(read) / len(read))
    assert stats.notes == counted.notes()  # worded as the status line words them
    assert stats.footnote() == counted.footnote()


def test_an_aggregate_on_its_own_is_counted(session):
    stats = statistics(session, Query("financing", (parse_filter("id = exim-loi-total"),)),
                       "amount_usd")
    assert stats.aggregates_excluded == () and stats.total == 14_800_000_000


def test_other_amounts_read_every_row(session):
    query = Query("financing", (parse_filter("agency = DOD"),))
    stats = statistics(session, query, "cofinancing_usd")
    rows = fetch(session, query.with_columns(["cofinancing_usd"])).rows
    read = [amount for (amount,) in rows if amount is not None]
    assert stats.counted == stats.rows == 8 and stats.values == len(read)
    assert stats.total == sum(read) and stats.median == py_statistics.median(read)
    assert stats.notes == ()


@pytest.mark.parametrize(("values", "median"), [((), None), ((10,), 10), ((10, 17), 13.5)])
def test_the_median_of_an_odd_or_even_count_or_none(session, values, median):
    model = table_spec("agreements").model
    session.execute(model.__table__.update().values(aggregate_count=None))
    for record, value in zip(("bilateral-prior-five-months", "bilateral-negotiations-concluded"),
                             values, strict=False):
        session.execute(model.__table__.update().where(model.id == record)
                        .values(aggregate_count=value))
    session.commit()
    stats = statistics(session, Query("agreements"), "aggregate_count")
    assert stats.median == median and stats.values == len(values)
    assert stats.mean == (sum(values) / len(values) if values else None)


def test_empty_statistics_say_none():
    stats = Statistics("amount_usd", rows=0, counted=0, values=0, minimum=None, maximum=None,
                       total=None, median=None)
    assert stats.mean is None and stats.empty == 0


def test_picking_and_excluding_a_value_read_back_as_the_filter_parser_reads():
    spec = table_spec("financing")
    column = spec.get
    assert picking(column("stage"), "funded") == Condition("stage", Op.EQ, "funded")
    assert excluding(column("stage"), "funded") == Condition("stage", Op.NE, "funded")
    assert picking(column("amount_usd"), 10_000_000_000) == Condition(
        "amount_usd", Op.EQ, "10000000000")
    assert picking(column("quantity"), 500.0) == Condition("quantity", Op.EQ, "500")
    assert picking(column("is_aggregate"), True) == Condition("is_aggregate", Op.EQ, "true")
    assert picking(column("is_aggregate"), None) is None  # yes or no, never empty
    assert picking(column("minerals"), "Lithium") == Condition("minerals", Op.EQ, "Lithium")
    assert excluding(column("minerals"), "Lithium") == Condition("minerals", Op.NE, "Lithium")
    assert picking(column("recipient"), "") == Condition("recipient", Op.EMPTY)
    assert excluding(column("minerals"), []) == Condition("minerals", Op.NOTEMPTY)
    october = dt.date(2025, 10, 1)
    assert picking(column("date"), october, precision="month") == Condition("date", Op.EQ, "2025-10")
    assert picking(column("date"), october, precision="year") == Condition("date", Op.EQ, "2025")
    assert picking(column("date"), october, precision="day") == Condition("date", Op.EQ, "2025-10-01")


def test_a_picked_month_keeps_the_records_of_that_month(session):
    date = table_spec("financing").get("date")
    december = picking(date, dt.date(2025, 12, 1), precision="month")
    assert count(session, Query("financing", (december,))) == 5  # four of the month, one of its 1st
    others = excluding(date, dt.date(2025, 12, 1), precision="month")
    undated = count(session, Query("financing", (Condition("date", Op.EMPTY),)))
    assert count(session, Query("financing", (others,))) == 35 - 5  # undated rows pass "!="
    assert undated == 17
