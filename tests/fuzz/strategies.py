"""Hypothesis strategies for the importer's fuzzer: files built from hostile shapes.

Everything starts from a real export of the curated financing table (:class:`Seed`, made
by :func:`load_seed` with ``forge_desktop.core.exports``, as ``forge-desktop export
financing`` writes it). The strategies:

* :func:`valid_exports` — a plain valid export (CSV, JSON or XLSX, field names or labels,
  with or without a BOM) of N seed rows given fresh ids and edited cells; the file carries
  the rows it must export back as (``FuzzFile.expected``);
* :func:`hostile_csv`, :func:`hostile_json`, :func:`hostile_xlsx` — hostile shapes: ragged
  rows, NULs, BOMs, mixed and wrong encodings, huge cells, formulas, SQL metacharacters,
  duplicate and missing ids, ambiguous and huge numbers, odd dates, deep JSON, 4,301-digit
  numbers, lone surrogates, many keys, zip bombs, truncated and bit-flipped archives, XML
  with a DTD or entities;
* :func:`mutated` — a valid file with bytes or rows deleted, duplicated or swapped;
* :func:`fuzz_files` — any of them.

A bomb stays small on disk: the uncompressed size is the bomb. ``memory_bombs`` (long run
only, under a memory limit) adds the XLSX whose declared size pads every row to 16,384
cells and a row gap that makes 200,000 of them.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

PROVENANCE = ("origin", "source", "sources")  # recomputed on import: not compared


@dataclass(frozen=True)
class Seed:
    """The curated financing table as its export gives it."""

    columns: tuple[Any, ...]  # ColumnSpec of the export, in order
    rows: tuple[tuple[Any, ...], ...]  # typed, as the query streams them
    labels: tuple[str, ...]  # the on-screen headers (what a labelled export is headed by)

    def __repr__(self) -> str:
        return f"Seed({len(self.rows)} financing rows)"

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def text_rows(self) -> list[dict[str, str]]:
        """The rows as the CSV export writes their cells."""
        return [dict(zip(self.names, cells, strict=True)) for cells in _csv_cells(self.columns, self.rows)]


def load_seed(db_url: str) -> Seed:
    from forge_desktop.core import database, exports
    from forge_desktop.core.query import Query, stream

    with database.session_scope(db_url) as session:
        query = Query("financing")
        columns = tuple(query.output_columns)
        rows = tuple(tuple(r) for r in stream(session, query))
    return Seed(columns, rows, tuple(exports.screen_headers(columns)))


def _csv_cells(columns: Sequence[Any], rows: Sequence[Sequence[Any]]) -> list[list[str]]:
    from forge_desktop.core import exports

    out = io.StringIO()
    exports.write(out, "csv", columns, rows)
    return list(csv.reader(io.StringIO(out.getvalue(), newline="")))[1:]


@dataclass(frozen=True)
class FuzzFile:
    name: str  # its suffix says the format
    data: bytes
    kind: str  # the strategy (and shape) that made it
    args: tuple[str, ...] = ()  # command line options of the import (--encoding …)
    expected: tuple[tuple[Any, ...], ...] | None = None  # typed rows it must export back as
    columns: tuple[Any, ...] = ()

    def __repr__(self) -> str:  # hypothesis prints the falsifying file: keep it readable
        head = self.data[:300]
        return (f"FuzzFile({self.name!r}, kind={self.kind!r}, args={self.args!r}, "
                f"{len(self.data):,} bytes: {head!r}{'…' if len(self.data) > 300 else ''})")


def _at(draw: st.DrawFn, size: int) -> int:
    """An index into something *size* long, drawn independently of the size: an XLSX's bytes
    carry the time it was written, so its length may differ when hypothesis replays a draw."""
    return draw(st.integers(0, 2**24)) % max(1, size)


# --------------------------------------------------------------------------- hostile values

FORMULAS = ("=cmd|' /C calc'!A0", "+1+1", "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3", "=1+1",
            '=HYPERLINK("http://example.invalid","x")', "\t=1", "\r=1", "'=1", "=", "+", "@")
SQL = ("'; DROP TABLE financing; --", "Robert'); DROP TABLE agreements;--", '" OR ""="',
       "' OR 1=1 --", "1; DELETE FROM participants", "%", "_", "\\", "' UNION SELECT * FROM meta --",
       "$1", "?", ":name")
NUMBERS = ("1.250", "1,5", "1..2", "1,250.5", "1.250,5", "1e309", "9" * 40, "9" * 4301, "-5",
           "0x10", "NaN", "inf", "-inf", "1_000", "١٢٣", "５", "1 000", "$", "1.5e-300", "10^6",
           "12M", "1,25 млрд", "up to 1.250", "0", "-0", "00012", "1e18", "18446744073709551616",
           "9223372036854775808", "12345678901234567890M", "1/2", "½", "∞", "$$5", "5MM", ".5B")
DATES = ("12/01/2025", "01/12/2025", "2025-13-01", "2025-02-30", "0000-01-01", "9999-12-31",
         "10000-01-01", "2025", "2025-1", "-1-01-01", "2025-02", "Q1 2025", "yesterday", "1e9",
         "2025-02-29", "2024-02-29", "31.12.2025", "2025-W05", "20250101", "2025-01-01T25:00",
         "45678", "1900-01-00", "1 января 2025", "Jan 2025")
CONTROL = ("\x00", "a\x00b", "\x1b[31mred\x1b[0m", "\u202eevil", "\ufeffbom", "\r", "\x85",
           "\u2028", "\x7f", "\x0c", "\x0b", "\u200b", "e\u0301", "\U0001f4a3", "\ud800", "\udfff")
IDS = ("", " ", "../../etc/passwd", "a" * 300, "id with spaces", "ID", "Ид-1", "x\x00y", "0",
       "1e5", "null", "None", "'", "fz-dup", "fz-dup")
CHOICES = ("nasa", "EQUITY", "équity", "letter of interest", "DOD ", "dod", "maybe", "TRUE", "1",
           "да", "нет", "yes", "exact", "up_to", "conditional", "???")
LISTS = ("a;;;;", ";" * 200, "Lithium; Lithium", "Литий", "US-NV", "XX", "Moon", "Atlantis; ; ;",
         "United States|Canada\nMexico", "RU-MOW")


def _huge(size: int) -> str:
    return ("A" * 97 + "\"\n,") * (size // 100) + "Z"


HUGE_SIZES = (1_000, 99_999, 100_001, 131_072, 131_073, 250_000)


@st.composite
def hostile_cell(draw: st.DrawFn, column: str = "") -> str:
    """A hostile value, drawn more often from what *column* reads (numbers for an amount …)."""
    pools: list[Sequence[str]] = [FORMULAS, SQL, CONTROL, CHOICES]
    if column in ("amount_usd", "cofinancing_usd", "quantity"):
        pools += [NUMBERS] * 4
    if column in ("date",):
        pools += [DATES] * 4
    if column in ("id", "parent_id", "agreement_id", "organisation_id"):
        pools += [IDS] * 3
    if column in ("minerals", "locations"):
        pools += [LISTS] * 3
    pools += [NUMBERS, DATES, IDS, LISTS]
    kind = draw(st.integers(0, 19))
    if kind == 0:
        return _huge(draw(st.sampled_from(HUGE_SIZES)))
    if kind == 1:
        return draw(st.text(min_size=0, max_size=40))  # any code points, surrogates included
    return draw(st.sampled_from(draw(st.sampled_from(pools))))


# --------------------------------------------------------------------------- encodings

TEXT_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
                  "cp1251", "koi8-r", "cp866", "latin-1", "mac-cyrillic")
STATED = ("utf-8", "cp1251", "koi8-r", "utf-16", "utf-32", "latin-1", "rot13", "base64", "undefined",
          "utf-7", "zlib_codec", "idna", "no-such-codec", "utf_16_le", "mbcs", "unicode_escape")


@st.composite
def encoded(draw: st.DrawFn, text: str) -> tuple[bytes, tuple[str, ...], str]:
    """*text* as bytes in a drawn encoding, sometimes spoiled (one bad byte, a NUL, two
    encodings in one file), and the --encoding option if one is stated (right or wrong)."""
    encoding = draw(st.sampled_from(TEXT_ENCODINGS))
    data = text.encode(encoding, errors=draw(st.sampled_from(("replace", "surrogatepass", "ignore")))
                       if encoding.startswith("utf") else "replace")
    label = encoding
    spoil = draw(st.integers(0, 9))
    if spoil == 0 and data:  # one bad byte
        at = _at(draw, len(data))
        data = data[:at] + draw(st.sampled_from((b"\xff", b"\xc3", b"\x80", b"\xe9", b"\xed\xa0\x80"))) + data[at:]
        label += "+badbyte"
    elif spoil == 1 and data:
        at = _at(draw, len(data) + 1)
        data = data[:at] + b"\x00" + data[at:]
        label += "+nul"
    elif spoil == 2:  # half in cp1251, half in UTF-8
        half = len(text) // 2
        data = text[:half].encode("cp1251", "replace") + text[half:].encode("utf-8", "replace")
        label = "mixed-cp1251-utf8"
    elif spoil == 3:
        data = draw(st.sampled_from((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00",
                                     b"\x00\x00\xfe\xff"))) + data
        label += "+extra-bom"
    args: tuple[str, ...] = ()
    if draw(st.integers(0, 5)) == 0:
        stated = draw(st.sampled_from((encoding.replace("-sig", ""), *STATED)))
        args = ("--encoding", stated)
        label += f"(stated {stated})"
    return data, args, label


# --------------------------------------------------------------------------- plain valid files

SAFE_TEXT = st.text(st.characters(categories=("L", "N", "P", "S"), exclude_characters="\x00"),
                    min_size=1, max_size=40)
EDGY_BUT_VALID = ("'; DROP TABLE financing; --", "=cmd|' /C calc'!A0", "+1+1", "@SUM(A1:A2)",
                  "-1", "Robert'); DROP TABLE agreements;--", '" OR ""="', "Привет, мир", "%_\\",
                  "1.250", "12/01/2025", "'quoted'", 'say "hi"', "a, b; c", "«ёлка» — №1",
                  "\U0001f4a3 bomb", "日本語")


def _edited_text(text: str) -> str:
    return " ".join(text.split())


fresh_ids = st.from_regex(r"fz-[a-z0-9][a-z0-9-]{0,14}", fullmatch=True)


@st.composite
def edited_rows(draw: st.DrawFn, seed: Seed, max_rows: int = 6) -> tuple[tuple[Any, ...], ...]:
    """N seed rows with fresh ids and edited cells (values that must come back as written)."""
    names = seed.names
    indexes = draw(st.lists(st.integers(0, len(seed.rows) - 1), min_size=1, max_size=max_rows, unique=True))
    ids = draw(st.lists(fresh_ids, min_size=len(indexes), max_size=len(indexes), unique=True))
    rows = []
    for index, new_id in zip(indexes, ids, strict=True):
        row = list(seed.rows[index])
        row[names.index("id")] = new_id
        for column in draw(st.sets(st.sampled_from(("recipient", "summary", "notes", "amount_usd",
                                                     "recipient_ru", "quote_ru")), max_size=4)):
            at = names.index(column)
            if column == "amount_usd":
                if row[at] is not None:
                    row[at] = draw(st.integers(1, 10**15))
            else:
                text = draw(st.one_of(SAFE_TEXT, st.sampled_from(EDGY_BUT_VALID)))
                row[at] = _edited_text(text) or "x"
        rows.append(tuple(row))
    return tuple(rows)


def export_bytes(seed: Seed, rows: Sequence[Sequence[Any]], fmt: str, *, labels: bool = False,
                 bom: bool = False) -> bytes:
    """*rows* as ``forge-desktop export financing`` writes them in *fmt*."""
    from forge_desktop.core import exports

    headers = list(seed.labels) if labels else None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export.{fmt}"
        exports.write(path, fmt, seed.columns, rows, headers=headers, bom=bom, title="financing")
        return path.read_bytes()


@st.composite
def valid_exports(draw: st.DrawFn, seed: Seed) -> FuzzFile:
    rows = draw(edited_rows(seed))
    fmt = draw(st.sampled_from(("csv", "csv", "json", "xlsx")))
    labels = draw(st.booleans())
    bom = fmt == "csv" and draw(st.booleans())
    data = export_bytes(seed, rows, fmt, labels=labels, bom=bom)
    kind = f"valid-{fmt}{'-labels' if labels else ''}{'-bom' if bom else ''}"
    return FuzzFile(f"valid.{fmt}", data, kind, expected=rows, columns=seed.columns)


# --------------------------------------------------------------------------- hostile CSV


@st.composite
def _headers(draw: st.DrawFn, seed: Seed) -> tuple[list[str], str]:
    names = seed.names
    shape = draw(st.integers(0, 9))
    if shape == 0:
        return list(seed.labels), "labels"
    if shape == 1:  # no id column: ids are made
        return [n for n in names if n != "id"], "no-id-column"
    if shape == 2:
        return draw(st.permutations(names)), "shuffled"
    if shape == 3:
        return [*names, draw(st.sampled_from(("id", "amount", "Amount (USD)", "")))], "duplicate-header"
    if shape == 4:
        return [*names, *(f"extra{i}" for i in range(draw(st.integers(1, 3000))))], "many-columns"
    if shape == 5:
        return ["", *names[1:]], "empty-first-header"
    if shape == 6:
        subset = draw(st.lists(st.sampled_from(names), min_size=1, unique=True))
        return subset, "subset"
    return names, "names"


@st.composite
def hostile_table(draw: st.DrawFn, seed: Seed) -> tuple[list[str], list[list[str]], list[str]]:
    """A header and rows of text cells with hostile shapes and values, and what was done."""
    headers, shape = draw(_headers(seed))
    done = [shape]
    base = seed.text_rows()
    picks = draw(st.lists(st.integers(0, len(base) - 1), min_size=0, max_size=8))
    rows: list[list[str]] = []
    for n, index in enumerate(picks):
        source = dict(base[index], id=f"fz-{n}")
        rows.append([source.get(h, "") for h in headers])
    for _ in range(draw(st.integers(0, 6))):
        if not rows:
            break
        r = draw(st.integers(0, len(rows) - 1))
        c = draw(st.integers(0, len(headers) - 1))
        if c < len(rows[r]):
            rows[r][c] = draw(hostile_cell(headers[c]))
            done.append(f"cell:{headers[c]}")
    done += [_reshape(draw, headers, rows) for _ in range(draw(st.integers(0, 3))) if rows]
    return headers, rows, done


def _reshape(draw: st.DrawFn, headers: list[str], rows: list[list[str]]) -> str:
    """One structural fault in *rows* (ragged, duplicated, blank, without its id)."""
    r = draw(st.integers(0, len(rows) - 1))
    what = draw(st.sampled_from(("ragged-long", "ragged-short", "duplicate", "blank", "no-id", "empty-row")))
    if what == "ragged-long":
        rows[r] = rows[r] + draw(st.lists(st.sampled_from(("", "x", "9", " ")), min_size=1, max_size=5))
    elif what == "ragged-short":
        rows[r] = rows[r][: draw(st.integers(0, max(0, len(rows[r]) - 1)))]
    elif what == "duplicate":
        rows.append(list(rows[r]))
    elif what == "blank":
        rows.insert(r, [""] * len(headers))
    elif what == "no-id" and "id" in headers and headers.index("id") < len(rows[r]):
        rows[r][headers.index("id")] = ""
    elif what == "empty-row":
        rows.insert(r, [])
    return what


def _write_csv(headers: Sequence[str], rows: Sequence[Sequence[str]], delimiter: str, quoting: int,
               terminator: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator=terminator,
                        escapechar="\\" if quoting == csv.QUOTE_NONE else None)
    try:
        writer.writerow(headers)
        writer.writerows(rows)
    except csv.Error:  # QUOTE_NONE cannot write some cells: join them as they are
        return terminator.join(delimiter.join(r) for r in [list(headers), *map(list, rows)]) + terminator
    return out.getvalue()


@st.composite
def hostile_csv(draw: st.DrawFn, seed: Seed) -> FuzzFile:
    headers, rows, done = draw(hostile_table(seed))
    delimiter = draw(st.sampled_from((",", ",", ";", "\t", "|")))
    quoting = draw(st.sampled_from((csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONE)))
    terminator = draw(st.sampled_from(("\r\n", "\n", "\r", "\n\r")))
    text = _write_csv(headers, rows, delimiter, quoting, terminator)
    raw = draw(st.integers(0, 11))
    if raw == 0:  # an unterminated quote, a stray quote, a lone CR
        at = _at(draw, len(text) + 1)
        text = text[:at] + draw(st.sampled_from(('"', '""', '"x"y', "\r", "\x00", "\\"))) + text[at:]
        done.append("stray-char")
    elif raw == 1:
        text = text[: _at(draw, len(text) + 1)]
        done.append("truncated")
    data, args, label = draw(encoded(text))
    if delimiter != "," and draw(st.booleans()):
        args = (*args, "--delimiter", draw(st.sampled_from((delimiter, ",", ";;", "", "\\t"))))
    suffix = draw(st.sampled_from(("csv", "csv", "csv", "tsv", "txt")))
    return FuzzFile(f"hostile.{suffix}", data, f"csv:{'/'.join(done)}:{label}", args)


# --------------------------------------------------------------------------- hostile JSON

_RAW = "\u0000RAW{}\u0000"  # a placeholder json.dumps leaves alone, replaced by raw JSON text
RAW_VALUES = ("9" * 4300, "9" * 4301, "-" + "1" * 5000, "1e400", "-1e400", "NaN", "Infinity",
              "-Infinity", '"\\ud800"', '"\\udfff\\ud800"', '"a\\u0000b"', "1.0", "0.1e1",
              "123456789012345678901234567890", "true", "null", "[]", "{}", '[1, [2, [3]]]',
              '{"a": {"b": 1}}', '"\\ud83d\\ude00"', "1E+2", "-0", "0.0000000000000000000001")


@st.composite
def json_value(draw: st.DrawFn, column: str, raws: list[str]) -> Any:
    kind = draw(st.integers(0, 6))
    if kind == 0:
        raws.append(draw(st.sampled_from(RAW_VALUES)))
        return _RAW.format(len(raws) - 1)
    if kind == 1:
        depth = draw(st.sampled_from((2, 10, 100, 500, 990, 1_100, 3_000, 20_000)))
        opener, closer = draw(st.sampled_from((("[", "]"), ('{"a":', "}"))))
        raws.append(opener * depth + "1" + closer * depth)
        return _RAW.format(len(raws) - 1)
    if kind == 2:
        return draw(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                              st.lists(st.text(max_size=5), max_size=3),
                              st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)))
    return draw(hostile_cell(column))


def _spoil_records(draw: st.DrawFn, seed: Seed, records: list[dict[str, Any]], raws: list[str]) -> list[str]:
    done: list[str] = []
    for _ in range(draw(st.integers(0, 5))):
        if not records:
            break
        record = draw(st.sampled_from(records))
        column = draw(st.sampled_from([*seed.names, "extra", ""]))
        record[column] = draw(json_value(column, raws))
        done.append(f"value:{column}")
    if records and draw(st.integers(0, 4)) == 0:
        record = draw(st.sampled_from(records))
        for i in range(draw(st.sampled_from((50, 500, 3_000)))):
            record[f"key{i}"] = i
        done.append("many-keys")
    if len(records) > 1 and draw(st.integers(0, 3)) == 0:
        records[1]["id"] = records[0]["id"]
        done.append("duplicate-id")
    if records and draw(st.integers(0, 4)) == 0:
        del records[0]["id"]
        done.append("missing-id")
    return done


def _spoil_tail(draw: st.DrawFn, text: str, any_records: bool, done: list[str]) -> str:
    tail = draw(st.integers(0, 11))
    if tail == 0:
        done.append("truncated")
        return text[: _at(draw, len(text) + 1)]
    if tail == 1:
        done.append("trailing")
        return text + draw(st.sampled_from(("garbage", "]", "}", "\x00", ",", "\n[]")))
    if tail == 2 and any_records:  # a key twice in one object
        done.append("duplicate-key")
        return text.replace('{"id": ', '{"id": "fz-twice", "id": ', 1)
    return text


@st.composite
def hostile_json(draw: st.DrawFn, seed: Seed) -> FuzzFile:
    rows = draw(edited_rows(seed, max_rows=5))
    records: list[dict[str, Any]] = json.loads(export_bytes(seed, rows, "json"))
    raws: list[str] = []
    done = _spoil_records(draw, seed, records, raws)
    shape = draw(st.integers(0, 9))
    top: Any = records
    if shape == 0:
        top = {"records": records}
    elif shape == 1:
        top = records[0] if records else {}
    elif shape == 2:
        top = draw(st.sampled_from((1, "text", None, [1, 2], [[]], {"a": 1}, [records, records])))
    elif shape == 3:
        top = {"meta": {"x": 1}, "data": records, "more": [1]}
    text = json.dumps(top, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from((None, 1))))
    for i, raw in enumerate(raws):
        text = text.replace(json.dumps(_RAW.format(i)), raw)
        text = text.replace(json.dumps(_RAW.format(i), ensure_ascii=False), raw)
    text = _spoil_tail(draw, text, bool(records), done)
    data, args, label = draw(encoded(text)) if draw(st.integers(0, 3)) == 0 else (text.encode(
        "utf-8", "surrogatepass"), (), "utf-8")
    return FuzzFile("hostile.json", data, f"json:{shape}:{'/'.join(done)}:{label}", args)


# --------------------------------------------------------------------------- hostile XLSX

SHEET = "xl/worksheets/sheet1.xml"
ENTITY_DOCTYPES = (
    b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
    b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE w SYSTEM "http://example.invalid/x.dtd">',
    b'<!DOCTYPE w [<!ELEMENT w ANY>]>',
)


def _xlsx_cell(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return value.encode("utf-8", "replace").decode("utf-8")
    return value


@st.composite
def xlsx_value(draw: st.DrawFn, column: str) -> Any:
    import datetime as dt

    kind = draw(st.integers(0, 5))
    if kind == 0:
        return draw(st.one_of(st.integers(-(2**70), 2**70), st.floats(allow_nan=False, allow_infinity=False),
                              st.booleans(), st.none()))
    if kind == 1:
        return draw(st.sampled_from((dt.datetime(1900, 1, 1), dt.datetime(9999, 12, 31, 23, 59),
                                     dt.date(2025, 1, 12), dt.datetime(2025, 12, 1, 13, 30),
                                     dt.time(12, 0), dt.timedelta(days=3))))
    return draw(hostile_cell(column))


def _rezip(data: bytes, change: Any) -> bytes:
    """The archive *data* with each member's bytes passed through change(name, bytes)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            member = change(item.filename, source.read(item.filename))
            if member is not None:
                target.writestr(item.filename, member)
    return out.getvalue()


