"""Money, numbers and dates as people read them, in the interface's locale: babel's own
Russian ("до 10 млрд $", "окт. 2025 г."), the words translated by the function the Qt layer
passes in; the command line's English unchanged."""

from __future__ import annotations

import datetime as dt

import pytest

from forge_desktop.core import formatting
from forge_desktop.core.place_names import country_from_russian, russian_name

RUSSIAN = {"up to {}": "до {}", "{} (cond.)": "{} (усл.)", "Letter of interest": "Письмо о заинтересованности",
           "yes": "да"}


def russian(context: str, text: str) -> str:
    assert context == formatting.CONTEXT
    return RUSSIAN.get(text, text)


@pytest.fixture
def in_russian():
    formatting.use_locale("ru_RU", russian)
    yield
    formatting.use_locale(formatting.DEFAULT_LOCALE)


def test_english_is_the_house_style():
    assert formatting.active_locale() == "en_US"
    assert formatting.money(10_000_000_000, "up_to") == "up to $10B"
    assert formatting.money(2_400_000_000, "conditional") == "$2.4B (cond.)"
    assert formatting.money(1_000_000_000, "more_than") == "> $1B"
    assert formatting.money_full(10_000_000_000) == "$10,000,000,000"
    assert formatting.date_text(dt.date(2026, 2, 4)) == "4 Feb 2026"
    assert formatting.date_text(dt.date(2025, 10, 1), "month") == "Oct 2025"
    assert formatting.date_text(dt.date(2025, 1, 1), "year") == "2025"
    assert formatting.number(1250) == "1,250"
    assert formatting.label("letter_of_interest") == "Letter of interest"
    assert formatting.yes_no(False) == "no"


def plain(text: str) -> str:
    """babel's no-break spaces (a thin one before "г.") as the spaces a reader sees."""
    return text.replace("\N{NO-BREAK SPACE}", " ").replace("\N{NARROW NO-BREAK SPACE}", " ")


def test_russian_money_numbers_dates_and_words(in_russian):
    assert plain(formatting.money(10_000_000_000, "up_to")) == "до 10 млрд $"
    assert plain(formatting.money(2_400_000_000, "conditional")) == "2,4 млрд $ (усл.)"
    assert plain(formatting.money_full(10_000_000_000)) == "10 000 000 000 $"
    assert plain(formatting.date_text(dt.date(2025, 10, 1), "month")) == "окт. 2025 г."
    assert plain(formatting.date_text(dt.date(2026, 2, 4))) == "4 февр. 2026 г."
    assert formatting.month_name(dt.date(2025, 8, 1)) == "авг."
    assert plain(formatting.number(1250)) == "1 250"
    assert formatting.label("letter_of_interest") == "Письмо о заинтересованности"
    assert formatting.label("Dept of Commerce") == "Dept of Commerce"  # an imported value keeps its words
    assert formatting.yes_no(True) == "да"


def test_an_unknown_locale_keeps_the_default():
    assert formatting.use_locale("xx_NOPE") == "en_US"
    assert formatting.money(27_400_000) == "$27.4M"


def test_places_have_russian_names_from_pycountry():
    assert russian_name("CHL") == "Чили"
    assert russian_name("KOR") == "Республика Корея"
    assert russian_name("US-TN") == "Теннесси"
    assert russian_name("XXX") is None and russian_name("US-XX") is None
    assert country_from_russian("чили") == "CHL"
    assert country_from_russian("Южная Корея") == country_from_russian("Республика Корея") == "KOR"
    assert country_from_russian("Атлантида") is None


def test_curated_places_without_a_russian_name_get_pycountrys(session):
    from sqlalchemy import select

    from forge_desktop.core.schema import Location

    names = dict(session.execute(select(Location.code, Location.name_ru)).all())
    assert names["USA"] == "Соединенные Штаты"  # the curated spelling wins
    assert all(names[code] for code in names if code.isalpha() and len(code) == 3 and russian_name(code))
