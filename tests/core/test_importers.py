"""Import from CSV, XLSX and JSON: round trips, what analysts paste, validation, all or nothing,
undo, hostile files, and the command line (exit codes and the report on stderr)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from forge_desktop.core import aggregate, database, dataset, exporters, importers
from forge_desktop.core.importers import ImportFileError
from forge_desktop.core.query import Query, count, fetch, known_terms, stream, validate
from forge_desktop.core.schema import (
    AgencyRow,
    Agreement,
    AgreementParty,
    DatePrecision,
    Financing,
    FinancingLocation,
    FinancingMineral,
    InstrumentRow,
    Location,
    Origin,
    Participant,
    ParticipantRole,
    Qualifier,
    StageRow,
)
from forge_desktop.core.where import parse_filter

TABLES = ("participants", "agreements", "financing")
FORMATS = ("csv", "json", "xlsx")
# What an import may touch; a refused file must leave every one of these as it was.
RECORD_TABLES = ("participants", "participant_roles", "agreements", "agreement_parties",
                 "financing", "financing_minerals", "financing_locations", "locations",
                 "agencies", "instruments", "stages")


NASA_UNKNOWN = ("unknown agency 'NASA'; known: EXIM, DOE, DOD, DFC, USTR. If it is a new agency, "
                "confirm it to add it")

# --------------------------------------------------------------------------- helpers


def financing(id: str, **fields) -> dict:
    """A valid financing row as an analyst would type it; *fields* override or add columns."""
    row = {"id": id, "agency": "DOD", "recipient": f"Recipient {id}", "instrument": "equity",
           "stage": "announced", "amount_usd": "5M", "summary": f"Summary of {id}."}
    row.update(fields)
    return row


def write_csv(path: Path, records: list[dict], *, delimiter: str = ",",
              encoding: str = "utf-8") -> Path:
    """A CSV of *records*, headers in first-seen order, quoted where needed."""
    headers = list(dict.fromkeys(key for record in records for key in record))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([record.get(h, "") for h in headers] for record in records)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, headers: list[str], rows: list[list]) -> Path:
    """An XLSX whose text cells are strings (never formulas), other cells typed."""
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would take "=…" for a formula
    book.save(path)
    return path


def plan_for(engine, table: str, path: Path, **options) -> importers.ImportPlan:
    with Session(engine) as s:
        return importers.plan_import(s, table, path, **options)


def import_file(engine, table: str, path: Path, **options) -> importers.ImportResult:
    """Plan and apply in one transaction, as the window and the CLI do."""
    with Session(engine) as s, s.begin():
        plan = importers.plan_import(s, table, path, **options)
        return importers.apply_import(s, plan)


def stored(engine, model, id: str):
    with Session(engine, expire_on_commit=False) as s:
        return s.get(model, id)


def stored_financing(engine, id: str) -> dict:
    """One financing row as the table shows it (minerals and locations as lists)."""
    query = Query("financing").with_ids([id])
    with Session(engine) as s:
        result = fetch(s, query)
    assert len(result.rows) == 1, f"{id} is not in the database"
    return dict(zip([c.name for c in result.columns], result.rows[0], strict=True))


def dump(engine) -> dict[str, list[str]]:
    """Every row of every table an import writes to, in a comparable form."""
    with engine.connect() as connection:
        return {table: sorted(repr(tuple(row)) for row in
                              connection.execute(text(f"SELECT * FROM {table}")))
                for table in RECORD_TABLES}


def ids(engine, model) -> set[str]:
    with Session(engine) as s:
        return set(s.scalars(select(model.id)))


def issues(plan: importers.ImportPlan) -> list[tuple[int, str | None, str]]:
    return [(i.row, i.column, i.message) for i in plan.errors]


def error_on(plan: importers.ImportPlan, row: int, column: str | None) -> str:
    """The one error message of *row* in *column* (fails if there is none)."""
    found = [i.message for i in plan.errors if i.row == row and i.column == column]
    assert found, f"no error on row {row}, {column}; errors: {plan.report()}"
    return found[0]


def empty_table(session: Session, table: str) -> None:
    """Delete a table's records, link rows first (financing refers to agreements)."""
    if table in ("financing", "agreements"):
        session.execute(delete(FinancingMineral))
        session.execute(delete(FinancingLocation))
        session.execute(delete(Financing).where(Financing.parent_id.is_not(None)))
        session.execute(delete(Financing))
    if table == "agreements":
        session.execute(delete(AgreementParty))
        session.execute(delete(Agreement))
    if table == "participants":
        session.execute(delete(ParticipantRole))
        session.execute(delete(Participant))


def comparable(rows: list[tuple], names: list[str]) -> list[dict]:
    return [{n: v for n, v in zip(names, row, strict=True) if n not in ("origin", "source")}
            for row in rows]


def forge(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "forge_desktop", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=600)


# --------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("table", TABLES)
def test_own_export_imports_back_into_an_empty_table_unchanged(engine, tmp_path, table, fmt):
    query = Query(table)
    path = tmp_path / f"{table}.{fmt}"
    with Session(engine) as s:
        before = fetch(s, query)
        written = exporters.write(path, fmt, query.output_columns, stream(s, query), title=table)
    names = [c.name for c in before.columns]
    assert written == len(before.rows) > 10
    with Session(engine) as s, s.begin():
        empty_table(s, table)
    with Session(engine) as s:
        assert count(s, query) == 0

    with Session(engine) as s, s.begin():
        plan = importers.plan_import(s, table, path)
        assert plan.issues == []
        assert plan.unknown_headers == []
        result = importers.apply_import(s, plan)

    assert result.records == len(before.rows)
    with Session(engine) as s:
        after = fetch(s, query)
    assert comparable(after.rows, names) == comparable(before.rows, names)
    assert {row[names.index("origin")] for row in after.rows} == {"imported"}


def test_csv_export_with_a_byte_order_mark_imports_back(engine, tmp_path):
    query = Query("financing")
    path = tmp_path / "excel.csv"
    with Session(engine) as s:
        before = fetch(s, query)
        exporters.write(path, "csv", query.output_columns, stream(s, query), bom=True)
        empty_table(s, "financing")
        s.commit()
    assert path.read_bytes().startswith(b"\xef\xbb\xbfid,")

    result = import_file(engine, "financing", path)

    assert result.records == len(before.rows)
    with Session(engine) as s:
        after = fetch(s, query)
    names = [c.name for c in before.columns]
    assert comparable(after.rows, names) == comparable(before.rows, names)


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_own_export_rewritten_with_another_delimiter_imports_back(engine, tmp_path, delimiter):
    query = Query("financing")
    with Session(engine) as s:
        before = fetch(s, query)
        exported = io.StringIO()
        exporters.write(exported, "csv", query.output_columns, stream(s, query))
        empty_table(s, "financing")
        s.commit()
    path = tmp_path / "financing.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(csv.reader(io.StringIO(exported.getvalue())))

    import_file(engine, "financing", path)

    with Session(engine) as s:
        after = fetch(s, query)
    names = [c.name for c in before.columns]
    assert comparable(after.rows, names) == comparable(before.rows, names)


