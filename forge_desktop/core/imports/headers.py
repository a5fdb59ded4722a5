"""Which column each header names: our own names and labels, or what analysts call them,
ignoring case, spaces and punctuation."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..columns import TableSpec
from ..text import fold


def _header_key(text: object) -> str:
    return re.sub(r"[^0-9a-zа-я]+", "", fold(str(text or "")))


# Other names analysts use for our columns.
ALIASES = {
    "financing": {"amount": "amount_usd", "usd": "amount_usd", "value": "amount_usd",
                  "recipient": "recipient", "programme": "recipient", "program": "recipient",
                  "project": "recipient", "company": "recipient", "cofinancing": "cofinancing_usd",
                  "qualifier": "amount_qualifier", "mineral": "minerals", "location": "locations",
                  "country": "locations", "parent": "parent_id", "agreement": "agreement_id",
                  "organisation": "organisation_id", "organization": "organisation_id",
                  "quote": "quote_ru"},
    "participants": {"country": "name", "iso": "iso3", "role": "roles", "quote": "quote_ru",
                     "organisation": "organisation_id"},
    "agreements": {"party": "parties", "name": "title", "quote": "quote_ru"},
}
IGNORED = {"origin", "source"}  # our own export's provenance columns: recomputed on import


def map_headers(spec: TableSpec, headers: Sequence[str],
                overrides: dict[str, str | None] | None = None) -> dict[str, str | None]:
    """Header → column name, forgiving case, spaces and punctuation; None when unknown."""
    known: dict[str, str] = {}
    for column in spec.columns:
        known[_header_key(column.name)] = column.name
        known[_header_key(column.label)] = column.name
    for alias, name in ALIASES[spec.name].items():
        known.setdefault(_header_key(alias), name)
    mapping: dict[str, str | None] = {}
    for header in headers:
        header = str(header)
        if overrides and header in overrides:
            mapping[header] = overrides[header]
        else:
            mapping[header] = known.get(_header_key(header))
    return mapping
