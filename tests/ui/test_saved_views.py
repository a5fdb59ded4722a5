"""View → Saved views, driven as a user would: save the shown table under a name, change
it, recall the view and see its rows, filters, search, sort and columns again; manage,
export and import; a view the command line can use at once."""

from __future__ import annotations

import contextlib
import io
import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from forge_desktop.core import cli
from forge_desktop.core.query import SortKey
from forge_desktop.core.saved_views import SavedView, ViewStore
from forge_desktop.ui.saved_views import ManageViewsDialog, SaveViewDialog

from .conftest import wait_loaded
from .test_main_window import add_filter, click_header, ids, type_search


def menu_of(window):
    menu = window.saved_views
    menu.aboutToShow.emit()  # what opening the menu does: read the file again
    return menu


def view_action(window, name: str):
    return next(a for a in menu_of(window).view_actions if a.data() == name)


def save_view(qtbot, window, name: str) -> None:
    """Ctrl+Shift+S, type the name, click Save."""
    before = {d for d in window.findChildren(SaveViewDialog)}
    qtbot.keyClick(window.page.view, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = next(d for d in window.findChildren(SaveViewDialog) if d not in before)
    assert dialog.isVisible()
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, name)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def visible_names(page) -> list[str]:
    return [page.model.columns[i].name for i in page.visible_columns()]


def hide_column(page, name: str) -> None:
    page.view.horizontalHeader().setSectionHidden(page.model.column_of(name), True)


def test_save_change_and_recall_a_view(qtbot, window):
    page = window.page
    add_filter(qtbot, page, "agency", "=", "DOD")
    type_search(qtbot, window, "korea")
    assert page.sort_keys() == (SortKey("amount_usd", True),)  # the table's first order
    click_header(qtbot, page, "amount_usd")  # smallest first
    hide_column(page, "recipient")
    qtbot.waitUntil(lambda: page.sort_keys() == (SortKey("amount_usd"),))
    wait_loaded(qtbot, page, 3)
    shown, columns = ids(page), visible_names(page)
    assert shown == ["dod-korea-zinc-financing", "dod-korea-zinc-debt-funded",
                     "dod-korea-zinc-debt-conditional"]
    save_view(qtbot, window, "Korea Zinc debt")
    assert window.statusBar().currentMessage() == "Saved view “Korea Zinc debt”"

    click_header(qtbot, page, "amount_usd")
    qtbot.waitUntil(lambda: page.sort_keys() == (SortKey("amount_usd", True),))
    page.clear_all()
    window.show_table("participants")
    wait_loaded(qtbot, window.pages["financing"], 35)
    page.apply_default_columns()

    action = view_action(window, "Korea Zinc debt")
    assert action.text() == "Korea Zinc debt — Financing"
    assert "Filters: agency = DOD" in action.toolTip()
    action.trigger()
    assert window.page is page
    wait_loaded(qtbot, page, 3)
    assert ids(page) == shown
    assert [str(f) for f in page.filter_bar.filters()] == ["agency = DOD"]
    assert len(page.filter_bar.chip_buttons()) == 1
    assert window.search_box.text() == "korea"
    assert page.sort_keys() == (SortKey("amount_usd"),)
    assert visible_names(page) == columns and "recipient" not in columns
    assert window.statusBar().currentMessage() == "Showing the view “Korea Zinc debt”"


def test_a_view_saved_in_the_window_works_on_the_command_line_at_once(qtbot, window, db_url,
                                                                     tmp_path):
    page = window.page
    add_filter(qtbot, page, "amount_usd", ">", "1B")
    wait_loaded(qtbot, page)
    save_view(qtbot, window, "Over a billion")

    def export(*options: str) -> list[dict]:
        out = tmp_path / "out.json"
        with contextlib.redirect_stderr(io.StringIO()):
            code = cli.main(["--db", db_url, "export", "--view", "over a billion", *options,
                             "-o", str(out)])
        assert code == 0
        return json.loads(out.read_text(encoding="utf-8"))

    assert [list(r) for r in export()] == [visible_names(page)] * page.model.total
    assert [r["id"] for r in export("--columns", "id")] == ids(page)  # in the window's order


def test_facet_choices_come_back_in_the_facets(qtbot, window):
    page = window.page
    facet = page.facets.facets["agency"]
    qtbot.waitUntil(lambda: facet.item_for("DOE") is not None)
    rect = facet.list.visualItemRect(facet.item_for("DOE"))
    qtbot.mouseClick(facet.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: page.model.total == 7)
    save_view(qtbot, window, "DOE")
    page.clear_all()
    wait_loaded(qtbot, page, 35)
    view_action(window, "DOE").trigger()
    qtbot.waitUntil(lambda: page.model.total == 7)
    assert page.facets.selections() == (("agency", ("DOE",)),)
    assert page.filter_bar.filters() == ()


