"""The timeline: every dated record once, spanning what its date covers, counted as totals count."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from forge_desktop.core.counting import totals
from forge_desktop.core.filter_text import parse_filter
from forge_desktop.core.query import Query, QueryError
from forge_desktop.core.schema import DatePrecision, Financing, Qualifier
from forge_desktop.core.timeline import lane_order, record_label, span, timeline


def financing(*filters: str, search: str = "") -> Query:
    return Query("financing", tuple(parse_filter(f) for f in filters), search=search)


QUERIES = {
    "all": financing(),
    "EXIM": financing("agency = EXIM"),
    "search": financing(search="rare earth"),
    "committed": financing("stage = committed"),
    "DOD or DFC": financing("agency in DOD, DFC"),
}


def dated_rows(session, query: Query) -> dict[str, tuple[dt.date, DatePrecision]]:
    from forge_desktop.core.query import where_clause

    return {id_: (date, precision) for id_, date, precision in session.execute(
        select(Financing.id, Financing.date, Financing.date_precision)
        .where(where_clause(query), Financing.date.is_not(None)))}


def date_records(session, **changes: tuple[dt.date, DatePrecision]) -> None:
    """Give records a date (and its precision) in the test's own copy of the database."""
    for id_, (date, precision) in changes.items():
        session.execute(update(Financing).where(Financing.id == id_.replace("_", "-"))
                        .values(date=date, date_precision=precision))
    session.flush()


def test_every_dated_record_appears_once_with_the_span_its_date_covers(session):
    result = timeline(session, Query("financing"))
    expected = dated_rows(session, Query("financing"))
    assert len(expected) == 18  # the curated data's dated records
    ids = [item.id for item in result.items]
    assert sorted(ids) == sorted(expected) and len(set(ids)) == len(ids)
    assert (result.dated, result.drawn, result.left_out) == (18, 18, 0)
    for item in result.items:
        date, precision = expected[item.id]
        assert item.start == date and item.precision == precision
        assert item.end == span(date, precision)[1]
    by_id = {item.id: item for item in result.items}
    october = by_id["dod-ambler-metals"]  # known to the month: the whole of October
    assert (october.start, october.end, october.days) == (dt.date(2025, 10, 1), dt.date(2025, 10, 31), 31)
    vault = by_id["exim-project-vault"]  # known to the day: that day
    assert (vault.start, vault.end, vault.days) == (dt.date(2026, 2, 2), dt.date(2026, 2, 2), 1)
    assert vault.label == "EXIM Project Vault (US strategic critical-minerals reserve)"
    assert (vault.lane, vault.stage, vault.agency, vault.amount_usd, vault.qualifier) == (
        "approved", "approved", "EXIM", 10_000_000_000, Qualifier.UP_TO)
    assert [item.start for item in result.items] == sorted(item.start for item in result.items)
    assert (result.first, result.last) == (dt.date(2025, 8, 13), dt.date(2026, 2, 4))


def test_a_year_spans_the_year_and_february_its_last_day(session):
    date_records(session, exim_reko_diq=(dt.date(2025, 1, 1), DatePrecision.YEAR),
                 exim_amaero=(dt.date(2024, 2, 1), DatePrecision.MONTH))
    by_id = {item.id: item for item in timeline(session, Query("financing")).items}
    assert (by_id["exim-reko-diq"].start, by_id["exim-reko-diq"].end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert by_id["exim-reko-diq"].days == 365
    assert (by_id["exim-amaero"].start, by_id["exim-amaero"].end) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))


def test_undated_records_are_counted_and_summed_apart(session):
    result = timeline(session, Query("financing"))
    assert result.undated == 17 and result.dated + result.undated == result.totals.records == 35
    # Undated and counted: Reko Diq and the other EXIM approvals, the letters' parts, DFC's
    # parts; not the two aggregates, whose parts are counted instead.
    assert result.undated_usd == 1_377_900_000 + 1_420_000_000 + 1_940_000_000


@pytest.mark.parametrize("include_conditional", [True, False])
@pytest.mark.parametrize("name", list(QUERIES))
def test_the_counted_items_and_the_undated_add_up_to_the_totals(session, name, include_conditional):
    query = QUERIES[name]
    result = timeline(session, query, include_conditional=include_conditional)
    expected = totals(session, query, "agency", include_conditional=include_conditional)
    assert result.totals == expected
    assert sum(item.summed_usd for item in result.items) + result.undated_usd == (expected.amount_usd or 0)
    assert result.dated + result.undated == expected.records
    assert {item.id for item in result.items} == set(dated_rows(session, query))


@pytest.mark.parametrize("name", list(QUERIES))
def test_with_a_date_on_the_aggregate_the_sums_still_agree(session, name):
    """An aggregate with a date is drawn, not counted: its parts are (the rule's own ids)."""
    date_records(session, exim_loi_total=(dt.date(2025, 1, 1), DatePrecision.YEAR),
                 exim_loi_lithium_arkansas=(dt.date(2025, 6, 1), DatePrecision.MONTH))
    query = QUERIES[name]
    for include_conditional in (True, False):
        result = timeline(session, query, include_conditional=include_conditional)
        expected = totals(session, query, "agency", include_conditional=include_conditional)
        assert sum(item.summed_usd for item in result.items) + result.undated_usd == (expected.amount_usd or 0)
        for item in result.items:
            assert item.counted == (item.id not in expected.aggregates_excluded
                                    and item.id not in expected.conditional_excluded)


