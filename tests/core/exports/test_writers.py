"""CSV, JSON and XLSX export: round trips, typed cells, formula defusing, atomic writes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from forge_desktop.core import exports
from forge_desktop.core.columns import FINANCING
from forge_desktop.core.exports import ExportCancelled, ExportError
from forge_desktop.core.query import Query, fetch, stream
from forge_desktop.core.schema import Financing

TABLES = ("participants", "agreements", "financing")
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def export(session, query: Query, path, fmt: str) -> int:
    return exports.write(path, fmt, query.output_columns, stream(session, query),
                           title=query.table)


def expected(session, query: Query) -> tuple[list[str], list[dict]]:
    result = fetch(session, query)
    names = [c.name for c in result.columns]
    return names, [dict(zip(names, row, strict=True)) for row in result.rows]


def read_csv(path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def csv_text(value) -> str:
    """How a value should read back from our CSV."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(value)
    elif isinstance(value, bool):
        return "true" if value else "false"
    elif isinstance(value, dt.date):
        return value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        return str(int(value))
    elif not isinstance(value, str):
        return str(value)
    return "'" + value if value.startswith(TRIGGERS) else value


def xlsx_value(value):
    """How a value should read back from our XLSX through openpyxl."""
    if isinstance(value, list):
        return "; ".join(value) or None
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    return value


# --------------------------------------------------------------------------- CSV


@pytest.mark.parametrize("table", TABLES)
def test_csv_round_trip(session, tmp_path, table):
    query = Query(table)
    path = tmp_path / f"{table}.csv"
    names, rows = expected(session, query)
    assert export(session, query, path, "csv") == len(rows) > 0
    header, *body = read_csv(path)
    assert header == names
    assert body == [[csv_text(row[n]) for n in names] for row in rows]


def test_csv_has_no_bom_by_default_and_one_on_request(session, tmp_path):
    query = Query("participants")
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    export(session, query, plain, "csv")
    exports.write(excel, "csv", query.output_columns, stream(session, query), bom=True)
    assert plain.read_bytes().startswith(b'"id",')
    assert excel.read_bytes().startswith(b'\xef\xbb\xbf"id",')


def test_csv_keeps_russian_text(session, tmp_path):
    query = Query("participants", ids=("mongolia",), columns=("name", "name_ru"))
    path = tmp_path / "p.csv"
    export(session, query, path, "csv")
    assert read_csv(path) == [["name", "name_ru"], ["Mongolia", "Монголия"]]


def test_csv_joins_list_columns(session, tmp_path):
    query = Query("financing", ids=("dod-atalco", "exim-reko-diq"),
                  columns=("id", "minerals", "locations"), sort=())
    path = tmp_path / "f.csv"
    export(session, query.with_sort([]), path, "csv")
    rows = {r[0]: r for r in read_csv(path)[1:]}
    assert rows["exim-reko-diq"] == ["exim-reko-diq", "Copper; Gold", "Pakistan"]
    assert rows["dod-atalco"] == ["dod-atalco", "", "Louisiana; Saint Ann, Jamaica"]


def test_csv_writes_plain_numbers_and_iso_dates(session, tmp_path):
    query = Query("financing", ids=("exim-project-vault",),
                  columns=("amount_usd", "date", "is_aggregate"))
    path = tmp_path / "f.csv"
    export(session, query, path, "csv")
    assert read_csv(path)[1] == ["10000000000", "2026-02-02", "false"]


# --------------------------------------------------------------------------- JSON