def _member_span(data: bytes, name: str) -> tuple[int, int] | None:
    """Where *name*'s compressed bytes lie in the archive."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(name)
    head = data[info.header_offset + 26: info.header_offset + 30]
    start = info.header_offset + 30 + int.from_bytes(head[:2], "little") + int.from_bytes(head[2:], "little")
    return start, start + info.compress_size


def build_xlsx(headers: Sequence[Any], rows: Sequence[Sequence[Any]], *, formulas: bool) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append([_xlsx_cell(h) for h in headers])
    for row in rows:
        sheet.append([_xlsx_cell(v) for v in row])
    if not formulas:
        for line in sheet.iter_rows(min_row=2):
            for cell in line:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@st.composite
def hostile_xlsx(draw: st.DrawFn, seed: Seed, memory_bombs: bool = False) -> FuzzFile:
    headers, rows, done = draw(hostile_table(seed))
    typed: list[list[Any]] = [list(r) for r in rows]
    for _ in range(draw(st.integers(0, 3))):
        if typed and headers:
            r, c = draw(st.integers(0, len(typed) - 1)), draw(st.integers(0, len(headers) - 1))
            if c < len(typed[r]):
                typed[r][c] = draw(xlsx_value(headers[c]))
                done.append(f"typed:{headers[c]}")
    data = build_xlsx(headers, typed, formulas=draw(st.booleans()))
    data, how = draw(_archive_fault(data, memory_bombs))
    done.append(how)
    return FuzzFile(draw(st.sampled_from(("hostile.xlsx", "hostile.xlsx", "hostile.XLSX"))), data,
                    f"xlsx:{'/'.join(done)}")


def _fault_bomb(draw: st.DrawFn, data: bytes, _bombs: bool) -> tuple[bytes, str]:
    """A zip bomb: a sheet that inflates to megabytes of whitespace (kilobytes on disk)."""
    megabytes = draw(st.sampled_from((1, 8, 32, 64)))
    pad = b" " * (megabytes * 2**20)
    return _rezip(data, lambda n, d: d.replace(b"<sheetData>", b"<sheetData>" + pad) if n == SHEET else d), \
        f"bomb-{megabytes}MB"


def _fault_rows_bomb(draw: st.DrawFn, data: bytes, _bombs: bool) -> tuple[bytes, str]:
    n = draw(st.sampled_from((10_000, 200_000)))
    cells = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (i, i)
                     for i in range(3, n))
    return _rezip(data, lambda name, d: d.replace(b"</sheetData>", cells + b"</sheetData>")
                  if name == SHEET else d), f"rows-bomb-{n}"


def _fault_doctype(draw: st.DrawFn, data: bytes, _bombs: bool) -> tuple[bytes, str]:
    target = draw(st.sampled_from((SHEET, "xl/workbook.xml", "[Content_Types].xml", "xl/styles.xml")))
    doctype = draw(st.sampled_from(ENTITY_DOCTYPES))

    def with_doctype(name: str, d: bytes) -> bytes:
        if name != target:
            return d
        body = d.split(b"?>", 1)[1] if d.startswith(b"<?xml") else d
        body = body.replace(b"<t>fz-0</t>", b"<t>&d;</t>", 1)
        return b'<?xml version="1.0" encoding="UTF-8"?>' + doctype + body

    return _rezip(data, with_doctype), f"dtd:{target}"


def _fault_truncated(draw: st.DrawFn, data: bytes, _bombs: bool) -> tuple[bytes, str]:
    return data[: _at(draw, len(data))], "truncated"


def _fault_deflate(draw: st.DrawFn, data: bytes, _bombs: bool) -> tuple[bytes, str]:
    """Bit flips in the sheet's deflate stream."""
    span = _member_span(data, SHEET)
    assert span is not None
    flipped = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        at = span[0] + _at(draw, span[1] - span[0])
        flipped[at] ^= 1 << draw(st.integers(0, 7))
    return bytes(flipped), "deflate-bitflip"