# --------------------------------------------------------------------------- money and dates

MONEY = [
    ("US$22.8M", 22_800_000, Qualifier.EXACT),
    ("$1.3 billion", 1_300_000_000, Qualifier.EXACT),
    ("up to $400 million", 400_000_000, Qualifier.UP_TO),
    ("$325-million", 325_000_000, Qualifier.EXACT),
    ("1 250 000", 1_250_000, Qualifier.EXACT),
    ("1,25 млрд", 1_250_000_000, Qualifier.EXACT),
    ("more than $1 billion", 1_000_000_000, Qualifier.MORE_THAN),
    ("$2B (conditional)", 2_000_000_000, Qualifier.CONDITIONAL),
    ("до 10 млрд долларов", 10_000_000_000, Qualifier.UP_TO),
    ("свыше 500 млн", 500_000_000, Qualifier.MORE_THAN),
]


@pytest.mark.parametrize(("text", "amount", "qualifier"), MONEY)
def test_parse_money_reads_what_analysts_paste(text, amount, qualifier):
    assert importers.parse_money(text) == (amount, qualifier)


@pytest.mark.parametrize("text", ["-5M", "five million", "$12 zillion", "", "1e30", "1e999999",
                                  "9" * 5000, float("nan"), float("inf"), 1e300])
def test_parse_money_refuses_what_is_not_an_amount_it_can_store(text):
    with pytest.raises(importers.ValueParseError):
        importers.parse_money(text)


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"\A(up to |more than )?(US)?\$?[0-9]{1,25}([.,][0-9]{1,3})?(e[0-9]{1,3})?"
                     r"( ?(k|M|bn|billion|trillion|млрд))?\Z"))
def test_parse_money_gives_an_amount_the_database_holds_or_a_parse_error(text):
    try:
        amount, qualifier = importers.parse_money(text)
    except importers.ValueParseError as exc:
        assert str(exc)
    else:
        assert 0 <= amount <= 2**63 - 1
        assert isinstance(qualifier, Qualifier)


def test_every_money_form_is_stored_with_its_qualifier(engine, tmp_path):
    rows = [financing(f"money-{n}", amount_usd=text) for n, (text, _, _) in enumerate(MONEY)]
    import_file(engine, "financing", write_csv(tmp_path / "money.csv", rows))

    for n, (_, amount, qualifier) in enumerate(MONEY):
        record = stored(engine, Financing, f"money-{n}")
        assert (record.amount_usd, record.amount_qualifier) == (amount, qualifier)


def test_a_qualifier_column_wins_over_words_in_the_amount(engine, tmp_path):
    rows = [financing("q-1", amount_usd="up to $5M", amount_qualifier="conditional")]
    import_file(engine, "financing", write_csv(tmp_path / "q.csv", rows))

    record = stored(engine, Financing, "q-1")
    assert (record.amount_usd, record.amount_qualifier) == (5_000_000, Qualifier.CONDITIONAL)


DATES = [
    ("2025-12-01", dt.date(2025, 12, 1), DatePrecision.DAY),
    ("Oct 2025", dt.date(2025, 10, 1), DatePrecision.MONTH),
    ("December 08, 2022", dt.date(2022, 12, 8), DatePrecision.DAY),
    ("2025", dt.date(2025, 1, 1), DatePrecision.YEAR),
    ("2025-10", dt.date(2025, 10, 1), DatePrecision.MONTH),
    ("4 Feb 2026", dt.date(2026, 2, 4), DatePrecision.DAY),
]


def test_every_date_form_is_stored_with_its_precision(engine, tmp_path):
    rows = [financing(f"date-{n}", date=text) for n, (text, _, _) in enumerate(DATES)]
    import_file(engine, "financing", write_csv(tmp_path / "dates.csv", rows))

    for n, (_, date, precision) in enumerate(DATES):
        record = stored(engine, Financing, f"date-{n}")
        assert (record.date, record.date_precision) == (date, precision)


def test_a_date_precision_column_coarsens_the_date(engine, tmp_path):
    rows = [financing("p-1", date="2025-10-01", date_precision="month"),
            financing("p-2", date="2025-10-01", date_precision="year")]
    import_file(engine, "financing", write_csv(tmp_path / "p.csv", rows))

    assert stored(engine, Financing, "p-1").date_precision == DatePrecision.MONTH
    assert (stored(engine, Financing, "p-2").date,
            stored(engine, Financing, "p-2").date_precision) == (dt.date(2025, 1, 1), DatePrecision.YEAR)


def test_an_impossible_date_is_a_row_error(engine, tmp_path):
    plan = plan_for(engine, "financing", write_csv(tmp_path / "d.csv", [
        financing("d-1", date="2025-13-01"), financing("d-2", date="31 Feb 2025"),
        financing("d-3", date="soon")]))

    assert "not a real date" in error_on(plan, 1, "date")
    assert "not a real date" in error_on(plan, 2, "date")
    assert "'soon' is not a date" in error_on(plan, 3, "date")


# --------------------------------------------------------------------------- reading files


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


RUSSIAN = {"recipient_ru": "Проект «Хранилище»", "quote_ru": "Совет директоров одобрил кредит"}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
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
        exporters.write(path, "csv", query.output_columns, stream(s, query))
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

    with pytest.raises(ImportFileError, match="choose its encoding"):
        import_file(engine, "financing", path)
    assert dump(engine) == before

    import_file(engine, "financing", path, encoding="latin-1")
    assert stored(engine, Financing, "lat-1").recipient == "Société Générale"


def test_a_wrong_encoding_name_is_a_clean_refusal(engine, tmp_path):
    path = write_csv(tmp_path / "x.csv", [financing("enc-1")])
    with pytest.raises(ImportFileError, match="not valid no-such-codec"):
        plan_for(engine, "financing", path, encoding="no-such-codec")


