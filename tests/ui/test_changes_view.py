"""The Changes view (View → Changes): the change log newest first, its filters, a change
set's field diffs, going to a record, Undo (yours only; with the later changes only when
asked) and Export — driven through the real widgets, on changes made through the core."""

from __future__ import annotations

import csv
import datetime as dt
import time

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from shiboken6 import Shiboken
from sqlalchemy import insert
from sqlalchemy.orm import Session

from forge_desktop.core.changes import CHANGE_FIELDS
from forge_desktop.core.schema import Change, ChangeSet
from forge_desktop.ui import changes_view
from forge_desktop.ui.changes_view import ChangesModel
from forge_desktop.ui.labels import local_time_text
from forge_desktop.ui.worker import QueryRunner

from .change_log import EXIM_RELEASE, as_author, edit, exim_release
from .conftest import wait_loaded

ME = "Ada Analyst"


@pytest.fixture
def logged(engine, monkeypatch):
    """Three change sets: Ada corrects Project Vault's amount on EXIM's release and then
    Rocks' notes; Bo corrects Angola's notes. The window then runs as Ada."""
    vault = edit(engine, monkeypatch, ME, "financing", "exim-project-vault", {"amount_usd": "$12B"},
                 source=exim_release(), reason="EXIM's own release")
    rocks = edit(engine, monkeypatch, ME, "financing", "doe-rocks", {"notes": "read again"})
    angola = edit(engine, monkeypatch, "Bo Checker", "participants", "angola",
                  {"notes": "attended in person"}, reason="the minutes")
    as_author(monkeypatch, ME)
    return {"vault": vault, "rocks": rocks, "angola": angola}


def open_changes(qtbot, window):
    window.changes_dock.toggleViewAction().trigger()  # View → Changes
    view = window.changes_view
    qtbot.waitUntil(lambda: view.isVisible() and view.note.text() != "Reading the change log…"
                    and (view.author_box.count() > 1 or not view.model.total), timeout=5000)
    return view


def rows(view) -> list[list[str]]:
    model = view.model
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def row_of(view, change_set: int) -> QModelIndex:
    model = view.model
    return next(model.index(r, 0) for r in range(model.rowCount())
                if model.index(r, 0).data(changes_view.CHANGE_SET_ROLE) == change_set)


def changes_under(view, index: QModelIndex) -> list[str]:
    return [view.model.index(r, 0, index).data() for r in range(view.model.rowCount(index))]


def relisted(qtbot, view, count: int) -> None:
    qtbot.waitUntil(lambda: view.model.rowCount() == count, timeout=5000)


def test_the_log_lists_change_sets_newest_first(qtbot, logged, open_window):
    window = open_window()
    assert window.changes_dock.isHidden()  # until asked for
    action = window.changes_dock.toggleViewAction()
    assert action.text() == "C&hanges" and action.shortcut().toString() == "Ctrl+Shift+H"
    view = open_changes(qtbot, window)
    assert [r[0] for r in rows(view)] == [str(logged["angola"]), str(logged["rocks"]),
                                           str(logged["vault"])]
    _number, when, author, kind, tables, records, reason = rows(view)[0]
    assert (author, kind, tables, records, reason) == ("Bo Checker", "edited", "Participants", "1",
                                                       "the minutes")
    assert view.model.headers == ("#", "When", "Author", "Kind", "Tables", "Records", "Reason")
    assert "Source: " + EXIM_RELEASE in row_of(view, logged["vault"]).data(Qt.ItemDataRole.ToolTipRole)
    with Session(window.engine) as session:
        at = session.get(ChangeSet, logged["angola"]).at
    assert when == local_time_text(at)
    assert view.note.text().startswith("3 change sets")


