"""The text form of filters and sort keys: ``amount_usd > 100e6``, ``-amount_usd,recipient``."""

from __future__ import annotations

import pytest

from forge_desktop.core.filter_text import parse_condition, parse_filter, parse_sort
from forge_desktop.core.query import AnyOf, Condition, Op, QueryError, SortKey

# --------------------------------------------------------------------------- operators


@pytest.mark.parametrize(
    ("text", "op", "value"),
    [
        ("amount_usd = 10B", Op.EQ, "10B"),
        ("amount_usd != 10B", Op.NE, "10B"),
        ("amount_usd < 100M", Op.LT, "100M"),
        ("amount_usd <= 100M", Op.LE, "100M"),
        ("amount_usd > 100e6", Op.GT, "100e6"),
        ("amount_usd >= 100e6", Op.GE, "100e6"),
    ],
)
def test_comparison_operators(text, op, value):
    assert parse_condition(text) == Condition("amount_usd", op, value)


@pytest.mark.parametrize(
    "text", ["amount_usd>100e6", "amount_usd  >  100e6", "  amount_usd > 100e6  "])
def test_spaces_around_the_operator_do_not_matter(text):
    assert parse_condition(text) == Condition("amount_usd", Op.GT, "100e6")


def test_two_character_operators_are_not_read_as_one_character():
    assert parse_condition("amount_usd>=5").op is Op.GE
    assert parse_condition("amount_usd<=5").op is Op.LE
    assert parse_condition("amount_usd!=5").op is Op.NE


def test_contains():
    assert parse_condition("recipient contains zinc") == Condition("recipient", Op.CONTAINS, "zinc")


def test_startswith():
    assert parse_condition("recipient startswith Korea") == Condition(
        "recipient", Op.STARTSWITH, "Korea")


def test_word_operators_ignore_case():
    assert parse_condition("recipient CONTAINS zinc").op is Op.CONTAINS
    assert parse_condition("notes Empty").op is Op.EMPTY


def test_in_splits_on_commas():
    assert parse_condition("agency in EXIM, DFC") == Condition("agency", Op.IN, ("EXIM", "DFC"))


def test_in_ignores_spaces_and_a_trailing_comma():
    assert parse_condition("agency in EXIM,DFC ,DOE,").value == ("EXIM", "DFC", "DOE")


def test_between_takes_two_values():
    assert parse_condition("date between 2025-10 and 2025-12") == Condition(
        "date", Op.BETWEEN, ("2025-10", "2025-12"))


def test_between_and_is_case_insensitive():
    assert parse_condition("date BETWEEN 2025-10 AND 2025-12").value == ("2025-10", "2025-12")


def test_empty_has_no_value():
    assert parse_condition("cofinancing_usd empty") == Condition("cofinancing_usd", Op.EMPTY, None)


def test_notempty_has_no_value():
    assert parse_condition("cofinancing_usd notempty") == Condition(
        "cofinancing_usd", Op.NOTEMPTY, None)


def test_value_keeps_inner_spaces():
    assert parse_condition("recipient = Korea Zinc").value == "Korea Zinc"


def test_value_with_cyrillic_text():
    assert parse_condition("name_ru = Монголия").value == "Монголия"


def test_apostrophe_inside_a_word_is_not_a_quote():
    assert parse_condition("summary contains it's").value == "it's"


# --------------------------------------------------------------------------- quoting


def test_double_quotes_keep_a_comma_in_an_equals_value():
    assert parse_condition('recipient = "Korea, Zinc"').value == "Korea, Zinc"


def test_quotes_keep_a_comma_inside_an_in_list():
    assert parse_condition('recipient in "Saint Ann, Jamaica", Atalco').value == (
        "Saint Ann, Jamaica", "Atalco")


def test_single_quotes_keep_or_inside_a_value():
    assert parse_filter("recipient = 'this or that'") == Condition(
        "recipient", Op.EQ, "this or that")


def test_quotes_keep_and_inside_a_value():
    assert parse_filter('title = "US and them"') == Condition("title", Op.EQ, "US and them")


def test_quoted_between_bounds_are_unquoted():
    assert parse_condition('date between "2025-10" and "2025-12"').value == ("2025-10", "2025-12")


# --------------------------------------------------------------------------- OR groups


def test_or_joins_conditions_into_one_group():
    assert parse_filter("stage = funded or agency = DFC") == AnyOf((
        Condition("stage", Op.EQ, "funded"),
        Condition("agency", Op.EQ, "DFC"),
    ))


def test_or_is_case_insensitive_and_can_repeat():
    parsed = parse_filter("stage = funded OR agency = DFC or agency = DOE")
    assert isinstance(parsed, AnyOf)
    assert [c.value for c in parsed.conditions] == ["funded", "DFC", "DOE"]