def test_other_headers_map_ignoring_case_spaces_and_punctuation(engine, tmp_path):
    path = write_csv(tmp_path / "labels.csv", [{
        " ID ": "hdr-1", "AGENCY": "exim", "Recipient / Programme": "Lithium Americas",
        "instrument": "Direct loan", "STAGE": "letter of interest", "Amount (USD)": "$2.26 bn",
        "co-financing usd": "10M", "Minerals": "Lithium; copper", "Country": "USA",
        "Summary": "s", "Colour": "blue"}])

    plan = plan_for(engine, "financing", path)

    assert plan.mapping == {"ID": "id", "AGENCY": "agency", "Recipient / Programme": "recipient",
                            "instrument": "instrument", "STAGE": "stage",
                            "Amount (USD)": "amount_usd", "co-financing usd": "cofinancing_usd",
                            "Minerals": "minerals", "Country": "locations", "Summary": "summary",
                            "Colour": None}
    assert [str(w) for w in plan.warnings] == ["header, Colour: warning: unknown column: map it or "
                                               "it is ignored"]
    assert plan.errors == []
    record = plan.records[0]
    assert (record["agency"], record["instrument"], record["stage"]) == (
        "EXIM", "direct_loan", "letter_of_interest")
    assert (record["amount_usd"], record["cofinancing_usd"]) == (2_260_000_000, 10_000_000)
    assert (record["minerals"], record["locations"]) == (["lithium", "copper"], ["USA"])


def test_two_headers_for_one_column_is_an_error(engine, tmp_path):
    path = write_csv(tmp_path / "two.csv", [financing("two-1", Amount="6M")])
    plan = plan_for(engine, "financing", path)
    assert issues(plan) == [(0, "amount_usd", "two headers map to this column")]


def test_an_explicit_mapping_overrides_the_headers(engine, tmp_path):
    path = write_csv(tmp_path / "map.csv", [financing("map-1", Betrag="7M")])
    plan = plan_for(engine, "financing", path, mapping={"amount_usd": None, "Betrag": "amount_usd"})
    assert plan.errors == []
    assert plan.records[0]["amount_usd"] == 7_000_000


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


def test_an_unknown_table_is_refused(engine, tmp_path):
    with pytest.raises(ImportFileError, match="unknown table 'minerals'"):
        plan_for(engine, "minerals", write_csv(tmp_path / "m.csv", [{"id": "x"}]))


# --------------------------------------------------------------------------- validation


def test_required_fields_are_row_errors(engine, tmp_path):
    plan = plan_for(engine, "financing", write_csv(tmp_path / "req.csv", [
        financing("req-1", recipient=""), financing("req-2", agency="", stage="")]))

    assert error_on(plan, 1, "recipient") == "required, but empty"
    assert error_on(plan, 2, "agency").startswith("required, but empty (one of EXIM")
    assert error_on(plan, 2, "stage").startswith("required, but empty (one of announced")
    assert plan.records == []


def test_unknown_agency_instrument_and_stage_are_row_errors(engine, tmp_path):
    plan = plan_for(engine, "financing", write_csv(tmp_path / "enum.csv", [
        financing("enum-1", agency="NASA", instrument="grant", stage="dreaming")]))

    assert error_on(plan, 1, "agency") == NASA_UNKNOWN
    assert error_on(plan, 1, "instrument").startswith("unknown instrument 'grant'; known: direct_loan")
    assert error_on(plan, 1, "stage").startswith("unknown stage 'dreaming'; known: announced")
    assert [(n.column, n.code, n.rows, n.accepted) for n in plan.new_values.values()] == [
        ("agency", "NASA", [1], False), ("instrument", "grant", [1], False),
        ("stage", "dreaming", [1], False)]


def test_negative_amounts_are_row_errors(engine, tmp_path):
    plan = plan_for(engine, "financing", write_csv(tmp_path / "neg.csv", [
        financing("neg-1", amount_usd="-5M"), financing("neg-2", cofinancing_usd="-1"),
        financing("neg-3", quantity="-100000")]))

    assert "'-5M'" in error_on(plan, 1, "amount_usd")
    assert "'-1'" in error_on(plan, 2, "cofinancing_usd")
    assert error_on(plan, 3, "quantity") == "cannot be negative"
    assert plan.records == []


def test_amounts_too_large_to_store_are_row_errors(engine, tmp_path):
    plan = plan_for(engine, "financing", write_csv(tmp_path / "big.csv", [
        financing("big-1", amount_usd="1e30"), financing("big-2", cofinancing_usd="$20000000 trillion"),
        financing("big-3", amount_usd="1e999999"), financing("big-4", quantity="1e999")]))

    assert error_on(plan, 1, "amount_usd") == "'1e30' is too large for an amount in US dollars"
    assert error_on(plan, 2, "cofinancing_usd") == ("'$20000000 trillion' is too large for an "
                                                    "amount in US dollars")
    assert error_on(plan, 3, "amount_usd") == "'1e999999' is too large for an amount in US dollars"
    assert error_on(plan, 4, "quantity") == "'1e999' is too large"


def test_links_that_do_not_resolve_are_row_errors(engine, tmp_path):
    plan = plan_for(engine, "financing", write_csv(tmp_path / "links.csv", [
        financing("ln-1", parent_id="no-such-aggregate"),
        financing("ln-2", parent_id="exim-project-vault"),
        financing("ln-3", agreement_id="no-such-agreement"),
        financing("ln-4", minerals="lithium; unobtainium"),
        financing("ln-5", locations="Atlantis"),
        financing("ln-6", organisation_id="acme")]))

    assert error_on(plan, 1, "parent_id") == ("parent 'no-such-aggregate' is neither in the file "
                                              "nor the database")
    assert error_on(plan, 2, "parent_id") == "parent 'exim-project-vault' is not an aggregate"
    assert error_on(plan, 3, "agreement_id") == "unknown agreement 'no-such-agreement'"
    assert error_on(plan, 4, "minerals").startswith("unknown mineral 'unobtainium'; known: ")
    assert error_on(plan, 5, "locations") == ("unknown place 'Atlantis': give an ISO 3166 code or "
                                              "a known place")
    assert error_on(plan, 6, "organisation_id") == "unknown organisation 'acme'"
    assert plan.records == []


def test_links_resolve_to_records_in_the_database_and_in_the_file(engine, tmp_path):
    import_file(engine, "financing", write_csv(tmp_path / "ok.csv", [
        financing("ok-part", parent_id="exim-loi-total", agreement_id="glencore-orion-mou",
                  organisation_id="glencore", minerals="Cobalt", locations="COD"),
        financing("ok-new-part", parent_id="ok-aggregate"),
        financing("ok-aggregate", is_aggregate="yes")]))

    part = stored(engine, Financing, "ok-part")
    assert (part.parent_id, part.agreement_id, part.organisation_id) == (
        "exim-loi-total", "glencore-orion-mou", "glencore")
    assert stored(engine, Financing, "ok-new-part").parent_id == "ok-aggregate"
    assert stored(engine, Financing, "ok-aggregate").is_aggregate is True


