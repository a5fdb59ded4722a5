"""From a file to rows of cells: its format, its text encoding (told by :mod:`.encodings`),
the CSV, XLSX, ODS and JSON readers, and the limits a file must keep. A file that cannot be
read as a whole raises :class:`ImportFileError` here, before any row is checked."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from xml.sax import SAXParseException, handler
from xml.sax.xmlreader import AttributesNSImpl

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.expatreader import DefusedExpatParser  # type: ignore[import-untyped]

from ..errors import ForgeError
from . import encodings
from .cells import _undefuse

FORMATS = ("csv", "xlsx", "ods", "json")
# What the window offers to choose; --encoding takes any text encoding Python knows.
ENCODINGS = ("utf-8", "cp1251", "koi8-r", "koi8-u", "cp866", "mac-cyrillic", "iso8859-5",
             "utf-16", "utf-32", "cp1252", "latin-1")
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ROWS = 200_000
SNIFF_CHARS = 65_536  # how much of the header line delimiter detection reads


class ImportFileError(ForgeError, ValueError):
    """The file as a whole cannot be read; the message says why and what to try."""


def sniff_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in ("csv", "tsv", "txt"):
        return "csv"
    if suffix in FORMATS:
        return suffix
    raise ImportFileError(f"cannot tell the format of {Path(path).name!r}; name it .csv, .xlsx, "
                          ".ods or .json, or choose the format")


def decode(data: bytes, encoding: str | None = None) -> str:
    """Text from bytes: in *encoding* when given, else in the encoding told from the bytes
    (see :mod:`.encodings`); a file whose encoding cannot be told for sure is refused."""
    try:
        return encodings.decode(data, encoding)
    except encodings.UndecodableError as exc:
        raise ImportFileError(str(exc)) from None


def _guess_delimiter(text: str) -> str:
    """The delimiter the header line uses most (outside quotes); a comma if it uses none.

    Not csv.Sniffer: its regular expressions backtrack for seconds to minutes over a sample
    full of stray quotes, and a sample small enough to be safe holds too few of our long
    financing rows for it to decide."""
    end = text.find("\n", 0, SNIFF_CHARS)
    header = re.sub(r'"[^"]*"?', "", text[: end if end >= 0 else SNIFF_CHARS])
    counts = {candidate: header.count(candidate) for candidate in ",;\t|"}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _read_csv(text: str, delimiter: str | None) -> Iterator[list[str]]:
    if delimiter is None:
        delimiter = _guess_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for row in reader:
            yield [_undefuse(cell) for cell in row]
    except csv.Error as exc:
        raise ImportFileError(f"the CSV is malformed near line {reader.line_num}: {exc}") from None


def _read_xlsx(data: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook  # only imports pay for openpyxl's reader

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(f"not a readable XLSX workbook: {exc}") from None
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_undefuse(cell) if isinstance(cell, str) else cell for cell in row]
    finally:
        book.close()


# The OpenDocument namespaces of a spreadsheet's content.xml.
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_CELLS = ((_TABLE, "table-cell"), (_TABLE, "covered-table-cell"))  # covered: merged into a neighbour
_SPACES = {"s": " ", "tab": "\t", "line-break": "\n"}  # text:s, text:tab, text:line-break
MAX_COLUMNS = 16_384  # the widest sheet Calc and Excel make
_FIELD_LIMIT = csv.field_size_limit()  # the largest cell, as the CSV reader allows
_CHUNK = 2**16  # content.xml is parsed this much at a time
_STALL_BYTES = 4 * 2**20  # XML without an element or text in between (a hostile attribute)


def _read_ods(data: bytes) -> Iterator[list[Any]]:
    """The first sheet's rows of an OpenDocument spreadsheet, typed as the XLSX reader
    types them, with the formula-escape apostrophe of a Calc round trip taken off strings.

    Not odfpy: it builds the whole document as Python objects, a minute and 900 MB for a
    1.3 MB file of 20,000 rows by 15 columns (this reads it in 8 s and 60 MB, faster than
    openpyxl reads the same XLSX). content.xml is streamed through defusedxml's SAX parser,
    which refuses entity declarations (an entity-expansion bomb) and, here, a DTD (no
    spreadsheet has one); only the current row is held."""
    archive, content = _open_ods(data)
    sheet = _OdsSheet()
    parser = DefusedExpatParser(forbid_dtd=True)
    parser.setFeature(handler.feature_namespaces, True)
    parser.setContentHandler(sheet)
    stalled = 0
    with archive, content:
        while not sheet.done:
            events = sheet.events
            chunk = _feed(parser, content)
            stalled = stalled + len(chunk) if sheet.events == events else 0
            if stalled > _STALL_BYTES:  # the parser would hold it all, to hand over at once
                raise ImportFileError(f"not a readable ODS spreadsheet: its content.xml holds an "
                                      f"element over {_STALL_BYTES // 2**20} MB")
            yield from sheet.finished()
            if not chunk:
                break


def _open_ods(data: bytes) -> tuple[zipfile.ZipFile, IO[bytes]]:
    """The archive and its content.xml, opened; a file that is no ODS is refused here."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if "content.xml" not in archive.namelist():
            raise ImportFileError("not a readable ODS spreadsheet: it has no content.xml (another "
                                  "kind of file, renamed?)")
        if "META-INF/manifest.xml" in archive.namelist():
            with archive.open("META-INF/manifest.xml") as manifest:
                if b"encryption-data" in manifest.read(2**20):  # each entry says how it is locked
                    raise ImportFileError("the ODS spreadsheet is protected by a password; save a "
                                          "copy without one and import that")
        return archive, archive.open("content.xml")
    except zipfile.BadZipFile:
        raise ImportFileError("not a readable ODS spreadsheet: it is not a zip archive, as an .ods "
                              "is (a damaged file, or another kind renamed?)") from None
    except (RuntimeError, NotImplementedError, zlib.error, EOFError) as exc:
        raise ImportFileError(f"not a readable ODS spreadsheet: {exc}") from None