def test_quoted_or_stays_in_the_value_while_a_bare_or_splits():
    assert parse_filter('recipient = "x or y" or agency = DOD') == AnyOf((
        Condition("recipient", Op.EQ, "x or y"),
        Condition("agency", Op.EQ, "DOD"),
    ))


def test_or_inside_a_word_does_not_split():
    assert parse_filter("recipient = Orion") == Condition("recipient", Op.EQ, "Orion")


def test_single_condition_is_not_wrapped_in_a_group():
    assert isinstance(parse_filter("agency = DOD"), Condition)


def test_filters_print_back_as_typed():
    text = "amount_usd > 100e6 or date between 2025-10 and 2025-12"
    assert str(parse_filter(text)) == text


@pytest.mark.parametrize("condition", [
    Condition("agency", Op.EQ, "Science or Tech"),
    Condition("agency", Op.IN, ("Dept, of Commerce", "DOE")),
    Condition("recipient", Op.CONTAINS, "Rock and Roll"),
    Condition("recipient", Op.EQ, "O'Brien"),
    Condition("recipient", Op.EQ, '"quoted"'),
    Condition("recipient", Op.BETWEEN, ("a, b", "c")),
])
def test_a_value_with_a_separator_prints_quoted_and_reads_back_the_same(condition):
    # Saved filters and chart chips are kept as text: what prints must parse back equal.
    assert parse_filter(str(condition)) == condition


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize("text", ["agency =", "agency in", "recipient contains   "])
def test_missing_value_is_an_error(text):
    with pytest.raises(QueryError, match="value is missing"):
        parse_condition(text)


def test_value_given_to_empty_is_an_error():
    with pytest.raises(QueryError, match="takes no value"):
        parse_condition("cofinancing_usd empty 5")


def test_value_given_to_notempty_is_an_error():
    with pytest.raises(QueryError, match="takes no value"):
        parse_condition("cofinancing_usd notempty yes")


@pytest.mark.parametrize("text", ["amount_usd ~ 5", "amount_usd like 5", "agency", "= DOD",
                                  "1col = x", ""])
def test_unknown_operator_or_shape_is_an_error_listing_the_operators(text):
    with pytest.raises(QueryError) as info:
        parse_condition(text)
    message = str(info.value)
    assert "cannot read filter" in message
    assert "contains startswith in between empty notempty" in message


@pytest.mark.parametrize("text", ['recipient = "abc', "recipient = 'abc", 'recipient in "A, B'])
def test_unterminated_quote_is_an_error(text):
    with pytest.raises(QueryError, match="unterminated quote"):
        parse_filter(text)


@pytest.mark.parametrize("text", ["date between 2025", "date between 2025 and",
                                  "amount_usd between 1 and 2 and 3"])
def test_between_needs_exactly_two_values(text):
    with pytest.raises(QueryError, match="between needs two values"):
        parse_condition(text)


@pytest.mark.parametrize(("text", "reason"), [
    ("amount_usd >", "a value is missing"),
    ("date between 2025", "between needs two values: A and B"),
])
def test_an_error_about_one_column_says_which_and_why_apart(text, reason):
    """The window words it with the column's label ("Amount (USD): a value is missing");
    the message stays as the command line writes the column."""
    with pytest.raises(QueryError) as info:
        parse_condition(text)
    column = text.split()[0]
    assert (info.value.column, info.value.reason) == (column, reason)
    assert str(info.value).startswith(column)


def test_the_text_form_stays_the_machine_form():
    """The command line and the saved settings read it back: names, not labels."""
    assert str(parse_filter("stage = funded or agency = DFC")) == "stage = funded or agency = DFC"
    assert str(Condition("locations", Op.EQ, "KOR")) == "locations = KOR"
    assert str(Condition("amount_usd", Op.GT, "100M")) == "amount_usd > 100M"


def test_a_bad_condition_inside_an_or_group_is_an_error():
    with pytest.raises(QueryError):
        parse_filter("agency = DOD or nonsense")


# --------------------------------------------------------------------------- sort keys


def test_sort_keys_with_direction():
    assert parse_sort("-amount_usd,recipient") == (
        SortKey("amount_usd", descending=True), SortKey("recipient", descending=False))


def test_sort_keys_ignore_spaces_and_a_leading_plus():
    assert parse_sort(" agency , +date, -amount_usd ") == (
        SortKey("agency"), SortKey("date"), SortKey("amount_usd", True))


@pytest.mark.parametrize("text", ["", " , ", ","])
def test_empty_sort_is_no_keys(text):
    assert parse_sort(text) == ()


def test_sort_key_prints_with_its_direction():
    assert [str(k) for k in parse_sort("-amount_usd,recipient")] == ["-amount_usd", "recipient"]