def _fault_bitflip(draw: st.DrawFn, data: bytes, _bombs: bool) -> tuple[bytes, str]:
    flipped = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        at = _at(draw, len(data))
        flipped[at] ^= 1 << draw(st.integers(0, 7))
    return bytes(flipped), "bitflip"


def _fault_missing(draw: st.DrawFn, data: bytes, _bombs: bool) -> tuple[bytes, str]:
    gone = draw(st.sampled_from((SHEET, "xl/workbook.xml", "[Content_Types].xml",
                                 "xl/_rels/workbook.xml.rels", "xl/styles.xml")))
    return _rezip(data, lambda n, d: None if n == gone else d), f"no:{gone}"


def _fault_dimension(draw: st.DrawFn, data: bytes, bombs: bool) -> tuple[bytes, str]:
    """The declared size tampered with, and a row far below the rest."""
    import re

    width = draw(st.sampled_from(("G", "Z", "AZ", "XFD")))
    last = draw(st.sampled_from((2, 100, 1_048_576)))
    if width == "XFD" and last > 100 and not bombs:
        last = 100  # 200,000 rows of 16,384 cells: gigabytes (the long run's memory bomb)
    gap = draw(st.booleans())

    def tamper(name: str, d: bytes) -> bytes:
        if name != SHEET:
            return d
        d = re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:%s%d" />' % (width.encode(), last), d)
        if gap:
            d = d.replace(b"</sheetData>", b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c>'
                          b"</row></sheetData>" % (last, last))
        return d

    return _rezip(data, tamper), f"dimension-A1:{width}{last}{'-gap' if gap else ''}"


