"""ODS (LibreOffice Calc) import: typed cells, the repeated empty cells and rows Calc writes
(read only up to the last value), the formula-escape apostrophe of a round trip, and
damaged or hostile files refused in one line. The files are zipped here from content.xml
as Calc writes it, so the tests need neither LibreOffice nor odfpy."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from sqlalchemy.orm import Session

from forge_desktop.core import imports
from forge_desktop.core.imports import ImportFileError, read_rows
from forge_desktop.core.query import Query, fetch
from forge_desktop.core.schema import DatePrecision, Financing

from .conftest import assert_refused, comparable, dump, export_then_empty, financing, import_file, stored

NAMESPACES = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
              'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
              'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
              'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '
              'xmlns:dc="http://purl.org/dc/elements/1.1/"')
MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '</manifest:manifest>')
# The rest of a sheet as Calc 7.4 writes it: every row to 16,384 columns, a million rows more.
REST_OF_ROW = '<table:table-cell table:number-columns-repeated="16370"/>'
REST_OF_SHEET = ('<table:table-row table:number-rows-repeated="1048570">'
                 '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>')


def document(*tables: str, prolog: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content {NAMESPACES} '
            f'office:version="1.3"><office:body><office:spreadsheet>{"".join(tables)}'
            '</office:spreadsheet></office:body></office:document-content>')


def write_ods(path: Path, content: str | bytes, manifest: str = MANIFEST) -> Path:
    """An .ods as Calc lays it out: the mimetype first and stored, then the parts."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return path


def cell(value: object) -> str:
    """A cell as Calc writes one for *value*: typed, with the text it shows."""
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, bool):
        kind = f'office:value-type="boolean" office:boolean-value="{str(value).lower()}"'
    elif isinstance(value, int | float):
        kind = f'office:value-type="float" office:value="{value!r}"'
    elif isinstance(value, dt.date):
        kind = f'office:value-type="date" office:date-value="{value.isoformat()}"'
    else:
        return (f'<table:table-cell office:value-type="string" calcext:value-type="string">'
                f'{"".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split(chr(10)))}'
                '</table:table-cell>')
    return f'<table:table-cell {kind}><text:p>{escape(str(value))}</text:p></table:table-cell>'


def sheet(rows: list[list[object]], name: str = "Sheet1") -> str:
    body = "".join(f'<table:table-row>{"".join(cell(v) for v in row)}{REST_OF_ROW}</table:table-row>'
                   for row in rows)
    return (f'<table:table table:name={quoteattr(name)}><table:table-column '
            f'table:number-columns-repeated="16384"/>{body}{REST_OF_SHEET}</table:table>')


def ods(path: Path, rows: list[list[object]]) -> Path:
    return write_ods(path, document(sheet(rows)))


# --------------------------------------------------------------------------- reading


def test_ods_is_a_format_told_by_its_suffix():
    assert "ods" in imports.FORMATS
    assert imports.sniff_format("financing.ODS") == "ods"


def test_an_ods_with_typed_cells_and_labels_imports(engine, tmp_path):
    path = ods(tmp_path / "book.ods", [
        ["ID", "Agency", "Recipient / programme", "recipient_ru", "Instrument", "Stage",
         "Amount (USD)", "Date", "Aggregate", "Summary"],
        ["od-1", "DFC", "Orion CMC", "Проект «Хранилище»", "equity", "approved", 22_800_000,
         dt.datetime(2025, 12, 1), False, "Two lines,\nas Alt+Enter makes them"],
        ["od-2", "DOE", "Battery plant", None, "nofo", "opportunity", 1.3e9, 2025, None, "s"],
    ])

    import_file(engine, "financing", path)

    one, two = stored(engine, Financing, "od-1"), stored(engine, Financing, "od-2")
    assert (one.amount_usd, one.date, one.date_precision, one.is_aggregate) == (
        22_800_000, dt.date(2025, 12, 1), DatePrecision.DAY, False)
    assert (one.recipient_ru, one.summary) == ("Проект «Хранилище»", "Two lines,\nas Alt+Enter makes them")
    assert (two.amount_usd, two.date, two.date_precision) == (1_300_000_000, dt.date(2025, 1, 1),
                                                              DatePrecision.YEAR)


def test_our_csv_export_saved_as_ods_imports_back(engine, tmp_path):
    """The export opened in Calc and saved as ODS; "'=…" cells come back without the quote."""
    before, exported = export_then_empty(engine)
    path = ods(tmp_path / "financing.ods", [[v or None for v in row]
                                            for row in csv.reader(io.StringIO(exported))])

    import_file(engine, "financing", path)

    with Session(engine) as s:
        after = fetch(s, Query("financing"))
    names = [c.name for c in before.columns]
    assert comparable(after.rows, names) == comparable(before.rows, names)


