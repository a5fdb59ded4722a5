"""A row's source: the cells that name the document its record rests on (source_url,
source_title, source_publisher, source_date, source_kind, source_language) and the passage of
it that supports the record (quote, quote_lang).

Checked without writing. A URL the database holds is that source, whatever else the row says
of it (as :func:`~forge_desktop.core.sources.source_for` decides when the import is applied);
any other source is new and is noted in the plan, keyed by its URL (or, without one, by its
title, publisher and date) so that the rows naming it share one new source. A row that names
no source rests on its file, as before."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..schema import Source, SourceKind
from ..sources import SourceError, SourceFields, check_language, check_url
from ..values import ValueParseError, parse_date
from .cells import _choice, _short
from .records import _fold

if TYPE_CHECKING:  # the plan collects what rows find
    from .records import _Row

Link = dict[str, Any]  # a record's link to a source, in the dataset record format

QUOTE_NEEDS_SOURCE = "a quote needs its source (source_url or source_title)"
# The URLs of a file repeat (many rows, one release): each checked once (a bad one raises
# again for every row that names it).
_check_url = functools.lru_cache(maxsize=4_096)(check_url)
# The columns that describe a source (not the passage): given alone, they describe nothing.
_DESCRIBING = ("source_publisher", "source_date", "source_kind", "source_language")


@dataclass
class NewSource:
    """A source the database does not hold yet: added (origin imported, at the import's
    time) when the import is applied, once however many rows name it."""

    key: str  # its URL, or "title:" and its folded title, publisher and date
    fields: SourceFields  # as the first row naming it gives it
    rows: list[int] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.fields.title or ""


class HeldSources:
    """The sources the database holds, by URL: read once, when a row first names a URL."""

    def __init__(self, session: Session):
        self.session = session
        self._by_url: dict[str, tuple[str, str, str]] | None = None  # url → (id, title, language)

    def by_url(self, url: str) -> tuple[str, str, str] | None:
        if self._by_url is None:
            self._by_url = {u: (i, t, lang) for i, u, t, lang in self.session.execute(
                select(Source.id, Source.url, Source.title, Source.language)
                .where(Source.url.is_not(None))) if u is not None}
        return self._by_url.get(url)


def _words(text: str | None) -> str | None:
    return " ".join(text.split()) if text else None


def _message(exc: SourceError) -> str:
    return str(exc).removeprefix(f"{exc.field}: ")


def _language(row: _Row, column: str) -> str | None:
    """The cell's ISO 639-1 code (an error if it is none), or None when it is empty."""
    text = row.text(column)
    if text is None:
        return None
    try:
        return check_language(text)
    except SourceError as exc:
        row.error(column, _message(exc))
        return None


def row_source(row: _Row, held: HeldSources) -> Link | None:
    """The link to the source *row* names, its quote with it; None when it names none (or
    when a cell is wrong: the row then has the error, named by its column). A new source
    goes to the plan's ``new_sources``, and the link carries its key as ``new_source``
    (its ``source`` is None until the import is applied)."""
    plan = row.plan
    url_text, title = row.text("source_url"), _words(row.text("source_title"))
    quote = _words(row.text("quote"))
    quote_lang = _language(row, "quote_lang")
    if url_text is None and title is None:
        if quote:
            row.error("quote", QUOTE_NEEDS_SOURCE)
        for column in _DESCRIBING:
            if row.text(column) is not None:
                row.error(column, "describes a source the row does not name: give its "
                                  "source_url or source_title")
        return None
    url = None
    if url_text is not None:
        try:
            url = _check_url(url_text)
        except SourceError as exc:
            row.error("source_url", _message(exc))
    fields = _described(row, url, title, quote_lang)
    if fields is None or (url_text is not None and url is None):
        return None
    found = held.by_url(url) if url else None
    if found is not None:
        source_id, held_title, language = found
        plan.source_titles[source_id] = held_title
        if title and _fold(title) != _fold(held_title):
            row.warn("source_title", f"{url} is in the database as {_short(held_title, 60)}: "
                                     "that source is used as it is")
        return {"source": source_id, "quote": quote,
                "quote_lang": (quote_lang or language) if quote else None, "quote_en": None}
    new = _new_source(row, fields)
    if new is None:
        return None
    return {"source": None, "new_source": new.key, "quote": quote,
            "quote_lang": (quote_lang or fields.language or "und") if quote else None,
            "quote_en": None}


def _described(row: _Row, url: str | None, title: str | None,
               quote_lang: str | None) -> SourceFields | None:
    """The source as the row describes it, each cell checked (whatever the database holds:
    a date no calendar has is an error even on a known URL); None after an error."""
    published = row.text("source_date")
    if published is not None:
        try:
            published = str(parse_date(published))
        except ValueParseError as exc:
            row.error("source_date", str(exc))
            published = None
    kind = row.text("source_kind")
    if kind is not None:
        try:
            kind = _choice(kind, [k.value for k in SourceKind], "source kind")
        except ValueParseError as exc:
            row.error("source_kind", str(exc))
    language = _language(row, "source_language")
    if row.failed:
        return None
    return SourceFields(url=url, title=title, publisher=_words(row.text("source_publisher")),
                        published=published, language=language or quote_lang, kind=kind)


def _new_source(row: _Row, fields: SourceFields) -> NewSource | None:
    """The new source *fields* describe, noted in the plan (shared with the rows before
    that named it); None, with the row's error, when it cannot be added (no title)."""
    url, title = fields.url, fields.title
    key = url or "title:" + "|".join(_fold(t or "") for t in (title, fields.publisher,
                                                            fields.published))
    plan = row.plan
    new = plan.new_sources.get(key)  # a URL an earlier row named: that row describes it
    if new is None and not title:
        row.error("source_title", "a new source needs a title" + (
            f" ({url} is not in the database yet)" if url else ""))
        return None
    if new is None:
        new = plan.new_sources[key] = NewSource(key, fields)
    elif title and _fold(title) != _fold(new.title):
        row.warn("source_title", f"{url} is titled {_short(new.title, 60)} on row {new.rows[0]}: "
                                 "the first row's source is used")
    new.rows.append(row.number)
    return new