@pytest.mark.parametrize("table", TABLES)
def test_json_round_trip(session, tmp_path, table):
    query = Query(table)
    path = tmp_path / f"{table}.json"
    names, rows = expected(session, query)
    export(session, query, path, "json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [list(record) for record in data] == [names] * len(rows)
    want = [{k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}
            for row in rows]
    assert data == want


def test_json_keeps_lists_as_arrays_and_russian_unescaped(session, tmp_path):
    query = Query("participants", ids=("mongolia",), columns=("name_ru", "roles"))
    path = tmp_path / "p.json"
    export(session, query, path, "json")
    text = path.read_text(encoding="utf-8")
    assert "Монголия" in text  # not \u-escaped
    assert json.loads(text) == [{"name_ru": "Монголия", "roles": ["attended", "forge_joined"]}]


def test_json_amounts_are_numbers(session, tmp_path):
    query = Query("financing", ids=("exim-6k-additive",), columns=("amount_usd", "quantity"))
    path = tmp_path / "f.json"
    export(session, query, path, "json")
    assert json.loads(path.read_text()) == [{"amount_usd": 27_400_000, "quantity": None}]


def test_json_of_no_rows_is_an_empty_array(session, tmp_path):
    path = tmp_path / "none.json"
    assert export(session, Query("financing", ids=()), path, "json") == 0
    assert json.loads(path.read_text()) == []


# --------------------------------------------------------------------------- XLSX


@pytest.mark.parametrize("table", TABLES)
def test_xlsx_round_trip(session, tmp_path, table):
    query = Query(table)
    path = tmp_path / f"{table}.xlsx"
    names, rows = expected(session, query)
    export(session, query, path, "xlsx")
    sheet = load_workbook(path).active
    assert sheet.title == table
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == names
    assert [list(v) for v in values[1:]] == [[xlsx_value(row[n]) for n in names] for row in rows]


@pytest.mark.parametrize("table", TABLES)
def test_xlsx_header_row_is_frozen_and_bold(session, tmp_path, table):
    path = tmp_path / f"{table}.xlsx"
    export(session, Query(table), path, "xlsx")
    sheet = load_workbook(path).active
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])


def test_xlsx_amounts_are_int_cells_with_a_money_format(session, tmp_path):
    query = Query("financing", columns=("id", "amount_usd", "cofinancing_usd"))
    path = tmp_path / "f.xlsx"
    export(session, query, path, "xlsx")
    sheet = load_workbook(path).active
    amounts = [row[1] for row in sheet.iter_rows(min_row=2)]
    filled = [c for c in amounts if c.value is not None]
    assert len(filled) == 31
    assert all(c.data_type == "n" and type(c.value) is int for c in filled)
    assert all("$" in c.number_format for c in filled)
    vault = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "exim-project-vault")
    assert vault[1].value == 10_000_000_000


def test_xlsx_dates_are_date_cells(session, tmp_path):
    query = Query("financing", ids=("exim-project-vault",), columns=("date",))
    path = tmp_path / "f.xlsx"
    export(session, query, path, "xlsx")
    cell = load_workbook(path).active["A2"]
    assert cell.is_date
    assert cell.value == dt.datetime(2026, 2, 2)
    assert cell.number_format == "yyyy-mm-dd"


def test_xlsx_booleans_are_one_or_zero_shown_true_or_false(session, tmp_path):
    """Not boolean cells: LibreOffice reads those as =TRUE() formulas, shown TRUE in one row
    and 1 in the next; a number in this format it reads as a boolean, and Excel shows it."""
    query = Query("financing", ids=("dfc-total", "dfc-ukraine"), columns=("id", "is_aggregate"))
    path = tmp_path / "f.xlsx"
    export(session, query, path, "xlsx")
    cells = {row[0].value: row[1] for row in load_workbook(path).active.iter_rows(min_row=2)}
    assert [(c.value, c.data_type) for c in (cells["dfc-total"], cells["dfc-ukraine"])] == [
        (1, "n"), (0, "n")]
    assert {c.number_format for c in cells.values()} == {'"TRUE";"TRUE";"FALSE"'}


def test_xlsx_keeps_russian_text_and_joins_lists(session, tmp_path):
    query = Query("participants", ids=("mongolia",), columns=("name_ru", "roles"))
    path = tmp_path / "p.xlsx"
    export(session, query, path, "xlsx")
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[2]] == ["Монголия", "attended; forge_joined"]


# --------------------------------------------------------------------------- formulas

