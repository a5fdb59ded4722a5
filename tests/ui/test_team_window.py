"""A window on a team database with a login that may only read: it shows the records and
offers no way to change them, each disabled action saying why."""

from __future__ import annotations

import os

import pytest

from tests.ui.conftest import wait_loaded


@pytest.fixture
def db_url(team):
    return team["reader"]


def test_a_readers_window_is_read_only_and_says_why(window, qtbot, tmp_path):
    qtbot.waitUntil(lambda: window.read_only is not None, timeout=5000)
    assert window.read_only_label.isVisible()
    writing = (window.import_action, window.undo_import_action, window.new_record_action,
               window.edit_record_action, window.duplicate_record_action,
               window.delete_record_action)
    for action in writing:
        assert not action.isEnabled()
        assert "may only read" in action.toolTip()
    window.tabs.setCurrentIndex(1)  # another table: still nothing to write with
    wait_loaded(qtbot, window.page)
    assert not window.edit_record_action.isEnabled()
    assert window.import_records() is None  # a shortcut or a drop reaches it: refused
    assert "Read only" in window.statusBar().currentMessage()
    assert window.page.model.total > 0  # reading works
    shot = os.environ.get("FORGE_SHOTS")
    if shot:
        window.grab().save(os.path.join(shot, "read-only-window.png"))
        from PySide6.QtWidgets import QMenu

        menu = next(m for m in window.menuBar().findChildren(QMenu)
                    if window.edit_record_action in m.actions())
        menu.popup(window.mapToGlobal(window.rect().center()))
        qtbot.waitExposed(menu)
        menu.grab().save(os.path.join(shot, "read-only-edit-menu.png"))
        menu.close()
