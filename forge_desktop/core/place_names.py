"""Places in Russian: pycountry's own translations of ISO 3166 (its bundled gettext
catalogues, nothing downloaded), for the places the curated data names in English only and
for the countries an import adds, so a Russian reader sees "Чили", ``--search чили`` finds
Chile and an import may write "Чили" or "Республика Корея".

The curated ``name_ru`` wins where given (the source's own spelling); this fills the rest.
"""

from __future__ import annotations

import gettext
from functools import cache

import pycountry

from .text import fold


@cache
def _catalogue(domain: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=["ru"], fallback=True)


def _russian(domain: str, english: str | None) -> str | None:
    if not english:
        return None
    text = _catalogue(domain).gettext(english)
    return text if text != english else None


def russian_name(code: str) -> str | None:
    """The Russian name of a country (alpha-3 or alpha-2) or a subdivision (ISO 3166-2):
    its common name where pycountry has one ("Южная Корея" is not it: the short official
    "Республика Корея" reads as the curated data does), else its name; None if unknown."""
    if "-" in code:
        subdivision = pycountry.subdivisions.get(code=code)  # type: ignore[no-untyped-call]
        return _russian("iso3166-2", subdivision.name) if subdivision else None
    country = (pycountry.countries.get(alpha_3=code) if len(code) == 3
               else pycountry.countries.get(alpha_2=code))
    return _russian("iso3166-1", country.name) if country else None


@cache
def countries_by_russian_name() -> dict[str, str]:
    """fold(Russian name) → alpha-3, for every country's name, official and common name."""
    found: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            russian = _russian("iso3166-1", getattr(country, attribute, None))
            if russian:
                found.setdefault(fold(russian), country.alpha_3)
    return found


def country_from_russian(text: str) -> str | None:
    """The alpha-3 code of the country *text* names in Russian ("Чили" → CHL), or None."""
    return countries_by_russian_name().get(fold(text))
