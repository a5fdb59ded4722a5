"""From a file to rows of cells: its format, its text encoding (told by :mod:`.encodings`),
the CSV, XLSX, ODS and JSON readers, and the limits a file must keep. A file that cannot be
read as a whole raises :class:`ImportFileError` here, before any row is checked."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import ParseError
from xml.parsers import expat
from xml.sax import SAXParseException, handler
from xml.sax.xmlreader import AttributesNSImpl

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.expatreader import DefusedExpatParser  # type: ignore[import-untyped]

from ..errors import ForgeError
from . import encodings
from .cells import MAX_CELL, _undefuse

FORMATS = ("csv", "xlsx", "ods", "json")
# What the window offers to choose; --encoding takes any text encoding Python knows.
ENCODINGS = ("utf-8", "cp1251", "koi8-r", "koi8-u", "cp866", "mac-cyrillic", "iso8859-5",
             "utf-16", "utf-32", "cp1252", "latin-1")
# The limits a file must keep, checked before the parser reads what they bound; each
# refusal names the file, the figure and the limit (README: Limits and reliability).
MAX_FILE_BYTES = 200 * 1024 * 1024  # the file as stored (only regular files are read)
MAX_ROWS = 200_000  # data rows (checked in .plan)
MAX_HEADERS = 500  # columns the header row names (empty headers after the last do not count)
MAX_COLUMNS = 16_384  # cells a row may hold as read: the widest sheet Calc and Excel make
MAX_CELLS = 20_000_000  # cells of all rows together, as read (a JSON's records × its columns)
MAX_UNZIPPED_BYTES = 2**30  # an XLSX's or ODS's members together, by its zip directory
MAX_RATIO = 100  # how much a member over RATIO_FLOOR may be compressed (deflate reaches 1,032:1)
RATIO_FLOOR = 10 * 2**20
MAX_JSON_DEPTH = 64  # arrays and objects inside one another
MAX_NUMBER_DIGITS = 100  # digits of one JSON number (int() refuses over 4,300 with a ValueError)
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


def _read_csv(text: str, delimiter: str | None, name: str = "the file") -> Iterator[list[str]]:
    if delimiter is None:
        delimiter = _guess_delimiter(text)
    elif len(delimiter) != 1 or delimiter in "\"\r\n":
        raise ImportFileError(f"the delimiter must be one character other than a quote or a line "
                              f"break, not {delimiter!r}")
    reader = csv.reader(_lines(text, delimiter, name), delimiter=delimiter, strict=True)
    try:
        for row in reader:
            yield [_undefuse(cell) for cell in row]
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise ImportFileError(f"{name}: line {reader.line_num:,} has a cell over {_FIELD_LIMIT:,} "
                                  f"characters ({exc}); a cell holds at most {MAX_CELL:,}") from None
        raise ImportFileError(f"the CSV is malformed near line {reader.line_num}: {exc}; check "
                              "its quotes there") from None


_LINE_END = re.compile(r"\r\n|\r|\n")  # as a file opened with newline="" splits them


def _lines(text: str, delimiter: str, name: str) -> Iterator[str]:
    """The lines of *text* for the CSV reader, one copied at a time (io.StringIO would hold
    the text again, four bytes a character); a line of more delimiters than a row may have
    cells is refused before the reader splits it into that many."""
    start, number = 0, 0
    for end in itertools.chain((m.end() for m in _LINE_END.finditer(text)), (len(text),)):
        if end == start:
            continue
        number += 1
        if text.count(delimiter, start, end) >= MAX_COLUMNS:
            unquoted = re.sub(r'"[^"]*"?', "", text[start:end])  # a delimiter in quotes is text
            if unquoted.count(delimiter) >= MAX_COLUMNS:
                raise ImportFileError(f"{name}: line {number:,} has more than {MAX_COLUMNS:,} cells; "
                                      "a row holds at most that many (the wrong delimiter chosen?)")
        yield text[start:end]
        start = end


def _read_xlsx(data: bytes, name: str = "the file") -> Iterator[list[Any]]:
    """The first worksheet's rows, typed by openpyxl. The zip directory is checked first
    (sizes, compression, XML that declares entities), so openpyxl never inflates a bomb; any
    failure of openpyxl on a damaged workbook becomes one line naming the row it was at."""
    from openpyxl import load_workbook  # only imports pay for openpyxl's reader

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_zip(archive, name)
            _refuse_dtds(archive, name, "XLSX workbook")
            worksheets = _has_worksheet(archive)
    except zipfile.BadZipFile:
        raise ImportFileError(f"{name}: not a readable XLSX workbook: it is not a zip archive, as an "
                              ".xlsx is (a damaged or cut-short file, one protected by a password, or "
                              "another kind renamed?)") from None
    except ImportFileError:
        raise  # a limit or a DTD: said as it is
    except (RuntimeError, NotImplementedError, ValueError, zlib.error, EOFError, OSError) as exc:
        # (ValueError: zipfile on a directory whose offsets point outside the file)
        raise ImportFileError(f"{name}: not a readable XLSX workbook: {_reason(exc)}; {_RESAVE}") from None
    if not worksheets:
        raise ImportFileError(f"{name}: the workbook has no worksheet (only chart sheets, or none); "
                              "put the data on a worksheet, or save it as CSV")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl on a damaged workbook raises whatever its parts do
        raise ImportFileError(f"{name}: not a readable XLSX workbook: {_reason(exc)}; {_RESAVE}") from None
    number = 0
    try:
        if not book.worksheets:
            raise ImportFileError(f"{name}: the workbook has no worksheet (only chart sheets, or "
                                  "none); put the data on a worksheet, or save it as CSV")
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # rows as the sheet holds them, not as its dimension claims
        rows = sheet.iter_rows(values_only=True)
        while True:
            try:
                cells = next(rows, None)
            except Exception as exc:  # a cell openpyxl cannot read, or the XML around it
                raise ImportFileError(f"{name}: not a readable XLSX workbook: row {number + 1:,} of "
                                      f"its first sheet cannot be read ({_reason(exc)}); "
                                      f"{_RESAVE}") from None
            if cells is None:
                break
            number += 1
            yield _xlsx_row(cells, number, name)
    finally:
        book.close()


def _has_worksheet(archive: zipfile.ZipFile) -> bool:
    """Whether [Content_Types].xml declares the worksheet type, which every worksheet part
    must have (a workbook of chart sheets only makes openpyxl fail without saying so). A
    workbook without the file is left for openpyxl to refuse."""
    try:
        with archive.open("[Content_Types].xml") as part:
            types = part.read(16 * 2**20)
    except KeyError:
        return True
    return b"spreadsheetml.worksheet+xml" in types


_RESAVE = "open it in Excel or Calc and save it again, or save it as CSV"


def _xlsx_row(cells: Iterable[Any], number: int, name: str) -> list[Any]:
    row = [_undefuse(cell) if isinstance(cell, str) else cell for cell in cells]
    while row and row[-1] is None:  # a styled cell past the values is no column
        row.pop()
    for cell in row:
        if isinstance(cell, str) and len(cell) > _FIELD_LIMIT:
            raise ImportFileError(f"{name}: row {number:,} has a cell of {len(cell):,} characters; "
                                  f"a cell holds at most {MAX_CELL:,}")
    return row


def _reason(exc: BaseException) -> str:
    """What went wrong, as a clause of one line."""
    if isinstance(exc, ParseError | expat.ExpatError | SAXParseException):
        return f"its XML is malformed ({_one_line(exc)})"
    if isinstance(exc, IndexError):
        return "a cell names a shared string the workbook does not have"
    if isinstance(exc, zlib.error | EOFError) or "CRC" in str(exc):
        return f"a part of the zip archive is damaged ({_one_line(exc)})"
    return _one_line(exc)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def _size(count: int) -> str:
    """A size as a user reads it: 9.2 GB, 64 MB, 12 KB."""
    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if count >= scale:
            return f"{count / scale:,.1f}".removesuffix(".0") + f" {unit}"
    return f"{count:,} bytes"


def _check_zip(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a zip whose directory promises more than an import inflates: in all, or in a
    member compressed further than a spreadsheet's XML ever is (a zip bomb). The directory's
    sizes bind: zipfile stops a member at its stated size and checks its CRC."""
    members = archive.infolist()
    total = sum(info.file_size for info in members)
    if total > MAX_UNZIPPED_BYTES:
        raise ImportFileError(f"{name}: {_size(total)} uncompressed in its zip directory; the limit "
                              f"is {_size(MAX_UNZIPPED_BYTES)} (the file may be a zip bomb)")
    for info in members:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise ImportFileError(f"{name}: its part {info.filename} is {_size(info.file_size)} "
                                  f"compressed to {_size(info.compress_size)}, {ratio:,}:1; the limit "
                                  f"is {MAX_RATIO}:1 for a part over {_size(RATIO_FLOOR)} (the file "
                                  "may be a zip bomb)")


