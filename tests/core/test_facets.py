"""Facet counts say what a click would give: the count beside a value is the number of rows
the table shows once that value is chosen (under the other filters)."""

from __future__ import annotations

import pytest

from forge_desktop.core.counting import NONE_LABEL
from forge_desktop.core.facets import FACETS as OFFERED
from forge_desktop.core.facets import ColumnFacet, ListFacet, facet_counts, facet_for, facets_of
from forge_desktop.core.filter_text import parse_filter
from forge_desktop.core.query import Condition, Op, Query, QueryError, count, table_spec

FACETS = [("financing", c) for c in ("agency", "stage", "instrument", "minerals", "locations",
                                     "sources")]
FACETS += [("participants", c) for c in ("region", "roles", "kind", "sources")]
FACETS += [("agreements", c) for c in ("kind", "status", "parties", "sources")]
FACETS += [("sources", c) for c in ("kind", "origin")]


@pytest.mark.parametrize(("table", "column"), FACETS)
@pytest.mark.parametrize("base", [(), ("amount_usd > 100M",), ("search:korea",)])
def test_each_count_is_what_choosing_the_value_shows(session, table, column, base):
    filters = tuple(parse_filter(f) for f in base if not f.startswith("search:"))
    search = next((f.split(":", 1)[1] for f in base if f.startswith("search:")), "")
    if table != "financing" and filters:
        filters = ()
    if table == "sources" and search:
        search = "forge"
    query = Query(table, filters, search)
    values = facet_counts(session, query, column)
    if column in ("agency", "stage", "instrument", "region", "kind", "status", "origin"):
        assert sum(v.count for v in values) == count(session, query)  # one value per row
    for value in values:
        if value.key is None:
            continue
        chosen = query.adding(Condition(column, Op.IN, (value.key,)))
        assert count(session, chosen) == value.count, (column, value)


def test_places_count_under_their_country(session):
    values = {v.key: v for v in facet_counts(session, Query("financing"), "locations")}
    assert values["USA"].count == 22 and values["USA"].label == "United States"
    assert values["JAM"].count == 1  # Saint Ann counts under Jamaica
    assert "US-TN" not in values


def test_minerals_with_labels(session):
    values = {v.key: v for v in facet_counts(session, Query("financing"), "minerals")}
    assert values["copper"].label == "Copper" and values["copper"].count == 2
    assert NONE_LABEL not in [v.label for v in values.values()]


def test_each_table_offers_its_facets_in_order_with_the_kind_its_column_needs():
    assert {t: [f.name for f in facets_of(t)] for t in OFFERED} == {
        t: [c for table, c in FACETS if table == t] for t in OFFERED}
    kinds = {f.name: type(f) for f in facets_of("financing")}
    assert kinds == {"agency": ColumnFacet, "stage": ColumnFacet, "instrument": ColumnFacet,
                     "minerals": ListFacet, "locations": ListFacet, "sources": ListFacet}


def test_a_facet_counts_the_same_as_facet_counts(session):
    query = Query("financing", search="korea")
    for facet in facets_of("financing"):
        assert facet.counts(session, query) == facet_counts(session, query, facet.name)


def test_a_column_that_cannot_be_grouped_has_no_facet():
    with pytest.raises(QueryError, match="cannot count financing by 'recipient'; choose one of"):
        facet_for(table_spec("financing"), "recipient")
    with pytest.raises(QueryError, match="unknown column 'colour'"):
        facet_for(table_spec("financing"), "colour")
