"""Totals: sums by group that never count an aggregate together with its parts."""

from __future__ import annotations

import pytest

from forge_desktop.core.counting import NONE_LABEL, group_column_names, totals
from forge_desktop.core.filter_text import parse_filter
from forge_desktop.core.query import Query, QueryError

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
        "month")
    assert "region" in group_column_names("participants")
    assert "month" not in group_column_names("participants")  # participants have no date


def test_notes_say_what_the_total_means(session):
    result = totals(session, financing(), "agency", include_conditional=False)
    assert [note.text() for note in result.notes()] == [
        "aggregates counted through their parts, not summed: dfc-total, exim-loi-total",
        "records without a dollar amount, counted but not summed: 4",
        "conditional amounts left out: dod-korea-zinc-debt-conditional",
        "records counted: 33 of 35"]
    assert result.footnote() == "; ".join(note.text() for note in result.notes())


def test_notes_are_translated_through_the_function_given(session):
    result = totals(session, financing(), "agency")
    seen = []

    def translate(context, text):
        seen.append(context)
        return text.upper()

    assert result.footnote(translate).startswith("AGGREGATES COUNTED THROUGH THEIR PARTS, NOT "
                                                 "SUMMED: dfc-total")
    assert set(seen) == {"Totals"}


def test_a_long_list_of_ids_is_cut_to_three_and_a_count():
    from forge_desktop.core.counting import _listed
    assert _listed(("a", "b", "c")) == "a, b, c"
    assert _listed(("a", "b", "c", "d", "e")) == "a, b, c (+2)"


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
