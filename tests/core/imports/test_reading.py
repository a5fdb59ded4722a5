"""Reading files: CSV delimiters and encodings, XLSX and JSON, formula-like text, and files
refused as a whole (binary, malformed, too large) with the database left as it was. How
encodings are told apart is in test_encodings.py, ODS in test_ods.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random

import pytest
from sqlalchemy.orm import Session

from forge_desktop.core import exports, undo
from forge_desktop.core.imports import ImportFileError
from forge_desktop.core.query import Query, fetch, stream
from forge_desktop.core.schema import DatePrecision, Financing

from .conftest import (
    assert_refused,
    comparable,
    dump,
    empty_table,
    export_then_empty,
    financing,
    import_file,
    plan_for,
    stored,
    stored_financing,
    write_csv,
    write_xlsx,
)

# --------------------------------------------------------------------------- round trip


def test_csv_export_with_a_byte_order_mark_imports_back(engine, tmp_path):
    query = Query("financing")
    path = tmp_path / "excel.csv"
    with Session(engine) as s:
        before = fetch(s, query)
        exports.write(path, "csv", query.output_columns, stream(s, query), bom=True)
        empty_table(s, "financing")
        s.commit()
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    result = import_file(engine, "financing", path)

    assert result.records == len(before.rows)
    with Session(engine) as s:
        after = fetch(s, query)
    names = [c.name for c in before.columns]
    assert comparable(after.rows, names) == comparable(before.rows, names)


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_own_export_rewritten_with_another_delimiter_imports_back(engine, tmp_path, delimiter):
    before, exported = export_then_empty(engine)
    path = tmp_path / "financing.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(csv.reader(io.StringIO(exported)))

    import_file(engine, "financing", path)

    with Session(engine) as s:
        after = fetch(s, Query("financing"))
    names = [c.name for c in before.columns]
    assert comparable(after.rows, names) == comparable(before.rows, names)


# --------------------------------------------------------------------------- formats and encodings


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_delimiter_is_detected(engine, tmp_path, delimiter):
    rows = [financing("delim-1", recipient="Vulcan Elements, Inc.", amount_usd="1,25 млрд"),
            financing("delim-2", recipient="A; B | C", amount_usd="$325-million")]
    path = write_csv(tmp_path / "delim.csv", rows, delimiter=delimiter)

    import_file(engine, "financing", path)

    assert stored(engine, Financing, "delim-1").recipient == "Vulcan Elements, Inc."
    assert stored(engine, Financing, "delim-1").amount_usd == 1_250_000_000
    assert stored(engine, Financing, "delim-2").recipient == "A; B | C"


def test_delimiter_can_be_chosen(engine, tmp_path):
    path = write_csv(tmp_path / "semi.csv", [financing("semi-1", amount_usd="1,5 млрд")],
                     delimiter=";")
    plan = plan_for(engine, "financing", path, delimiter=";")
    assert plan.records[0]["amount_usd"] == 1_500_000_000


# No « »: KOI8-R and CP866 have none.
RUSSIAN = {"recipient_ru": 'Проект "Хранилище"', "quote_ru": "Совет директоров одобрил кредит"}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "koi8-r", "cp866", "utf-16",
                                      "utf-32"])
def test_text_encodings_are_detected(engine, tmp_path, encoding):
    path = write_csv(tmp_path / "ru.csv", [financing("ru-1", **RUSSIAN)], encoding=encoding)

    plan = plan_for(engine, "financing", path)
    assert plan.headers[0] == "id"  # no byte-order mark left in the first header
    assert plan.errors == []
    import_file(engine, "financing", path)

    record = stored(engine, Financing, "ru-1")
    assert (record.recipient_ru, record.quote_ru) == (RUSSIAN["recipient_ru"], RUSSIAN["quote_ru"])


def test_cp1251_can_be_chosen(engine, tmp_path):
    path = write_csv(tmp_path / "ru.csv", [financing("ru-2", recipient_ru="Литий")],
                     encoding="cp1251")
    import_file(engine, "financing", path, encoding="cp1251")
    assert stored(engine, Financing, "ru-2").recipient_ru == "Литий"


def test_our_financing_export_saved_as_cp1251_is_detected(engine, tmp_path):
    """English summaries outnumber the Russian quotes' letters; the Russian words still tell."""
    query = Query("financing")
    path = tmp_path / "financing.csv"
    with Session(engine) as s:
        exports.write(path, "csv", query.output_columns, stream(s, query))
        empty_table(s, "financing")
        s.commit()
    text = path.read_text(encoding="utf-8")
    assert text.encode("cp1251").decode("cp1251") == text  # nothing lost in cp1251
    path.write_bytes(text.encode("cp1251"))

    import_file(engine, "financing", path)

    assert stored(engine, Financing, "exim-project-vault").quote_ru.startswith(
        "Совет директоров EXIM одобрил")