def test_saving_under_a_taken_name_says_it_replaces_and_offers_the_last_name(qtbot, window):
    page = window.page
    save_view(qtbot, window, "Mine")
    add_filter(qtbot, page, "agency", "=", "DFC")
    wait_loaded(qtbot, page)
    dialog = window.saved_views.save_current()
    assert dialog.name.text() == "Mine"  # the view last saved here
    assert dialog.replaces.isVisibleTo(dialog)
    assert dialog.replaces.text() == "Replaces the saved view “Mine”."
    assert "Filters: agency = DFC" in dialog.summary.text()
    dialog.name.setText("  ")
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    dialog.name.setText("mine")
    dialog.accept()
    assert ViewStore().load().find("Mine").filters == ("agency = DFC",)
    assert ViewStore().load().names == ("mine",)


def test_a_view_from_an_older_version_says_what_it_left_out(qtbot, window):
    ViewStore().save(SavedView("old", "agreements", filters=("status = announced", "tonnage > 1"),
                               sort=("-tonnage",), columns=("title", "tonnage", "date")))
    view_action(window, "old").trigger()
    page = window.pages["agreements"]
    assert window.page is page
    qtbot.waitUntil(lambda: page.filter_bar.filters() != ())
    wait_loaded(qtbot, page)
    assert [str(f) for f in page.filter_bar.filters()] == ["status = announced"]
    assert visible_names(page) == ["title", "date"]
    notice = window.saved_views.notice
    assert notice is not None and notice.isVisible()
    assert notice.text() == (
        "View “old”: left out the filter “tonnage > 1” (there is no column tonnage any more); "
        "the sort by tonnage (there is no column tonnage any more); the column tonnage "
        "(there is no column tonnage any more); the rest is applied.")


def test_a_broken_views_file_is_said_once_and_kept(qtbot, window):
    path = ViewStore().path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{broken", encoding="utf-8")
    menu = menu_of(window)
    assert menu.view_actions == []
    assert menu.notice is not None and "could not be read (not valid JSON" in menu.notice.text()
    assert path.with_name("views.json.broken").read_text(encoding="utf-8") == "{broken"
    menu.notice.close()
    menu.notice = None
    menu_of(window)
    assert menu.notice is None  # said once
    empty = [a for a in menu.actions() if a.text() == "No saved views yet"]
    assert len(empty) == 1 and not empty[0].isEnabled()
    assert not menu.manage_action.isEnabled()


def test_manage_renames_and_deletes(qtbot, window, monkeypatch):
    for name in ("beta", "alpha"):
        ViewStore().save(SavedView(name, "financing", search=name))
    dialog = window.saved_views.manage()
    assert isinstance(dialog, ManageViewsDialog)
    assert dialog.names() == ["alpha", "beta"]
    assert "Search: alpha" in dialog.detail.text()

    item = dialog.list.item(0)
    item.setText("gamma")  # what editing it in place does
    assert dialog.names() == ["beta", "gamma"]
    assert ViewStore().load().names == ("beta", "gamma")
    assert dialog.list.currentItem().text() == "gamma"

    dialog.list.item(0).setText("Gamma")  # taken: refused, said, nothing changed
    assert "a view named “gamma” exists already" in window.saved_views.notice.text()
    assert dialog.names() == ["beta", "gamma"]

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    dialog.list.setCurrentRow(0)
    dialog.delete_current()
    assert ViewStore().load().names == ("beta", "gamma")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.delete_current()
    assert dialog.names() == ["gamma"] and ViewStore().load().names == ("gamma",)

    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: window.page.search == "alpha")  # gamma is alpha, renamed
    assert window.search_box.text() == window.page.search


def test_export_and_import_views(qtbot, window, tmp_path, monkeypatch):
    ViewStore().save(SavedView("dod", "financing", filters=("agency = DOD",)))
    shared = tmp_path / "shared.json"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(shared), ""))
    menu = menu_of(window)
    menu.export_action.trigger()
    assert json.loads(shared.read_text(encoding="utf-8"))["views"][0]["name"] == "dod"
    assert window.statusBar().currentMessage() == f"Exported 1 view to {shared}"

    ViewStore().save(SavedView("dod", "financing", filters=("agency = DFC",)))
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName",
                        lambda *a, **k: (str(shared), ""))
    menu.import_action.trigger()
    assert menu.notice.text() == ("Imported 1 view.\n“dod” was added as “dod (2)”: a different "
                                  "view has that name.")
    assert [a.data() for a in menu_of(window).view_actions] == ["dod", "dod (2)"]

    shared.write_text("[]", encoding="utf-8")
    menu.import_action.trigger()
    assert "no list of views in it; nothing was imported" in menu.notice.text()
    assert ViewStore().load().names == ("dod", "dod (2)")