def _fault_not_a_zip(draw: st.DrawFn, data: bytes, _bombs: bool) -> tuple[bytes, str]:
    return draw(st.sampled_from((b"", b"PK\x03\x04", b"id,agency\nfz-1,DOD\n", b"\x00" * 100,
                                 b"PK\x05\x06" + b"\x00" * 18))), "not-a-zip"


def _fault_zip_flags(draw: st.DrawFn, data: bytes, _bombs: bool) -> tuple[bytes, str]:
    """The encryption bit, or an unknown compression method, in both headers."""
    archive = bytearray(data)
    encrypted = draw(st.booleans())
    local, central = data.find(b"PK\x03\x04"), data.find(b"PK\x01\x02")
    if encrypted:
        archive[local + 6] |= 1
        if central >= 0:
            archive[central + 8] |= 1
    else:
        archive[local + 8] = 99
        if central >= 0:
            archive[central + 10] = 99
    return bytes(archive), f"zip-{'encrypted' if encrypted else 'method'}"


def _fault_xml(draw: st.DrawFn, data: bytes, _bombs: bool) -> tuple[bytes, str]:
    """The sheet's XML spoiled in place: a stray character, or a cell of a bad type."""
    spoil = draw(st.sampled_from((b"<", b"&", b"\x00", b"]]>", b'<c r="A1" t="s"><v>999</v></c>',
                                  b'<c r="ZZZZZ9"><v>1</v></c>', b'<c t="n"><v>abc</v></c>',
                                  b'<c t="d"><v>not-a-date</v></c>', b'<c t="e"><v>#REF!</v></c>',
                                  b'<c t="b"><v>7</v></c>', b"<c><f>1/0</f></c>")))
    return _rezip(data, lambda n, d: d.replace(b"</row>", spoil + b"</row>", 1) if n == SHEET else d), \
        f"xml-spoiled:{spoil[:12]!r}"