# Cut from what Calc 7.4 wrote for a sheet with a comment, a merged cell, spaces and a blank row.
CALC_SHEET = (
    '<table:table table:name="first"><table:table-column table:number-columns-repeated="16384"/>'
    '<table:table-row><table:table-cell office:value-type="string"><text:p>id</text:p></table:table-cell>'
    '<table:table-cell office:value-type="string"><text:p>n</text:p></table:table-cell>'
    '<table:table-cell office:value-type="string"><text:p>when</text:p></table:table-cell>'
    '<table:table-cell office:value-type="string"><text:p>text</text:p></table:table-cell>'
    '<table:table-cell table:number-columns-repeated="16380"/></table:table-row>'
    '<table:table-row><table:table-cell office:value-type="string"><office:annotation>'
    '<dc:date>2026-12-03T00:00:00</dc:date><text:p>a note, not a value</text:p></office:annotation>'
    '<text:p>a</text:p></table:table-cell>'
    '<table:table-cell table:formula="of:=TRUE()" office:value-type="float" office:value="1">'
    '<text:p>TRUE</text:p></table:table-cell>'
    '<table:table-cell office:value-type="date" office:date-value="2025-12-01T10:30:00">'
    '<text:p>2025-12-01 10:30:00</text:p></table:table-cell>'
    '<table:table-cell office:value-type="string"><text:p><text:s text:c="2"/>two <text:s/>spaces'
    '<text:tab/>and a <text:span>tab</text:span><text:line-break/>end</text:p></table:table-cell>'
    '<table:table-cell table:number-columns-repeated="16380"/></table:table-row>'
    '<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="16384"/>'
    '</table:table-row>'
    '<table:table-row><table:table-cell office:value-type="string"><text:p>m</text:p></table:table-cell>'
    '<table:table-cell office:value-type="string" table:number-columns-spanned="2"><text:p>merged</text:p>'
    '</table:table-cell><table:covered-table-cell/>'
    '<table:table-cell office:value-type="time" office:time-value="PT12H30M00S"><text:p>12:30:00</text:p>'
    '</table:table-cell><table:table-cell table:number-columns-repeated="2"/>'
    '<table:table-cell office:value-type="percentage" office:value="0.15"><text:p>15%</text:p>'
    '</table:table-cell><table:table-cell table:number-columns-repeated="16377"/></table:table-row>'
    '<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
    'table:number-columns-repeated="16384"/></table:table-row></table:table>')


def test_a_calc_sheet_reads_to_its_last_value_and_no_further(tmp_path):
    """16,384 columns by a million rows, all but a few repeated empties: read in moments,
    blank rows between values kept (row numbers match the sheet), comments left out."""
    second = sheet([["other sheet"]], name="second")
    path = write_ods(tmp_path / "calc.ods", document(CALC_SHEET, second))

    assert list(read_rows(path)) == [
        ["id", "n", "when", "text"],
        ["a", 1, dt.datetime(2025, 12, 1, 10, 30), "  two  spaces\tand a tab\nend"],
        [], [],
        ["m", "merged", None, "12:30:00", None, None, 0.15],
    ]


def test_a_repeated_row_with_values_is_repeated(tmp_path):
    path = write_ods(tmp_path / "repeat.ods", document(
        '<table:table><table:table-row><table:table-cell office:value-type="string"><text:p>id</text:p>'
        '</table:table-cell></table:table-row><table:table-row table:number-rows-repeated="3">'
        '<table:table-cell office:value-type="string" table:number-columns-repeated="2"><text:p>x</text:p>'
        '</table:table-cell></table:table-row></table:table>'))
    assert list(read_rows(path)) == [["id"], ["x", "x"], ["x", "x"], ["x", "x"]]


def test_the_formula_escape_apostrophe_of_a_calc_round_trip_is_taken_off(engine, tmp_path):
    row = financing("apos-ods", recipient="'+7 (495) 123", summary="'=1+1", notes="'plain quote")
    import_file(engine, "financing", ods(tmp_path / "apos.ods", [list(row), list(row.values())]))

    record = stored(engine, Financing, "apos-ods")
    assert (record.recipient, record.summary, record.notes) == ("+7 (495) 123", "=1+1", "'plain quote")


def test_an_ods_imports_through_the_command_line(db_url, engine, tmp_path, forge):
    row = financing("cli-ods", recipient_ru="Министерство энергетики")
    path = ods(tmp_path / "cli.ods", [list(row), list(row.values())])
    before = dump(engine)

    done = forge("import", "financing", str(path), "--dry-run", "--db", db_url)

    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.strip() == "1 financing records would be imported (dry run)"
    assert dump(engine) == before


# --------------------------------------------------------------------------- refused