def test_the_filters_narrow_the_list(qtbot, logged, open_window):
    view = open_changes(qtbot, open_window())
    assert [view.author_box.itemText(i) for i in range(view.author_box.count())] == \
        ["Anyone", "Ada Analyst", "Bo Checker"]
    view.author_box.setCurrentIndex(view.author_box.findData(ME))
    relisted(qtbot, view, 2)
    assert {r[2] for r in rows(view)} == {ME}
    view.author_box.setCurrentIndex(0)
    view.table_box.setCurrentIndex(view.table_box.findData("participants"))
    relisted(qtbot, view, 1)
    assert rows(view)[0][4] == "Participants"
    view.table_box.setCurrentIndex(0)
    view.kind_box.setCurrentIndex(view.kind_box.findData("add"))  # nothing was added
    relisted(qtbot, view, 0)
    qtbot.waitUntil(lambda: view.note.text().startswith("No change sets match"))
    view.kind_box.setCurrentIndex(view.kind_box.findData("edit"))
    relisted(qtbot, view, 3)
    assert not view.since_edit.isEnabled()
    view.since_edit.setDate(QDate.currentDate().addDays(1))
    view.since_box.setChecked(True)  # since tomorrow: none
    assert view.since_edit.isEnabled()
    relisted(qtbot, view, 0)
    view.since_edit.setDate(QDate.currentDate().addDays(-1))
    relisted(qtbot, view, 3)


def test_a_change_set_expands_to_its_field_diffs(qtbot, logged, open_window):
    view = open_changes(qtbot, open_window())
    vault = row_of(view, logged["vault"])
    assert view.model.hasChildren(vault) and view.model.rowCount(vault) == 0  # not asked yet
    view.tree.expand(vault)
    qtbot.waitUntil(lambda: view.model.rowCount(vault) > 0, timeout=5000)
    diffs = changes_under(view, vault)
    assert "exim-project-vault — Amount (USD): up to $10B → $12B" in diffs
    assert "exim-project-vault — Qualifier: Up to → Exact" in diffs
    assert any(d.startswith("exim-project-vault — Sources: ") and d.endswith(EXIM_RELEASE)
               for d in diffs)
    assert view.tree.isFirstColumnSpanned(0, vault)  # the words run across the row


def test_enter_on_a_change_goes_to_its_record(qtbot, logged, open_window):
    window = open_window()
    window.show_table("participants")
    view = open_changes(qtbot, window)
    vault = row_of(view, logged["vault"])
    view.tree.expand(vault)
    qtbot.waitUntil(lambda: view.model.rowCount(vault) > 0, timeout=5000)
    view.tree.setFocus()
    view.tree.setCurrentIndex(view.model.index(0, 0, vault))
    qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    page = window.pages["financing"]
    assert window.page is page
    wait_loaded(qtbot, page, 1)
    qtbot.waitUntil(lambda: page.current_id() == "exim-project-vault", timeout=5000)
    qtbot.waitUntil(lambda: "Project Vault" in window.detail.toPlainText(), timeout=5000)
    assert window.back_action.isEnabled()  # Back returns to where the user was


def amount_on_screen(page, record_id: str) -> str:
    row = page.model.row_of(record_id)
    return "" if row is None else page.model.index(row, page.model.column_of("amount_usd")).data()


def test_undo_takes_the_change_set_back_and_the_table_shows_the_old_value(
        qtbot, engine, monkeypatch, open_window):
    vault = edit(engine, monkeypatch, ME, "financing", "exim-project-vault", {"amount_usd": "$12B"})
    window = open_window()
    page = window.pages["financing"]
    qtbot.waitUntil(lambda: amount_on_screen(page, "exim-project-vault") == "$12B", timeout=5000)
    view = open_changes(qtbot, window)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail(f"refused: {a[2]}"))
    assert not view.undo_button.isEnabled()  # nothing chosen yet
    view.tree.setCurrentIndex(row_of(view, vault))
    assert view.undo_button.isEnabled()
    qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: amount_on_screen(page, "exim-project-vault") == "up to $10B", timeout=5000)
    relisted(qtbot, view, 2)  # the view reads the log again: the undo is a change set too
    assert rows(view)[0][3] == "undone" and rows(view)[0][2] == ME
    assert f"Undid change set {vault}: 1 records put back" in window.statusBar().currentMessage()


def test_another_authors_change_set_is_refused_with_a_message(qtbot, logged, monkeypatch, open_window):
    view = open_changes(qtbot, open_window())
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    view.tree.setCurrentIndex(row_of(view, logged["angola"]))
    qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown[0].startswith("Nothing was undone: ")
    assert "Bo Checker's work: only its author can take it back" in shown[0]
    assert len(rows(view)) == 3  # nothing changed


def answer_question(qtbot, button_text: str, asked: list[str]) -> None:
    """Click *button_text* in the question box the next undo asks (the real dialog)."""
    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        asked.append(box.text())
        button = next(b for b in box.buttons() if b.text() == button_text)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(20, click)


