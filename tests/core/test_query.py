"""The query object against the curated database: filters, search, sort, windows, errors."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text

from forge_desktop.core.filter_text import parse_filter, parse_sort
from forge_desktop.core.query import (
    AnyOf,
    Condition,
    Op,
    Query,
    QueryError,
    SortKey,
    count,
    fetch,
    known_terms,
    order_by,
    select_rows,
    stream,
    validate,
    value_names,
)
from forge_desktop.core.schema import Agreement, Financing, Participant

ALL_FINANCING = 35
DOD = {
    "dod-ambler-metals", "dod-alcoa-sojitz", "dod-vulcan-elements", "dod-reelement",
    "dod-korea-zinc-debt-funded", "dod-korea-zinc-debt-conditional", "dod-korea-zinc-financing",
    "dod-atalco",
}
DFC = {
    "dfc-total", "dfc-ukraine", "dfc-orion-cmc", "dfc-brazil-rare-earths",
    "dfc-kazakhstan-tungsten", "dfc-copper-offtake-jv", "dfc-gulf-partnership",
}
KOREA_ZINC = {"dod-korea-zinc-debt-funded", "dod-korea-zinc-debt-conditional",
              "dod-korea-zinc-financing"}
NON_MONETARY = {"dfc-copper-offtake-jv", "dfc-gulf-partnership", "ustr-mexico-action-plan",
                "ustr-ec-japan-action-plans"}
IN_THE_US = {
    "exim-project-vault", "exim-loi-rare-earths-us", "exim-loi-lithium-arkansas",
    "exim-6k-additive", "exim-amaero", "exim-empire-state-mines", "exim-iperionx",
    "doe-rare-earth-demonstration-facility", "doe-mine-of-the-future",
    "doe-critical-minerals-accelerator", "doe-battery-materials-grants", "doe-rocks",
    "doe-magnito", "doe-trace-ga", "dod-ambler-metals", "dod-vulcan-elements", "dod-reelement",
    "dod-korea-zinc-debt-funded", "dod-korea-zinc-debt-conditional", "dod-korea-zinc-financing",
    "dod-atalco", "dfc-copper-offtake-jv",
}


def ids(session, table: str, *filters: str, search: str = "") -> set[str]:
    query = Query(table, tuple(parse_filter(f) for f in filters), search, columns=("id",))
    return {row[0] for row in fetch(session, query).rows}


def all_ids(session, table: str = "financing") -> set[str]:
    return ids(session, table)


def column(session, query: Query, name: str) -> list:
    return [row[0] for row in fetch(session, query.with_columns([name])).rows]


# --------------------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("amount_usd = 10B", {"exim-project-vault"}),
        ("amount_usd = $10,000,000,000", {"exim-project-vault"}),
        ("amount_usd > 10B", {"exim-loi-total"}),
        ("amount_usd >= 10B", {"exim-loi-total", "exim-project-vault"}),
        ("amount_usd < 11.1M", {"doe-trace-ga"}),
        ("amount_usd <= 11.1M", {"doe-trace-ga", "exim-iperionx"}),
        ("amount_usd in 1.3B, 27.4M", {"exim-reko-diq", "exim-6k-additive"}),
        ("amount_usd between 100M and 150M",
         {"doe-rare-earth-demonstration-facility", "dod-atalco", "dod-korea-zinc-financing"}),
        ("amount_usd empty", NON_MONETARY),
        ("cofinancing_usd = 2,4 млрд", {"dod-korea-zinc-debt-funded"}),
    ],
)
def test_money_operators(session, expr, expected):
    assert ids(session, "financing", expr) == expected


def test_money_notempty_is_every_monetary_record(session):
    assert ids(session, "financing", "amount_usd notempty") == all_ids(session) - NON_MONETARY


def test_money_not_equal_includes_records_without_an_amount(session):
    result = ids(session, "financing", "amount_usd != 10B")
    assert len(result) == ALL_FINANCING - 1
    assert result >= NON_MONETARY
    assert "exim-project-vault" not in result


def test_money_between_with_bounds_reversed_is_an_error(session):
    with pytest.raises(QueryError, match="larger than the second"):
        ids(session, "financing", "amount_usd between 1B and 1M")


def test_number_column_compares_numerically(session):
    assert ids(session, "financing", "quantity > 100000") == {"dfc-copper-offtake-jv"}
    assert ids(session, "financing", "quantity = 150000") == {"dfc-copper-offtake-jv"}


# --------------------------------------------------------------------------- dates

DEC_2025 = KOREA_ZINC | {"dod-atalco", "doe-rare-earth-demonstration-facility"}
AUG_2025 = {"doe-critical-minerals-accelerator", "doe-battery-materials-grants", "doe-rocks",
            "doe-magnito"}
IN_2026 = {"exim-project-vault", "ustr-mexico-action-plan", "ustr-ec-japan-action-plans"}


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("date between 2025-10 and 2025-11",
         {"dod-ambler-metals", "dod-alcoa-sojitz", "dod-vulcan-elements", "dod-reelement",
          "doe-mine-of-the-future"}),
        ("date = 2025-12", DEC_2025),
        ("date = Dec 2025", DEC_2025),
        ("date = 2026", IN_2026),
        ("date = 4 Feb 2026", {"ustr-mexico-action-plan", "ustr-ec-japan-action-plans"}),
        ("date < 2025-09", AUG_2025),
        ("date <= 2025-08", AUG_2025),
        ("date > 2025-12", IN_2026),
        ("date >= 2025-12", DEC_2025 | IN_2026),
        ("date in 2025-08, 2025-09", AUG_2025 | {"doe-trace-ga"}),
    ],
)
def test_date_operators_compare_against_whole_periods(session, expr, expected):
    assert ids(session, "financing", expr) == expected


def test_date_empty_and_notempty_split_the_table(session):
    empty = ids(session, "financing", "date empty")
    dated = ids(session, "financing", "date notempty")
    assert "exim-loi-total" in empty and "dfc-orion-cmc" in empty
    assert len(dated) == 18
    assert empty | dated == all_ids(session) and not empty & dated


def test_date_not_equal_includes_undated_records(session):
    result = ids(session, "financing", "date != 2025")
    assert result == ids(session, "financing", "date empty") | IN_2026


def test_agreement_dates_filter_too(session):
    assert ids(session, "agreements", "date = 2026-02-03") == {"glencore-orion-mou"}
    assert ids(session, "agreements", "date empty") == {
        "bilateral-prior-five-months", "bilateral-negotiations-concluded",
        "us-drc-strategic-partnership"}


# --------------------------------------------------------------------------- text


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("recipient = korea zinc", KOREA_ZINC),
        ("recipient = KOREA ZINC", KOREA_ZINC),
        ("recipient contains ZINC", KOREA_ZINC),
        ("recipient startswith korea", KOREA_ZINC),
        ("recipient in 'Korea Zinc', atalco", KOREA_ZINC | {"dod-atalco"}),
        ("recipient_ru notempty", {"exim-project-vault", "doe-mine-of-the-future"}),
        ("recipient_ru contains ХРАНИЛИЩЕ", {"exim-project-vault"}),
    ],
)
def test_text_operators_ignore_case(session, expr, expected):
    assert ids(session, "financing", expr) == expected


def test_text_empty_is_the_complement_of_notempty(session):
    assert ids(session, "financing", "recipient_ru empty") == all_ids(session) - {
        "exim-project-vault", "doe-mine-of-the-future"}


def test_text_not_equal_includes_empty_values(session):
    assert ids(session, "financing", "recipient_ru != x") == all_ids(session)
    assert ids(session, "financing", "recipient != korea zinc") == all_ids(session) - KOREA_ZINC


def test_russian_names_match_in_any_case(session):
    assert ids(session, "participants", "name_ru = МОНГОЛИЯ") == {"mongolia"}
    assert ids(session, "participants", "name_ru startswith монг") == {"mongolia"}


def test_text_startswith_matches_only_the_beginning(session):
    assert ids(session, "financing", "recipient startswith zinc") == set()


# --------------------------------------------------------------------------- categories


@pytest.mark.parametrize("value", ["DOD", "dod", "Dod"])
def test_category_equals_ignores_case(session, value):
    assert ids(session, "financing", f"agency = {value}") == DOD


def test_category_not_equal(session):
    assert ids(session, "financing", "agency != dod") == all_ids(session) - DOD


def test_category_in(session):
    exim_and_dfc = ids(session, "financing", "agency in exim, DFC")
    assert len(exim_and_dfc) == 18
    assert exim_and_dfc >= DFC and not DOD & exim_and_dfc


def test_category_value_may_be_written_with_spaces(session):
    assert ids(session, "financing", "stage = Letter of interest") == {
        "exim-loi-total", "exim-loi-rare-earths-us", "exim-loi-lithium-arkansas",
        "exim-loi-cobalt-nickel-australia", "exim-loi-tin-uk-australia"}


def test_category_contains_matches_part_of_a_value(session):
    assert ids(session, "financing", "stage contains intent") == {"dfc-kazakhstan-tungsten"}
    assert len(ids(session, "financing", "agency contains ex")) == 11


def test_category_startswith(session):
    assert ids(session, "financing", "stage startswith letter") == ids(
        session, "financing", "stage in letter_of_interest, letter_of_intent")


def test_category_not_equal_includes_empty_values(session):
    result = ids(session, "financing", "amount_qualifier != exact")
    assert result >= NON_MONETARY
    assert result == NON_MONETARY | {"exim-project-vault", "dfc-kazakhstan-tungsten",
                                     "dod-korea-zinc-debt-conditional", "dfc-total"}


def test_category_without_fixed_choices_ignores_case(session):
    asia = ids(session, "participants", "region = Asia")
    assert len(asia) == 19 and "mongolia" in asia
    assert ids(session, "participants", "region = asia") == asia
    assert ids(session, "participants", "region in ASIA, oceania") == asia | {
        "australia", "new-zealand", "cook-islands"}


def test_category_empty_and_notempty(session):
    assert ids(session, "financing", "amount_qualifier empty") == NON_MONETARY
    assert ids(session, "participants", "kind notempty") == all_ids(session, "participants")


def test_participant_kind_separates_the_commission(session):
    assert ids(session, "participants", "kind = organisation") == {"european-commission"}
    assert len(ids(session, "participants", "kind = country")) == 54


# --------------------------------------------------------------------------- booleans


@pytest.mark.parametrize("value", ["true", "yes", "1", "да"])
def test_bool_equals(session, value):
    assert ids(session, "financing", f"is_aggregate = {value}") == {"exim-loi-total", "dfc-total"}


def test_bool_not_equal(session):
    assert ids(session, "financing", "is_aggregate != true") == all_ids(session) - {
        "exim-loi-total", "dfc-total"}


def test_bool_false(session):
    assert len(ids(session, "financing", "is_aggregate = false")) == ALL_FINANCING - 2


# --------------------------------------------------------------------------- list columns


@pytest.mark.parametrize("value", ["lithium", "LITHIUM", "литий"])
def test_mineral_equals_by_id_name_or_russian(session, value):
    assert ids(session, "financing", f"minerals = {value}") == {"exim-loi-lithium-arkansas"}


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("minerals contains rare", {"exim-loi-rare-earths-us", "dfc-brazil-rare-earths",
                                    "doe-rare-earth-demonstration-facility"}),
        ("minerals startswith cob", {"exim-loi-cobalt-nickel-australia"}),
        ("minerals in copper, gold", {"exim-reko-diq", "dfc-copper-offtake-jv"}),
        ("minerals = Gold", {"exim-reko-diq"}),
    ],
)
def test_mineral_operators(session, expr, expected):
    assert ids(session, "financing", expr) == expected


def test_minerals_equals_is_a_whole_value_not_a_fragment(session):
    assert ids(session, "financing", "minerals = cop") == set()


def test_minerals_empty_and_notempty(session):
    empty = ids(session, "financing", "minerals empty")
    assert empty == DOD | {"ustr-mexico-action-plan", "ustr-ec-japan-action-plans"}
    assert ids(session, "financing", "minerals notempty") == all_ids(session) - empty


def test_minerals_not_equal_includes_records_without_minerals(session):
    result = ids(session, "financing", "minerals != copper")
    assert result == all_ids(session) - {"exim-reko-diq", "dfc-copper-offtake-jv"}
    assert result >= DOD


def test_location_country_matches_its_subdivisions(session):
    assert ids(session, "financing", "locations = Jamaica") == {"dod-atalco"}


@pytest.mark.parametrize("value", ["United States", "united states", "USA", "US",
                                   "Соединенные Штаты"])
def test_location_united_states_matches_us_states(session, value):
    result = ids(session, "financing", f"locations = {value}")
    assert result == IN_THE_US
    assert {"exim-loi-lithium-arkansas", "dod-ambler-metals", "exim-iperionx"} <= result


def test_location_subdivision_matches_only_itself(session):
    assert ids(session, "financing", "locations = Tennessee") == KOREA_ZINC | {"exim-amaero"}


def test_location_not_equal_includes_records_without_locations(session):
    result = ids(session, "financing", "locations != United States")
    assert result == all_ids(session) - IN_THE_US
    assert {"exim-loi-total", "dfc-total"} <= result


def test_location_operators(session):
    assert ids(session, "financing", "locations startswith saint") == {"dod-atalco"}
    assert ids(session, "financing", "locations in jamaica, pakistan") == {
        "dod-atalco", "exim-reko-diq"}
    assert ids(session, "financing", "locations = Republic of Korea") == KOREA_ZINC
    assert ids(session, "financing", "locations = kor") == KOREA_ZINC
    assert ids(session, "financing", "locations empty") == {"exim-loi-total", "dfc-total"}


def test_roles_filter_participants(session):
    signed = ids(session, "participants", "roles = bilateral_signed")
    assert len(signed) == 11 and {"argentina", "uzbekistan", "united-kingdom"} <= signed
    assert ids(session, "participants", "roles in forge_chair, forge_joined") == {
        "mongolia", "south-korea"}
    assert ids(session, "participants", "roles = FORGE chair") == {"south-korea"}


def test_roles_not_equal_and_empty(session):
    assert ids(session, "participants", "roles != attended") == set()
    assert ids(session, "participants", "roles empty") == set()
    assert len(ids(session, "participants", "roles != forge_chair")) == 54


def test_parties_filter_agreements(session):
    assert ids(session, "agreements", "parties = Mexico") == {"ustr-mexico-action-plan"}
    assert ids(session, "agreements", "parties contains orion") == {"glencore-orion-mou"}
    assert ids(session, "agreements", "parties = European Commission") == {
        "ustr-ec-japan-action-plans"}
    assert len(ids(session, "agreements", "parties = United States")) == 16
    assert ids(session, "agreements", "parties != United States") == {"glencore-orion-mou"}


def test_list_values_come_back_as_sorted_lists(session):
    query = Query("financing", ids=("dod-atalco", "exim-reko-diq"),
                  columns=("id", "minerals", "locations"), sort=(SortKey("id"),))
    assert fetch(session, query).rows == [
        ("dod-atalco", [], ["Louisiana", "Saint Ann, Jamaica"]),
        ("exim-reko-diq", ["Copper", "Gold"], ["Pakistan"]),
    ]


# --------------------------------------------------------------------------- AND / OR


def test_filters_are_anded(session):
    assert ids(session, "financing", "agency = DOD", "amount_usd > 100M") == KOREA_ZINC | {
        "dod-vulcan-elements", "dod-atalco"}


def test_three_filters_narrow_to_one(session):
    assert ids(session, "financing", "agency = DOD", "amount_usd > 100M",
               "locations = Jamaica") == {"dod-atalco"}


def test_or_group_is_a_union(session):
    assert ids(session, "financing", "stage = funded or agency = DFC") == DFC | {
        "dod-korea-zinc-debt-funded"}


def test_or_group_anded_with_another_filter(session):
    assert ids(session, "financing", "agency = DOE or agency = USTR", "date = 2026") == {
        "ustr-mexico-action-plan", "ustr-ec-japan-action-plans"}


def test_or_group_built_directly(session):
    group = AnyOf((Condition("minerals", Op.EQ, "tin"), Condition("locations", Op.EQ, "Brazil")))
    query = Query("financing", (group,), columns=("id",))
    assert {r[0] for r in fetch(session, query).rows} == {
        "exim-loi-tin-uk-australia", "dfc-brazil-rare-earths"}


def test_empty_or_group_filters_nothing_out(session):
    assert count(session, Query("financing", (AnyOf(()),))) == ALL_FINANCING


def test_contradictory_filters_match_nothing(session):
    assert ids(session, "financing", "agency = DOD", "agency = DOE") == set()


# --------------------------------------------------------------------------- search


@pytest.mark.parametrize("text", ["Монголия", "МОНГОЛИЯ", "монголия", "mongolia", "MONGOLIA"])
def test_search_finds_mongolia_in_russian_or_english_any_case(session, text):
    assert ids(session, "participants", search=text) == {"mongolia"}


@pytest.mark.parametrize("text", ["хранилище", "ХРАНИЛИЩЕ", "Project Vault"])
def test_search_finds_project_vault(session, text):
    assert ids(session, "financing", search=text) == {"exim-project-vault"}


def test_search_words_must_all_match(session):
    assert ids(session, "financing", search="korea zinc") == KOREA_ZINC
    assert ids(session, "financing", search="korea xylophone") == set()


def test_search_combines_with_filters(session):
    assert ids(session, "financing", "stage = funded", search="korea zinc") == {
        "dod-korea-zinc-debt-funded"}


def test_blank_search_matches_everything(session):
    assert ids(session, "financing", search="   ") == all_ids(session)


def test_search_wildcards_are_literal(session):
    assert ids(session, "financing", search="%") == set()
    assert ids(session, "financing", search="_") == set()


# --------------------------------------------------------------------------- sorting


def sorted_rows(session, sort: str, columns=("id", "agency", "amount_usd")):
    query = Query("financing", sort=parse_sort(sort), columns=columns)
    return fetch(session, query).rows


def test_sort_by_agency_then_amount_descending(session):
    rows = sorted_rows(session, "agency,-amount_usd")
    agencies = [r[1] for r in rows]
    assert agencies == sorted(agencies)
    dfc = [(r[0], r[2]) for r in rows if r[1] == "DFC"]
    assert dfc == [
        ("dfc-total", 1_000_000_000),
        ("dfc-kazakhstan-tungsten", 700_000_000),
        ("dfc-orion-cmc", 600_000_000),
        ("dfc-brazil-rare-earths", 565_000_000),
        ("dfc-ukraine", 75_000_000),
        ("dfc-gulf-partnership", None),  # ties follow the last key's direction: id descending
        ("dfc-copper-offtake-jv", None),
    ]
    for agency in set(agencies):
        amounts = [r[2] for r in rows if r[1] == agency and r[2] is not None]
        assert amounts == sorted(amounts, reverse=True)


def test_empty_amounts_sort_last_going_up_and_going_down(session):
    """A blank amount is not the smallest one: the figures come first either way."""
    up = [r[2] for r in sorted_rows(session, "amount_usd")]
    assert up[-4:] == [None] * 4 and None not in up[:-4]
    assert up[:-4] == sorted(up[:-4])
    down = [r[2] for r in sorted_rows(session, "-amount_usd")]
    assert down[-4:] == [None] * 4 and None not in down[:-4]
    assert down[:-4] == sorted(down[:-4], reverse=True)


def test_ascending_amount_starts_with_the_smallest_amount(session):
    rows = sorted_rows(session, "amount_usd")
    assert rows[0] == ("doe-trace-ga", "DOE", 6_000_000)


@pytest.mark.parametrize("sort", ["amount_usd", "-amount_usd", "agency", "-date"])
@pytest.mark.sqlite_only("SQLite's query plan")
def test_a_sort_with_empty_values_last_still_reads_its_index(engine, sort):
    """NULLS LAST does not cost the index: SQLite walks it past the empty values and then
    the empty ones, so a page far down a million rows is no sort of the table."""
    key = parse_sort(sort)[0]
    query = Query("financing", sort=(key,))
    window = select(Financing.id).order_by(*order_by(query)).offset(1000).limit(200)
    with engine.connect() as connection:
        plan = " / ".join(row[-1] for row in connection.execute(
            text("EXPLAIN QUERY PLAN " + str(window.compile(
                engine, compile_kwargs={"literal_binds": True})))))
    assert f"USING COVERING INDEX ix_financing_{key.column}_id" in plan
    assert "TEMP B-TREE" not in plan


def test_ties_are_broken_by_id_in_the_direction_of_the_last_key(session):
    down = [r[0] for r in sorted_rows(session, "-amount_usd") if r[2] == 150_000_000]
    assert down == ["dod-korea-zinc-financing", "dod-atalco"]
    up = [r[0] for r in sorted_rows(session, "amount_usd") if r[2] == 150_000_000]
    assert up == ["dod-atalco", "dod-korea-zinc-financing"]


def test_default_sort_is_amount_descending(session):
    rows = fetch(session, Query("financing", columns=("id", "amount_usd"))).rows
    assert rows[0] == ("exim-loi-total", 14_800_000_000)
    assert rows[1] == ("exim-project-vault", 10_000_000_000)


def test_sort_by_date_puts_undated_last(session):
    rows = sorted_rows(session, "-date", columns=("id", "date"))
    dates = [r[1] for r in rows]
    assert dates[0] == dt.date(2026, 2, 4)
    assert dates[-17:] == [None] * 17


def test_sort_by_list_column_puts_empty_lists_last_going_up(session):
    rows = sorted_rows(session, "minerals", columns=("id", "minerals"))
    assert [r[1] for r in rows[-10:]] == [[]] * 10
    assert rows[0] == ("doe-battery-materials-grants", ["Battery materials (unspecified)"])


def test_sort_by_text_descending(session):
    names = column(session, Query("participants", sort=(SortKey("name", True),)), "name")
    assert names[0] == "Zambia"
    assert names == sorted(names, reverse=True)


# --------------------------------------------------------------------------- ids, windows


def test_ids_select_exactly_those_records(session):
    query = Query("financing", ids=("dod-atalco", "exim-reko-diq", "no-such-id"), columns=("id",))
    assert {r[0] for r in fetch(session, query).rows} == {"dod-atalco", "exim-reko-diq"}


def test_empty_id_selection_is_no_rows(session):
    assert count(session, Query("financing", ids=())) == 0


def test_ids_combine_with_filters(session):
    query = Query("financing", (parse_filter("agency = DOD"),),
                  ids=("dod-atalco", "exim-reko-diq"), columns=("id",))
    assert [r[0] for r in fetch(session, query).rows] == ["dod-atalco"]


def test_windows_concatenate_to_the_full_result(session):
    query = Query("financing", sort=parse_sort("agency,-amount_usd"))
    full = fetch(session, query).rows
    pages = []
    for offset in range(0, ALL_FINANCING + 10, 10):
        pages.extend(fetch(session, query, offset=offset, limit=10).rows)
    assert len(full) == ALL_FINANCING
    assert pages == full


def test_window_past_the_end_is_empty(session):
    assert fetch(session, Query("financing"), offset=100, limit=10).rows == []


def test_window_with_offset_and_no_limit_runs_to_the_end(session):
    query = Query("financing", columns=("id",))
    assert fetch(session, query, offset=30).rows == fetch(session, query).rows[30:]


def test_count(session):
    assert count(session, Query("financing")) == ALL_FINANCING
    assert count(session, Query("participants")) == 55
    assert count(session, Query("agreements")) == 17
    assert count(session, Query("financing", (parse_filter("agency = DOD"),))) == 8


def test_count_agrees_with_fetch(session):
    query = Query("financing", (parse_filter("amount_usd > 100M"),), search="dod")
    assert count(session, query) == len(fetch(session, query).rows) > 0


def test_stream_yields_the_fetched_rows(session):
    query = Query("financing", sort=parse_sort("-date,recipient"))
    assert list(stream(session, query, batch=7)) == fetch(session, query).rows


def test_columns_choose_and_order_the_output(session):
    query = Query("participants", ids=("mongolia",), columns=("name_ru", "iso3", "roles"))
    result = fetch(session, query)
    assert [c.name for c in result.columns] == ["name_ru", "iso3", "roles"]
    assert result.rows == [("Монголия", "MNG", ["attended", "forge_joined"])]


def test_values_have_python_types(session):
    query = Query("financing", ids=("exim-project-vault",))
    row = dict(zip([c.name for c in query.output_columns], fetch(session, query).rows[0],
                   strict=True))
    assert row["amount_usd"] == 10_000_000_000 and type(row["amount_usd"]) is int
    assert row["date"] == dt.date(2026, 2, 2)
    assert row["is_aggregate"] is False
    assert row["agency"] == "EXIM" and type(row["agency"]) is str
    assert row["minerals"] == ["Critical minerals (unspecified)"]


def test_query_is_immutable_and_updates_return_copies():
    base = Query("financing")
    narrowed = base.adding(parse_filter("agency = DOD")).with_search("zinc")
    assert base.filters == () and base.search == ""
    assert len(narrowed.filters) == 1 and narrowed.search == "zinc"
    with pytest.raises(AttributeError):
        base.table = "participants"


# --------------------------------------------------------------------------- errors


def test_unknown_table_names_the_tables():
    with pytest.raises(QueryError) as info:
        validate(Query("money"))
    assert "'money'" in str(info.value)
    assert "participants, agreements, financing" in str(info.value)


def test_unknown_filter_column_names_the_columns():
    with pytest.raises(QueryError) as info:
        validate(Query("financing", (parse_filter("amount = 5"),)))
    message = str(info.value)
    assert "'amount'" in message
    assert "amount_usd" in message and "cofinancing_usd" in message and "locations" in message


def test_unknown_sort_column_is_an_error():
    with pytest.raises(QueryError, match="unknown column 'size'"):
        validate(Query("financing", sort=(SortKey("size"),)))


def test_unknown_output_column_is_an_error():
    with pytest.raises(QueryError, match="unknown column 'nope' in participants"):
        validate(Query("participants", columns=("id", "nope")))


@pytest.mark.parametrize(
    ("expr", "allowed"),
    [
        ("amount_usd contains 5", "= != < <= > >= in between empty notempty"),
        ("is_aggregate > true", "= !="),
        ("minerals > copper", "= != contains startswith in empty notempty"),
        ("recipient between a and b", "= != contains startswith in empty notempty"),
    ],
)
def test_operator_that_does_not_fit_the_kind_names_the_valid_ones(expr, allowed):
    with pytest.raises(QueryError) as info:
        validate(Query("financing", (parse_filter(expr),)))
    assert "does not apply" in str(info.value)
    assert str(info.value).endswith(f"use one of: {allowed}")


@pytest.mark.parametrize(
    ("expr", "name", "hint"),
    [
        ("amount_usd > lots", "amount_usd", "27.4M"),
        ("date = someday", "date", "2025-10"),
        ("is_aggregate = maybe", "is_aggregate", "true or false"),
        ("quantity > many", "quantity", "not a number"),
        ("amount_qualifier = roughly", "amount_qualifier", "exact, up_to"),
    ],
)
def test_value_that_does_not_fit_the_column_says_what_would(expr, name, hint):
    with pytest.raises(QueryError) as info:
        validate(Query("financing", (parse_filter(expr),)))
    assert name in str(info.value)
    assert hint in str(info.value)


@pytest.mark.parametrize(
    ("expr", "rows", "hint"),
    [
        ("agency = NASA", 0, "unknown agency 'NASA'; choose one of EXIM, DOE, DOD, DFC, USTR"),
        ("stage in funded, dreaming", 2, "unknown stage 'dreaming'; choose one of announced, opp"),
        ("instrument != bitcoin", 35, "unknown instrument 'bitcoin'; choose one of direct_loan"),
        ("agency = USTR or stage = dreaming", 2, "unknown stage 'dreaming'"),
    ],
)
def test_a_value_no_record_can_hold_is_refused_given_the_databases_terms(session, expr, rows,
                                                                         hint):
    query = Query("financing", (parse_filter(expr),))
    validate(query)  # an agency an import may add compiles without the database's terms…
    assert count(session, query) == rows
    with pytest.raises(QueryError) as info:  # …and with them, a typo is named
        validate(query, known_terms(session))
    assert str(info.value).startswith(hint)


def test_known_terms_lists_curated_values_in_their_order(session):
    terms = known_terms(session)
    assert list(terms["agency"].values()) == ["EXIM", "DOE", "DOD", "DFC", "USTR"]
    assert terms["stage"]["letter_of_interest"] == "letter_of_interest"
    assert next(iter(terms["stage"])) == "announced"
    validate(Query("financing", (parse_filter("stage = Letter of interest"),
                                 parse_filter("agency contains EX"))), terms)


def test_condition_without_a_value_is_an_error():
    with pytest.raises(QueryError, match="value is missing"):
        validate(Query("financing", (Condition("agency", Op.EQ, ""),)))


def test_errors_surface_before_touching_the_database():
    # select_rows compiles without a session: a bad query fails there, not mid-fetch.
    with pytest.raises(QueryError):
        select_rows(Query("financing", (parse_filter("amount_usd > lots"),)))


@pytest.mark.parametrize(
    ("expr", "value", "reason", "choices"),
    [
        ("amount_usd > lots", "lots", "'lots' is not an amount of money", ()),
        ("amount_usd between 5B and 1B", None,
         "the first value is larger than the second, so nothing can match", ()),
        ("amount_qualifier = roughly", "roughly", None,
         ("exact", "up_to", "more_than", "conditional")),
        ("stage in funded, dreaming", "dreaming", None, ("announced", "opportunity")),
    ],
)
def test_an_error_about_a_value_carries_its_column_value_and_why(session, expr, value, reason,
                                                                 choices):
    """So the window can say it in labels and names; the message stays the command line's."""
    with pytest.raises(QueryError) as info:
        validate(Query("financing", (parse_filter(expr),)), known_terms(session))
    error = info.value
    assert error.column == expr.split()[0] and error.value == value
    assert (error.reason or "").startswith(reason or "")
    assert error.choices[:len(choices)] == choices and bool(error.choices) == bool(choices)
    assert str(error).startswith(("unknown " if choices else "") + expr.split()[0])


