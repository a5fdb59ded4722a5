"""Headers: our names and labels, what analysts call the columns, and explicit mappings."""

from __future__ import annotations

from .conftest import financing, issues, plan_for, write_csv


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

