"""Hostile files and faults: every file an import refuses is refused in one line, as an
ImportFileError (a ForgeError), with the database left as it was; the limits are checked
before a parser reads what they bound, and a refused hostile file keeps memory bounded.
Damaged workbooks are built here: a valid XLSX written by openpyxl, then members rewritten."""

from __future__ import annotations

import io
import json
import os
import re
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from forge_desktop.core.errors import ForgeError
from forge_desktop.core.imports import ImportFileError, read_rows, reading
from forge_desktop.core.schema import Agreement, Financing

from .conftest import dump, error_on, financing, import_file, plan_for, stored, write_csv, write_xlsx

HEADERS = ["id", "agency", "recipient", "instrument", "stage", "summary"]
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = "xl/worksheets/sheet1.xml"


def refused(engine, path: Path, match: str, table: str = "financing") -> str:
    """The import of *path* raises ImportFileError (a ForgeError) in one line saying
    *match*, and the database is as it was; the message."""
    before = dump(engine)
    with pytest.raises(ImportFileError) as caught:
        import_file(engine, table, path)
    message = str(caught.value)
    assert isinstance(caught.value, ForgeError)
    assert re.search(match, message), message
    assert "\n" not in message and message.strip() == message
    assert dump(engine) == before
    return message


def read_refused(path: Path, match: str, fmt: str | None = None) -> str:
    """Reading *path* to its end raises ImportFileError in one line saying *match*."""
    with pytest.raises(ImportFileError) as caught:
        list(read_rows(path, fmt))
    message = str(caught.value)
    assert re.search(match, message), message
    assert "\n" not in message
    return message


# --------------------------------------------------------------------------- workbooks


def good_xlsx(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "good.xlsx", HEADERS,
                      [["h-1", "DOD", "R", "equity", "announced", "s"]])