def test_new_iso_places_are_added_as_imported_locations(engine, tmp_path):
    import_file(engine, "financing", write_csv(tmp_path / "places.csv", [
        financing("pl-1", locations="Chile; Nevada; US-TN")]))

    assert stored_financing(engine, "pl-1")["locations"] == ["Chile", "Nevada", "Tennessee"]
    chile, nevada = stored(engine, Location, "CHL"), stored(engine, Location, "US-NV")
    assert (chile.kind, chile.country_code, chile.origin) == ("country", "CHL", Origin.IMPORTED)
    assert (nevada.kind, nevada.country_code, nevada.origin) == ("subdivision", "USA",
                                                                  Origin.IMPORTED)


def test_a_russian_quote_is_optional(engine, tmp_path):
    plan = plan_for(engine, "financing", write_csv(tmp_path / "noquote.csv", [financing("nq-1")]))
    assert plan.issues == []
    import_file(engine, "financing", write_csv(tmp_path / "noquote.csv", [financing("nq-1")]))
    assert stored(engine, Financing, "nq-1").quote_ru is None


def test_duplicate_ids_in_the_file_are_row_errors_and_nothing_is_written(engine, tmp_path):
    path = write_csv(tmp_path / "dup.csv", [financing("dup-1"), financing("dup-2"),
                                            financing("dup-1", recipient="Another")])
    before = dump(engine)

    with Session(engine) as s, s.begin():
        plan = importers.plan_import(s, "financing", path)
        assert issues(plan) == [(3, "id", "duplicate id 'dup-1' (also row 1)")]
        with pytest.raises(ImportFileError, match="1 errors; nothing was imported"):
            importers.apply_import(s, plan)
    assert dump(engine) == before


def test_ids_already_in_the_database_are_row_errors_and_nothing_is_written(engine, tmp_path):
    path = write_csv(tmp_path / "dup.csv", [financing("fresh-1"), financing("exim-project-vault")])
    before = dump(engine)

    with Session(engine) as s, s.begin():
        plan = importers.plan_import(s, "financing", path)
        assert issues(plan) == [(2, "id", "id 'exim-project-vault' is already in the database")]
        with pytest.raises(ImportFileError):
            importers.apply_import(s, plan)
    assert dump(engine) == before


def test_a_record_cannot_be_its_own_parent(engine, tmp_path):
    plan = plan_for(engine, "financing", write_csv(tmp_path / "self.csv", [
        financing("self-1", is_aggregate="true", parent_id="self-1")]))
    assert error_on(plan, 1, "parent_id") == "parent 'self-1' leads back to 'self-1': parts cannot loop"
    assert plan.records == []


def test_parents_that_loop_are_row_errors(engine, tmp_path):
    plan = plan_for(engine, "financing", write_csv(tmp_path / "loop.csv", [
        financing("loop-a", is_aggregate="true", parent_id="loop-b"),
        financing("loop-b", is_aggregate="true", parent_id="loop-a")]))
    assert error_on(plan, 1, "parent_id") == "parent 'loop-b' leads back to 'loop-a': parts cannot loop"
    assert error_on(plan, 2, "parent_id") == "parent 'loop-a' leads back to 'loop-b': parts cannot loop"


def test_a_part_listed_before_its_nested_parent_imports(engine, tmp_path):
    import_file(engine, "financing", write_csv(tmp_path / "nested.csv", [
        financing("nest-c", parent_id="nest-b"),
        financing("nest-b", is_aggregate="true", parent_id="nest-a"),
        financing("nest-a", is_aggregate="true")]))

    assert stored(engine, Financing, "nest-c").parent_id == "nest-b"
    assert stored(engine, Financing, "nest-b").parent_id == "nest-a"
    with Session(engine) as s, s.begin():
        assert importers.undo_last_import(s) == 3
    assert {"nest-a", "nest-b", "nest-c"}.isdisjoint(ids(engine, Financing))


def test_generated_ids_are_warnings(engine, tmp_path):
    path = write_csv(tmp_path / "noid.csv", [{k: v for k, v in financing("x").items() if k != "id"}])
    plan = plan_for(engine, "financing", path)
    assert plan.errors == []
    assert [str(w) for w in plan.warnings] == ["row 1, id: warning: no id: made 'dod-recipient-x-1'"]


def test_participants_import_with_roles_and_new_countries(engine, tmp_path):
    import_file(engine, "participants", write_csv(tmp_path / "p.csv", [
        {"id": "chile", "name": "Chile", "name_ru": "Чили", "iso3": "CHL", "region": "Americas",
         "roles": "Attended the ministerial; forge_joined", "summary": "s"}]))

    chile = stored(engine, Participant, "chile")
    assert (chile.iso3, chile.name_ru, chile.origin) == ("CHL", "Чили", Origin.IMPORTED)
    with Session(engine) as s:
        roles = set(s.scalars(select(ParticipantRole.role_id)
                              .where(ParticipantRole.participant_id == "chile")))
    assert roles == {"attended", "forge_joined"}


def test_participants_unknown_role_and_country_are_row_errors(engine, tmp_path):
    plan = plan_for(engine, "participants", write_csv(tmp_path / "p.csv", [
        {"id": "x", "name": "Atlantis", "region": "Ocean", "roles": "attended"},
        {"id": "y", "name": "Chile", "region": "Americas", "roles": "king"},
        {"id": "z", "name": "Peru", "region": ""}]))

    assert error_on(plan, 1, "iso3") == "'Atlantis' is not an ISO 3166 country"
    assert error_on(plan, 2, "roles").startswith("unknown role 'king'; choose from attended")
    assert error_on(plan, 3, "region") == "required, but empty"


def test_a_country_that_already_has_a_participant_is_a_row_error(engine, tmp_path):
    before = dump(engine)
    plan = plan_for(engine, "participants", write_csv(tmp_path / "p.csv", [
        {"id": "france-2", "name": "France", "iso3": "FRA", "region": "Europe"},
        {"id": "chile-1", "name": "Chile", "iso3": "CHL", "region": "Americas"},
        {"id": "chile-2", "name": "Chili", "iso3": "CHL", "region": "Americas"}]))

    assert error_on(plan, 1, "iso3") == "FRA already has a participant: 'france'"
    assert error_on(plan, 3, "iso3") == "CHL already has a participant: 'chile-1' (row 2)"
    assert [i.row for i in plan.errors] == [1, 3]
    assert dump(engine) == before


