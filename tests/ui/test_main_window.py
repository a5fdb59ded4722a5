"""The explorer window, driven as a user would: clicks, keys and what shows on screen."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QStatusBar, QTableView, QWidget

from forge_desktop.core.query import Condition, Op, SortKey
from forge_desktop.ui.app import DatabaseProblem, open_window_interactively
from forge_desktop.ui.table_page import PageState

from .conftest import wait_loaded


def click_header(qtbot, page, column: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    header = page.view.horizontalHeader()
    section = page.model.column_of(column)
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, modifier,
                     QPoint(x, header.height() // 2))


def ids(page) -> list[str]:
    return [page.model.record_id(r) for r in range(page.model.rowCount())]


def test_contract_object_names(window):
    assert window.objectName() == "mainWindow"
    assert isinstance(window.findChild(QLineEdit, "searchBox"), QLineEdit)
    for name in ("participantsTable", "agreementsTable", "financingTable"):
        assert isinstance(window.findChild(QTableView, name), QTableView)
    for name in ("facetPanel", "detailPane"):
        assert isinstance(window.findChild(QWidget, name), QWidget)
    assert isinstance(window.findChild(QStatusBar, "statusBar"), QStatusBar)


def test_status_line_says_what_the_total_counts(window):
    assert window.page.spec.name == "financing"
    text = window.status_label.full_text()
    assert text.startswith("35 of 35 financing records · $20.62B committed")
    assert text.endswith("(aggregates counted through their parts, not summed: dfc-total, "
                         "exim-loi-total; records without a dollar amount, counted but not summed: "
                         "4; records counted: 33 of 35)")


def test_a_long_status_line_is_cut_not_widening_the_window(qtbot, window):
    window.resize(900, 640)
    window.show()
    qtbot.waitUntil(lambda: window.status_label.text().endswith("…"))
    assert window.width() == 900
    full = window.status_label.full_text()
    assert window.status_label.toolTip() == full and full.endswith("records counted: 33 of 35)")


def test_header_click_sorts_and_click_again_reverses(qtbot, window):
    page = window.page
    click_header(qtbot, page, "recipient")
    qtbot.waitUntil(lambda: page.sort_keys() == (SortKey("recipient"),) and page.model.total)
    wait_loaded(qtbot, page, 35)
    first = page.model.data(page.model.index(0, page.model.column_of("recipient")))
    assert first.startswith("6K Additive")
    click_header(qtbot, page, "recipient")
    qtbot.waitUntil(lambda: page.sort_keys() == (SortKey("recipient", True),))
    wait_loaded(qtbot, page, 35)
    assert page.model.record_id(0) == "dod-vulcan-elements"


def test_ctrl_click_adds_a_secondary_sort_key(qtbot, window):
    page = window.page
    click_header(qtbot, page, "agency")
    qtbot.waitUntil(lambda: page.sort_keys() == (SortKey("agency"),))
    click_header(qtbot, page, "amount_usd", Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.sort_keys() == (SortKey("agency"), SortKey("amount_usd", True)))
    wait_loaded(qtbot, page, 35)
    header = page.model.headerData(page.model.column_of("amount_usd"), Qt.Orientation.Horizontal)
    assert header.endswith("▼2")
    order = ids(page)
    dfc = [i for i in order if i.startswith("dfc-")]
    assert order[: len(dfc)] == dfc  # DFC sorts first …
    assert dfc[0] == "dfc-total"  # … and within DFC the biggest amount leads


def type_search(qtbot, window, text: str) -> None:
    """Type into the search box and press Enter (non-ASCII is inserted: QTest cannot key it)."""
    window.search_box.clear()
    if text.isascii():
        qtbot.keyClicks(window.search_box, text)
    else:
        window.search_box.insert(text)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)


def test_search_finds_russian_and_english_in_any_case(qtbot, window):
    window.show_table("participants")
    page = window.page
    for text in ("Монголия", "МОНГОЛИЯ", "mongolia"):
        type_search(qtbot, window, text)
        qtbot.waitUntil(lambda text=text: page.search == text)
        wait_loaded(qtbot, page, 1)
        assert ids(page) == ["mongolia"]


def test_ctrl_f_focuses_search_and_esc_clears_it(qtbot, window):
    page = window.page
    qtbot.keyClick(page.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()
    type_search(qtbot, window, "korea zinc")
    wait_loaded(qtbot, page, 3)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.search == "")
    wait_loaded(qtbot, page, 35)
    assert window.search_box.text() == ""


def add_filter(qtbot, page, column: str, op: str, value: str = "", either: bool = False) -> None:
    bar = page.filter_bar
    bar.column.setCurrentIndex(bar.column.findData(column))
    bar.op.setCurrentIndex(bar.op.findText(op))
    bar.value.setText(value)
    bar.either.setChecked(either)
    qtbot.mouseClick(bar.add, Qt.MouseButton.LeftButton)


def facet_counts(page, column: str) -> dict[str, int]:
    facet = page.facets.facets[column]
    out = {}
    for i in range(facet.list.count()):
        text = facet.list.item(i).text()
        out[facet.list.item(i).data(Qt.ItemDataRole.UserRole)] = int(text.rsplit("(", 1)[1][:-1])
    return out


def test_filter_chips_add_and_remove(qtbot, window):
    page = window.page
    add_filter(qtbot, page, "agency", "=", "dod")
    wait_loaded(qtbot, page, 8)
    chips = page.filter_bar.chip_buttons()
    assert [c.text() for c in chips] == ["agency = dod  ✕"]
    add_filter(qtbot, page, "amount_usd", ">", "500M")
    wait_loaded(qtbot, page, 3)
    assert len(page.filter_bar.chip_buttons()) == 2
    qtbot.mouseClick(page.filter_bar.chip_buttons()[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(page.filter_bar.chip_buttons()) == 1)
    wait_loaded(qtbot, page)
    qtbot.waitUntil(lambda: page.model.total == 10)  # > $500M, every agency


def test_or_with_last_makes_one_chip_for_an_or_group(qtbot, window):
    page = window.page
    add_filter(qtbot, page, "stage", "=", "funded")
    add_filter(qtbot, page, "agency", "=", "USTR", either=True)
    qtbot.waitUntil(lambda: page.model.total == 4)
    assert len(page.filter_bar.chip_buttons()) == 1
    assert " or " in page.filter_bar.chip_buttons()[0].text()


def test_an_impossible_filter_says_why_and_changes_nothing(qtbot, window):
    page = window.page
    add_filter(qtbot, page, "amount_usd", ">", "lots")
    assert page.filter_bar.error.isVisibleTo(page)
    assert "'lots'" in page.filter_bar.error.text()
    assert page.filter_bar.filters() == ()
    assert page.model.total == 35


def test_a_chip_whose_value_is_gone_does_not_block_other_filters(qtbot, window):
    page = window.page
    qtbot.waitUntil(lambda: page.filter_bar.terms is not None)
    bar = page.filter_bar
    bar.set_filters([Condition("agency", Op.EQ, "NSF")])  # say, from before an undo
    add_filter(qtbot, page, "agency", "=", "NASA")
    assert bar.error.isVisibleTo(page) and "unknown agency 'NASA'" in bar.error.text()
    add_filter(qtbot, page, "amount_usd", ">", "1M")
    assert not bar.error.isVisibleTo(page)
    assert [str(f) for f in bar.filters()] == ["agency = NSF", "amount_usd > 1M"]


def test_facet_counts_follow_the_other_filters(qtbot, window):
    page = window.page
    qtbot.waitUntil(lambda: facet_counts(page, "stage").get("committed") == 9)
    add_filter(qtbot, page, "agency", "=", "DOD")
    qtbot.waitUntil(lambda: facet_counts(page, "stage") == {"committed": 7, "funded": 1})
    # the agency facet does not filter itself: it still offers the other agencies
    assert facet_counts(page, "agency")["DOD"] == 8


def test_facet_click_includes_and_ctrl_click_adds(qtbot, window):
    page = window.page
    facet = page.facets.facets["agency"]
    qtbot.waitUntil(lambda: facet.item_for("DOE") is not None)
    rect = facet.list.visualItemRect(facet.item_for("DOE"))
    qtbot.mouseClick(facet.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: page.model.total == 7)
    qtbot.waitUntil(lambda: facet.item_for("USTR") is not None)
    rect = facet.list.visualItemRect(facet.item_for("USTR"))
    qtbot.mouseClick(facet.list.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier, rect.center())
    qtbot.waitUntil(lambda: page.model.total == 9)
    assert sorted(facet.selected()) == ["DOE", "USTR"]
    qtbot.mouseClick(facet.clear_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.total == 35)


def test_no_match_says_so_with_one_click_to_clear(qtbot, window):
    page = window.page
    type_search(qtbot, window, "zzzz-nothing")
    qtbot.waitUntil(lambda: page.model.total == 0)
    assert page.banner.isVisibleTo(page)
    assert "No financing match" in page.banner_label.text()
    qtbot.mouseClick(page.banner_clear, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.total == 35)
    assert not page.banner.isVisibleTo(page)
    assert window.search_box.text() == ""


def select(qtbot, page, record_id: str) -> None:
    qtbot.waitUntil(lambda: page.model.row_of(record_id) is not None)
    page.view.setFocus()
    page.select_record(record_id)


def test_detail_shows_the_record_with_its_russian_quote(qtbot, window):
    page = window.page
    select(qtbot, page, "exim-project-vault")
    qtbot.waitUntil(lambda: window.detail.detail is not None)
    text = window.detail.toPlainText()
    assert "Project Vault" in text
    assert "Совет директоров EXIM одобрил прямой кредит" in text
    assert "up to $10B" in text
    assert "Told twice in the source" in text


def test_links_navigate_and_back_returns(qtbot, window):
    window.show_table("participants")
    page = window.page
    select(qtbot, page, "south-korea")
    qtbot.waitUntil(lambda: window.detail.detail is not None
                    and window.detail.detail.record_id == "south-korea")
    link = next(link for link in window.detail.links() if link.table == "financing")
    window.detail.linkActivated.emit(link)
    financing = window.pages["financing"]
    assert window.page is financing
    wait_loaded(qtbot, financing, 3)
    assert sorted(ids(financing)) == ["dod-korea-zinc-debt-conditional",
                                      "dod-korea-zinc-debt-funded", "dod-korea-zinc-financing"]
    assert [c.text() for c in financing.filter_bar.chip_buttons()] == ["locations = KOR  ✕"]
    qtbot.keyClick(financing.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.page is page
    qtbot.waitUntil(lambda: page.current_id() == "south-korea")
    qtbot.keyClick(page.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.page is financing


def test_aggregate_links_to_its_parts(qtbot, window):
    page = window.page
    select(qtbot, page, "exim-loi-total")
    qtbot.waitUntil(lambda: window.detail.detail is not None
                    and window.detail.detail.record_id == "exim-loi-total")
    parts = next(link for link in window.detail.links() if link.text == "Its parts")
    assert parts.count == 4
    window.detail.linkActivated.emit(parts)
    wait_loaded(qtbot, page, 4)
    assert all(i.startswith("exim-loi-") and i != "exim-loi-total" for i in ids(page))


def test_ctrl_c_copies_selected_rows_as_tsv_with_header(qtbot, window):
    page = window.page
    qtbot.waitUntil(lambda: page.model.row_of("exim-project-vault") is not None)
    page.view.setFocus()
    page.view.selectRow(0)
    page.view.selectionModel().select(
        page.model.index(1, 0),
        page.view.selectionModel().SelectionFlag.Select | page.view.selectionModel().SelectionFlag.Rows)
    qtbot.keyClick(page.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Copied 2 rows" in window.statusBar().currentMessage())
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0].split("\t")[:3] == ["Agency", "Recipient / programme", "Amount (USD)"]
    assert len(lines) == 3
    second = lines[2].split("\t")
    assert second[0] == "EXIM" and second[2] == "10000000000"


def test_state_comes_back_in_a_fresh_window(qtbot, open_window, settings):
    first = open_window()
    page = first.page
    click_header(qtbot, page, "recipient")
    add_filter(qtbot, page, "agency", "in", "EXIM, DFC")
    type_search(qtbot, first, "rare")
    page.view.horizontalHeader().setSectionHidden(page.model.column_of("stage"), True)
    first.show_table("agreements")
    qtbot.waitUntil(lambda: first.pages["financing"].search == "rare")
    first.close()

    second = open_window(settings)
    assert second.page.spec.name == "agreements"
    again = second.pages["financing"]
    assert again.search == "rare"
    assert again.sort_keys() == (SortKey("recipient"),)
    assert [str(f) for f in again.filter_bar.filters()] == ["agency in EXIM, DFC"]
    assert again.view.horizontalHeader().isSectionHidden(again.model.column_of("stage"))
    second.show_table("financing")
    assert second.search_box.text() == "rare"


def test_a_saved_column_layout_survives_a_column_added_or_gone(window):
    page = window.page
    header = page.view.horizontalHeader()
    stage, recipient, agency = (page.model.column_of(c) for c in ("stage", "recipient", "agency"))
    saved = page.header_layout()
    # As saved by a version without "stage" that had a column since dropped:
    saved["order"] = ["recipient", "dropped", *(n for n in saved["order"] if n not in ("recipient", "stage"))]
    saved["widths"] = {"recipient": 321, "dropped": 40}
    saved["hidden"] = [*saved["hidden"], "agency", "dropped"]
    page.apply_header_layout(saved)
    assert page.visible_columns()[0] == recipient and header.sectionSize(recipient) == 321
    assert header.isSectionHidden(agency)
    assert not header.isSectionHidden(stage)  # the new column shows, as by default …
    assert header.visualIndex(stage) == header.count() - 1  # … after the saved ones


def test_a_header_state_saved_as_bytes_by_an_older_version_leaves_the_defaults(
        qtbot, open_window, settings):
    first = open_window()
    page = first.pages["financing"]
    page.view.horizontalHeader().setSectionHidden(page.model.column_of("stage"), True)
    old = page.view.horizontalHeader().saveState()
    first.close()
    settings.set_table("financing", "header", old)
    settings.sync()
    again = open_window(settings).pages["financing"]
    assert not again.view.horizontalHeader().isSectionHidden(again.model.column_of("stage"))
    assert again.visible_columns()[:3] == [again.model.column_of(c)
                                           for c in ("agency", "recipient", "amount_usd")]


def test_back_brings_the_sort_back_with_the_rest_of_the_state(qtbot, window):
    page = window.page
    click_header(qtbot, page, "recipient")
    qtbot.waitUntil(lambda: page.sort_keys() == (SortKey("recipient"),))
    before = page.state()
    assert before == PageState(sort=(SortKey("recipient"),))
    select(qtbot, page, "exim-loi-total")
    qtbot.waitUntil(lambda: window.detail.detail is not None
                    and window.detail.detail.record_id == "exim-loi-total")
    window.detail.linkActivated.emit(next(link for link in window.detail.links()
                                          if link.text == "Its parts"))
    assert page.state() == PageState((Condition("parent_id", Op.EQ, "exim-loi-total"),))
    window.back()
    assert page.state() == before


def test_reset_layout_restores_default_columns(qtbot, window):
    page = window.page
    stage = page.model.column_of("stage")
    page.view.horizontalHeader().setSectionHidden(stage, True)
    window.reset_layout()
    assert not page.view.horizontalHeader().isSectionHidden(stage)


def test_ctrl_tab_switches_table(qtbot, window):
    assert window.page.spec.name == "financing"
    qtbot.keyClick(window.page.view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.page.spec.name == "participants"


def test_a_corrupt_database_offers_rebuild(qtbot, tmp_path):
    path = tmp_path / "broken.sqlite"
    path.write_bytes(b"this is not a database" * 100)

    def answer(choice: str) -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, DatabaseProblem)
        assert str(path) in dialog.text()
        getattr(dialog, f"{choice}_button").click()

    QTimer.singleShot(100, lambda: answer("quit"))
    assert open_window_interactively(f"sqlite:///{path}") is None
    assert path.read_bytes().startswith(b"this is not a database")  # nothing touched

    QTimer.singleShot(100, lambda: answer("rebuild"))
    window = open_window_interactively(f"sqlite:///{path}")
    qtbot.addWidget(window)
    assert window is not None
    wait_loaded(qtbot, window.page, 35)
    kept = list(tmp_path.glob("broken.sqlite.unreadable-*"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not a database")
    window.runner.wait()
