"""An export with its sources: a ``sources`` column citing each record's sources with the
passage each supports, the tally of the sources the exported records rest on (a workbook's
Sources sheet) and the version of the data the export was taken at.

The column holds, per format:

* JSON: a list of objects, one per source, in the record's order (its main source first):
  ``{id, title, publisher, url, published, kind, language, quote, quote_lang, quote_en}``,
  ``published`` as precise as it is known (``2026``, ``2026-02`` or ``2026-02-04``).
* CSV and XLSX: one cell, each source as ``Title — Publisher, date, URL: “quote” (lang)``,
  joined by :data:`CITATION_JOINER` (`` | ``).

A CSV cannot say which version of the data it holds without a line that is not a row (our
import, and every other reader, would take it for one); a JSON export is a list of records,
so neither carries it. A workbook does, on its Sources sheet and in its document properties.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import null, select
from sqlalchemy.orm import Session

from .. import changes, formatting
from ..columns import ColumnSpec, Kind, ScalarColumn
from ..query import Query, column_spec, record_spec
from ..schema import SOURCE_LINKS, DatePrecision, RecordModel, Source
from ..text import QT_TRANSLATE_NOOP, Translate, untranslated
from ..values import PartialDate

SOURCES_FIELD = "sources"
# Citations in one cell are joined by " | ", not by line breaks. LibreOffice opens a CSV
# without growing a row to fit a cell's lines: it shows a cell's last line only, so a record's
# main source (its first) would be hidden behind the others. On one line, the main source
# reads first and the rest follow as the cell runs on. A row stays a line, too, for grep and
# head; the XLSX cell says the same as the CSV's.
CITATION_JOINER = " | "
BATCH = 500  # records whose links are read in one query

# The column the export adds (or puts in place of the table's list of source titles).
SOURCES_COLUMN = ScalarColumn(SOURCES_FIELD, QT_TRANSLATE_NOOP("columns", "Sources"), Kind.TEXT,
                              null())

AS_OF = QT_TRANSLATE_NOOP("exports", "Data as of change {0}, {1} UTC")
AS_SHIPPED = QT_TRANSLATE_NOOP("exports", "Data as shipped: nothing has been changed")

# The Sources sheet: its field names, and their labels (those of the sources table).
SHEET_FIELDS = ("id", "citation", "title", "publisher", "published", "kind", "language", "url",
                "records")
SHEET_LABELS = (QT_TRANSLATE_NOOP("columns", "ID"), QT_TRANSLATE_NOOP("columns", "Source"),
                QT_TRANSLATE_NOOP("columns", "Title"), QT_TRANSLATE_NOOP("columns", "Publisher"),
                QT_TRANSLATE_NOOP("columns", "Published"), QT_TRANSLATE_NOOP("columns", "Kind"),
                QT_TRANSLATE_NOOP("columns", "Language"), QT_TRANSLATE_NOOP("columns", "URL"),
                QT_TRANSLATE_NOOP("columns", "Records"))


@dataclass(frozen=True)
class CitedSource:
    id: str
    title: str
    publisher: str | None
    url: str | None
    published: PartialDate | None
    kind: str
    language: str

    def reference(self) -> str:
        """The source as a reference list gives it: ``Publisher (date). Title. URL``."""
        date = formatting.date_text(self.published.start, self.published.precision) \
            if self.published else ""
        head = " ".join(p for p in (self.publisher, f"({date})" if date else "") if p)
        return " ".join(p for p in (_sentence(head), _sentence(self.title), self.url) if p)


@dataclass(frozen=True)
class Citation:
    """One link of a record: the source and the passage of it the record rests on."""

    source: CitedSource
    quote: str | None
    quote_lang: str | None
    quote_en: str | None

    def text(self) -> str:
        """``Title — Publisher, date, URL: “quote” (lang)``, leaving out what is not known."""
        s = self.source
        date = formatting.date_text(s.published.start, s.published.precision) if s.published else ""
        where = ", ".join(p for p in (s.publisher, date, s.url) if p)
        text = f"{s.title} — {where}" if where else s.title
        if self.quote:
            text += f": “{self.quote}”"
            if self.quote_lang and self.quote_lang != "und":
                text += f" ({self.quote_lang})"
        return text

    def as_json(self) -> dict[str, Any]:
        s = self.source
        return {"id": s.id, "title": s.title, "publisher": s.publisher, "url": s.url,
                "published": str(s.published) if s.published else None, "kind": s.kind,
                "language": s.language, "quote": self.quote, "quote_lang": self.quote_lang,
                "quote_en": self.quote_en}


def _sentence(text: str | None) -> str:
    """*text* ending as a sentence does (no second full stop after "Inc." or a question)."""
    if not text:
        return ""
    return text if text[-1] in ".!?…" else text + "."


def as_of_text(version: tuple[int, dt.datetime] | None, translate: Translate = untranslated) -> str:
    """The data's version in words: its last change set and when it was made."""
    if version is None:
        return translate("exports", AS_SHIPPED)
    change, at = version
    return translate("exports", AS_OF).format(change, f"{at:%Y-%m-%d %H:%M:%S}")