def test_latin1_is_refused_unless_its_encoding_is_given(engine, tmp_path):
    path = write_csv(tmp_path / "latin.csv", [financing("lat-1", recipient="Société Générale")],
                     encoding="latin-1")
    before = dump(engine)

    with pytest.raises(ImportFileError, match="could not tell this file's text encoding"):
        import_file(engine, "financing", path)
    assert dump(engine) == before

    import_file(engine, "financing", path, encoding="latin-1")
    assert stored(engine, Financing, "lat-1").recipient == "Société Générale"


def test_a_wrong_encoding_name_is_a_clean_refusal(engine, tmp_path):
    path = write_csv(tmp_path / "x.csv", [financing("enc-1")])
    with pytest.raises(ImportFileError, match="unknown text encoding 'no-such-codec'"):
        plan_for(engine, "financing", path, encoding="no-such-codec")


def test_xlsx_with_typed_cells_and_labels_imports(engine, tmp_path):
    path = write_xlsx(tmp_path / "book.xlsx",
                      ["ID", "Agency", "Recipient / programme", "Instrument", "Stage",
                       "Amount (USD)", "Date", "Aggregate", "Summary"],
                      [["xl-1", "DFC", "Orion CMC", "equity", "approved", 22_800_000,
                        dt.datetime(2025, 12, 1), False, "s"],
                       ["xl-2", "DOE", "Battery plant", "nofo", "opportunity", 1.3e9, 2025, None,
                        "s"]])

    import_file(engine, "financing", path)

    one, two = stored(engine, Financing, "xl-1"), stored(engine, Financing, "xl-2")
    assert (one.amount_usd, one.date, one.date_precision) == (22_800_000, dt.date(2025, 12, 1),
                                                              DatePrecision.DAY)
    assert (two.amount_usd, two.date, two.date_precision) == (1_300_000_000, dt.date(2025, 1, 1),
                                                              DatePrecision.YEAR)


def test_json_object_with_a_records_list_and_list_values_imports(engine, tmp_path):
    path = tmp_path / "records.json"
    path.write_text(json.dumps({"records": [{
        "id": "js-1", "Agency": "DOE", "recipient": "Smelter", "instrument": "pia",
        "stage": "announced", "amount": 400e6, "minerals": ["Gallium", "zinc"],
        "locations": ["Tennessee", "US-LA"], "is_aggregate": False, "summary": "s"}]},
        ensure_ascii=False), encoding="utf-8")

    import_file(engine, "financing", path)

    record = stored_financing(engine, "js-1")
    assert record["amount_usd"] == 400_000_000
    assert record["minerals"] == ["Gallium", "Zinc"]
    assert record["locations"] == ["Louisiana", "Tennessee"]