def test_agreements_import_with_parties(engine, tmp_path):
    import_file(engine, "agreements", write_csv(tmp_path / "a.csv", [
        {"id": "us-chile", "kind": "bilateral framework MOU", "title": "US–Chile framework",
         "parties": "United States; Chile", "status": "signed", "date": "Feb 2026",
         "summary": "s"},
        {"id": "count", "kind": "memorandum", "title": "Several", "status": "announced",
         "is_aggregate": "true", "aggregate_count": "4", "summary": "s"}]))

    agreement = stored(engine, Agreement, "us-chile")
    assert (agreement.kind, agreement.date, agreement.date_precision) == (
        "bilateral_framework_mou", dt.date(2026, 2, 1), DatePrecision.MONTH)
    with Session(engine) as s:
        parties = list(s.scalars(select(AgreementParty.location_code)
                                 .where(AgreementParty.agreement_id == "us-chile")
                                 .order_by(AgreementParty.position)))
    assert parties == ["USA", "CHL"]
    assert stored(engine, Agreement, "count").aggregate_count == 4


def test_agreements_count_must_be_a_positive_count_of_an_aggregate(engine, tmp_path):
    row = {"kind": "memorandum", "title": "T", "status": "signed", "summary": "s"}
    plan = plan_for(engine, "agreements", write_csv(tmp_path / "a.csv", [
        {"id": "c-1", **row, "aggregate_count": "3"},
        {"id": "c-2", **row, "is_aggregate": "true", "aggregate_count": "0"},
        {"id": "c-3", **row, "is_aggregate": "true", "aggregate_count": "-2"},
        {"id": "c-4", **row, "is_aggregate": "true", "aggregate_count": "1e999"},
        {"id": "c-5", **row, "parties": "Atlantis"}]))

    assert error_on(plan, 1, "aggregate_count") == "only an aggregate has a count"
    assert error_on(plan, 2, "aggregate_count") == "an aggregate counts 1 or more"
    assert error_on(plan, 3, "aggregate_count") == "an aggregate counts 1 or more"
    assert error_on(plan, 4, "aggregate_count") == "'1e999' is too large"
    assert error_on(plan, 5, "parties") == ("unknown party 'Atlantis': a country or a known "
                                            "organisation")
    assert plan.records == []


# --------------------------------------------------------------------------- preview, all or nothing


def test_the_preview_lists_per_row_errors_and_warnings_and_writes_nothing(engine, tmp_path):
    path = write_csv(tmp_path / "mixed.csv", [
        financing("mix-1"), financing("mix-2", summary="", agency="NASA"),
        financing("mix-3", summary="")])
    before = dump(engine)

    plan = plan_for(engine, "financing", path)

    assert dump(engine) == before
    assert plan.rows_read == 3
    assert [r["id"] for r in plan.records] == ["mix-1", "mix-3"]
    assert plan.row_issues(1) == []
    assert [str(i) for i in plan.row_issues(2)] == [
        f"row 2, agency: error: {NASA_UNKNOWN}",
        "row 2, summary: warning: no summary: the detail pane will show only the fields"]
    assert [str(i) for i in plan.row_issues(3)] == [
        "row 3, summary: warning: no summary: the detail pane will show only the fields"]
    assert not plan.ok


def test_a_file_with_one_bad_row_writes_nothing(engine, tmp_path):
    rows = [financing(f"good-{n}") for n in range(5)] + [financing("bad", stage="dreaming")]
    path = write_csv(tmp_path / "one-bad.csv", rows)
    before = dump(engine)

    with pytest.raises(ImportFileError, match="row 6, stage: error: unknown stage 'dreaming'"):
        import_file(engine, "financing", path)

    assert dump(engine) == before


def test_imported_records_carry_their_origin_and_import_time(engine, tmp_path):
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    result = import_file(engine, "financing", write_csv(tmp_path / "new.csv", [
        financing("mark-1", minerals="lithium", locations="USA"), financing("mark-2")]))
    finished = dt.datetime.now(dt.UTC).replace(tzinfo=None)

    assert (result.table, result.records) == ("financing", 2)
    assert started <= result.imported_at <= finished
    for id in ("mark-1", "mark-2"):
        record = stored(engine, Financing, id)
        assert (record.origin, record.imported_at) == (Origin.IMPORTED, result.imported_at)
    with Session(engine) as s:
        assert importers.last_import(s) == (result.imported_at, 2)
        curated = s.scalars(select(Financing.origin).where(Financing.id == "exim-project-vault"))
        assert curated.one() == Origin.CURATED
    stamp = result.imported_at.isoformat(sep=" ", timespec="seconds")
    assert stored_financing(engine, "mark-1")["source"].startswith(f"imported {stamp}")


# --------------------------------------------------------------------------- undo


def test_undo_removes_exactly_the_last_import(engine, tmp_path):
    original = dump(engine)
    import_file(engine, "financing", write_csv(tmp_path / "first.csv", [
        financing("first-1", minerals="lithium", locations="USA")]))
    after_first = dump(engine)
    import_file(engine, "financing", write_csv(tmp_path / "second.csv", [
        financing("second-agg", is_aggregate="true"),
        financing("second-part", parent_id="second-agg", minerals="copper; gold",
                  locations="US-TN")]))

    with Session(engine) as s, s.begin():
        assert importers.undo_last_import(s) == 2
    assert dump(engine) == after_first
    assert "first-1" in ids(engine, Financing)

    with Session(engine) as s, s.begin():
        assert importers.undo_last_import(s) == 1
    assert dump(engine) == original

    with Session(engine) as s, s.begin():
        assert importers.undo_last_import(s) == 0
    assert dump(engine) == original


def test_undo_across_tables_takes_the_latest_import_only(engine, tmp_path):
    import_file(engine, "participants", write_csv(tmp_path / "p.csv", [
        {"id": "chile", "name": "Chile", "iso3": "CHL", "region": "Americas", "summary": "s"}]))
    import_file(engine, "agreements", write_csv(tmp_path / "a.csv", [
        {"id": "us-chile", "kind": "memorandum", "title": "T", "parties": "USA; CHL",
         "status": "signed", "summary": "s"}]))

    with Session(engine) as s, s.begin():
        assert importers.undo_last_import(s) == 1
    assert "us-chile" not in ids(engine, Agreement)
    assert "chile" in ids(engine, Participant)
    with Session(engine) as s:
        assert s.scalar(select(AgreementParty).where(AgreementParty.agreement_id == "us-chile")) is None


def test_undo_removes_the_places_and_values_the_import_added(engine, tmp_path):
    original = dump(engine)
    import_file(engine, "financing", write_csv(tmp_path / "new.csv", [
        financing("new-1", agency="NSF", stage="scoping", locations="Chile; CL-AN")]),
        accept=[("agency", "NSF"), ("stage", "scoping")])
    with Session(engine) as s:
        assert {"CHL", "CL-AN"} <= set(s.scalars(select(Location.code)))

    with Session(engine) as s, s.begin():
        assert importers.undo_last_import(s) == 1
    assert dump(engine) == original


