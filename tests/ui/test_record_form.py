"""The record form as a user drives it: a new record from a new English source, a
correction of its amount, undo and redo from the Edit menu, errors under their fields,
a delete that names what depends on the record."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox, QPlainTextEdit
from sqlalchemy import select
from sqlalchemy.orm import Session

from forge_desktop.core import changes, database
from forge_desktop.core.records import Link
from forge_desktop.core.schema import ChangeKind, ChangeSet, Financing
from forge_desktop.ui.record_form import RecordForm, money_text

from .conftest import wait_loaded

URL = "https://www.exim.gov/news/exim-approves-acme-lithium"


@pytest.fixture(autouse=True)
def _author(monkeypatch):
    monkeypatch.setenv(changes.AUTHOR_ENV, "Ada Analyst")


def stored(db_url, record_id):
    engine = database.create_engine_for(db_url)
    try:
        with Session(engine) as s:
            record = s.get(Financing, record_id)
            return None if record is None else (record.amount_usd, str(record.amount_qualifier))
    finally:
        engine.dispose()


def type_into(form: RecordForm, name: str, text: str) -> None:
    widget = form.fields[name]
    if isinstance(widget, QPlainTextEdit):
        widget.setPlainText(text)
    elif isinstance(widget, QComboBox):
        widget.setEditText(text)
    else:
        assert isinstance(widget, QLineEdit)
        widget.clear()
        widget.insert(text)


def open_form(qtbot, window, action) -> RecordForm:
    action.trigger()
    form = window.record_form
    qtbot.waitUntil(lambda: form.buttons.isEnabled() and form.source_combo.count() > 2, timeout=5000)
    return form


def save(qtbot, form: RecordForm) -> None:
    form.buttons.button(form.buttons.StandardButton.Save).click()


def new_exim_record(qtbot, window) -> RecordForm:
    form = open_form(qtbot, window, window.new_record_action)
    for name, text in (("agency", "EXIM"), ("recipient", "Acme Lithium"),
                       ("instrument", "direct loan"), ("stage", "approved"),
                       ("amount_usd", "up to $400 million"), ("date", "March 2026"),
                       ("minerals", "lithium"), ("locations", "USA")):
        type_into(form, name, text)
    form.source_combo.setCurrentIndex(form.source_combo.findData("new"))
    form.source_url.setText(URL)
    form.source_title.setText("EXIM approves up to $400 million for Acme Lithium")
    form.source_lang.setText("en")
    form.source_kind.setCurrentIndex(form.source_kind.findData("official"))
    form.quote.setPlainText("EXIM approved a direct loan of up to $400 million")
    return form


def test_add_from_a_new_english_source_correct_the_amount_undo_and_redo(qtbot, window, db_url,
                                                                        monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: pytest.fail(args[2]))
    window.show_table("financing")
    wait_loaded(qtbot, window.page)
    rows = window.page.model.total
    form = new_exim_record(qtbot, window)
    with qtbot.waitSignal(form.saved, timeout=5000) as saved:
        save(qtbot, form)
    record_id = saved.args[0].record_id
    wait_loaded(qtbot, window.page, rows + 1)
    assert stored(db_url, record_id) == (400_000_000, "up_to")
    qtbot.waitUntil(lambda: window.page.current_id() == record_id, timeout=5000)
    qtbot.waitUntil(lambda: "EXIM approves up to $400 million" in window.detail.toPlainText(),
                    timeout=5000)

    edit = open_form(qtbot, window, window.edit_record_action)
    assert edit.fields["amount_usd"].text() == "up to $400,000,000"
    assert edit.fields["id"].isReadOnly()
    type_into(edit, "amount_usd", "$450 million")
    edit.reason.setText("the filing says 450")
    with qtbot.waitSignal(edit.saved, timeout=5000):
        save(qtbot, edit)
    qtbot.waitUntil(lambda: stored(db_url, record_id) == (450_000_000, "exact"), timeout=5000)
    assert window.undo_stack.count() == 2

    window.undo_stack.undo()  # Ctrl+Z
    qtbot.waitUntil(lambda: stored(db_url, record_id) == (400_000_000, "up_to"), timeout=5000)
    window.undo_stack.redo()  # Ctrl+Shift+Z
    qtbot.waitUntil(lambda: stored(db_url, record_id) == (450_000_000, "exact"), timeout=5000)
    window.undo_stack.undo()
    window.undo_stack.undo()  # the add itself
    qtbot.waitUntil(lambda: stored(db_url, record_id) is None, timeout=5000)
    wait_loaded(qtbot, window.page, rows)


def test_the_form_shows_each_problem_under_its_field_and_saves_nothing(qtbot, window, db_url):
    form = new_exim_record(qtbot, window)
    type_into(form, "recipient", "")
    type_into(form, "agency", "NASA")
    type_into(form, "date", "2026-02-30")
    save(qtbot, form)
    qtbot.waitUntil(lambda: bool(form.error_text("recipient")), timeout=5000)
    assert "required" in form.error_text("recipient")
    assert "known: EXIM" in form.error_text("agency")
    assert "not a real date" in form.error_text("date")
    assert form.isVisible() and form.confirms["agency"].isVisible()
    engine = database.create_engine_for(db_url)
    with Session(engine) as s:
        assert s.scalars(select(ChangeSet)).all() == []
    engine.dispose()

    type_into(form, "recipient", "Acme Lithium")
    type_into(form, "date", "2026-02-03")
    form.confirms["agency"].setChecked(True)  # yes, NASA is a new agency
    with qtbot.waitSignal(form.saved, timeout=5000) as saved:
        save(qtbot, form)
    engine = database.create_engine_for(db_url)
    with Session(engine) as s:
        assert s.get(Financing, saved.args[0].record_id).agency == "NASA"
    engine.dispose()


def test_a_new_record_needs_a_source(qtbot, window):
    form = open_form(qtbot, window, window.new_record_action)
    type_into(form, "recipient", "Acme")
    save(qtbot, form)
    qtbot.waitUntil(lambda: bool(form.error_text("source")), timeout=5000)
    assert "needs a source" in form.error_text("source")


def test_duplicate_starts_as_a_copy_with_no_id(qtbot, window):
    window.show_table("financing")
    wait_loaded(qtbot, window.page)
    window.page.view.selectRow(0)
    qtbot.waitUntil(lambda: window.page.current_id() is not None)
    form = open_form(qtbot, window, window.duplicate_record_action)
    assert form.fields["id"].text() == "" and form.fields["recipient"].text()


def test_deleting_an_aggregate_with_parts_names_them(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    window.follow(Link.to_record("EXIM letters of interest", "financing", "exim-loi-total"))
    qtbot.waitUntil(lambda: window.page.current_id() == "exim-loi-total", timeout=5000)
    window.delete_record_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "4 parts" in shown[0] and "exim-loi-lithium-arkansas" in shown[0]


def test_a_double_click_on_the_detail_edits_the_record(qtbot, window):
    window.show_table("financing")
    wait_loaded(qtbot, window.page)
    window.page.view.selectRow(0)
    qtbot.waitUntil(lambda: window.detail.detail is not None, timeout=5000)
    qtbot.mouseDClick(window.detail.viewport(), Qt.MouseButton.LeftButton,
                      pos=window.detail.viewport().rect().bottomRight() - window.detail.viewport().rect().center() / 4)
    form = window.record_form
    assert form.mode == "edit" and form.record_id == window.page.current_id()


def test_money_reads_back_as_the_importer_parses_it():
    from forge_desktop.core.imports import parse_money
    from forge_desktop.core.schema import Qualifier

    for qualifier in (None, "up_to", "more_than", "conditional"):
        assert parse_money(money_text("2400000000", qualifier)) == (
            2_400_000_000, Qualifier(qualifier or "exact"))


def test_the_log_says_who_and_why(qtbot, window, db_url):
    form = new_exim_record(qtbot, window)
    form.reason.setText("read in the EXIM release")
    with qtbot.waitSignal(form.saved, timeout=5000):
        save(qtbot, form)
    engine = database.create_engine_for(db_url)
    with Session(engine) as s:
        (cs,) = s.scalars(select(ChangeSet)).all()
        assert (cs.kind, cs.author, cs.reason) == (ChangeKind.ADD, "Ada Analyst",
                                                   "read in the EXIM release")
    engine.dispose()