def _feed(parser: Any, content: IO[bytes]) -> bytes:
    """The next chunk of content.xml, parsed (the parser closed at its end)."""
    try:
        chunk = content.read(_CHUNK)
        if chunk:
            parser.feed(chunk)
        else:
            parser.close()  # refuses a truncated document
        return chunk
    except SAXParseException as exc:
        raise ImportFileError(f"not a readable ODS spreadsheet: its content.xml is malformed "
                              f"({exc.getMessage()} at line {exc.getLineNumber()})") from None
    except DefusedXmlException:
        raise ImportFileError("not a readable ODS spreadsheet: its content.xml declares XML "
                              "entities or a DTD, which no spreadsheet needs and imports refuse "
                              "(they can expand to gigabytes)") from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise ImportFileError(f"not a readable ODS spreadsheet: {exc}") from None


class _OdsSheet(handler.ContentHandler):
    """Collects the first sheet's rows from SAX events, as (cells, times) a row repeats.

    Calc writes the empty rest of a sheet as repeated cells and rows (16,384 columns,
    a million rows): empty cells are counted and written out only when a cell with a value
    follows, and empty rows only when a row with a value does, so nothing past the last
    value is ever made."""

    def __init__(self) -> None:
        super().__init__()
        self.done = False  # the first sheet has ended
        self.events = 0  # elements and texts seen (how _read_ods tells the parser moves)
        self._rows: list[tuple[list[Any], int]] = []  # finished, not yet taken
        self._tables = 0  # tables open: the sheet, and a table inside it (never read)
        self._row_number = 0  # rows started, repeats counted (for messages)
        self._row: list[Any] | None = None
        self._repeat = 1  # the current row's times
        self._empty_rows = 0  # empty rows after the last row with a value
        self._empty_cells = 0  # empty cells after the current row's last value
        self._cell: AttributesNSImpl | None = None
        self._text: list[str] = []  # the current cell's text
        self._length = 0
        self._paragraphs = 0  # text:p or text:h in the current cell
        self._inside = 0  # depth inside the current paragraph (text counts only there)
        self._comment = 0  # depth inside an office:annotation: a comment, not the value

    def finished(self) -> Iterator[list[Any]]:
        rows, self._rows = self._rows, []
        for cells, times in rows:
            for _ in range(times):
                yield list(cells)

    def startElementNS(self, name: tuple[str | None, str], qname: str | None,
                       attrs: AttributesNSImpl) -> None:
        self.events += 1
        if name == (_TABLE, "table"):
            self._tables += 1
        elif self._tables != 1 or self.done:
            pass
        elif name == (_TABLE, "table-row"):
            self._row, self._repeat, self._empty_cells = [], _times(attrs, "number-rows-repeated"), 0
            self._row_number += 1
        elif name in _CELLS and self._row is not None:
            self._cell, self._text, self._length, self._paragraphs = attrs, [], 0, 0
        elif self._cell is None:
            pass
        elif name == (_OFFICE, "annotation") or self._comment:
            self._comment += 1
        elif name in ((_TEXT, "p"), (_TEXT, "h")):
            if self._paragraphs:
                self._add("\n")  # a line break in the cell
            self._paragraphs += 1
            self._inside += 1
        elif self._inside:
            self._inside += 1
            if name[0] == _TEXT and name[1] in _SPACES:
                count = _times(attrs, "c", _TEXT) if name[1] == "s" else 1
                self._add(_SPACES[name[1]] * min(count, _FIELD_LIMIT + 1))

    def characters(self, content: str) -> None:
        self.events += 1
        if self._inside and not self._comment:
            self._add(content)

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        self.events += 1
        if name == (_TABLE, "table"):
            self._tables -= 1
            self.done = self._tables == 0
        elif self._tables != 1 or self.done:
            pass
        elif self._comment:
            self._comment -= 1
        elif self._inside:
            self._inside -= 1
        elif name in _CELLS and self._cell is not None:
            self._end_cell(self._cell)
        elif name == (_TABLE, "table-row") and self._row is not None:
            self._end_row(self._row)

    def _add(self, text: str) -> None:
        self._length += len(text)
        if self._length > _FIELD_LIMIT:  # as the CSV reader refuses one
            raise ImportFileError(f"the ODS spreadsheet has a cell larger than {_FIELD_LIMIT:,} "
                                  f"characters in row {self._row_number:,}")
        self._text.append(text)

    def _end_cell(self, attrs: AttributesNSImpl) -> None:
        assert self._row is not None
        value = _ods_value(attrs, "".join(self._text))
        times = _times(attrs, "number-columns-repeated")
        self._cell = None
        if value is None:
            self._empty_cells += times
            return
        if len(self._row) + self._empty_cells + times > MAX_COLUMNS:
            raise ImportFileError(f"row {self._row_number:,} of the ODS spreadsheet has more than "
                                  f"{MAX_COLUMNS:,} columns")
        self._row += [None] * self._empty_cells + [value] * times
        self._empty_cells = 0

    def _end_row(self, cells: list[Any]) -> None:
        self._row = None
        self._row_number += self._repeat - 1
        if not cells:
            self._empty_rows += self._repeat
            return
        if self._empty_rows:  # blank rows between values stay, so row numbers match the sheet
            self._rows.append(([], self._empty_rows))
            self._empty_rows = 0
        self._rows.append((cells, self._repeat))