def _fault_other_archive(_draw: st.DrawFn, _data: bytes, _bombs: bool) -> tuple[bytes, str]:
    """An ODS (or any other archive) named .xlsx."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as other:
        other.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        other.writestr("content.xml", "<office:document-content/>")
    return out.getvalue(), "other-archive"


def _intact(_draw: st.DrawFn, data: bytes, _bombs: bool) -> tuple[bytes, str]:
    return data, "intact"


ARCHIVE_FAULTS = (_intact, _intact, _intact, _intact, _fault_bomb, _fault_rows_bomb, _fault_doctype,
                  _fault_truncated, _fault_deflate, _fault_bitflip, _fault_missing, _fault_dimension,
                  _fault_not_a_zip, _fault_zip_flags, _fault_xml, _fault_other_archive)


@st.composite
def _archive_fault(draw: st.DrawFn, data: bytes, memory_bombs: bool) -> tuple[bytes, str]:
    return draw(st.sampled_from(ARCHIVE_FAULTS))(draw, data, memory_bombs)


# --------------------------------------------------------------------------- mutations


def _row_mutation(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    lines = data.split(b"\n")
    if len(lines) < 2:
        return data, "none"
    i, j = _at(draw, len(lines)), _at(draw, len(lines))
    op = draw(st.sampled_from(("delete-row", "duplicate-row", "swap-rows", "swap-cells")))
    if op == "delete-row":
        del lines[i]
    elif op == "duplicate-row":
        lines.insert(i, lines[i])
    elif op == "swap-rows":
        lines[i], lines[j] = lines[j], lines[i]
    else:
        cells = lines[i].split(b",")
        a, b = _at(draw, len(cells)), _at(draw, len(cells))
        cells[a], cells[b] = cells[b], cells[a]
        lines[i] = b",".join(cells)
    return b"\n".join(lines), op


def _byte_mutation(draw: st.DrawFn, data: bytes) -> tuple[bytes, str]:
    if not data:
        return data, "none"
    i = _at(draw, len(data))
    j = min(len(data), i + _at(draw, draw(st.sampled_from((1, 4, 64, 1024))) + 1))
    op = draw(st.sampled_from(("delete", "duplicate", "swap", "flip", "insert", "truncate")))
    if op == "delete":
        return data[:i] + data[j:], op
    if op == "duplicate":
        return data[:j] + data[i:j] + data[j:], op
    if op == "swap" and j < len(data):
        return data[:i] + data[j:j + 1] + data[i + 1:j] + data[i:i + 1] + data[j + 1:], op
    if op == "flip":
        return data[:i] + bytes([data[i] ^ (1 << draw(st.integers(0, 7)))]) + data[i + 1:], op
    if op == "insert":
        return data[:i] + draw(st.binary(min_size=1, max_size=8)) + data[i:], op
    return data[:i], "truncate"


@st.composite
def mutated(draw: st.DrawFn, seed: Seed) -> FuzzFile:
    """A valid export with bytes or rows deleted, duplicated or swapped."""
    valid = draw(valid_exports(seed))
    data = valid.data
    done = []
    for _ in range(draw(st.integers(1, 4))):
        textual = not valid.name.endswith(".xlsx") and draw(st.booleans())
        data, op = (_row_mutation if textual else _byte_mutation)(draw, data)
        done.append(op)
    return dataclasses.replace(valid, data=data, kind=f"mutated:{valid.kind}:{'/'.join(done)}", expected=None)


def fuzz_files(seed: Seed, *, memory_bombs: bool = False) -> st.SearchStrategy[FuzzFile]:
    """Any generated file: hostile ones mostly, valid and mutated ones too."""
    return st.one_of(hostile_csv(seed), hostile_json(seed), hostile_xlsx(seed, memory_bombs),
                     mutated(seed), valid_exports(seed))