def test_later_changes_to_the_same_records_are_undone_together_when_asked(
        qtbot, engine, monkeypatch, open_window):
    first = edit(engine, monkeypatch, ME, "financing", "exim-project-vault", {"amount_usd": "$12B"})
    later = edit(engine, monkeypatch, ME, "financing", "exim-project-vault", {"notes": "checked"})
    window = open_window()
    page = window.pages["financing"]
    view = open_changes(qtbot, window)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail(f"refused: {a[2]}"))
    asked: list[str] = []
    answer_question(qtbot, "Cancel", asked)
    view.tree.setCurrentIndex(row_of(view, first))
    view.undo_current()
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert f"Later change sets of yours changed the same records: {later}." in asked[0]
    assert len(rows(view)) == 2  # cancelled: nothing undone
    answer_question(qtbot, "Undo both", asked)
    view.undo_current()
    qtbot.waitUntil(lambda: amount_on_screen(page, "exim-project-vault") == "up to $10B", timeout=5000)
    relisted(qtbot, view, 4)
    assert [r[3] for r in rows(view)[:2]] == ["undone", "undone"]


def test_a_later_change_by_another_author_blocks_the_undo(qtbot, engine, monkeypatch, open_window):
    mine = edit(engine, monkeypatch, ME, "financing", "exim-project-vault", {"amount_usd": "$12B"})
    edit(engine, monkeypatch, "Bo Checker", "financing", "exim-project-vault", {"notes": "checked"})
    as_author(monkeypatch, ME)
    view = open_changes(qtbot, open_window())
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    view.tree.setCurrentIndex(row_of(view, mine))
    view.undo_current()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "is another author's work: it cannot be undone here" in shown[0]  # no "Undo both"


def test_export_writes_the_filtered_log_as_the_command_lines_csv(qtbot, logged, tmp_path,
                                                                 monkeypatch, open_window):
    window = open_window()
    view = open_changes(qtbot, window)
    view.author_box.setCurrentIndex(view.author_box.findData(ME))
    relisted(qtbot, view, 2)
    target = tmp_path / "changes.csv"
    monkeypatch.setattr(changes_view.QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Wrote " in window.statusBar().currentMessage(), timeout=5000)
    with target.open(newline="", encoding="utf-8") as stream:
        found = list(csv.reader(stream))
    assert tuple(found[0]) == CHANGE_FIELDS
    assert {r[2] for r in found[1:]} == {ME}
    assert found[1][0] == str(logged["rocks"])  # newest first
    amount = next(r for r in found[1:] if r[8] == "amount_usd")
    assert (amount[9], amount[10]) == ("10000000000", "12000000000")
    assert not list(tmp_path.glob(".changes.csv.*"))  # written whole, through a temporary file


@pytest.fixture
def runner(engine, qtbot):
    runner = QueryRunner(engine)
    yield runner
    runner.wait(10000)
    Shiboken.delete(runner)  # its pool and connections go now, before the engine is disposed


def test_the_model_passes_qts_checks(qtbot, qtmodeltester, logged, runner):
    model = ChangesModel(runner)
    qtmodeltester.check(model)  # empty
    model.load()
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=5000)
    qtmodeltester.check(model)  # asks for each change set's changes (fetchMore)
    qtbot.waitUntil(lambda: all(model.rowCount(model.index(r, 0)) for r in range(3)), timeout=5000)
    qtmodeltester.check(model)


def test_a_long_log_opens_fast_and_lists_the_newest(qtbot, engine, open_window):
    at = dt.datetime(2026, 3, 1)
    with Session(engine) as session, session.begin():
        session.execute(insert(ChangeSet), [
            {"id": n, "author": ME, "at": at + dt.timedelta(minutes=n), "kind": "edit",
             "reason": f"edit {n}"} for n in range(1, 10_001)])
        session.execute(insert(Change), [
            {"change_set_id": n, "table_name": "participants", "record_id": "angola",
             "action": "changed", "field": "notes", "before": '"a"', "after": '"b"'}
            for n in range(1, 10_001)])
    window = open_window()
    started = time.perf_counter()
    view = open_changes(qtbot, window)
    assert time.perf_counter() - started < 3  # well under a second on a laptop
    assert view.model.rowCount() == changes_view.LIMIT
    assert rows(view)[0][0] == "10000" and rows(view)[0][6] == "edit 10000"
    assert view.note.text() == ("The newest 2,000 of 10,000 change sets: narrow the filters to "
                                "see older ones")