RISKY = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"]
COLUMNS = (FINANCING.get("recipient"), FINANCING.get("minerals"), FINANCING.get("amount_usd"))


def risky_rows():
    return [(text, [text, "safe"], 1) for text in RISKY] + [("plain", ["safe"], 2)]


def test_csv_prefixes_formula_like_text_with_an_apostrophe(tmp_path):
    path = tmp_path / "risky.csv"
    exports.write(path, "csv", COLUMNS, risky_rows())
    body = read_csv(path)[1:]
    for text, row in zip(RISKY, body, strict=False):
        assert row == ["'" + text, f"'{text}; safe", "1"]
    assert body[-1] == ["plain", "safe", "2"]


def test_xlsx_stores_formula_like_text_as_strings(tmp_path):
    path = tmp_path / "risky.xlsx"
    exports.write(path, "xlsx", COLUMNS, risky_rows())
    sheet = load_workbook(path).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2, max_row=len(RISKY) + 1)]
    assert all(c.data_type == "s" for c in cells)
    assert [c.value for c in cells[:5]] == RISKY[:5]
    assert cells[5].value.endswith("x")  # XML turns the CR into LF; still text, never a formula
    lists = [row[1] for row in sheet.iter_rows(min_row=2, max_row=len(RISKY) + 1)]
    assert all(c.data_type == "s" for c in lists)
    assert lists[0].value == "=1+1; safe"


def test_json_keeps_formula_like_text_verbatim(tmp_path):
    path = tmp_path / "risky.json"
    exports.write(path, "json", COLUMNS, risky_rows())
    assert [r["recipient"] for r in json.loads(path.read_text())][:-1] == RISKY


def test_formula_in_a_database_record_is_defused_end_to_end(session, tmp_path):
    session.add(Financing(
        id="test-formula", agency="DOE", recipient='=HYPERLINK("http://evil","x")',
        instrument="nofo", stage="opportunity", summary="@SUM(1)", quote_ru="Тест."))
    session.flush()
    query = Query("financing", ids=("test-formula",), columns=("recipient", "summary"))
    export(session, query, tmp_path / "f.csv", "csv")
    export(session, query, tmp_path / "f.xlsx", "xlsx")
    assert read_csv(tmp_path / "f.csv")[1] == ["'=HYPERLINK(\"http://evil\",\"x\")", "'@SUM(1)"]
    row = load_workbook(tmp_path / "f.xlsx").active[2]
    assert [(c.value, c.data_type) for c in row] == [
        ('=HYPERLINK("http://evil","x")', "s"), ("@SUM(1)", "s")]
    session.rollback()


def test_numbers_are_not_defused(tmp_path):
    path = tmp_path / "n.csv"
    exports.write(path, "csv", COLUMNS[2:], [(0,), (5,)])
    assert read_csv(path) == [["amount_usd"], ["0"], ["5"]]


# --------------------------------------------------------------------------- atomic writes


def failing_rows():
    yield ("first", ["x"], 1)
    yield ("second", [], 2)
    raise RuntimeError("database went away")


@pytest.mark.parametrize("fmt", exports.FORMATS)
def test_failure_mid_stream_leaves_no_file(tmp_path, fmt):
    target = tmp_path / f"out.{fmt}"
    with pytest.raises(RuntimeError, match="went away"):
        exports.write(target, fmt, COLUMNS, failing_rows())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", exports.FORMATS)
def test_failure_mid_stream_keeps_the_old_file(tmp_path, fmt):
    target = tmp_path / f"out.{fmt}"
    target.write_bytes(b"the previous export")
    with pytest.raises(RuntimeError):
        exports.write(target, fmt, COLUMNS, failing_rows())
    assert target.read_bytes() == b"the previous export"
    assert list(tmp_path.iterdir()) == [target]