# --------------------------------------------------------------------------- new values


def test_a_confirmed_new_agency_instrument_and_stage_are_added(engine, tmp_path):
    path = write_csv(tmp_path / "nsf.csv", [
        financing("nsf-1", agency="NSF", instrument="Grant agreement", stage="scoping"),
        financing("nsf-2", agency="nsf", instrument="grant-agreement", stage="Scoping")])

    result = import_file(engine, "financing", path, accept=[
        ("agency", "NSF"), ("instrument", "grant agreement"), ("stage", "SCOPING")])

    assert result.records == 2
    with Session(engine) as s:
        assert s.get(AgencyRow, "NSF").origin == Origin.IMPORTED
        # A new value keeps its spelling ("Grant_agreement", shown "Grant agreement").
        assert s.get(InstrumentRow, "Grant_agreement").name == "Grant agreement"
        assert s.get(StageRow, "scoping").imported_at == result.imported_at
        terms = known_terms(s)
        # The new values are filterable, by any spelling, like the curated ones.
        for where in ("agency = nsf", "instrument = Grant agreement", "stage in scoping, Scoping"):
            validate(Query("financing", (parse_filter(where),)), terms)
            assert count(s, Query("financing", (parse_filter(where),))) == 2
        found = fetch(s, Query("financing", (parse_filter("agency = NSF"),)).with_columns(
            ["id", "agency", "instrument", "stage"]))
        assert sorted(found.rows) == [("nsf-1", "NSF", "Grant_agreement", "scoping"),
                                      ("nsf-2", "NSF", "Grant_agreement", "scoping")]


def test_an_unconfirmed_new_value_is_an_error_with_a_close_match(engine, tmp_path):
    path = write_csv(tmp_path / "typo.csv", [financing("typo-1", stage="Annnounced")])
    before = dump(engine)

    plan = plan_for(engine, "financing", path, accept=[("agency", "NSF")])  # not this one

    assert not plan.ok
    assert error_on(plan, 1, "stage").startswith("unknown stage 'Annnounced'; did you mean "
                                                  "'announced'? known: announced, opportunity")
    assert dump(engine) == before


def test_confirming_one_new_value_leaves_the_others_errors(engine, tmp_path):
    path = write_csv(tmp_path / "two.csv", [financing("two-1", agency="NSF", stage="scoping")])

    plan = plan_for(engine, "financing", path, accept=[("agency", "nsf")])

    assert [str(i) for i in plan.row_issues(1) if i.column in ("agency", "stage")] == [
        "row 1, agency: warning: adds the new agency 'NSF'",
        "row 1, stage: error: unknown stage 'scoping'; known: announced, opportunity, "
        "letter_of_interest, letter_of_intent, negotiating, approved, committed, funded. "
        "If it is a new stage, confirm it to add it"]
    assert plan.records == []


def test_a_value_that_cannot_be_a_code_is_refused_even_when_confirmed(engine, tmp_path):
    long, spaced = "x" * 70, "A - " * 20 + "B"  # spaced: a short key, but 81 characters stored
    plan = plan_for(engine, "financing", write_csv(tmp_path / "long.csv", [
        financing("long-1", agency=long), financing("long-2", instrument="---"),
        financing("long-3", agency=spaced)]),
        accept=[("agency", long), ("instrument", "---"), ("agency", spaced)])

    assert "is not a usable agency" in error_on(plan, 1, "agency")
    assert "is not a usable instrument" in error_on(plan, 2, "instrument")
    assert "is not a usable agency" in error_on(plan, 3, "agency")


def curated_data_adds_nsf(monkeypatch) -> None:
    """A data update whose agencies.yaml names NSF (spelled its own way)."""
    real = dataset.read_dataset

    def with_nsf():
        ds = real()
        ds.tables["agencies"] = [*ds["agencies"], {"code": "NSF", "name": "National Science "
                                                   "Foundation"}]
        return ds

    monkeypatch.setattr(dataset, "read_dataset", with_nsf)


def test_data_that_adopts_an_imported_value_takes_over_its_records(engine, tmp_path,
                                                                    monkeypatch):
    import_file(engine, "financing", write_csv(tmp_path / "nsf.csv", [
        financing("nsf-1", agency="nsf", locations="Chile")]), accept=[("agency", "nsf")])
    curated_data_adds_nsf(monkeypatch)
    with Session(engine) as s, s.begin():
        database.sync_curated(s)  # a data update that names NSF, spelled its own way
    with Session(engine) as s:
        assert s.scalar(select(Financing.agency).where(Financing.id == "nsf-1")) == "NSF"
        assert [a.code for a in s.scalars(select(AgencyRow).where(AgencyRow.key == "nsf"))] == ["NSF"]
        assert s.get(AgencyRow, "NSF").origin == Origin.CURATED
        assert s.execute(text("PRAGMA foreign_key_check")).first() is None
    with Session(engine) as s, s.begin():
        assert importers.undo_last_import(s) == 1  # the record goes; curated NSF stays
    with Session(engine) as s:
        assert s.get(AgencyRow, "NSF") is not None and "nsf-1" not in ids(engine, Financing)


def test_rebuild_keeps_records_of_an_imported_value_the_data_now_spells_otherwise(
        db_url, engine, tmp_path, monkeypatch):
    import_file(engine, "financing", write_csv(tmp_path / "nsf.csv", [
        financing("nsf-1", agency="nsf")]), accept=[("agency", "nsf")])
    engine.dispose()
    curated_data_adds_nsf(monkeypatch)
    database.rebuild(db_url)
    rebuilt = database.open_database(db_url)
    try:
        with Session(rebuilt) as s:
            assert s.scalar(select(Financing.agency).where(Financing.id == "nsf-1")) == "NSF"
            assert s.execute(text("PRAGMA foreign_key_check")).first() is None
    finally:
        rebuilt.dispose()


def test_a_new_agency_appears_in_totals_and_search(engine, tmp_path):
    import_file(engine, "financing", write_csv(tmp_path / "nsf.csv", [
        financing("nsf-1", agency="National Science Foundation", amount_usd="$5 million")]),
        accept=[("agency", "National Science Foundation")])

    with Session(engine) as s:
        groups = {g.key: g.amount_usd for g in aggregate.totals(s, Query("financing")).groups}
        assert groups["National Science Foundation"] == 5_000_000
        assert count(s, Query("financing", search="science foundation")) == 1


