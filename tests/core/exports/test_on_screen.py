"""The on-screen export: labels for headers, words for keys, and beside each amount and date
what qualifies it, while numbers stay numbers and dates stay dates."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from forge_desktop.core import exports
from forge_desktop.core.columns import AGREEMENTS, FINANCING, PARTICIPANTS, Kind
from forge_desktop.core.query import Query, fetch, stream
from forge_desktop.core.schema import DatePrecision
from forge_desktop.core.text import untranslated
from forge_desktop.core.values import PartialDate

from ..imports.conftest import comparable, empty_table, import_file

# The financing columns the window shows by default, in their order.
SHOWN = tuple(c.name for c in FINANCING.columns if c.visible)


def export_on_screen(session, query: Query, path, fmt: str, translate=untranslated) -> int:
    columns = query.output_columns
    return exports.write(path, fmt, columns, exports.screen_rows(columns, stream(session, query)),
                         headers=exports.screen_headers(columns, translate), title=query.table)


def on_screen_query(table: str, names, **options) -> Query:
    spec = {"financing": FINANCING, "agreements": AGREEMENTS, "participants": PARTICIPANTS}[table]
    return Query(table, columns=exports.with_companions(spec, names), **options)


def csv_records(path) -> dict[str, dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return {r["ID"]: r for r in csv.DictReader(handle)}


# --------------------------------------------------------------------------- the columns


def test_the_qualifier_follows_the_amount_and_the_precision_follows_the_date():
    assert exports.with_companions(FINANCING, SHOWN) == (
        "agency", "recipient", "instrument", "stage", "amount_usd", "amount_qualifier",
        "cofinancing_usd", "minerals", "locations", "date", "date_precision", "summary")


def test_a_companion_already_exported_is_not_added_twice():
    names = ("amount_qualifier", "date", "amount_usd", "date_precision")
    assert exports.with_companions(FINANCING, names) == names


def test_only_the_columns_that_need_one_get_a_companion():
    assert exports.with_companions(FINANCING, ("cofinancing_usd", "quantity")) == (
        "cofinancing_usd", "quantity")  # co-financing carries no qualifier
    assert exports.with_companions(AGREEMENTS, ("title", "date")) == (
        "title", "date", "date_precision")
    assert exports.with_companions(PARTICIPANTS, ("name", "roles")) == ("name", "roles")


# --------------------------------------------------------------------------- CSV


def test_on_screen_csv_keeps_what_the_cells_say(session, tmp_path):
    path = tmp_path / "shown.csv"
    export_on_screen(session, on_screen_query("financing", ("id", *SHOWN)), path, "csv")
    with open(path, newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header == ["ID", "Agency", "Recipient / programme", "Instrument", "Stage", "Amount (USD)",
                      "Qualifier", "Co-financing (USD)", "Minerals", "Locations", "Date",
                      "Date precision", "Summary"]
    records = csv_records(path)
    vault = records["exim-project-vault"]
    # up to $10B: the number stays a plain number, "up to" goes beside it
    assert (vault["Amount (USD)"], vault["Qualifier"]) == ("10000000000", "Up to")
    assert (vault["Instrument"], vault["Agency"]) == ("Direct loan", "EXIM")  # not direct_loan
    assert (vault["Date"], vault["Date precision"]) == ("2026-02-02", "Day")
    zinc = records["dod-korea-zinc-debt-conditional"]
    # $2.4B (cond.) and Dec 2025: flagged, not silently a plain sum and an invented day
    assert (zinc["Amount (USD)"], zinc["Qualifier"]) == ("2400000000", "Conditional")
    assert (zinc["Date"], zinc["Date precision"]) == ("2025-12", "Month")
    assert records["dod-korea-zinc-debt-funded"]["Co-financing (USD)"] == "2400000000"
    assert records["dfc-total"]["Qualifier"] == "More than"


def test_the_machine_export_keeps_field_names_and_keys(session, tmp_path):
    path = tmp_path / "machine.csv"
    query = Query("financing", ids=("exim-project-vault",),
                  columns=("instrument", "amount_usd", "amount_qualifier", "date_precision"))
    exports.write(path, "csv", query.output_columns, stream(session, query))
    with open(path, newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [
            ["instrument", "amount_usd", "amount_qualifier", "date_precision"],
            ["direct_loan", "10000000000", "up_to", "day"]]


def test_list_items_read_as_labels(session, tmp_path):
    path = tmp_path / "p.csv"
    query = on_screen_query("participants", ("name", "roles"), ids=("mongolia",))
    export_on_screen(session, query, path, "csv")
    with open(path, newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [["Name", "Roles"], ["Mongolia", "Attended; Joined FORGE"]]


def test_headers_are_in_the_users_language(session, tmp_path):
    russian = {"Amount (USD)": "Сумма (USD)", "Qualifier": "Оговорка"}
    seen = []

    def translate(context: str, text: str) -> str:
        seen.append(context)
        return russian.get(text, text)

    path = tmp_path / "ru.csv"
    export_on_screen(session, on_screen_query("financing", ("amount_usd",)), path, "csv", translate)
    assert path.read_text(encoding="utf-8").splitlines()[0] == '"Сумма (USD)","Оговорка"'
    assert set(seen) == {"columns"}  # the context the labels are marked in


def test_formula_like_labels_and_words_are_still_defused(tmp_path):
    columns = (FINANCING.get("stage"), FINANCING.get("recipient"))
    path = tmp_path / "risky.csv"
    rows = exports.screen_rows(columns, [("=cmd", "+1")])
    exports.write(path, "csv", columns, rows, headers=exports.screen_headers(columns))
    with open(path, newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle))[1] == ["'=cmd", "'+1"]


def test_headers_must_match_the_columns(tmp_path):
    with pytest.raises(ValueError, match="1 headers for 2 columns"):
        exports.write(tmp_path / "x.csv", "csv", (FINANCING.get("id"), FINANCING.get("stage")),
                      [], headers=("ID",))


# --------------------------------------------------------------------------- XLSX and JSON


def test_on_screen_xlsx_has_typed_numbers_and_dates_shown_as_precisely_as_known(session, tmp_path):
    path = tmp_path / "shown.xlsx"
    query = on_screen_query("financing", ("recipient", "stage", "amount_usd", "date"),
                            ids=("exim-project-vault", "dod-korea-zinc-debt-conditional"),
                            sort=())
    export_on_screen(session, query, path, "xlsx")
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[1]] == ["Recipient / programme", "Stage", "Amount (USD)",
                                           "Qualifier", "Date", "Date precision"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    zinc = rows["Korea Zinc"]
    assert (zinc[2].value, zinc[2].data_type) == (2_400_000_000, "n")
    assert "$" in zinc[2].number_format
    assert zinc[3].value == "Conditional"
    assert zinc[4].is_date and zinc[4].value == dt.datetime(2025, 12, 1)
    assert zinc[4].number_format == "mmm yyyy"  # reads "Dec 2025", sorts as a date
    assert zinc[5].value == "Month"
    vault = rows["Project Vault (US strategic critical-minerals reserve)"]
    assert vault[1].value == "Approved" and vault[3].value == "Up to"
    assert vault[4].number_format == "yyyy-mm-dd"


def test_a_year_only_date_shows_its_year_and_an_unknown_one_stays_empty(tmp_path):
    columns = (FINANCING.get("date"), FINANCING.get("date_precision"), FINANCING.get("id"))
    rows = [(dt.date(2025, 1, 1), "year", "a"), (None, None, "b")]
    path = tmp_path / "years.xlsx"
    exports.write(path, "xlsx", columns, exports.screen_rows(columns, rows),
                  headers=exports.screen_headers(columns))
    year, unknown = load_workbook(path).active.iter_rows(min_row=2)
    assert year[0].is_date and year[0].value == dt.datetime(2025, 1, 1)
    assert (year[0].number_format, year[1].value) == ("yyyy", "Year")
    assert (unknown[0].value, unknown[1].value) == (None, None)


def test_on_screen_json_is_keyed_by_label(session, tmp_path):
    path = tmp_path / "shown.json"
    query = on_screen_query("financing", ("instrument", "amount_usd", "date"),
                            ids=("dod-korea-zinc-debt-conditional",))
    export_on_screen(session, query, path, "json")
    assert json.loads(path.read_text(encoding="utf-8")) == [
        {"Instrument": "Debt", "Amount (USD)": 2_400_000_000, "Qualifier": "Conditional",
         "Date": "2025-12-01", "Date precision": "Month"}]


# --------------------------------------------------------------------------- nothing is lost


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_english_on_screen_export_of_every_column_imports_back_as_it_was(engine, tmp_path, fmt):
    """Labels and words lose nothing: the import reads them back to the same records."""
    query = on_screen_query("financing", FINANCING.names)
    path = tmp_path / f"financing.{fmt}"
    with Session(engine) as s:
        before = fetch(s, Query("financing"))
        export_on_screen(s, query, path, fmt)
        empty_table(s, "financing")
        s.commit()

    import_file(engine, "financing", path)

    with Session(engine) as s:
        after = fetch(s, Query("financing"))
    names = [c.name for c in before.columns]
    assert comparable(after.rows, names) == comparable(before.rows, names)


# --------------------------------------------------------------------------- the clipboard's HTML


def test_an_html_cell_marks_numbers_and_dates_for_the_spreadsheet():
    money = exports.html_cell(Kind.MONEY, 10_000_000_000, "10000000000")
    assert money == '<td x:num="10000000000" sdval="10000000000">10000000000</td>'
    # the date serial LibreOffice reads (2 Feb 2026 is day 46055), shown as an ISO date
    day = exports.html_cell(Kind.DATE, dt.date(2026, 2, 2), "2026-02-02")
    assert day == '<td sdval="46055" sdnum="1033;0;YYYY-MM-DD">2026-02-02</td>'
    month = exports.html_cell(Kind.DATE, PartialDate(dt.date(2025, 12, 1), DatePrecision.MONTH),
                              "2025-12-01")
    assert month == '<td sdval="45992" sdnum="1033;0;YYYY-MM-DD">2025-12-01</td>'
    assert exports.html_cell(Kind.MONEY, None, "") == "<td></td>"
    assert exports.html_cell(Kind.TEXT, "<b>&", "<b>&") == "<td>&lt;b&gt;&amp;</td>"