def test_an_aggregate_whose_parts_are_among_the_rows_is_drawn_but_not_counted(session):
    date_records(session, exim_loi_total=(dt.date(2025, 1, 1), DatePrecision.YEAR))
    aggregate = {item.id: item for item in timeline(session, Query("financing")).items}["exim-loi-total"]
    assert aggregate.is_aggregate and not aggregate.counted and aggregate.summed_usd == 0
    assert (aggregate.start, aggregate.end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    # Without its parts among the rows it is all there is: counted.
    alone = timeline(session, Query("financing").with_ids(["exim-loi-total"]))
    assert [(item.id, item.counted) for item in alone.items] == [("exim-loi-total", True)]
    assert alone.drawn_usd == 14_800_000_000 == alone.totals.amount_usd


def test_conditional_money_left_out_is_drawn_but_not_counted(session):
    def korea_zinc(include_conditional: bool):
        result = timeline(session, Query("financing"), include_conditional=include_conditional)
        return {item.id: item for item in result.items}["dod-korea-zinc-debt-conditional"]

    assert korea_zinc(True).counted and korea_zinc(True).summed_usd == 2_400_000_000
    left_out = korea_zinc(False)
    assert not left_out.counted and left_out.qualifier is Qualifier.CONDITIONAL and left_out.summed_usd == 0


def test_a_record_without_an_amount_is_counted_not_summed(session):
    by_id = {item.id: item for item in timeline(session, financing("agency = USTR")).items}
    assert set(by_id) == {"ustr-mexico-action-plan", "ustr-ec-japan-action-plans"}
    assert all(item.counted and item.amount_usd is None and item.summed_usd == 0 for item in by_id.values())


def test_the_lanes_follow_the_vocabularies_order(session):
    by_stage = timeline(session, Query("financing"))
    assert [lane.key for lane in by_stage.lanes] == ["announced", "opportunity", "approved", "committed", "funded"]
    assert [lane.label for lane in by_stage.lanes][:2] == ["Announced", "Opportunity"]
    assert {lane.key: lane.records for lane in by_stage.lanes}["committed"] == 7
    assert all(item.lane == item.stage for item in by_stage.items)
    by_agency = timeline(session, Query("financing"), lane_by="agency")
    assert [lane.key for lane in by_agency.lanes] == ["EXIM", "DOE", "DOD", "USTR"]
    assert all(item.lane == item.agency for item in by_agency.items)
    # A value an import added comes after the curated ones.
    assert lane_order("agency", ["Commerce", "USTR", "EXIM", "DFC"]) == ["EXIM", "DFC", "USTR", "Commerce"]
    assert lane_order("stage", ["funded", "in_review", "announced"]) == ["announced", "funded", "in_review"]


def test_the_limit_keeps_the_largest_amounts_and_says_how_many_it_left_out(session):
    full = timeline(session, Query("financing"))
    kept = timeline(session, Query("financing"), limit=5)
    assert kept.drawn == 5 and kept.left_out == 13 and kept.dated == 18
    largest = sorted(full.items, key=lambda item: -(item.amount_usd or -1))[:5]
    assert {item.id for item in kept.items} == {item.id for item in largest}
    assert [item.start for item in kept.items] == sorted(item.start for item in kept.items)
    # The left-out ones are still summed: nothing goes missing from the figures.
    assert kept.drawn_usd + kept.left_out_usd + kept.undated_usd == kept.totals.amount_usd
    assert kept.lanes == full.lanes  # lanes of every dated record, drawn or not
    assert (kept.first, kept.last) == (full.first, full.last)
    none = timeline(session, Query("financing"), limit=0)
    assert none.items == () and none.left_out == 18


def test_the_limit_then_takes_records_without_an_amount_by_date(session):
    """Past the records with amounts, those without come in date order."""
    kept = timeline(session, Query("financing"), limit=17)  # 16 dated amounts, then one of the two USTR plans
    assert kept.left_out == 1
    assert "ustr-ec-japan-action-plans" in {item.id for item in kept.items}  # same date: by id


def test_nothing_dated_matches(session):
    result = timeline(session, financing("agency = DFC"))
    assert result.items == () and result.lanes == () and result.dated == 0
    assert result.undated == 7 and result.first is None
    assert result.undated_usd == result.totals.amount_usd == 1_940_000_000


def test_a_timeline_is_of_financing_records_by_a_vocabulary(session):
    with pytest.raises(QueryError):
        timeline(session, Query("agreements"))
    with pytest.raises(QueryError):
        timeline(session, Query("financing"), lane_by="recipient")


def test_a_record_is_named_as_the_notes_name_it():
    assert record_label("EXIM", "Reko Diq (Pakistan)") == "EXIM Reko Diq (Pakistan)"
    assert record_label("DFC", "DFC critical-minerals deals") == "DFC critical-minerals deals"