def test_value_names_name_what_list_filters_match_as_the_cells_show_it(session):
    names = value_names(session)
    assert names["locations"]["kor"] == "Republic of Korea"
    assert names["locations"]["south korea"] == "Republic of Korea"  # an alias
    assert names["locations"]["usa"] == "United States"  # not a state that lies in it
    assert names["locations"]["us-tn"] == "Tennessee"
    assert names["parties"]["european-commission"] == "European Commission"
    assert names["minerals"]["литий"] == "Lithium"
    assert names["roles"]["forge chair"] == "forge_chair"  # the cells show the id, worded


# --------------------------------------------------------------------------- SQL safety

INJECTION = "'; DROP TABLE financing; --"


def test_sql_text_in_a_value_is_data(session):
    query = Query("financing", (Condition("recipient", Op.EQ, INJECTION),))
    assert fetch(session, query).rows == []
    assert session.scalar(select(func.count()).select_from(Financing)) == ALL_FINANCING
    assert session.scalar(select(func.count()).select_from(Participant)) == 55
    assert session.scalar(select(func.count()).select_from(Agreement)) == 17


def test_sql_text_through_the_filter_parser_is_data(session):
    assert ids(session, "financing", f'recipient contains "{INJECTION}"') == set()
    assert ids(session, "financing", search=INJECTION) == set()
    assert count(session, Query("financing")) == ALL_FINANCING