def test_cli_accepts_new_values_it_is_told_to(db_url, engine, tmp_path):
    path = write_csv(tmp_path / "nsf.csv", [financing("cli-nsf", agency="NSF", stage="scoping")])

    refused = forge("import", "financing", str(path), "--db", db_url, cwd=tmp_path)
    assert refused.returncode == 2
    assert ("If these are new values, not typos, confirm them: --accept-new agency=NSF "
            "--accept-new stage=scoping") in refused.stderr.splitlines()

    done = forge("import", "financing", str(path), "--db", db_url, "--accept-new", "agency=NSF",
                 "--accept-new", "stage=scoping", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "cli-nsf" in ids(engine, Financing)

    bad = forge("import", "financing", str(path), "--db", db_url, "--accept-new", "colour=red",
                cwd=tmp_path)
    assert bad.returncode == 2
    assert "COLUMN one of agency, instrument, stage" in bad.stderr


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
        exporters.write(exported, "csv", query.output_columns, stream(s, query))
    assert "'=1+1" in exported.read_text(encoding="utf-8")
    with Session(engine) as s, s.begin():
        importers.undo_last_import(s)

    import_file(engine, "financing", exported)

    record = stored(engine, Financing, "fx-3")
    assert (record.recipient, record.summary, record.notes) == ("=1+1", "-minus", "@at")


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_a_leading_apostrophe_is_kept_where_the_export_does_not_defuse(engine, tmp_path, fmt):
    row = financing("apos-1", recipient="'=not a formula", summary="'-quoted")
    if fmt == "json":
        path = tmp_path / "apos.json"
        path.write_text(json.dumps([row]), encoding="utf-8")
    else:
        path = write_xlsx(tmp_path / "apos.xlsx", list(row), [list(row.values())])

    import_file(engine, "financing", path)

    record = stored(engine, Financing, "apos-1")
    assert (record.recipient, record.summary) == ("'=not a formula", "'-quoted")


# --------------------------------------------------------------------------- hostile files


def assert_refused(engine, path: Path, match: str, table: str = "financing") -> None:
    """The file raises ImportFileError saying *match*, and the database is as it was."""
    before = dump(engine)
    with pytest.raises(ImportFileError, match=match):
        import_file(engine, table, path)
    assert dump(engine) == before


def test_a_ragged_row_is_a_row_error(engine, tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("id,agency,recipient,instrument,stage,summary\n"
                    "r-1,DOD,R,equity,announced,s\n"
                    "r-2,DOD,R,equity,announced,s,surplus,cells\n", encoding="utf-8")

    plan = plan_for(engine, "financing", path)

    assert issues(plan) == [(2, None, "8 cells but 6 headers: a ragged row")]
    assert_refused(engine, path, "ragged row")


def test_a_short_row_is_read_as_empty_trailing_cells(engine, tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("id,agency,recipient,instrument,stage,summary,notes\n"
                    "s-1,DOD,R,equity,announced,s\n"
                    "s-2,DOD\n", encoding="utf-8")

    plan = plan_for(engine, "financing", path)

    assert [r["id"] for r in plan.records] == ["s-1"]
    assert error_on(plan, 2, "recipient") == "required, but empty"


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
    ("utf16.csv", "id,agency\nx,DOD\n".encode("utf-16")),
    ("png.json", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
])
def test_binary_data_is_refused(engine, tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    assert_refused(engine, path, "binary file")


@pytest.mark.parametrize("suffix", ["csv", "json", "xlsx"])
def test_random_bytes_are_refused(engine, tmp_path, suffix):
    path = tmp_path / f"noise.{suffix}"
    path.write_bytes(random.Random(7).randbytes(64 * 1024))
    assert_refused(engine, path, "binary file|not a readable XLSX")


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


@pytest.mark.parametrize("column", ["recipient", "minerals", "notes"])
def test_a_50_mb_cell_in_json_is_a_short_row_error(engine, tmp_path, column):
    path = tmp_path / "huge-cell.json"
    path.write_text(json.dumps([financing("h-2", **{column: "x" * (50 * 2**20)})]),
                    encoding="utf-8")

    plan = plan_for(engine, "financing", path)

    assert error_on(plan, 1, column) == "52,428,800 characters; a cell holds at most 100,000"
    assert len(plan.report()) < 1000
    assert_refused(engine, path, "52,428,800 characters")


def test_a_million_rows_are_refused(engine, tmp_path):
    path = tmp_path / "million.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id,agency,recipient,instrument,stage,summary\n")
        handle.writelines(f"m{n},DOD,R,equity,announced,s\n" for n in range(1_000_000))
    assert path.stat().st_size > 20 * 10**6
    assert_refused(engine, path, "more than 200,000 rows; import at most 200,000")


# --------------------------------------------------------------------------- random files


# Per column: how it may be spelt in a header, and values that pass; BAD values fail somewhere.
COLUMNS = {
    "id": (["id", " ID "], ["h-{n}", "h-{n}", ""]),
    "agency": (["agency", "AGENCY"], ["DOD", "exim", "Dfc"]),
    "recipient": (["recipient", "Recipient / programme", "Company"],
                  ["Orion", "Проект «Хранилище»", '=HYPERLINK("x","y")', "'=1+1", "a, b; c",
                   'say "hi"', "two\nlines", "@SUM(A1)"]),
    "instrument": (["instrument"], ["equity", "letter of interest", "Direct-loan"]),
    "stage": (["stage", "Stage"], ["announced", "approved", "letter_of_intent"]),
    "amount_usd": (["amount_usd", "Amount (USD)", "amount"],
                   ["5M", "up to $400 million", "1,25 млрд", "$325-million", "1 250 000", ""]),
    "summary": (["summary"], ["s", "", "Кредит"]),
    "minerals": (["minerals", "Mineral"], ["lithium; copper", "Gallium", ""]),
    "locations": (["locations", "country"], ["USA", "Nevada", "Chile", "US-TN; JAM", ""]),
    "date": (["date", "Date"], ["Oct 2025", "2025", "December 08, 2022", ""]),
    "parent_id": (["parent_id", "Part of"], ["", "exim-loi-total"]),
    "is_aggregate": (["is_aggregate"], ["true", "", "no"]),
    "bogus": (["bogus", "Colour"], ["blue", ""]),
}
REQUIRED = ["id", "agency", "recipient", "instrument", "stage"]
BAD = {"id": ["exim-project-vault", "h-1"], "agency": ["NASA", ""], "instrument": ["grant"],
       "stage": ["dreaming", ""], "amount_usd": ["-3", "1e30", "$2e7 trillion", "lots"],
       "minerals": ["unobtainium"], "locations": ["Atlantis"], "date": ["2025-13-01"],
       "parent_id": ["exim-project-vault", "no-such-parent", "h-1", "h-2"],
       "is_aggregate": ["maybe", "true"], "recipient": ["", '"', "\x00"]}


def bad(column: str):
    """One of the column's bad values, or any short text."""
    choices = [st.just(value) for value in BAD.get(column, ["x"])]
    return st.one_of(*choices, st.text(max_size=10))


@st.composite
def csv_files(draw) -> bytes:
    """Plausible financing files, spoilt now and then by a bad value or two, a missing or
    surplus cell, a missing column, or quotes and delimiters where a hand-made file breaks."""
    optional = [c for c in COLUMNS if c not in REQUIRED]
    columns = draw(st.permutations(REQUIRED + draw(st.lists(st.sampled_from(optional),
                                                            unique=True, max_size=6))))
    if draw(st.integers(0, 9)) == 0:
        columns = columns[1:]
    headers = [draw(st.sampled_from(COLUMNS[c][0])) for c in columns]
    rows = [[draw(st.sampled_from([v.format(n=number) for v in COLUMNS[c][1]])) for c in columns]
            for number in range(draw(st.integers(0, 4)))]
    for _ in range(draw(st.sampled_from([0, 1, 1, 2])) if rows else 0):
        row, column = draw(st.sampled_from(range(len(rows)))), draw(st.sampled_from(columns))
        rows[row][columns.index(column)] = draw(bad(column))
    if rows and draw(st.integers(0, 9)) == 0:
        rows[-1] = draw(st.sampled_from([rows[-1][:-1], [*rows[-1], "surplus"]]))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    if draw(st.integers(0, 4)):  # quoted as a spreadsheet writes it
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter).writerows([headers, *rows])
        content = buffer.getvalue()
    else:  # joined by hand: quotes, delimiters and newlines inside cells break it
        content = "\n".join(delimiter.join(row) for row in [headers, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1251"]))
    return content.encode(encoding, errors="replace")


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=csv_files())
def test_a_random_csv_changes_nothing_unless_it_imports(engine, tmp_path, data):
    path = tmp_path / "random.csv"
    path.write_bytes(data)
    before = dump(engine)
    old_ids = ids(engine, Financing)

    try:
        with Session(engine) as s, s.begin():
            plan = importers.plan_import(s, "financing", path)
            result = importers.apply_import(s, plan)
    except ImportFileError as exc:
        event("refused: " + ("row errors" if "nothing was imported" in str(exc) else "file"))
        assert dump(engine) == before
        return

    event(f"imported {min(result.records, 2)}+ records")
    assert plan.ok
    assert ids(engine, Financing) == old_ids | {r["id"] for r in plan.records}
    assert len(ids(engine, Financing)) == len(old_ids) + result.records
    after = dump(engine)
    for table in ("participants", "participant_roles", "agreements", "agreement_parties"):
        assert after[table] == before[table]
    with Session(engine) as s, s.begin():
        assert importers.undo_last_import(s) == result.records
    restored = dump(engine)
    assert restored == before  # places and vocabulary values it added go too


# --------------------------------------------------------------------------- command line


def test_cli_refuses_a_bad_file_with_a_report_and_exit_code_2(db_url, engine, tmp_path):
    path = write_csv(tmp_path / "bad.csv", [financing("cli-1"), financing("cli-2", agency="NASA"),
                                            financing("cli-3", amount_usd="lots")])
    before = dump(engine)

    done = forge("import", "financing", str(path), "--db", db_url, cwd=tmp_path)

    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert f"{path}: row 2, agency: error: {NASA_UNKNOWN}" in lines
    assert "If these are new values, not typos, confirm them: --accept-new agency=NASA" in lines
    assert any(line.startswith(f"{path}: row 3, amount_usd: error: 'lots' is not an amount")
               for line in lines)
    assert lines[-1] == f"forge-desktop: error: 2 error(s) in {path}; nothing was imported"
    assert "Traceback" not in done.stderr
    assert dump(engine) == before


def test_cli_dry_run_checks_and_writes_nothing(db_url, engine, tmp_path):
    path = write_csv(tmp_path / "good.csv", [financing("dry-1"), financing("dry-2")])
    before = dump(engine)

    done = forge("import", "financing", str(path), "--dry-run", "--db", db_url, cwd=tmp_path)

    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.strip() == "2 financing records would be imported (dry run)"
    assert dump(engine) == before


def test_cli_imports_then_undoes(db_url, engine, tmp_path):
    path = write_csv(tmp_path / "good.csv", [financing("cli-ok-1", minerals="lithium"),
                                             financing("cli-ok-2", locations="Chile")])
    before = dump(engine)

    done = forge("import", "financing", str(path), "--db", db_url, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.strip() == ("imported 2 financing records "
                                   "(undo with: forge-desktop db undo-import)")
    assert stored(engine, Financing, "cli-ok-1").origin == Origin.IMPORTED

    undone = forge("db", "undo-import", "--db", db_url, cwd=tmp_path)
    assert (undone.returncode, undone.stdout.strip()) == (0, "removed 2 records of the last import")
    assert {"cli-ok-1", "cli-ok-2"}.isdisjoint(ids(engine, Financing))
    after = dump(engine)
    assert {t: after[t] for t in RECORD_TABLES[:-1]} == {t: before[t] for t in RECORD_TABLES[:-1]}

    again = forge("db", "undo-import", "--db", db_url, cwd=tmp_path)
    assert (again.returncode, again.stdout.strip()) == (0, "no import to undo")


@pytest.mark.parametrize(("content", "match"), [
    (b"\x00\x01binary", "this is a binary file"),
    (b'id,agency\n"open,DOD\n', "the CSV is malformed near line"),
])
def test_cli_refuses_a_hostile_file_in_one_line(db_url, engine, tmp_path, content, match):
    path = tmp_path / "hostile.csv"
    path.write_bytes(content)
    before = dump(engine)

    done = forge("import", "financing", str(path), "--db", db_url, cwd=tmp_path)

    assert done.returncode == 2
    assert done.stderr.startswith(f"forge-desktop: error: {match}")
    assert len(done.stderr.splitlines()) == 1
    assert dump(engine) == before


def test_cli_reports_a_constraint_the_file_breaks_instead_of_crashing(db_url, engine, tmp_path):
    path = write_csv(tmp_path / "p.csv", [{"id": "france-2", "name": "France", "iso3": "FRA",
                                           "region": "Europe", "summary": "s"}])
    before = dump(engine)

    done = forge("import", "participants", str(path), "--db", db_url, cwd=tmp_path)

    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"{path}: row 1, iso3: error:" in done.stderr
    assert dump(engine) == before