class _PrologEnd(Exception):
    """The first element of an XML part, or its DTD: as far as _declares_dtd reads."""


def _refuse_dtds(archive: zipfile.ZipFile, name: str, kind: str) -> None:
    """Refuse an XML part with a DTD (entity declarations: a billion laughs), whichever XML
    parser reads it later: openpyxl uses defusedxml only when it is installed and not turned
    off. A DTD comes before the first element, so each part is read only that far."""
    for info in archive.infolist():
        if info.filename.lower().endswith((".xml", ".rels", ".vml")):
            with archive.open(info) as part:
                if _declares_dtd(part):
                    raise ImportFileError(f"{name}: not a readable {kind}: its part {info.filename} "
                                          "declares XML entities or a DTD, which no spreadsheet needs "
                                          "and imports refuse (they can expand to gigabytes)")


def _declares_dtd(part: IO[bytes]) -> bool:
    parser = expat.ParserCreate()
    found = False

    def doctype(*_: Any) -> None:
        nonlocal found
        found = True
        raise _PrologEnd

    def element(*_: Any) -> None:
        raise _PrologEnd

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = element
    try:
        while chunk := part.read(_CHUNK):
            parser.Parse(chunk, False)
    except _PrologEnd:
        pass
    except expat.ExpatError:
        pass  # malformed XML: the reader that parses it says where
    return found