def test_sql_text_in_a_list_filter_is_data(session):
    assert ids(session, "financing", f'minerals = "{INJECTION}"') == set()
    assert count(session, Query("financing")) == ALL_FINANCING


def test_like_wildcards_match_literally(session):
    assert ids(session, "financing", "recipient contains %") == set()
    assert ids(session, "financing", "recipient contains _") == set()
    # Only values with a real underscore: letter_of_interest and letter_of_intent.
    assert len(ids(session, "financing", "stage contains _")) == 6


def test_percent_and_underscore_find_a_literal_record(session):
    session.add(Financing(
        id="test-literal", agency="DOE", recipient="100% Zinc_Co", instrument="nofo",
        stage="opportunity", summary="A test record.", quote_ru="Тест.",
        search_text="100% zinc_co"))
    session.flush()
    assert ids(session, "financing", "recipient contains 0%") == {"test-literal"}
    assert ids(session, "financing", "recipient contains c_c") == {"test-literal"}
    assert ids(session, "financing", "recipient contains c%c") == set()
    assert ids(session, "financing", search="zinc_co") == {"test-literal"}
    session.rollback()


def test_compiled_sql_binds_values_instead_of_inlining_them(engine):
    query = Query("financing", (Condition("recipient", Op.EQ, INJECTION),), search="vault")
    compiled = select_rows(query).compile(dialect=engine.dialect)
    sql = str(compiled)
    assert "DROP TABLE" not in sql.upper()
    assert "vault" not in sql
    assert any("drop table" in str(v) for v in compiled.params.values())


def test_compiled_sql_binds_list_filter_values(engine):
    query = Query("financing", (Condition("minerals", Op.EQ, "lithium"),
                                Condition("amount_usd", Op.GT, "123456789")))
    compiled = select_rows(query).compile(dialect=engine.dialect)
    assert "lithium" not in str(compiled)
    assert "123456789" not in str(compiled)
    assert 123_456_789 in compiled.params.values()


def test_key_columns_compare_exactly_so_the_index_answers(engine, session):
    query = Query("financing", (Condition("id", Op.EQ, "dod-atalco"),))
    sql = str(select_rows(query).compile(engine))
    assert "forge_fold" not in sql
    assert [r[0] for r in fetch(session, query.with_columns(["id"])).rows] == ["dod-atalco"]
    parts = Query("financing", (Condition("parent_id", Op.EQ, "exim-loi-total"),))
    assert count(session, parts) == 4
