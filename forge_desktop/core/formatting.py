"""How values read for people: money with its qualifier, dates by their precision, labels.

Raw values stay raw everywhere else (sorting, export); this module only turns them into
text. Money is formatted with babel, compact ("$27.4M") or in full ("$27,400,000").
"""

from __future__ import annotations

import datetime as dt
import re

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.numbers import format_compact_currency, format_currency, format_decimal

from .schema import DatePrecision, Qualifier
from .text import QT_TRANSLATE_NOOP, Translate, untranslated

CONTEXT = "formatting"  # the translation context of the words below
DEFAULT_LOCALE = "en_US"

_QUALIFIED = {
    Qualifier.EXACT: "{}",
    Qualifier.UP_TO: QT_TRANSLATE_NOOP("formatting", "up to {}"),
    Qualifier.MORE_THAN: QT_TRANSLATE_NOOP("formatting", "> {}"),
    Qualifier.CONDITIONAL: QT_TRANSLATE_NOOP("formatting", "{} (cond.)"),
}

# English keeps the house style "4 Feb 2026" (babel's en_US would write "Feb 4, 2026");
# other languages take their own from babel ("4 февр. 2026 г.").
_ENGLISH_DAY = "d MMM y"


class _Active:
    """The interface's locale and its translation, set once at start by the Qt layer
    (:func:`use_locale`); the command line keeps the defaults: English, en_US."""

    locale = DEFAULT_LOCALE
    translate: Translate = staticmethod(untranslated)
    full_pattern = "¤#,##0"


def use_locale(name: str, translate: Translate | None = None) -> str:
    """Format money, numbers and dates for locale *name* (``ru_RU``), translating the words
    ("up to", the values' labels) with *translate*. An unknown locale keeps the default.
    Returns the locale in use."""
    try:
        locale = Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        locale = Locale.parse(DEFAULT_LOCALE)
    _Active.locale = str(locale)
    _Active.translate = staticmethod(translate or untranslated)
    pattern = locale.currency_formats["standard"].pattern.split(";")[0]
    _Active.full_pattern = re.sub(r"\.0+", "", pattern)  # whole dollars: the data has no cents
    return _Active.locale


def active_locale() -> str:
    return _Active.locale


def interface_translate(context: str, text: str) -> str:
    """*text* in the interface's language (the one :func:`use_locale` was given), for core
    code that reads back what the interface wrote: an export's headers "as on screen"."""
    return _Active.translate(context, text)


def _english() -> bool:
    return _Active.locale.startswith("en")


def money(amount: int | float | None, qualifier: str | None = None) -> str:
    """``$10B``, ``up to $10B``, ``> $1B`` (``до 10 млрд $`` in Russian); empty for no amount."""
    if amount is None:
        return ""
    text = format_compact_currency(amount, "USD", locale=_Active.locale, fraction_digits=2)
    if qualifier:
        text = _Active.translate(CONTEXT, _QUALIFIED.get(Qualifier(qualifier), "{}")).format(text)
    return text


def money_full(amount: int | float | None) -> str:
    """``$10,000,000,000`` (``10 000 000 000 $``): every dollar, no cents."""
    if amount is None:
        return ""
    return format_currency(amount, "USD", locale=_Active.locale, format=_Active.full_pattern,
                           currency_digits=False)


def number(value: int | float | None) -> str:
    """A count or a quantity as the locale writes it: ``1,250`` (``1 250``)."""
    if value is None:
        return ""
    return format_decimal(value, locale=_Active.locale)