class WithSources:
    """An export of a record table with its sources. Stream :attr:`query` (the export's
    columns, and the id when they leave it out), pass the rows through :meth:`cite`, and
    write :attr:`columns`: the export's columns with the sources column (in place of the
    table's list of source titles, if the export has it; else last).

    While the rows pass, it tallies the sources they rest on (:meth:`sheet_rows`), and
    :meth:`cite` reads the data's version (:attr:`as_of`), for a workbook to state.
    """

    def __init__(self, query: Query, fmt: str, translate: Translate = untranslated):
        spec = record_spec(query.table)  # the sources table rests on nothing
        names = list(query.columns or spec.names)
        self.position = names.index(SOURCES_FIELD) if SOURCES_FIELD in names else len(names)
        kept = [n for n in names if n != SOURCES_FIELD]
        self._adds_id = "id" not in kept
        self.query = query.with_columns([*kept, "id"] if self._adds_id else kept)
        self._id = (self.query.columns or ()).index("id")
        columns: list[ColumnSpec] = [column_spec(spec, n) for n in kept]
        columns.insert(self.position, SOURCES_COLUMN)
        self.columns: tuple[ColumnSpec, ...] = tuple(columns)
        self.model: RecordModel = spec.model
        self.fmt = fmt
        self.translate = translate
        self.sources: dict[str, CitedSource] = {}  # every source cited so far, by id
        self.records: Counter[str] = Counter()  # source id → exported records resting on it
        self.as_of: tuple[int, dt.datetime] | None = None

    def cite(self, session: Session, rows: Iterable[Sequence[Any]]) -> Iterator[tuple[Any, ...]]:
        """*rows* (of :attr:`query`) with each record's sources in their column."""
        self.as_of = changes.data_version(session)
        return self._cited(session, iter(rows))

    def _cited(self, session: Session, rows: Iterator[Sequence[Any]]) -> Iterator[tuple[Any, ...]]:
        while batch := list(itertools.islice(rows, BATCH)):
            cited = self._citations(session, [row[self._id] for row in batch])
            for row in batch:
                values = list(row)
                record_id = values.pop() if self._adds_id else values[self._id]
                citations = cited.get(record_id, [])
                for citation in citations:
                    self.records[citation.source.id] += 1
                values.insert(self.position, self._cell(citations))
                yield tuple(values)

    def _cell(self, citations: list[Citation]) -> Any:
        if self.fmt == "json":
            return [c.as_json() for c in citations]
        return CITATION_JOINER.join(c.text() for c in citations) or None

    def _citations(self, session: Session, ids: list[str]) -> dict[str, list[Citation]]:
        """The links of the records *ids*, each record's in its order (main source first)."""
        owner = SOURCE_LINKS[self.model]
        link = owner.table
        held = self.sources
        out: dict[str, list[Citation]] = {}
        for row in session.execute(
                select(owner.label("record_id"), link.c.quote, link.c.quote_lang, link.c.quote_en,
                       Source.id, Source.title, Source.publisher, Source.url, Source.published,
                       Source.published_precision, Source.kind, Source.language)
                .join(Source, Source.id == link.c.source_id)
                .where(owner.in_(ids)).order_by(owner, link.c.position)):
            source = held.get(row.id)
            if source is None:
                published = (PartialDate(row.published, DatePrecision(row.published_precision))
                             if row.published and row.published_precision else None)
                source = held[row.id] = CitedSource(row.id, row.title, row.publisher, row.url,
                                                    published, str(row.kind), row.language)
            out.setdefault(row.record_id, []).append(
                Citation(source, row.quote, row.quote_lang, row.quote_en))
        return out

    def sheet_headers(self, labels: bool) -> tuple[str, ...]:
        """The Sources sheet's header: field names, or (on screen) the labels, translated."""
        if not labels:
            return SHEET_FIELDS
        return tuple(self.translate("columns", label) for label in SHEET_LABELS)

    def sheet_rows(self) -> list[tuple[Any, ...]]:
        """One row per source the exported records rest on, the most used first: its id, its
        reference, title, publisher, publication date, kind, language, URL and how many of
        the exported records rest on it."""
        used = sorted((self.sources[i] for i in self.records), key=lambda s: (-self.records[s.id], s.title))
        return [(s.id, s.reference(), s.title, s.publisher, s.published, s.kind, s.language, s.url,
                 self.records[s.id]) for s in used]

    def as_of_text(self) -> str:
        return as_of_text(self.as_of, self.translate)