HEADER_ROW = ('<table:table-row><table:table-cell office:value-type="string"><text:p>id</text:p>'
              '</table:table-cell></table:table-row>')
BILLION_LAUGHS = ('<!DOCTYPE office:document-content [<!ENTITY lol "lol">'
                  + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
                            for i in range(1, 10)) + "]>")


def damaged(tmp_path: Path) -> Path:
    good = ods(tmp_path / "good.ods", [["id"], ["x"]]).read_bytes()
    return _write(tmp_path / "damaged.ods", good[: len(good) // 2])


def _half(text: str) -> str:
    return text[: len(text) // 2]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("make", "match"), [
    (lambda p: _write(p / "a.ods", b"id,agency\r\nx,DOD\r\n"), "not a readable ODS spreadsheet: it is not a zip"),
    (damaged, "not a readable ODS spreadsheet: it is not a zip"),
    (lambda p: _write(p / "x.ods", _zip({"xl/workbook.xml": "<workbook/>"})), "it has no content.xml"),
    (lambda p: write_ods(p / "m.ods", document(sheet([["id"]])).replace("</table:table>", "")),
     "its content.xml is malformed"),
    (lambda p: write_ods(p / "t.ods", _half(document(sheet([["id"], ["x"]])))), "its content.xml is malformed"),
    (lambda p: write_ods(p / "e.ods", b"\x89encrypted\x00bytes"), "its content.xml is malformed"),
    (lambda p: write_ods(p / "b.ods", document(
        f"<table:table>{HEADER_ROW}<table:table-row><table:table-cell office:value-type=\"string\">"
        "<text:p>&lol9;</text:p></table:table-cell></table:table-row></table:table>", prolog=BILLION_LAUGHS)),
     "declares XML entities or a DTD"),
    (lambda p: write_ods(p / "d.ods", document(sheet([["id"]]), prolog="<!DOCTYPE x>")),
     "declares XML entities or a DTD"),
    (lambda p: write_ods(p / "p.ods", b"\x00", manifest=MANIFEST.replace(
        'media-type="text/xml"/>', 'media-type="text/xml"><manifest:encryption-data/></manifest:file-entry>')),
     "protected by a password"),
])
def test_a_bad_ods_is_refused_in_one_line(engine, tmp_path, make, match):
    path = make(tmp_path)
    assert_refused(engine, path, match)
    with pytest.raises(ImportFileError) as refused:
        list(read_rows(path))
    assert "\n" not in str(refused.value)


def _zip(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_a_bad_ods_is_refused_by_the_command_line_in_one_line(db_url, tmp_path, forge):
    path = damaged(tmp_path)
    done = forge("import", "financing", str(path), "--db", db_url)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "forge-desktop: error: not a readable ODS spreadsheet: it is not a zip archive, as an .ods "
        "is (a damaged file, or another kind renamed?)"]


@pytest.mark.parametrize(("body", "match"), [
    # A value repeated a billion times across: never materialised.
    ('<table:table-row><table:table-cell office:value-type="string" table:number-columns-repeated='
     '"1000000000"><text:p>x</text:p></table:table-cell></table:table-row>',
     "row 2 of the ODS spreadsheet has more than 16,384 columns"),
    # A billion spaces in one cell, or a cell of text larger than a CSV field may be.
    ('<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="1000000000"/>'
     '</text:p></table:table-cell></table:table-row>',
     "a cell larger than 131,072 characters in row 2"),
    ('<table:table-row><table:table-cell office:value-type="string"><text:p>'
     + "x" * 200_000 + "</text:p></table:table-cell></table:table-row>",
     "a cell larger than 131,072 characters in row 2"),
    # An attribute of 5 MB: the parser would hold it whole.
    ('<table:table-row><table:table-cell office:value-type="string" office:string-value="'
     + "x" * (5 * 2**20) + '"/></table:table-row>', "holds an element over 4 MB"),
])
def test_a_hostile_ods_is_refused_before_it_fills_memory(engine, tmp_path, body, match):
    path = write_ods(tmp_path / "hostile.ods", document(f"<table:table>{HEADER_ROW}{body}</table:table>"))
    assert_refused(engine, path, match)


def test_a_billion_empty_rows_before_a_value_stop_at_the_row_limit(engine, tmp_path):
    path = write_ods(tmp_path / "gap.ods", document(
        f'<table:table>{HEADER_ROW}<table:table-row table:number-rows-repeated="1000000000">'
        '<table:table-cell/></table:table-row><table:table-row><table:table-cell office:value-type="string">'
        '<text:p>x</text:p></table:table-cell></table:table-row></table:table>'))

    rows = read_rows(path)
    assert next(rows) == ["id"]
    assert list(itertools.islice(rows, 3)) == [[], [], []]  # lazily, one at a time
    assert_refused(engine, path, "more than 200,000 rows")
