"""The detail pane's History: a record's change sets newest first — when, who, what kind,
why, the source it rests on — and each field it changed, old → new in the table's words."""

from __future__ import annotations

from sqlalchemy.orm import Session

from forge_desktop.core.changes import record_history
from forge_desktop.core.records import HISTORY_SHOWN, record_detail
from forge_desktop.ui.detail import DetailPane
from forge_desktop.ui.labels import change_value_text, field_label, local_time_text

from .change_log import EXIM_RELEASE, REPORT, add, delete, edit, exim_release


def shown(qtbot, engine, table: str, record_id: str) -> str:
    with Session(engine) as session:
        detail = record_detail(session, table, record_id)
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.show_detail(detail)
    return pane.toPlainText()


def test_the_window_shows_a_records_change_sets_newest_first(qtbot, engine, monkeypatch,
                                                             open_window):
    edit(engine, monkeypatch, "Ada Analyst", "financing", "exim-project-vault",
         {"amount_usd": "$12B"}, source=exim_release(), reason="EXIM's own release")
    edit(engine, monkeypatch, "Bo Checker", "financing", "exim-project-vault",
         {"stage": "funded", "minerals": "lithium; cobalt"})
    with Session(engine) as session:
        (newer, _), (older, _) = record_history(session, "financing", "exim-project-vault").change_sets
    window = open_window()
    page = window.pages["financing"]
    assert page.select_record("exim-project-vault")
    qtbot.waitUntil(lambda: "History" in window.detail.toPlainText(), timeout=5000)
    text = window.detail.toPlainText()
    history = text[text.index("History"):]
    # Below the sources: the EXIM release the edit rests on is one of them now.
    assert text.index("Sources") < text.index(EXIM_RELEASE) < text.index("History")
    assert history.index("Bo Checker") < history.index("Ada Analyst")  # newest first
    assert f"{local_time_text(newer.at)} · Bo Checker · edited" in history
    assert f"{local_time_text(older.at)} · Ada Analyst · edited\nEXIM's own release\n" \
           f"Source: {EXIM_RELEASE}" in history
    assert "Amount (USD): up to $10B → $12B" in history  # money as the table shows it
    assert "Qualifier: Up to → Exact" in history
    assert f"Sources: {REPORT} → {REPORT}; {EXIM_RELEASE}" in history  # by their titles
    # Minerals by their names, as the table shows them.
    assert "Minerals: Critical minerals (unspecified) → Lithium, Cobalt" in history


def test_a_curated_record_never_changed_says_nothing_of_history(qtbot, engine):
    text = shown(qtbot, engine, "financing", "doe-rocks")
    assert "History" not in text and "earlier" not in text


def test_an_added_record_shows_each_field_it_came_with(qtbot, engine, monkeypatch):
    record_id = add(engine, monkeypatch, "Ada Analyst", "financing",
                    {"agency": "EXIM", "recipient": "Acme Lithium", "amount_usd": "up to $20M",
                     "date": "Jan 2026", "minerals": "lithium", "instrument": "direct_loan",
                     "stage": "approved", "parent_id": "exim-loi-total"},
                    reason="a new release")
    text = shown(qtbot, engine, "financing", record_id)
    history = text[text.index("History"):]
    assert "Ada Analyst · added\na new release\nSource: " + EXIM_RELEASE in history
    assert "Agency: — → EXIM" in history
    assert "Amount (USD): — → up to $20M" in history
    assert "Date: — → Jan 2026" in history  # by its precision, as the table shows it
    assert "Part of: — → exim-loi-total" in history  # the record's "parent" is the column "Part of"
    assert f"Sources: — → {EXIM_RELEASE}" in history


def test_a_long_history_shows_the_newest_twenty_and_counts_the_rest(qtbot, engine, monkeypatch):
    for n in range(HISTORY_SHOWN + 3):
        edit(engine, monkeypatch, "Ada Analyst", "participants", "angola", {"notes": f"reading {n}"})
    text = shown(qtbot, engine, "participants", "angola")
    history = text[text.index("History"):]
    assert history.count("Ada Analyst · edited") == HISTORY_SHOWN
    assert f"reading {HISTORY_SHOWN + 2}" in history and "→ reading 2\n" not in history
    assert history.rstrip().endswith("… and 3 earlier")


def test_the_words_of_a_change(engine, monkeypatch):
    assert field_label("financing", "parent") == "Part of"
    assert field_label("financing", "agreement") == "Agreement"
    assert field_label("participants", "organisation") == "Organisation"
    assert field_label("agreements", "sources") == "Sources"
    assert change_value_text("financing", "amount_usd", None) == "—"
    assert change_value_text("financing", "amount_usd", 1_250_000_000, qualifier="more_than") == "> $1.25B"
    assert change_value_text("financing", "minerals", ["rare_earths", "lithium"]) == "Rare earths, Lithium"
    assert change_value_text("participants", "roles", {"forge_chair": None, "attended": "…"}) == \
        "Attended, FORGE chair"
    assert change_value_text("financing", "sources", [{"source": "a"}, {"source": "b"}],
                             {"sources": {"a": "A report"}}) == "A report; b"
    assert change_value_text("financing", "minerals", ["rare-earths", "tin"],
                             {"minerals": {"rare-earths": "Rare earth elements"}}) == \
        "Rare earth elements, Tin"
    assert change_value_text("financing", "organisation", "korea-zinc",
                             {"organisation": {"korea-zinc": "Korea Zinc"}}) == "Korea Zinc"
    delete(engine, monkeypatch, "Ada Analyst", "financing", "doe-rocks")  # gone: no detail
    with Session(engine) as session:
        assert record_detail(session, "financing", "doe-rocks") is None