def date_text(value: dt.date | None, precision: str | None = None) -> str:
    """``4 Feb 2026``, ``Oct 2025`` or ``2025`` (``окт. 2025 г.``), as precise as the record is."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year}"
    if precision == DatePrecision.MONTH:
        return format_skeleton("yMMM", value, locale=_Active.locale)
    if _english():
        return format_date(value, _ENGLISH_DAY, locale=_Active.locale)
    return format_skeleton("yMMMd", value, locale=_Active.locale)


def day_month(value: dt.date) -> str:
    """A day without its year, as an axis tick says it: ``4 Feb`` (``4 февр.``)."""
    if _english():
        return format_date(value, "d MMM", locale=_Active.locale)
    return format_skeleton("MMMd", value, locale=_Active.locale)


def yes_no(value: bool) -> str:
    return _Active.translate(CONTEXT, _YES if value else _NO)


_YES, _NO = QT_TRANSLATE_NOOP("formatting", "yes"), QT_TRANSLATE_NOOP("formatting", "no")


def month_name(value: dt.date) -> str:
    """The month alone, abbreviated, as an axis tick says it: ``Oct`` (``окт.``)."""
    return format_skeleton("MMM", value, locale=_Active.locale)


# Every value of the vocabularies, as the interface labels it (translated in CONTEXT).
_LABELS = {
    "bilateral_framework_mou": QT_TRANSLATE_NOOP("formatting", "Bilateral framework / MOU"),
    "action_plan": QT_TRANSLATE_NOOP("formatting", "Action plan"),
    "strategic_partnership": QT_TRANSLATE_NOOP("formatting", "Strategic partnership"),
    "memorandum": QT_TRANSLATE_NOOP("formatting", "Memorandum"),
    "signed": QT_TRANSLATE_NOOP("formatting", "Signed"),
    "negotiations_concluded": QT_TRANSLATE_NOOP("formatting", "Negotiations concluded"),
    "in_force": QT_TRANSLATE_NOOP("formatting", "In force"),
    "announced": QT_TRANSLATE_NOOP("formatting", "Announced"),
    "intended": QT_TRANSLATE_NOOP("formatting", "Intended"),
    "day": QT_TRANSLATE_NOOP("formatting", "Day"),
    "month": QT_TRANSLATE_NOOP("formatting", "Month"),
    "year": QT_TRANSLATE_NOOP("formatting", "Year"),
    "direct_loan": QT_TRANSLATE_NOOP("formatting", "Direct loan"),
    "debt": QT_TRANSLATE_NOOP("formatting", "Debt"),
    "equity": QT_TRANSLATE_NOOP("formatting", "Equity"),
    "investment": QT_TRANSLATE_NOOP("formatting", "Investment"),
    "financing": QT_TRANSLATE_NOOP("formatting", "Financing"),
    "letter_of_interest": QT_TRANSLATE_NOOP("formatting", "Letter of interest"),
    "letter_of_intent": QT_TRANSLATE_NOOP("formatting", "Letter of intent"),
    "nofo": QT_TRANSLATE_NOOP("formatting", "NOFO"),
    "noi": QT_TRANSLATE_NOOP("formatting", "NOI"),
    "pia": QT_TRANSLATE_NOOP("formatting", "PIA"),
    "joint_venture": QT_TRANSLATE_NOOP("formatting", "Joint venture"),
    "partnership": QT_TRANSLATE_NOOP("formatting", "Partnership"),
    "country": QT_TRANSLATE_NOOP("formatting", "Country"),
    "subdivision": QT_TRANSLATE_NOOP("formatting", "Subdivision"),
    "region": QT_TRANSLATE_NOOP("formatting", "Region"),
    "curated": QT_TRANSLATE_NOOP("formatting", "Curated"),
    "imported": QT_TRANSLATE_NOOP("formatting", "Imported"),
    "entered": QT_TRANSLATE_NOOP("formatting", "Entered"),
    "edited": QT_TRANSLATE_NOOP("formatting", "Edited"),
    "organisation": QT_TRANSLATE_NOOP("formatting", "Organisation"),
    "exact": QT_TRANSLATE_NOOP("formatting", "Exact"),
    "up_to": QT_TRANSLATE_NOOP("formatting", "Up to"),
    "more_than": QT_TRANSLATE_NOOP("formatting", "More than"),
    "conditional": QT_TRANSLATE_NOOP("formatting", "Conditional"),
    "attended": QT_TRANSLATE_NOOP("formatting", "Attended"),
    "bilateral_signed": QT_TRANSLATE_NOOP("formatting", "Bilateral signed"),
    "forge_chair": QT_TRANSLATE_NOOP("formatting", "FORGE chair"),
    "forge_joined": QT_TRANSLATE_NOOP("formatting", "Joined FORGE"),
    "action_plan_partner": QT_TRANSLATE_NOOP("formatting", "Action plan partner"),
    "action_plan_intended": QT_TRANSLATE_NOOP("formatting", "Action plan intended"),
    "official": QT_TRANSLATE_NOOP("formatting", "Official"),
    "press": QT_TRANSLATE_NOOP("formatting", "Press"),
    "filing": QT_TRANSLATE_NOOP("formatting", "Filing"),
    "other": QT_TRANSLATE_NOOP("formatting", "Other"),
    "opportunity": QT_TRANSLATE_NOOP("formatting", "Opportunity"),
    "negotiating": QT_TRANSLATE_NOOP("formatting", "Negotiating"),
    "approved": QT_TRANSLATE_NOOP("formatting", "Approved"),
    "committed": QT_TRANSLATE_NOOP("formatting", "Committed"),
    "funded": QT_TRANSLATE_NOOP("formatting", "Funded"),
}


def label(value: object) -> str:
    """A readable label for an enumeration value: ``letter_of_interest`` → ``Letter of interest``."""
    if value is None:
        return ""
    text = str(getattr(value, "value", value))
    if text in _LABELS:
        return _Active.translate(CONTEXT, _LABELS[text])
    if text.isupper():  # codes: EXIM, USTR
        return text
    text = text.replace("_", " ")
    return text[:1].upper() + text[1:]  # an imported "Dept of Commerce" keeps its capitals