# The OpenDocument namespaces of a spreadsheet's content.xml.
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_CELLS = ((_TABLE, "table-cell"), (_TABLE, "covered-table-cell"))  # covered: merged into a neighbour
_SPACES = {"s": " ", "tab": "\t", "line-break": "\n"}  # text:s, text:tab, text:line-break
_FIELD_LIMIT = csv.field_size_limit()  # the largest cell, as the CSV reader allows
_CHUNK = 2**16  # content.xml is parsed this much at a time
_STALL_BYTES = 4 * 2**20  # XML without an element or text in between (a hostile attribute)


def _read_ods(data: bytes, name: str = "the file") -> Iterator[list[Any]]:
    """The first sheet's rows of an OpenDocument spreadsheet, typed as the XLSX reader
    types them, with the formula-escape apostrophe of a Calc round trip taken off strings.

    Not odfpy: it builds the whole document as Python objects, a minute and 900 MB for a
    1.3 MB file of 20,000 rows by 15 columns (this reads it in 8 s and 60 MB, faster than
    openpyxl reads the same XLSX). content.xml is streamed through defusedxml's SAX parser,
    which refuses entity declarations (an entity-expansion bomb) and, here, a DTD (no
    spreadsheet has one); only the current row is held."""
    archive, content = _open_ods(data, name)
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