def rewrite(source: Path, target: Path, members: dict[str, bytes | str | None]) -> Path:
    """A copy of the zip *source* with *members* replaced (None: left out, or added)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename not in members:
                new.writestr(info.filename, old.read(info.filename))
        for name, data in members.items():
            if data is not None:
                new.writestr(name, data)
    return target


def sheet_xml(*rows: str, prolog: str = "") -> str:
    header = "".join(f'<c t="inlineStr"><is><t>{h}</t></is></c>' for h in HEADERS)
    body = "".join(f'<row r="{n}">{cells}</row>' for n, cells in enumerate(rows, 2))
    return (f'<?xml version="1.0"?>{prolog}<worksheet xmlns="{MAIN}"><sheetData>'
            f'<row r="1">{header}</row>{body}</sheetData></worksheet>')


def with_sheet(tmp_path: Path, name: str, xml: str | bytes) -> Path:
    return rewrite(good_xlsx(tmp_path), tmp_path / name, {SHEET: xml})


BILLION_LAUGHS = ('<!DOCTYPE worksheet [<!ENTITY lol "lol">'
                  + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
                            for i in range(1, 10)) + "]>")


def bit_flipped(tmp_path: Path) -> Path:
    """The sheet's deflate stream with bits flipped in its middle."""
    path = good_xlsx(tmp_path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(SHEET)
    name_length, extra_length = struct.unpack("<HH", data[info.header_offset + 26: info.header_offset + 30])
    start = info.header_offset + 30 + name_length + extra_length
    for at in range(start + info.compress_size // 3, start + 2 * info.compress_size // 3):
        data[at] ^= 0x55
    target = tmp_path / "flipped.xlsx"
    target.write_bytes(bytes(data))
    return target


def no_sheets(tmp_path: Path) -> Path:
    with zipfile.ZipFile(good_xlsx(tmp_path)) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
    return rewrite(tmp_path / "good.xlsx", tmp_path / "no-sheets.xlsx", {
        "xl/workbook.xml": re.sub(r"<sheets>.*</sheets>", "<sheets/>", workbook), SHEET: None})


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def only_a_chartsheet(tmp_path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.create_chartsheet("Chart")
    del book["Sheet"]
    path = tmp_path / "chart.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize(("make", "match"), [
    (lambda p: with_sheet(p, "strings.xlsx", sheet_xml('<c r="A2" t="s"><v>999</v></c>')),
     r"strings\.xlsx: not a readable XLSX workbook: .*row 2"),
    (bit_flipped, r"flipped\.xlsx: not a readable XLSX workbook"),
    (only_a_chartsheet, r"chart\.xlsx: the workbook has no worksheet"),
    (no_sheets, r"no-sheets\.xlsx: (the workbook has no worksheet|not a readable XLSX workbook)"),
    (lambda p: with_sheet(p, "malformed.xlsx", sheet_xml()[:-40]),
     r"malformed\.xlsx: not a readable XLSX workbook: .*malformed"),
    (lambda p: with_sheet(p, "laughs.xlsx", sheet_xml('<c t="inlineStr"><is><t>&lol9;</t></is></c>',
                                                      prolog=BILLION_LAUGHS)),
     r"laughs\.xlsx: .*declares XML entities or a DTD"),
    (lambda p: with_sheet(p, "dtd.xlsx", sheet_xml(prolog="<!-- x --><!DOCTYPE worksheet>")),
     r"dtd\.xlsx: .*declares XML entities or a DTD"),
    (lambda p: with_sheet(p, "abc.xlsx", sheet_xml('<c r="A2" t="inlineStr"><is><t>h-1</t></is></c>'
                                                   '<c r="F2" t="n"><v>abc</v></c>')),
     r"abc\.xlsx: not a readable XLSX workbook: row 2 .*'abc'"),
    (lambda p: with_sheet(p, "wide.xlsx", sheet_xml('<c r="A2" t="inlineStr"><is><t>x</t></is></c>'
                                                    '<c r="XFD2" t="inlineStr"><is><t>y</t></is></c>'
                                                    '<c r="ZZZ2" t="inlineStr"><is><t>z</t></is></c>')),
     r"wide\.xlsx: row 2 has more than 16,384 cells"),
    (lambda p: with_sheet(p, "bigcell.xlsx", sheet_xml(f'<c t="inlineStr"><is><t>{"x" * 200_000}</t></is></c>')),
     r"bigcell\.xlsx: row 2 has a cell of 200,000 characters"),
    (lambda p: _write(p / "cut.xlsx", good_xlsx(p).read_bytes()[:1500]),
     r"cut\.xlsx: not a readable XLSX workbook: it is not a zip archive"),
    (lambda p: _write(p / "empty.xlsx", b""),
     r"empty\.xlsx: not a readable XLSX workbook: it is not a zip archive"),
])
def test_a_damaged_or_hostile_workbook_is_refused_in_one_line(engine, tmp_path, make, match):
    refused(engine, make(tmp_path), match)


def test_a_valid_workbook_still_imports(engine, tmp_path):
    path = write_xlsx(tmp_path / "ok.xlsx", HEADERS, [["ok-1", "DOD", "R", "equity", "announced", "s"]])
    import_file(engine, "financing", path)
    assert stored(engine, Financing, "ok-1") is not None


# --------------------------------------------------------------------------- zip bombs


def bomb(path: Path, member_bytes: int, *, name: str = SHEET) -> Path:
    """A valid workbook whose sheet is *member_bytes* of one repeated byte, written in chunks."""
    source = good_xlsx(path.parent)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != name:
                new.writestr(info.filename, old.read(info.filename))
        with new.open(name, "w", force_zip64=True) as member:
            chunk = b" " * 2**20
            for _ in range(member_bytes // 2**20):
                member.write(chunk)
    return path


def forged_size(path: Path, size: int) -> Path:
    """*path* with its sheet's size in the zip directory claimed as *size* (under 4 GB)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        names = [i.filename for i in archive.infolist()]
    at = data.find(b"PK\x01\x02")
    for filename in names:  # the central directory entries, in order
        name_length, extra_length, comment_length = struct.unpack("<HHH", data[at + 28: at + 34])
        if filename == SHEET:
            data[at + 24: at + 28] = struct.pack("<I", size)
        at += 46 + name_length + extra_length + comment_length
    path.write_bytes(bytes(data))
    return path


def test_a_zip_bomb_is_refused_from_its_zip_directory_before_it_is_inflated(engine, tmp_path):
    path = bomb(tmp_path / "bomb.xlsx", 64 * 2**20)
    assert path.stat().st_size < 2**20
    message = refused(engine, path, r"^bomb\.xlsx: its part .* is 64 MB compressed to .* KB, 1,0\d\d:1; "
                                    r"the limit is 100:1 .*zip bomb")
    assert "xl/worksheets/sheet1.xml" in message


def test_a_workbook_claiming_gigabytes_in_its_zip_directory_is_refused(engine, tmp_path):
    path = forged_size(good_xlsx(tmp_path), 3_900_000_000)
    refused(engine, path, r"^good\.xlsx: 3\.\d GB uncompressed in its zip directory; the limit is 1 GB "
                          r"\(the file may be a zip bomb\)")


def test_an_ods_zip_bomb_is_refused_too(engine, tmp_path):
    source = tmp_path / "b.ods"
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        with archive.open("content.xml", "w", force_zip64=True) as member:
            for _ in range(64):
                member.write(b" " * 2**20)
    refused(engine, source, r"^b\.ods: .*zip bomb")


def _peak(run) -> int:
    tracemalloc.start()
    try:
        run()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


@pytest.mark.parametrize("make", [
    lambda p: bomb(p / "bomb.xlsx", 256 * 2**20),
    lambda p: _huge_cell_csv(p / "cell.csv", 30 * 2**20),
    lambda p: _many_keys_json(p / "keys.json", 50_000),
])
def test_a_refused_hostile_file_keeps_memory_bounded(engine, tmp_path, make):
    path = make(tmp_path)

    def run() -> None:
        with pytest.raises(ImportFileError):
            import_file(engine, "financing", path)

    assert _peak(run) < 200 * 2**20


# --------------------------------------------------------------------------- files as a whole


def test_a_character_device_is_refused_without_reading_it(engine, tmp_path):
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    message = read_refused(Path("/dev/zero"), r"zero: not a regular file", "csv")
    assert "choose a file" in message


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(engine, tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:  # sparse: no disk is used
        handle.truncate(3 * 2**30)
    refused(engine, path, r"^huge\.csv: the file is 3,072 MB; imports take at most 200 MB: split it")


@pytest.mark.parametrize("suffix", ["csv", "json", "ods"])
def test_an_empty_file_is_refused_in_one_line(engine, tmp_path, suffix):
    path = tmp_path / f"empty.{suffix}"
    path.write_bytes(b"")
    refused(engine, path, "empty|not valid JSON|not a readable ODS")


def test_nul_bytes_in_a_csv_are_refused(engine, tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes(b"id,agency,recipient\nn-1,DO\x00D,R\n")
    refused(engine, path, "binary file")


def _huge_cell_csv(path: Path, size: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(",".join(HEADERS) + "\nh-1,DOD,")
        handle.write("x" * size)
        handle.write(",equity,announced,s\n")
    return path


def test_a_csv_cell_over_the_field_limit_is_refused_naming_its_line(engine, tmp_path):
    refused(engine, _huge_cell_csv(tmp_path / "cell.csv", 2 * 2**20), r"line 2.*field larger than field limit")


def test_a_csv_line_of_millions_of_cells_is_refused_before_it_is_split(engine, tmp_path):
    path = tmp_path / "commas.csv"
    path.write_text(",".join(HEADERS) + "\n" + "," * 5_000_000 + "\n", encoding="utf-8")
    refused(engine, path, r"^commas\.csv: line 2 has more than 16,384 cells")


def test_a_header_of_too_many_columns_is_refused(engine, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(600)) + "\n" + "x," * 599 + "x\n", encoding="utf-8")
    refused(engine, path, r"^wide\.csv: the header names 600 columns; imports take at most 500")


def test_trailing_empty_headers_do_not_count_as_columns(engine, tmp_path):
    path = tmp_path / "padded.csv"
    path.write_text(",".join(HEADERS) + "," * 1000 + "\np-1,DOD,R,equity,announced,s\n", encoding="utf-8")
    assert plan_for(engine, "financing", path).ok


# --------------------------------------------------------------------------- JSON


def _many_keys_json(path: Path, keys: int) -> Path:
    path.write_text(json.dumps([{"id": f"k-{i}", f"key{i}": 1} for i in range(keys)]), encoding="utf-8")
    return path


@pytest.mark.parametrize(("content", "match"), [
    ('[{"id": ' + "9" * 4_301 + "}]", r"^n\.json: a number of 4,301 digits \(9{20}…\); the limit is 100"),
    ('[{"id": 1.' + "5" * 200 + "}]", r"^n\.json: a number of 201 digits"),
    ('[{"id": "\\ud800"}]', r"^n\.json: a string holds a lone surrogate \(\\ud800\)"),
    ('[{"id": "ok", "\\udfff": 1}]', r"^n\.json: a string holds a lone surrogate"),
    ("[" * 65 + "]" * 65, r"^n\.json: .*nested too deeply \(more than 64 levels\)"),
    ('[{"id": NaN}]', r"^n\.json: NaN is not a number JSON allows"),
    ('[{"id": -Infinity}]', r"^n\.json: -Infinity is not a number JSON allows"),
    ("", "not valid JSON"),
], ids=["4301-digits", "long-float", "lone-surrogate", "surrogate-key", "65-deep", "nan",
        "infinity", "empty"])
def test_hostile_json_is_refused_in_one_line(engine, tmp_path, content, match):
    path = tmp_path / "n.json"
    path.write_text(content, encoding="utf-8")
    refused(engine, path, match)


def test_a_lone_surrogate_never_reaches_the_database(engine, tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps([financing("s-1", recipient="R \ud800")]), encoding="utf-8")
    refused(engine, path, "lone surrogate")


def test_fifty_thousand_distinct_keys_are_refused_quickly(engine, tmp_path):
    path = _many_keys_json(tmp_path / "keys.json", 50_000)
    started = time.perf_counter()
    refused(engine, path, r"^keys\.json: the header names 50,001 columns; imports take at most 500")
    assert time.perf_counter() - started < 20  # generous: a quadratic header takes minutes


def test_the_json_headers_keep_first_seen_order(tmp_path):
    path = tmp_path / "o.json"
    path.write_text(json.dumps([{"b": 1, "a": 2}, {"c": 3, "a": 4}]), encoding="utf-8")
    assert list(read_rows(path)) == [["b", "a", "c"], [1, 2, None], [None, 4, 3]]


def test_a_json_of_too_many_cells_is_refused_before_rows_are_made(engine, tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "MAX_CELLS", 1_000)
    path = tmp_path / "cells.json"
    path.write_text(json.dumps([{"id": f"c-{i}", "agency": "DOD", "recipient": "R"} for i in range(400)]),
                    encoding="utf-8")
    refused(engine, path, r"^cells\.json: 400 records by 3 columns make 1,200 cells; imports take at most 1,000")


# --------------------------------------------------------------------------- no silent guesses


def test_a_row_without_an_id_in_a_file_with_an_id_column_is_an_error_not_a_made_id(engine, tmp_path):
    plan = plan_for(engine, "financing", write_csv(tmp_path / "ids.csv", [
        financing("i-1"), financing(""), financing("i-3")]))
    assert "the file has an id column" in error_on(plan, 2, "id")
    assert plan.made_ids == {}
    assert [r["id"] for r in plan.records] == ["i-1", "i-3"]


def test_a_utf8_bom_does_not_stick_to_the_id_header(engine, tmp_path):
    path = write_csv(tmp_path / "bom.csv", [financing("b-1")], encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfid,")
    plan = plan_for(engine, "financing", path)
    assert plan.headers[0] == "id" and plan.mapping["id"] == "id"
    assert plan.ok and plan.made_ids == {}
    assert plan.records[0]["id"] == "b-1"


@pytest.mark.parametrize(("count", "match"), [
    ("1..2", "1..2"),
    ("1.5", "1.5"),
    ("12345678901234567", "too large"),
])
def test_a_count_is_refused_rather_than_guessed(engine, tmp_path, count, match):
    row = {"id": "a-1", "kind": "memorandum", "title": "T", "status": "signed", "summary": "s",
           "is_aggregate": "true", "aggregate_count": count}
    plan = plan_for(engine, "agreements", write_csv(tmp_path / "a.csv", [row]))
    assert match in error_on(plan, 1, "aggregate_count")
    assert plan.records == []


def test_a_count_the_database_cannot_store_is_a_row_error(engine, tmp_path):
    row = {"kind": "memorandum", "title": "T", "status": "signed", "summary": "s", "is_aggregate": "true"}
    plan = plan_for(engine, "agreements", write_csv(tmp_path / "a.csv", [
        {"id": "a-1", **row, "aggregate_count": "2147483648"},
        {"id": "a-2", **row, "aggregate_count": "9007199254740992"}]))
    assert error_on(plan, 1, "aggregate_count") == ("2,147,483,648 is more than the database stores: "
                                                    "at most 2,147,483,647")
    assert "more than the database stores" in error_on(plan, 2, "aggregate_count")
    import_file(engine, "agreements", write_csv(tmp_path / "b.csv", [
        {"id": "a-3", **row, "aggregate_count": "2147483647"}]))
    assert stored(engine, Agreement, "a-3").aggregate_count == 2**31 - 1


def test_a_json_object_in_a_cell_is_its_rows_error_not_its_text(engine, tmp_path):
    path = tmp_path / "o.json"
    path.write_text(json.dumps([financing("o-1", recipient={"a": {"b": 1}}), financing("o-2", recipient=[[1]]),
                                financing("o-3", minerals=["lithium", "copper"])]), encoding="utf-8")
    plan = plan_for(engine, "financing", path)
    assert error_on(plan, 1, "recipient").startswith("holds an object or a list of lists")
    assert error_on(plan, 2, "recipient").startswith("holds an object or a list of lists")
    assert [r["id"] for r in plan.records] == ["o-3"]


def test_koi8r_that_does_not_read_as_russian_and_one_bad_utf8_byte_are_refused(engine, tmp_path):
    koi8 = tmp_path / "koi8.csv"
    koi8.write_bytes("id,agency,recipient\nk-1,DOD,Ёж\n".encode("koi8-r"))
    refused(engine, koi8, "could not tell this file's text encoding")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(",".join(HEADERS).encode() + "\nu-1,DOD,Проект,equity,announced,s\n".encode()
                    + b"u-2,DOD,R\xff,equity,announced,s\n")
    message = refused(engine, bad, "UTF-8 text except at line 3")
    assert "0xFF" in message


def test_refusals_keep_their_bounds_as_named_constants():
    assert reading.MAX_FILE_BYTES == 200 * 2**20
    assert reading.MAX_ROWS == 200_000
    assert reading.MAX_HEADERS == 500
    assert reading.MAX_UNZIPPED_BYTES == 2**30
    assert reading.MAX_RATIO == 100
    assert reading.MAX_JSON_DEPTH == 64
    assert reading.MAX_NUMBER_DIGITS == 100
    assert os.path.basename(reading.__file__) == "reading.py"


def test_openpyxl_reads_through_defusedxml():
    import openpyxl

    assert openpyxl.DEFUSEDXML is True


def test_a_bounded_zip_is_read_through_its_limits(tmp_path):
    """A valid XLSX and ODS within every limit read as before (the checks add no refusal)."""
    path = good_xlsx(tmp_path)
    assert next(iter(read_rows(path))) == HEADERS
    buffer = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(buffer) as archive:
        assert sum(i.file_size for i in archive.infolist()) < reading.MAX_UNZIPPED_BYTES


# --------------------------------------------------------------------------- what the fuzzer found

FUZZ_CORPUS = Path(__file__).parents[2] / "fuzz" / "corpus"


def test_a_delimiter_of_two_characters_given_to_the_core_is_refused(tmp_path):
    path = _write(tmp_path / "one.csv", b";")
    with pytest.raises(ImportFileError, match="the delimiter must be one character"):
        list(read_rows(path, delimiter=";;"))


def test_utf16_stated_for_bytes_without_a_byte_order_mark_is_refused_in_one_line():
    """Three bytes, no BOM, odd length: the UTF-16 codec cannot even count their lines."""
    path = FUZZ_CORPUS / "utf16-stated-no-bom-odd-length.csv"
    with pytest.raises(ImportFileError) as caught:
        list(read_rows(path, encoding="utf-16"))
    assert "not valid utf-16 text" in str(caught.value) and "\n" not in str(caught.value)


def test_a_zip_whose_directory_points_outside_the_file_is_refused_in_one_line():
    read_refused(FUZZ_CORPUS / "damaged-zip-offsets.xlsx", r"not a readable XLSX workbook")


def test_a_small_workbook_claiming_every_cell_of_a_sheet_keeps_memory_bounded(engine, tmp_path):
    """The issue's 1.8 KB workbook that grew the process to 4 GiB: a dimension of
    A1:XFD1048576 and a row at the sheet's very end. It is refused (its last row is past the
    row limit) without making the million empty rows and columns in between."""
    xml = sheet_xml('<c r="A2" t="inlineStr"><is><t>h-1</t></is></c>').replace(
        "<sheetData>", '<dimension ref="A1:XFD1048576"/><sheetData>').replace(
        "</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
                        "</sheetData>")
    path = with_sheet(tmp_path, "dimension.xlsx", xml)
    assert path.stat().st_size < 10_000

    def run() -> None:
        with pytest.raises(ForgeError):
            import_file(engine, "financing", path)

    assert _peak(run) < 200 * 2**20
