"""Exports that open right in LibreOffice Calc and Excel with their default answers.

Calc's CSV dialog comes up with Tab, Comma *and* Semicolon ticked, Excel splits on its
locale's list separator: every text field is quoted, so none of them inside a cell moves a
column. A workbook opens with its header row frozen, filterable and labelled, columns as wide
as they need, yes/no cells Calc does not turn into formulas, and prints landscape one page
wide with the header on every page. (tests/core/test_libreoffice.py runs the real Calc.)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from forge_desktop.core import exports
from forge_desktop.core.columns import FINANCING, PARTICIPANTS
from forge_desktop.core.exports import xlsx
from forge_desktop.core.query import Query, count, stream

from ...conftest import run_forge

SPECS = {"financing": FINANCING, "participants": PARTICIPANTS}


CALC_DEFAULTS = ",;\t"  # the separators Calc's CSV dialog ticks, all at once


def split_like_calc(text: str, separators: str = CALC_DEFAULTS) -> list[list[str]]:
    """Rows as Calc's CSV dialog splits them: any of *separators* outside double quotes ends
    a field (with its default answers, any of Comma, Semicolon and Tab); a doubled quote
    inside them is one quote. As Calc does, a quote after text opens a quoted stretch too."""
    rows: list[list[str]] = []
    row: list[str] = []
    field: list[str] = []
    quoted, i = False, 0
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"' and text[i + 1:i + 2] == '"':
                field.append('"')
                i += 1
            elif ch == '"':
                quoted = False
            else:
                field.append(ch)
        elif ch == '"':
            quoted = True
        elif ch in separators:
            row.append("".join(field))
            field = []
        elif ch in "\r\n":
            if text[i:i + 2] == "\r\n":
                i += 1
            row.append("".join(field))
            rows.append(row)
            row, field = [], []
        else:
            field.append(ch)
        i += 1
    if row or field:
        row.append("".join(field))
        rows.append(row)
    return rows


def write_csv(session, table: str, form: str, path) -> int:
    query = Query(table)
    columns = query.output_columns
    rows = stream(session, query)
    if form == "on_screen":
        query = Query(table, columns=exports.with_companions(SPECS[table], [c.name for c in columns]))
        columns = query.output_columns
        rows = exports.screen_rows(columns, stream(session, query))
        return exports.write(path, "csv", columns, rows, headers=exports.screen_headers(columns))
    return exports.write(path, "csv", columns, rows)


# --------------------------------------------------------------------------- CSV


@pytest.mark.parametrize("form", ["machine", "on_screen"])
@pytest.mark.parametrize("table", ["financing", "participants"])
def test_every_row_keeps_its_columns_whichever_separators_calc_ticks(session, tmp_path, table, form):
    path = tmp_path / f"{table}.csv"
    written = write_csv(session, table, form, path)
    with open(path, newline="", encoding="utf-8") as handle:
        text = handle.read()
    as_written = list(csv.reader(io.StringIO(text, newline="")))
    assert len(as_written) == written + 1 == count(session, Query(table)) + 1
    assert any("; " in cell for row in as_written for cell in row)  # the cells that split before
    # Calc's default answers, all three separators at once: the cells are those written
    assert split_like_calc(text) == as_written
    assert split_like_calc(text, ",") == as_written
    # a reader set to one other separator alone (Excel in a locale of ";") moves no column:
    # every line stays one cell, for Text to Columns to split as a whole
    for separator in ";\t":
        assert {len(row) for row in split_like_calc(text, separator)} == {1}, repr(separator)


def csv_lines(path) -> list[str]:
    return path.read_bytes().decode("utf-8").split("\r\n")


def test_text_is_quoted_numbers_bare_and_an_empty_field_empty(session, tmp_path):
    path = tmp_path / "f.csv"
    query = Query("financing", ids=("exim-project-vault",),
                  columns=("id", "amount_usd", "quantity", "is_aggregate", "date", "date_precision",
                           "locations"))
    exports.write(path, "csv", query.output_columns, stream(session, query))
    assert csv_lines(path)[:2] == [
        '"id","amount_usd","quantity","is_aggregate","date","date_precision","locations"',
        '"exim-project-vault",10000000000,,"false","2026-02-02","day","United States"']


def test_quotes_inside_text_are_doubled_and_fractions_stay_numbers(tmp_path):
    path = tmp_path / "q.csv"
    columns = (FINANCING.get("recipient"), FINANCING.get("quantity"), FINANCING.get("is_aggregate"))
    exports.write(path, "csv", columns, [('Say "hi"; then, go', 12.5, True), ("", 3.0, None)])
    assert csv_lines(path)[1:3] == ['"Say ""hi""; then, go",12.5,"true"', ",3,"]


def test_an_on_screen_date_is_written_as_precisely_as_it_is_known(tmp_path):
    columns = (FINANCING.get("id"), FINANCING.get("date"), FINANCING.get("date_precision"))
    rows = [("d", dt.date(2026, 2, 2), "day"), ("m", dt.date(2025, 10, 1), "month"),
            ("y", dt.date(2025, 1, 1), "year"), ("none", None, None)]
    path = tmp_path / "dates.csv"
    exports.write(path, "csv", columns, exports.screen_rows(columns, rows),
                  headers=exports.screen_headers(columns))
    assert csv_lines(path)[:5] == ['"ID","Date","Date precision"', '"d","2026-02-02","Day"',
                                   '"m","2025-10","Month"', '"y","2025","Year"', '"none",,']
    machine = tmp_path / "machine.csv"  # as stored: the first day, its precision beside it
    exports.write(machine, "csv", columns, rows)
    assert csv_lines(machine)[2] == '"m","2025-10-01","month"'


# --------------------------------------------------------------------------- XLSX


@pytest.fixture
def workbook(session, tmp_path):
    """The whole financing table as a workbook headed by labels, and its sheet."""
    query = Query("financing")
    columns = query.output_columns
    path = tmp_path / "financing.xlsx"
    written = exports.write(path, "xlsx", columns, stream(session, query),
                            headers=exports.screen_headers(columns), title="financing")
    return columns, written, load_workbook(path).active


def test_a_workbook_is_headed_by_labels_frozen_and_filterable(workbook):
    columns, written, sheet = workbook
    assert [c.value for c in sheet[1]] == [c.label for c in columns]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(columns))}{written + 1}" == "A1:Z36"


def test_a_workbook_prints_landscape_one_page_wide_with_the_header_on_every_page(workbook):
    _columns, _written, sheet = workbook
    setup = sheet.page_setup
    assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$1:$1"


def test_columns_are_as_wide_as_their_header_and_cells_need_within_bounds(workbook):
    columns, _written, sheet = workbook
    widths = {c.name: sheet.column_dimensions[get_column_letter(i)].width
              for i, c in enumerate(columns, 1)}
    for column in columns:
        assert widths[column.name] >= len(column.label) + 2, column.name  # is_aggregate, cut off once
        assert xlsx.MIN_WIDTH <= widths[column.name] <= xlsx.MAX_WIDTH, column.name
    assert widths["agency"] < widths["recipient"] == widths["summary"] == xlsx.MAX_WIDTH
    assert widths["amount_usd"] >= len("$14,800,000,000")


def test_long_text_wraps_in_rows_tall_enough_to_show_it(workbook):
    columns, _written, sheet = workbook
    summary = [c.name for c in columns].index("summary")
    rows = list(sheet.iter_rows(min_row=2))
    assert all(row[summary].alignment.wrap_text for row in rows if row[summary].value)
    assert all(c.alignment.vertical == "top" for row in rows for c in row if c.value is not None)
    vault = next(r for r in rows if r[0].value == "exim-project-vault")
    lines = len(vault[summary].value) / (xlsx.MAX_WIDTH * 1.5)  # fewer than it takes
    assert sheet.row_dimensions[vault[0].row].height > lines * 14
    assert not rows[0][1].alignment.wrap_text  # the agency is short: it does not wrap


def test_yes_no_cells_are_numbers_calc_reads_as_booleans(workbook):
    columns, _written, sheet = workbook
    at = [c.name for c in columns].index("is_aggregate")
    cells = [row[at] for row in sheet.iter_rows(min_row=2)]
    assert {(c.value, c.data_type, c.number_format) for c in cells} == {
        (1, "n", xlsx.BOOL_FORMAT), (0, "n", xlsx.BOOL_FORMAT)}
    assert xlsx.BOOL_FORMAT == '"TRUE";"TRUE";"FALSE"'


def test_widths_come_from_the_first_rows_only(tmp_path):
    """A million-row export is not read twice: what comes after the sample does not widen."""
    columns = (FINANCING.get("recipient"),)
    rows = [("short",)] * xlsx.WIDTH_SAMPLE + [("a much longer recipient name than any before",)]
    path = tmp_path / "late.xlsx"
    assert exports.write(path, "xlsx", columns, rows) == xlsx.WIDTH_SAMPLE + 1
    sheet = load_workbook(path).active
    assert sheet.column_dimensions["A"].width == len("recipient") + 3
    assert sheet.auto_filter.ref == f"A1:A{xlsx.WIDTH_SAMPLE + 2}"


def test_an_empty_export_is_still_a_filterable_header(tmp_path):
    path = tmp_path / "none.xlsx"
    assert exports.write(path, "xlsx", (FINANCING.get("id"),), []) == 0
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[1]] == ["id"] and sheet.auto_filter.ref == "A1:A1"


# --------------------------------------------------------------------------- the command line


def export_cli(db_url, tmp_path, *args: str):
    result = run_forge("--db", db_url, "export", "financing", *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    return result


def first_row(path) -> list:
    if path.suffix == ".xlsx":
        return [c.value for c in load_workbook(path).active[1]]
    if path.suffix == ".json":
        return list(json.loads(path.read_text(encoding="utf-8"))[0])
    with open(path, newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle))


LABELS = [c.label for c in FINANCING.columns]
NAMES = [c.name for c in FINANCING.columns]


@pytest.mark.parametrize(("fmt", "args", "expected"), [
    ("xlsx", (), LABELS),  # a sheet people read
    ("csv", (), NAMES),  # scripts read these
    ("json", (), NAMES),
    ("xlsx", ("--headers", "names"), NAMES),
    ("csv", ("--headers", "labels"), LABELS),
    ("json", ("--headers", "labels"), LABELS),
])
def test_the_command_line_heads_columns_by_labels_or_names(db_url, tmp_path, fmt, args, expected):
    path = tmp_path / f"out.{fmt}"
    export_cli(db_url, tmp_path, *args, "-o", str(path))
    assert first_row(path) == expected


def test_labels_head_the_values_as_stored(db_url, tmp_path):
    path = tmp_path / "vault.csv"
    export_cli(db_url, tmp_path, "--headers", "labels", "--where", "id = exim-project-vault",
               "--columns", "instrument,amount_usd", "-o", str(path))
    assert csv_lines(path)[:2] == ['"Instrument","Amount (USD)"', '"direct_loan",10000000000']


def test_labels_go_to_standard_output_too(db_url, tmp_path):
    result = export_cli(db_url, tmp_path, "--headers", "labels", "--columns", "id,is_aggregate")
    assert result.stdout.decode().split("\r\n")[0] == '"ID","Aggregate"'


def test_the_help_says_what_heads_the_columns_by_default():
    result = run_forge("export", "--help")
    text = " ".join(result.stdout.decode().split())
    assert "--headers {labels,names}" in text
    assert "Default: labels for xlsx" in text and "names for csv and json" in text


def test_an_unknown_headers_choice_is_one_line_exit_2(db_url, tmp_path):
    result = run_forge("--db", db_url, "export", "financing", "--headers", "titles", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().count("\n") == 1 and "'titles'" in result.stderr.decode()
    assert result.stdout == b""


def test_a_workbook_with_sources_prints_its_sources_sheet_the_same_way(db_url, tmp_path):
    path = tmp_path / "cited.xlsx"
    export_cli(db_url, tmp_path, "--where", "agency = EXIM", "--with-sources", "-o", str(path))
    book = load_workbook(path)
    sources = book.worksheets[1]
    assert book.active[1][0].value == "ID" and sources.title == "Sources"
    assert (sources.page_setup.orientation, sources.page_setup.fitToWidth) == ("landscape", 1)
    assert sources.print_title_rows == "$1:$1" and sources.freeze_panes == "A2"
    assert sources.auto_filter.ref.startswith("A1:I")