def test_success_replaces_the_old_file(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    assert exports.write(target, "csv", COLUMNS, [("new", [], 1)]) == 1
    assert read_csv(target) == [["recipient", "minerals", "amount_usd"], ["new", "", "1"]]
    assert list(tmp_path.iterdir()) == [target]


def many_rows(n: int = 2500):
    return ((f"row {i}", [], i) for i in range(n))


@pytest.mark.parametrize("fmt", exports.FORMATS)
def test_cancel_from_progress_leaves_nothing(tmp_path, fmt):
    target = tmp_path / f"out.{fmt}"
    seen = []

    def progress(n: int) -> bool:
        seen.append(n)
        return False

    with pytest.raises(ExportCancelled):
        exports.write(target, fmt, COLUMNS, many_rows(), progress=progress)
    assert seen == [exports.PROGRESS_EVERY]
    assert list(tmp_path.iterdir()) == []


def test_cancel_keeps_the_old_file(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("[]")
    with pytest.raises(ExportCancelled):
        exports.write(target, "json", COLUMNS, many_rows(), progress=lambda n: False)
    assert target.read_text() == "[]"
    assert list(tmp_path.iterdir()) == [target]


def test_progress_is_reported_and_the_export_completes(tmp_path):
    target = tmp_path / "out.csv"
    seen = []
    n = exports.write(target, "csv", COLUMNS, many_rows(),
                        progress=lambda k: seen.append(k) or True)
    assert n == 2500
    assert seen == [1000, 2000]
    assert len(read_csv(target)) == 2501


def test_cancelled_is_an_export_error():
    assert issubclass(ExportCancelled, ExportError)


# --------------------------------------------------------------------------- bad targets


def test_missing_folder_is_an_export_error(tmp_path):
    target = tmp_path / "no" / "such" / "out.csv"
    with pytest.raises(ExportError, match="does not exist"):
        exports.write(target, "csv", COLUMNS, [("a", [], 1)])
    assert not (tmp_path / "no").exists()


def test_directory_as_target_is_an_export_error(tmp_path):
    with pytest.raises(ExportError, match="it is a folder"):
        exports.write(tmp_path, "csv", COLUMNS, [("a", [], 1)])
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_is_an_export_error(tmp_path):
    with pytest.raises(ExportError, match="csv, json, xlsx"):
        exports.write(tmp_path / "out.pdf", "pdf", COLUMNS, [])
    assert list(tmp_path.iterdir()) == []


def test_xlsx_to_a_stream_is_an_export_error():
    with pytest.raises(ExportError, match="-o"):
        exports.write(io.StringIO(), "xlsx", COLUMNS, [])


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_text_formats_can_go_to_a_stream(fmt):
    out = io.StringIO()
    assert exports.write(out, fmt, COLUMNS, [("Монголия", ["a", "b"], 3)]) == 1
    text = out.getvalue()
    assert "Монголия" in text
    if fmt == "json":
        assert json.loads(text) == [{"recipient": "Монголия", "minerals": ["a", "b"],
                                     "amount_usd": 3}]
    else:
        assert text == '"recipient","minerals","amount_usd"\r\n"Монголия","a; b",3\r\n'


@pytest.mark.parametrize(("name", "fmt"), [("a.CSV", "csv"), ("b.xlsx", "xlsx"),
                                           ("c.json", "json"), ("d.pdf", None), ("e", None)])
def test_suffix_format(name, fmt):
    assert exports.suffix_format(name) == fmt


def test_the_command_line_starts_without_openpyxl():
    """openpyxl is a third of the CLI's start-up: only an XLSX export or import loads it."""
    import subprocess
    import sys

    code = "import sys, forge_desktop.core.cli; print('openpyxl' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(("where", "words"), [("id = exim-project-vault", "wrote 1 financing row to"),
                                              ("agency = DOD", "wrote 8 financing rows to")])
def test_the_command_line_says_how_many_rows_it_wrote_in_good_english(db_url, tmp_path, capsys,
                                                                      where, words):
    from forge_desktop.core import cli

    out = tmp_path / "out.csv"
    assert cli.main(["export", "financing", "--where", where, "-o", str(out), "--db", db_url]) == 0
    assert f"{words} {out}" in capsys.readouterr().err
