"""Which column each header names: our own names and labels, or what analysts call them,
ignoring case, spaces and punctuation.

An export is headed by field names (``amount_usd``) or by the labels the window shows
(``Amount (USD)``, or ``Сумма (USD)`` in Russian): each reads back. The labels in English
always match; in another language they match when the caller passes the translate function
that worded them (the core cannot ask Qt for the translation itself).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import formatting
from ..columns import TableSpec
from ..text import Translate, fold


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
# Our own export's provenance columns: recomputed on import. (An export's "sources" cell
# words each source for a reader, "Title — Publisher, date, URL: “quote”": it cannot be read
# back for sure, so a re-imported record rests on its file, as any file's records do.)
IGNORED = {"origin", "source", "sources"}

# The columns that name a record's source and the passage it rests on (see .row_sources),
# with the other names a header may give them. One row gives one source.
SOURCE_HEADERS: dict[str, tuple[str, ...]] = {
    "source_url": ("Source URL", "URL", "link", "source link"),
    "source_title": ("Source title", "source name"),
    "source_publisher": ("Source publisher", "publisher"),
    "source_date": ("Source date", "published", "source published", "publication date"),
    "source_kind": ("Source kind", "source type"),
    "source_language": ("Source language",),
    "quote": ("Quote", "passage", "excerpt"),
    "quote_lang": ("Quote language", "quote lang", "quote_language"),
}


def map_headers(spec: TableSpec, headers: Sequence[str],
                overrides: dict[str, str | None] | None = None, *,
                sources: bool = False, translate: Translate | None = None) -> dict[str, str | None]:
    """Header → column name, forgiving case, spaces and punctuation; None when unknown.
    A header may be a column's field name, its English label or its label as *translate*
    words it (default: the interface's language, so the window reads back the Russian
    headers its own export wrote; the command line's is English).
    With *sources*, a header may also name a source column (:data:`SOURCE_HEADERS`): a
    plain "quote" is then the source's passage, not the Russian quote (quote_ru)."""
    translate = translate or formatting.interface_translate
    known: dict[str, str] = {}
    for column in spec.columns:
        known[_header_key(column.name)] = column.name
        known[_header_key(column.label)] = column.name
    for column in spec.columns:  # after every English name and label: those win a clash
        known.setdefault(_header_key(translate("columns", column.label)), column.name)
    if sources:
        for name, others in SOURCE_HEADERS.items():
            for header in (name, *others):
                known.setdefault(_header_key(header), name)
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
