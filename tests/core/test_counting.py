"""Totals: sums by group that never count an aggregate together with its parts."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forge_desktop.core.counting import NONE_LABEL, group_column_names, totals
from forge_desktop.core.filter_text import parse_filter
from forge_desktop.core.query import Query, QueryError, SortKey

GRAND_TOTAL = 20_620_900_000
BY_AGENCY = {
    "EXIM": 12_797_900_000,
    "DOD": 4_778_000_000,
    "DFC": 1_940_000_000,
    "DOE": 1_105_000_000,
    "USTR": None,
}


def financing(*filters: str) -> Query:
    return Query("financing", tuple(parse_filter(f) for f in filters))


def groups(result) -> dict:
    return {g.key: g for g in result.groups}


def test_totals_by_agency(session):
    result = totals(session, financing(), "agency")
    assert {g.key: g.amount_usd for g in result.groups} == BY_AGENCY


def test_groups_are_ordered_by_amount(session):
    result = totals(session, financing(), "agency")
    assert [g.key for g in result.groups] == ["EXIM", "DOD", "DFC", "DOE", "USTR"]


def test_grand_total_sums_parts_not_aggregates(session):
    result = totals(session, financing(), "agency")
    assert result.amount_usd == GRAND_TOTAL
    assert result.amount_usd == sum(v for v in BY_AGENCY.values() if v)


def test_aggregates_with_parts_present_are_excluded(session):
    result = totals(session, financing(), "agency")
    assert result.aggregates_excluded == ("dfc-total", "exim-loi-total")
    assert result.records == 35
    assert result.counted == 33


def test_records_without_an_amount_are_counted_not_summed(session):
    result = totals(session, financing(), "agency")
    assert result.non_monetary == 4
    ustr = groups(result)["USTR"]
    assert ustr.amount_usd is None  # not zero
    assert (ustr.records, ustr.non_monetary) == (2, 2)
    assert groups(result)["DFC"].non_monetary == 2


def test_group_record_counts(session):
    result = totals(session, financing(), "agency")
    assert {k: g.records for k, g in groups(result).items()} == {
        "EXIM": 10, "DOD": 8, "DFC": 6, "DOE": 7, "USTR": 2}


def test_leaving_out_conditional_amounts(session):
    result = totals(session, financing(), "agency", include_conditional=False)
    assert result.conditional_excluded == ("dod-korea-zinc-debt-conditional",)
    assert result.amount_usd == GRAND_TOTAL - 2_400_000_000
    assert groups(result)["DOD"].amount_usd == 4_778_000_000 - 2_400_000_000
    assert groups(result)["EXIM"].amount_usd == BY_AGENCY["EXIM"]


def test_conditional_amounts_are_included_by_default(session):
    result = totals(session, financing(), "agency")
    assert result.conditional_excluded == ()


def test_aggregate_alone_is_counted(session):
    result = totals(session, financing("agency = EXIM", "amount_usd > 10B"), "agency")
    assert result.aggregates_excluded == ()
    assert result.amount_usd == 14_800_000_000
    assert groups(result)["EXIM"].amount_usd == 14_800_000_000


def test_aggregate_selected_by_id_is_counted(session):
    result = totals(session, financing("id = exim-loi-total"), "agency")
    assert result.amount_usd == 14_800_000_000
    assert (result.records, result.counted) == (1, 1)


def test_aggregate_with_one_part_present_counts_the_part(session):
    result = totals(session, financing("id in exim-loi-total, exim-loi-lithium-arkansas"))
    assert result.aggregates_excluded == ("exim-loi-total",)
    assert result.amount_usd == 400_000_000


def test_dfc_more_than_1b_is_not_added_to_its_parts(session):
    result = totals(session, financing("agency = DFC"))
    assert result.amount_usd == 75_000_000 + 600_000_000 + 565_000_000 + 700_000_000
    assert result.aggregates_excluded == ("dfc-total",)


def test_filtered_totals_follow_the_query(session):
    result = totals(session, financing("locations = Jamaica"))
    assert result.amount_usd == 150_000_000
    assert [g.key for g in result.groups] == ["DOD"]


def test_totals_of_nothing(session):
    result = totals(session, financing("agency = DOD", "agency = DOE"))
    assert result.groups == ()
    assert result.amount_usd is None
    assert (result.records, result.counted, result.non_monetary) == (0, 0, 0)


def test_totals_follow_search(session):
    result = totals(session, Query("financing", search="korea zinc"))
    assert result.amount_usd == 1_250_000_000 + 2_400_000_000 + 150_000_000


def test_grouping_by_stage(session):
    result = groups(totals(session, financing(), "stage"))
    assert result["funded"].amount_usd == 1_250_000_000 + 75_000_000
    assert result["opportunity"].amount_usd == BY_AGENCY["DOE"]


def test_grouping_by_minerals_overlaps_but_the_total_counts_once(session):
    result = totals(session, financing(), "minerals")
    assert result.overlapping is True
    assert result.amount_usd == GRAND_TOTAL
    by_group = sum(g.amount_usd or 0 for g in result.groups)
    assert by_group > GRAND_TOTAL  # Reko Diq sits under copper and gold
    found = groups(result)
    assert found["copper"].amount_usd == 1_300_000_000  # Reko Diq; the offtake has no amount
    assert found["gold"].amount_usd == 1_300_000_000
    assert found["nickel"].amount_usd == 350_000_000 + 27_400_000
    assert found["nickel"].records == 2


def test_records_without_minerals_form_a_none_group(session):
    none = groups(totals(session, financing(), "minerals"))[None]
    assert none.label == NONE_LABEL
    assert none.amount_usd == BY_AGENCY["DOD"]
    assert none.records == 10


def test_grouping_by_locations_puts_places_under_their_country(session):
    result = totals(session, financing(), "locations")
    found = groups(result)
    assert result.overlapping is True
    assert result.amount_usd == GRAND_TOTAL
    assert found["JAM"].amount_usd == 150_000_000  # Saint Ann → Jamaica
    assert found["KOR"].amount_usd == 3_800_000_000
    assert found["USA"].records == 22
    assert "US-TN" not in found and "JM-06" not in found


def test_korea_zinc_counts_once_in_the_united_states_group(session):
    result = totals(session, financing("recipient = Korea Zinc"), "locations")
    # Each Korea Zinc line is in Korea and in Tennessee; in each group it counts once.
    assert groups(result)["USA"].amount_usd == 3_800_000_000
    assert groups(result)["KOR"].amount_usd == 3_800_000_000
    assert result.amount_usd == 3_800_000_000


def test_non_groupable_column_is_an_error_naming_the_choices(session):
    with pytest.raises(QueryError) as info:
        totals(session, financing(), "recipient")
    message = str(info.value)
    assert "'recipient'" in message
    assert "agency, instrument, stage" in message


def test_unknown_group_column_is_an_error(session):
    with pytest.raises(QueryError, match="cannot group financing by 'colour'; choose one of agency"):
        totals(session, financing(), "colour")


def test_participants_by_region_count_55(session):
    result = totals(session, Query("participants"), "region")
    assert result.records == result.counted == 55
    assert sum(g.records for g in result.groups) == 55
    assert result.amount_usd is None
    assert groups(result)["Asia"].records == 19
    assert groups(result)["Europe"].records == 17


def test_agreements_by_parties_overlap(session):
    result = totals(session, Query("agreements"), "parties")
    assert result.records == 17
    assert groups(result)["USA"].records == 16


def test_group_column_names():
    assert group_column_names("financing") == (
        "agency", "instrument", "stage", "amount_qualifier", "minerals", "locations", "origin",
        "sources", "month", "year")
    assert "region" in group_column_names("participants")
    assert "month" not in group_column_names("participants")  # participants have no date
    assert "year" in group_column_names("agreements")


EXIM_LETTERS = "EXIM Critical-minerals mining projects (letters of interest over the past year)"
DFC_DEALS = "DFC critical-minerals deals (invested and under study)"


def test_notes_say_what_the_total_means(session):
    result = totals(session, financing(), "agency", include_conditional=False)
    assert [note.text() for note in result.notes()] == [
        "aggregates counted through their listed parts, not summed: "
        f"{EXIM_LETTERS} ($14.8B, of which $1.42B listed: $13.38B not itemised), "
        f"{DFC_DEALS} (> $1B, of which $1.94B listed)",
        "records without a dollar amount, counted but not summed: 4",
        "conditional amounts left out: $2.4B (Korea Zinc)",
        "records counted: 33 of 35"]
    assert result.footnote() == "; ".join(note.text() for note in result.notes())


def test_an_aggregate_says_how_much_of_it_no_record_itemises(session):
    exim, dfc = totals(session, financing(), "agency").aggregates
    assert (exim.id, exim.amount_usd, exim.listed_usd, exim.unitemised_usd) == (
        "exim-loi-total", 14_800_000_000, 1_420_000_000, 13_380_000_000)
    # "More than $1B", and its parts list $1.94B: nothing is left unitemised.
    assert (dfc.id, dfc.qualifier, dfc.listed_usd, dfc.unitemised_usd) == (
        "dfc-total", "more_than", 1_940_000_000, None)


def test_listed_parts_are_every_part_of_the_aggregate_not_only_those_among_the_rows(session):
    result = totals(session, financing("id in exim-loi-total, exim-loi-lithium-arkansas"))
    assert result.amount_usd == 400_000_000
    (exim,) = result.aggregates
    assert (exim.listed_usd, exim.unitemised_usd) == (1_420_000_000, 13_380_000_000)


def test_an_aggregate_counted_on_its_own_has_no_note(session):
    result = totals(session, financing("id = exim-loi-total"))
    assert result.aggregates == ()
    assert "aggregates" not in result.footnote()


def test_included_conditional_money_is_said_too(session):
    result = totals(session, financing(), "agency")
    assert "conditional amounts included: $2.4B (Korea Zinc)" in result.footnote()
    assert result.conditional is not None and result.conditional.records == 1


def test_no_conditional_note_without_conditional_money(session):
    result = totals(session, financing("agency = EXIM"))
    assert result.conditional is None
    assert "conditional" not in result.footnote()


@pytest.mark.parametrize("include_conditional", [True, False])
def test_notes_name_records_never_by_their_ids(session, include_conditional):
    from forge_desktop.core.schema import Financing
    every_id = set(session.scalars(select(Financing.id)))
    for query in (financing(), financing("agency = DFC"), Query("financing", search="korea zinc")):
        text = totals(session, query, include_conditional=include_conditional).footnote()
        assert not [i for i in every_id if i in text], text


def test_notes_are_translated_through_the_function_given(session):
    result = totals(session, financing(), "agency")
    seen = []

    def translate(context, text):
        seen.append(context)
        return text.upper()

    # The note and each aggregate it lists go through the translation; names and amounts stay.
    assert result.footnote(translate).startswith(
        "AGGREGATES COUNTED THROUGH THEIR LISTED PARTS, NOT SUMMED: "
        f"{EXIM_LETTERS} ($14.8B, OF WHICH $1.42B LISTED: $13.38B NOT ITEMISED)")
    assert set(seen) == {"Totals"}


def test_a_long_list_is_cut_to_its_first_names_and_a_count():
    from forge_desktop.core.counting import _listed
    assert _listed(("a", "b", "c"), 0) == "a, b, c"
    assert _listed(("a", "b", "c"), 2) == "a, b, c (+2)"


def test_many_conditional_records_are_named_by_the_largest_and_counted(session):
    from forge_desktop.core.counting import ConditionalAmounts
    note = ConditionalAmounts(5_000_000, 5, ("A", "B", "C"), included=False).note()
    assert note.text() == "conditional amounts left out: $5M (A, B, C (+2))"


# --------------------------------------------------------------------------- a selection

def ids_at(session, query, rows):
    from forge_desktop.core.query import fetch
    everything = [r[0] for r in fetch(session, query.with_columns(["id"])).rows]
    return tuple(everything[r] for r in rows)


def test_a_selection_is_counted_by_the_same_rules(session):
    query = financing()
    rows = [0, 1, 2, 7, 8, 20]  # runs and single rows
    result = totals(session, query, positions=[(0, 2), (7, 8), (20, 20)])
    same = totals(session, query.with_ids(ids_at(session, query, rows)))
    assert (result.records, result.counted, result.amount_usd) == (
        same.records, same.counted, same.amount_usd)
    assert result.records == len(rows)
    assert result.footnote() == same.footnote()


def test_a_selection_follows_the_sort(session):
    by_amount = financing().with_sort([SortKey("amount_usd", True)])
    # The largest amount first: EXIM's letters, then Project Vault.
    assert totals(session, by_amount, positions=[(0, 0)]).amount_usd == 14_800_000_000
    assert totals(session, by_amount, positions=[(1, 1)]).amount_usd == 10_000_000_000


def test_a_selection_of_every_row_is_the_total(session):
    query = financing("agency = DOD")
    whole = totals(session, query)
    selected = totals(session, query, positions=[(0, whole.records - 1)])
    assert (selected.records, selected.amount_usd, selected.footnote()) == (
        whole.records, whole.amount_usd, whole.footnote())


def test_a_selection_of_an_aggregate_and_one_part_counts_the_part(session):
    query = financing("id in exim-loi-total, exim-loi-lithium-arkansas")
    assert totals(session, query, positions=[(0, 1)]).amount_usd == 400_000_000


def test_a_selection_of_thousands_of_separate_rows(session):
    """Every other row: 2,000 separate runs, more than one clause could list."""
    runs = [(r, r) for r in range(0, 4000, 2)]
    query = financing()
    result = totals(session, query, positions=runs)
    assert result.records == 18  # of 35 rows, the even ones
    assert result.amount_usd == totals(
        session, query.with_ids(ids_at(session, query, range(0, 35, 2)))).amount_usd


def test_an_empty_selection_counts_nothing(session):
    result = totals(session, financing(), positions=[])
    assert (result.records, result.amount_usd) == (0, None)


def test_footnote_mentions_overlap_for_list_groups(session):
    assert "several minerals" in totals(session, financing(), "minerals").footnote()


def test_stacked_segments_add_up_to_their_bar(session):
    result = totals(session, financing(), "agency", stack="stage")
    for group in result.groups:
        assert sum(s.amount_usd or 0 for s in group.segments) == (group.amount_usd or 0)
        assert sum(s.records for s in group.segments) == group.records
    dod = next(g for g in result.groups if g.key == "DOD")
    assert {s.key: s.amount_usd for s in dod.segments} == {"committed": 3_528_000_000,
                                                           "funded": 1_250_000_000}


def test_by_month_in_time_order_with_undated_last(session):
    result = totals(session, financing(), "month")
    keys = [g.key for g in result.groups]
    assert keys == ["2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-02", None]
    assert result.groups[-1].label == "(none)"
    assert sum(g.amount_usd or 0 for g in result.groups) == result.amount_usd
    december = result.groups[4]
    assert december.amount_usd == 2_400_000_000 + 1_250_000_000 + 150_000_000 + 150_000_000 + 134_000_000


def test_selections_are_counted_again_and_again_on_one_connection(engine):
    """The ids are gathered in a temporary table the connection keeps between jobs."""
    from sqlalchemy.orm import Session

    for _ in range(3):
        with Session(engine) as session:  # rolled back at the end, as the window's jobs are
            assert totals(session, financing(), positions=[(0, 1), (5, 6)]).records == 4
            assert totals(session, financing(), positions=[(3, 3)]).records == 1


@pytest.mark.parametrize("read_across", [50_000, 1])  # one pass; a read per far run
def test_runs_far_apart_are_read_each_from_where_it_starts(session, monkeypatch, read_across):
    from forge_desktop.core import counting
    monkeypatch.setattr(counting, "READ_ACROSS", read_across)
    query = financing().with_sort([SortKey("recipient")])
    rows = [1, 2, 3, 10, 20, 21, 34]
    result = totals(session, query, positions=[(1, 3), (10, 10), (20, 21), (34, 34)])
    same = totals(session, query.with_ids(ids_at(session, query, rows)))
    assert (result.records, result.amount_usd) == (len(rows), same.amount_usd)


def test_overlapping_runs_count_each_row_once(session):
    query = financing()
    result = totals(session, query, positions=[(5, 9), (0, 6), (8, 8)])
    same = totals(session, query.with_ids(ids_at(session, query, range(10))))
    assert (result.records, result.amount_usd) == (10, same.amount_usd)