_INTEGER = re.compile(r"[+-]?[0-9]+")


def _times(attrs: AttributesNSImpl, local: str, uri: str = _TABLE) -> int:
    """A repeat count (number-columns-repeated, number-rows-repeated, text:s's c): 1 when
    absent or not a number."""
    try:
        return max(1, int(attrs.get((uri, local)) or 1))
    except ValueError:
        return 1


def _ods_value(attrs: AttributesNSImpl, text: str) -> Any:
    """A cell's value by its office:value-type: a number, a date (with its time, if any) or
    a truth value; else, and when the typed value is malformed, the text the cell shows."""
    kind = attrs.get((_OFFICE, "value-type"))
    try:
        if kind in ("float", "percentage", "currency"):
            number = attrs.get((_OFFICE, "value")) or ""
            return int(number) if _INTEGER.fullmatch(number) else float(number)
        if kind == "date":
            date = attrs.get((_OFFICE, "date-value")) or ""
            return dt.datetime.fromisoformat(date) if "T" in date else dt.date.fromisoformat(date)
        if kind == "boolean":
            return attrs.get((_OFFICE, "boolean-value")) in ("true", "1")
    except ValueError:
        pass
    if kind == "string":
        text = attrs.get((_OFFICE, "string-value"), text)
    return _undefuse(text) if text else None


def _read_json(text: str) -> Iterator[list[Any]]:
    try:
        records = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise ImportFileError("not valid JSON for an import: it is nested too deeply") from None
    if isinstance(records, dict):  # {"records": [...]} or one record
        records = next((v for v in records.values() if isinstance(v, list)), [records])
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ImportFileError("JSON must be an array of objects, one per record")
    headers: list[str] = []
    for record in records:
        for key in record:
            if key not in headers:
                headers.append(key)
    yield headers
    for record in records:
        yield [record.get(h) for h in headers]


def read_rows(path: str | Path, fmt: str | None = None, *, encoding: str | None = None,
              delimiter: str | None = None) -> Iterator[list[Any]]:
    """The header row, then every data row, of a CSV, XLSX, ODS or JSON file."""
    path = Path(path)
    fmt = fmt or sniff_format(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImportFileError(f"the file is {size // 2**20} MB; imports take at most "
                                  f"{MAX_FILE_BYTES // 2**20} MB: split it")
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    if fmt == "xlsx":
        return _read_xlsx(data)
    if fmt == "ods":
        return _read_ods(data)
    text = decode(data, encoding)
    return _read_json(text) if fmt == "json" else _read_csv(text, delimiter)