def test_a_format_the_suffix_does_not_name_is_refused(engine, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7")
    with pytest.raises(ImportFileError, match="cannot tell the format"):
        plan_for(engine, "financing", path)


# --------------------------------------------------------------------------- formulas


def test_formula_like_cells_import_as_plain_text(engine, tmp_path):
    import_file(engine, "financing", write_csv(tmp_path / "formula.csv", [
        financing("fx-1", recipient='=HYPERLINK("http://x","y")', summary="@SUM(A1)",
                  notes="+1 -1")]))

    record = stored(engine, Financing, "fx-1")
    assert (record.recipient, record.summary, record.notes) == (
        '=HYPERLINK("http://x","y")', "@SUM(A1)", "+1 -1")


def test_formula_like_strings_in_xlsx_import_as_plain_text(engine, tmp_path):
    path = write_xlsx(tmp_path / "formula.xlsx",
                      ["id", "agency", "recipient", "instrument", "stage", "summary"],
                      [["fx-2", "DOD", '=HYPERLINK("http://x","y")', "equity", "announced",
                        "@SUM(A1)"]])
    import_file(engine, "financing", path)

    record = stored(engine, Financing, "fx-2")
    assert (record.recipient, record.summary) == ('=HYPERLINK("http://x","y")', "@SUM(A1)")


def test_a_defused_cell_of_our_csv_export_reimports_as_the_original_text(engine, tmp_path):
    import_file(engine, "financing", write_csv(tmp_path / "in.csv", [
        financing("fx-3", recipient="=1+1", summary="-minus", notes="@at")]))
    query = Query("financing").with_ids(["fx-3"])
    exported = tmp_path / "out.csv"
    with Session(engine) as s:
        exports.write(exported, "csv", query.output_columns, stream(s, query))
    assert "'=1+1" in exported.read_text(encoding="utf-8")
    with Session(engine) as s, s.begin():
        undo.undo_last_import(s)

    import_file(engine, "financing", exported)

    record = stored(engine, Financing, "fx-3")
    assert (record.recipient, record.summary, record.notes) == ("=1+1", "-minus", "@at")


def test_a_leading_apostrophe_is_kept_in_json(engine, tmp_path):
    """JSON is no spreadsheet's format: nothing puts the apostrophe there but the data."""
    path = tmp_path / "apos.json"
    path.write_text(json.dumps([financing("apos-1", recipient="'=not a formula", summary="'-quoted")]),
                    encoding="utf-8")

    import_file(engine, "financing", path)

    record = stored(engine, Financing, "apos-1")
    assert (record.recipient, record.summary) == ("'=not a formula", "'-quoted")


def test_the_formula_escape_apostrophe_of_a_spreadsheet_round_trip_is_taken_off_xlsx(engine, tmp_path):
    """Our CSV export opened in Calc or Excel and saved as XLSX keeps the apostrophe as text."""
    row = financing("apos-2", recipient="'+7 (495) 123", summary="'=1+1", notes="'plain quote")
    path = write_xlsx(tmp_path / "apos.xlsx", list(row), [list(row.values())])

    import_file(engine, "financing", path)

    record = stored(engine, Financing, "apos-2")
    assert (record.recipient, record.summary, record.notes) == ("+7 (495) 123", "=1+1", "'plain quote")


# --------------------------------------------------------------------------- hostile files


@pytest.mark.parametrize("body", [
    's-1,DOD,"Unterminated,equity,announced,s\n',
    's-1,DOD,"Unterminated,equity,announced,s\ns-2,DOD,R,equity,announced,s\n',
    's-1,DOD,R,equity,announced,"s',
])
def test_an_unterminated_quote_is_refused(engine, tmp_path, body):
    path = tmp_path / "quote.csv"
    path.write_text("id,agency,recipient,instrument,stage,summary\n" + body, encoding="utf-8")
    assert_refused(engine, path, "the CSV is malformed near line")


def test_a_quote_storm_is_refused_without_wrecking_delimiter_detection(engine, tmp_path):
    path = tmp_path / "storm.csv"
    path.write_text("id,agency,recipient,instrument,stage,summary\n" + ',"a' * 30_000,
                    encoding="utf-8")
    assert_refused(engine, path, "the CSV is malformed")


@pytest.mark.parametrize("name,data", [
    ("nul-at-start.csv", b"id,agency\x00\x01\x02\n"),
    ("nul-after-8k.csv", b"id,agency,recipient,instrument,stage,summary\n"
                         + b"\n" * 9000 + b"n-1,DOD,R\x00x,equity,announced,s\n"),
    ("utf16-no-bom.csv", "id,agency\nx,DOD\n".encode("utf-16-le")),  # unless its encoding is given
    ("png.json", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
])
def test_binary_data_is_refused(engine, tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    assert_refused(engine, path, "binary file")


@pytest.mark.parametrize("suffix", ["csv", "json", "xlsx", "ods"])
def test_random_bytes_are_refused(engine, tmp_path, suffix):
    path = tmp_path / f"noise.{suffix}"
    path.write_bytes(random.Random(7).randbytes(64 * 1024))
    assert_refused(engine, path, "binary file|not a readable XLSX|not a readable ODS")


def test_a_damaged_workbook_is_refused(engine, tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", ["id"], [["x"]])
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(good.read_bytes()[:-200])
    assert_refused(engine, path, "not a readable XLSX workbook")


@pytest.mark.parametrize(("content", "match"), [
    ("", "not valid JSON"),
    ("42", "JSON must be an array of objects"),
    ('[{"id": "x"}, 3]', "JSON must be an array of objects"),
    ('[{"id": "x"', "not valid JSON"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
])
def test_malformed_json_is_refused(engine, tmp_path, content, match):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    assert_refused(engine, path, match)


def test_a_50_mb_cell_in_a_csv_is_refused(engine, tmp_path):
    path = tmp_path / "huge-cell.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id,agency,recipient,instrument,stage,summary\nh-1,DOD,")
        handle.write("x" * (50 * 2**20))
        handle.write(",equity,announced,s\n")
    assert_refused(engine, path, "field larger than field limit")

