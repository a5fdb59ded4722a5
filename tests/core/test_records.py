"""The detail of one record: its fields for people, and links that are queries."""

from __future__ import annotations

from forge_desktop.core.query import Condition, Op, Query, count
from forge_desktop.core.records import record_detail


def texts(detail) -> list[tuple[str, int | None]]:
    return [(link.text, link.count) for link in detail.links]


def test_an_aggregate_says_totals_count_its_parts_and_links_to_them(session):
    detail = record_detail(session, "financing", "exim-loi-total")
    assert detail.is_aggregate
    assert detail.subtitle == ("Export-Import Bank of the United States · $14.8B · aggregate: "
                               "totals count its parts instead")
    assert texts(detail) == [("Its parts", 4), ("All EXIM records", 11)]
    # A link is a query: following it shows exactly the rows it counted.
    assert [count(session, link.query()) for link in detail.links] == [4, 11]


def test_a_part_links_to_its_aggregate(session):
    detail = record_detail(session, "financing", "exim-loi-rare-earths-us")
    part_of = detail.links[0]
    assert (part_of.text, part_of.record_id) == ("Part of the aggregate exim-loi-total",
                                                 "exim-loi-total")


def test_a_participant_links_to_its_agreements_and_the_money_located_there(session):
    detail = record_detail(session, "participants", "mexico")
    assert (detail.title, detail.subtitle) == ("Mexico", "Country · MEX · Americas")
    assert texts(detail) == [("Agreements with Mexico", 1), ("Financing located in Mexico", 1)]
    assert ("Name (Russian)", "Мексика") in detail.fields


def test_fields_leave_out_empty_values_and_the_curated_origin(session):
    detail = record_detail(session, "financing", "exim-loi-rare-earths-us")
    labels = [label for label, _ in detail.fields]
    assert "Co-financing (USD)" not in labels and "Origin" not in labels
    assert ("Amount (USD)", "$455M") in detail.fields


def test_its_own_words_go_through_the_translate_it_is_given(session):
    seen = set()

    def translate(context, text):
        seen.add(context)
        return "«" + text + "»"

    detail = record_detail(session, "participants", "mexico", translate)
    assert texts(detail)[0] == ("«Agreements with Mexico»", 1)
    assert detail.subtitle == "«Country · MEX» · Americas"
    assert seen == {"records"}


def test_an_unknown_id_has_no_detail(session):
    assert record_detail(session, "financing", "no-such-record") is None


def test_a_link_carries_the_conditions_it_stands_for(session):
    detail = record_detail(session, "participants", "mexico")
    assert [link.query() for link in detail.links] == [
        Query("agreements", (Condition("parties", Op.EQ, "MEX"),)),
        Query("financing", (Condition("locations", Op.EQ, "MEX"),))]


def test_a_link_to_one_record_filters_to_its_id(session):
    part_of = record_detail(session, "financing", "exim-loi-rare-earths-us").links[0]
    assert part_of.query() == Query("financing", (Condition("id", Op.EQ, "exim-loi-total"),))
    assert count(session, part_of.query()) == 1
