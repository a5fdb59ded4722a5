"""Headers: our names and labels, what analysts call the columns, and explicit mappings."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from forge_desktop.core.columns import FINANCING, TABLES
from forge_desktop.core.imports.headers import map_headers
from forge_desktop.core.imports.reading import read_rows

from ...conftest import run_forge
from .conftest import empty_table, financing, issues, plan_for, write_csv


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


def test_the_dropped_headers_are_those_whose_cells_would_be_lost(engine, tmp_path):
    path = write_csv(tmp_path / "dropped.csv", [financing("dr-1", Colour="blue", source="ours",
                                                          Owner="x")])
    plan = plan_for(engine, "financing", path, mapping={"Owner": None})
    # "source" is our own export's provenance, recomputed on import: nothing of it is lost.
    assert plan.dropped_headers == ["Colour", "Owner"]


def test_two_headers_for_one_column_is_an_error(engine, tmp_path):
    path = write_csv(tmp_path / "two.csv", [financing("two-1", Amount="6M")])
    plan = plan_for(engine, "financing", path)
    assert issues(plan) == [(0, "amount_usd", "two headers map to this column")]


def test_an_explicit_mapping_overrides_the_headers(engine, tmp_path):
    path = write_csv(tmp_path / "map.csv", [financing("map-1", Betrag="7M")])
    plan = plan_for(engine, "financing", path, mapping={"amount_usd": None, "Betrag": "amount_usd"})
    assert plan.errors == []
    assert plan.records[0]["amount_usd"] == 7_000_000



# --------------------------------------------------------------------------- our own headers


@pytest.mark.parametrize("table", ["participants", "agreements", "financing"])
def test_every_column_answers_to_its_field_name_and_its_english_label(table):
    spec = TABLES[table]
    for header in ([c.name for c in spec.columns], [c.label for c in spec.columns]):
        assert map_headers(spec, header) == dict(zip(header, spec.names, strict=True))


# What the window's Russian translation calls some financing columns (context "columns").
RUSSIAN = {"Amount (USD)": "Сумма (USD)", "Agency": "Ведомство", "Qualifier": "Оговорка",
           "Date precision": "Точность даты", "Notes": "Summary"}


def russian(context: str, text: str) -> str:
    assert context == "columns"  # the context the labels are marked in
    return RUSSIAN.get(text, text)


def test_labels_in_the_interface_language_match_when_its_translate_is_given():
    headers = ["Сумма (USD)", "ВЕДОМСТВО", "оговорка", "Точность  даты", "Date"]
    assert map_headers(FINANCING, headers, translate=russian) == {
        "Сумма (USD)": "amount_usd", "ВЕДОМСТВО": "agency", "оговорка": "amount_qualifier",
        "Точность  даты": "date_precision", "Date": "date"}
    assert map_headers(FINANCING, headers)["Сумма (USD)"] is None  # English only without it


def test_a_translation_never_takes_an_english_name_or_label_from_its_column():
    # a translator's slip: Notes worded as another column's English label
    assert map_headers(FINANCING, ["Summary", "notes"], translate=russian) == {
        "Summary": "summary", "notes": "notes"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_headed_by_labels_imports_back(engine, db_url, tmp_path, fmt):
    """The command line's label headers (and the window's, in English) read back: a dry run
    of the whole financing table into an emptied table finds no problem."""
    path = tmp_path / f"financing.{fmt}"
    done = run_forge("--db", db_url, "export", "financing", "--headers", "labels", "-o", str(path))
    assert done.returncode == 0, done.stderr.decode()
    assert read_rows(path).__next__()[:3] == ["ID", "Agency", "Recipient / programme"]
    with Session(engine) as s, s.begin():
        empty_table(s, "financing")

    dry = run_forge("--db", db_url, "import", "financing", str(path), "--dry-run")

    assert dry.returncode == 0, dry.stderr.decode()
    assert dry.stdout.decode().strip() == "35 financing records would be imported (dry run)"
    plan = plan_for(engine, "financing", path)
    assert plan.unknown_headers == [] and plan.issues == []
    assert set(plan.mapping.values()) == set(FINANCING.names)
