"""A window learns of others' changes to its database (the change log, asked every few
seconds) and offers to refresh; refreshing keeps the filters, the selection and the scroll."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from sqlalchemy.orm import Session

from forge_desktop.core import database, editing
from forge_desktop.ui.change_watch import ChangeWatch

from .conftest import wait_loaded
from .test_main_window import add_filter


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path, curated_db_file):
    if request.param == "postgresql":
        return request.getfixturevalue("postgres_url")
    import shutil

    shutil.copy(curated_db_file, tmp_path / "forge.sqlite")
    return f"sqlite:///{tmp_path / 'forge.sqlite'}"


def someone_else_edits(db_url: str, record_id: str, notes: str) -> None:
    engine = database.open_database(db_url)
    try:
        with Session(engine) as session, session.begin():
            editing.edit_record(session, "financing", record_id, {"notes": notes},
                                author="bob (another window)")
    finally:
        engine.dispose()


def test_others_changes_are_offered_and_refresh_keeps_the_place(monkeypatch, qtbot,
                                                                open_window, db_url):
    monkeypatch.setattr(ChangeWatch, "INTERVAL_MS", 50)
    window = open_window()
    window.tabs.setCurrentWidget(window.pages["financing"])
    page = window.page
    wait_loaded(qtbot, page)
    add_filter(qtbot, page, "agency", "=", "doe")
    wait_loaded(qtbot, page)
    shown = page.model.total
    assert page.select_record("doe-rocks")
    qtbot.waitUntil(lambda: "doe-rocks" in window.detail.toPlainText() or
                    "Reliable Ore" in window.detail.toPlainText(), timeout=5000)
    assert "Bob's correction" not in window.detail.toPlainText()
    qtbot.waitUntil(lambda: window.change_watch.seen is not None, timeout=5000)
    assert not window.refresh_button.isVisible()

    someone_else_edits(db_url, "doe-rocks", "Bob's correction")
    qtbot.waitUntil(window.refresh_button.isVisible, timeout=5000)
    assert "bob (another window)" in window.refresh_button.text()
    if os.environ.get("FORGE_SHOTS"):  # to look at the offer
        window.grab().save(os.path.join(os.environ["FORGE_SHOTS"], "others-changed.png"))

    qtbot.mouseClick(window.refresh_button, Qt.MouseButton.LeftButton)
    assert not window.refresh_button.isVisible()
    wait_loaded(qtbot, page, shown)
    qtbot.waitUntil(lambda: page.current_id() == "doe-rocks", timeout=5000)
    assert [str(f) for f in page.filter_bar.filters()] and page.model.total == shown
    # the record on screen shows Bob's correction
    qtbot.waitUntil(lambda: "Bob's correction" in window.detail.toPlainText(), timeout=5000)


def test_the_windows_own_writes_are_not_offered(monkeypatch, qtbot, open_window, db_url):
    monkeypatch.setattr(ChangeWatch, "INTERVAL_MS", 50)
    window = open_window()
    qtbot.waitUntil(lambda: window.change_watch.seen is not None, timeout=5000)
    before = window.change_watch.seen
    engine = database.open_database(db_url)
    try:
        with Session(engine) as session, session.begin():  # as this window's user
            editing.edit_record(session, "financing", "doe-rocks", {"notes": "mine"})
    finally:
        engine.dispose()
    qtbot.waitUntil(lambda: window.change_watch.seen > before, timeout=5000)
    assert not window.refresh_button.isVisible()