def _open_ods(data: bytes, name: str = "the file") -> tuple[zipfile.ZipFile, IO[bytes]]:
    """The archive and its content.xml, opened; a file that is no ODS, or a zip bomb, is
    refused here."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        _check_zip(archive, name)
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


def _read_json(text: str, name: str = "the file") -> Iterator[list[Any]]:
    """The header (every key, in the order first seen), then each record's values under it.
    Numbers are bounded as they are parsed; the nesting, lone surrogates (text no database
    stores) and the cells the rows will make are checked before any row is made."""
    try:
        records = json.loads(text, parse_int=_json_number(name, int), parse_float=_json_number(name, float),
                             parse_constant=_json_constant(name))
    except json.JSONDecodeError as exc:
        raise ImportFileError(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise ImportFileError(_too_deep(name)) from None
    _check_json(records, name, surrogates=_SURROGATE_ESCAPE.search(text) is not None)
    if isinstance(records, dict):  # {"records": [...]} or one record
        records = next((v for v in records.values() if isinstance(v, list)), [records])
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ImportFileError("JSON must be an array of objects, one per record")
    headers = list(dict.fromkeys(key for record in records for key in record))  # linear
    _check_headers(headers, name)
    if len(records) * len(headers) > MAX_CELLS:
        raise ImportFileError(f"{name}: {len(records):,} records by {len(headers):,} columns make "
                              f"{len(records) * len(headers):,} cells; imports take at most "
                              f"{MAX_CELLS:,}: split the file")
    yield headers
    for record in records:  # a cell holding an object is its row's error (see records._Row.text)
        yield [record.get(h) for h in headers]


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # \ud800-\udfff: halves of a pair, or lone
_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_number(name: str, kind: type[int] | type[float]) -> Any:
    def parse(text: str) -> int | float:
        digits = sum(ch.isdigit() for ch in text)
        if digits > MAX_NUMBER_DIGITS:
            raise ImportFileError(f"{name}: a number of {digits:,} digits ({text[:20]}…); the limit "
                                  f"is {MAX_NUMBER_DIGITS}: write an id or a code as a string")
        return kind(text)

    return parse


def _json_constant(name: str) -> Any:
    def refuse(text: str) -> float:
        raise ImportFileError(f"{name}: {text} is not a number JSON allows; leave the value out "
                              "(null) or give the number")

    return refuse


def _too_deep(name: str) -> str:
    return (f"{name}: not valid JSON for an import: it is nested too deeply (more than "
            f"{MAX_JSON_DEPTH} levels); give an array of records of plain values")


def _check_json(tree: Any, name: str, *, surrogates: bool) -> None:
    """Refuse nesting deeper than MAX_JSON_DEPTH and, when the text escapes surrogates, a
    string or key holding one that is not half of a pair. Iterative: as deep as json parsed."""
    if not isinstance(tree, dict | list):
        if surrogates and isinstance(tree, str):
            _check_text((tree,), name)
        return
    stack: list[tuple[dict[str, Any] | list[Any], int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise ImportFileError(_too_deep(name))
        if isinstance(node, dict):
            if surrogates:
                _check_text(node.keys(), name)
            children: Iterable[Any] = node.values()
        else:
            children = node
        for child in children:
            if isinstance(child, dict | list):
                stack.append((child, depth + 1))
            elif surrogates and isinstance(child, str):
                _check_text((child,), name)


def _check_text(texts: Iterable[str], name: str) -> None:
    for text in texts:
        found = _SURROGATE.search(text)
        if found:
            raise ImportFileError(f"{name}: a string holds a lone surrogate (\\u{ord(found[0]):04x}), "
                                  "half of a character no text can store; correct that string")


def _check_headers(headers: list[Any], name: str) -> None:
    named = len(headers)
    while named and (headers[named - 1] is None or str(headers[named - 1]).strip() == ""):
        named -= 1
    if named > MAX_HEADERS:
        raise ImportFileError(f"{name}: the header names {named:,} columns; imports take at most "
                              f"{MAX_HEADERS:,}: leave out the columns the table has no use for")


def _bounded(rows: Iterator[list[Any]], name: str) -> Iterator[list[Any]]:
    """*rows* as read, refused at the first beyond a limit: the header's columns, a row's
    cells, all rows' cells."""
    total = 0
    for number, row in enumerate(rows, 1):
        if number == 1:
            _check_headers(row, name)
        if len(row) > MAX_COLUMNS:
            raise ImportFileError(f"{name}: row {number:,} has more than {MAX_COLUMNS:,} cells; a row "
                                  "holds at most that many")
        total += len(row)
        if total > MAX_CELLS:
            raise ImportFileError(f"{name}: more than {MAX_CELLS:,} cells by row {number:,}; imports "
                                  f"take at most {MAX_CELLS:,}: split the file")
        yield row


def _read_file(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES: a device (/dev/zero), a pipe
    or a folder is refused before it is read, and a file is never read past the limit."""
    name = path.name
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    with os.fdopen(descriptor, "rb") as handle:
        try:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise ImportFileError(f"{name}: not a regular file (a device, a pipe or a folder); "
                                      "choose a file to import")
            if status.st_size > MAX_FILE_BYTES:
                raise ImportFileError(_too_large(name, status.st_size))
            data = handle.read(status.st_size + 1)  # (read(n) takes n bytes before it reads)
            if len(data) > status.st_size:  # it has grown since: read on, to the limit
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
        except OSError as exc:
            raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(_too_large(name, len(data)))
    return data


def _too_large(name: str, size: int) -> str:
    return (f"{name}: the file is {size // 2**20:,} MB; imports take at most "
            f"{MAX_FILE_BYTES // 2**20} MB: split it")


def read_rows(path: str | Path, fmt: str | None = None, *, encoding: str | None = None,
              delimiter: str | None = None) -> Iterator[list[Any]]:
    """The header row, then every data row, of a CSV, XLSX, ODS or JSON file; each limit
    checked before what it bounds is read, every failure an :class:`ImportFileError`."""
    path = Path(path)
    fmt = fmt or sniff_format(path)
    data = _read_file(path)
    name = path.name
    if fmt == "xlsx":
        return _bounded(_read_xlsx(data, name), name)
    if fmt == "ods":
        return _bounded(_read_ods(data, name), name)
    text = decode(data, encoding)
    del data  # the text holds the file now
    return _bounded(_read_json(text, name) if fmt == "json" else _read_csv(text, delimiter, name), name)
