"""The explorer window, driven as a user would: clicks, keys and what shows on screen."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QStatusBar, QTableView, QWidget

from forge_desktop.core.filter_text import parse_filter
from forge_desktop.core.query import Condition, Op, SortKey
from forge_desktop.ui.labels import column_label
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
    # The aggregates by name with what no record itemises, and the conditional money in it.
    assert text.endswith(
        "(aggregates counted through their listed parts, not summed: EXIM Critical-minerals mining "
        "projects (letters of interest over the past year) ($14.8B, of which $1.42B listed: "
        "$13.38B not itemised), DFC critical-minerals deals (invested and under study) (> $1B, of "
        "which $1.94B listed); records without a dollar amount, counted but not summed: 4; "
        "conditional amounts included: $2.4B (Korea Zinc); records counted: 33 of 35)")


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
    bar.op.setCurrentIndex(bar.op.findData(op))  # the box shows words (≠, is one of)
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
    assert [c.text() for c in chips] == ["Agency = DOD  ✕"]  # labels, values as shown
    assert "agency = dod" in chips[0].toolTip()  # the text form, as typed on the command line
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
    assert page.filter_bar.error.text().startswith("Amount (USD): 'lots' is not an amount")
    assert page.filter_bar.filters() == ()
    assert page.model.total == 35


def test_a_chip_whose_value_is_gone_does_not_block_other_filters(qtbot, window):
    page = window.page
    qtbot.waitUntil(lambda: page.filter_bar.terms is not None)
    bar = page.filter_bar
    bar.set_filters([Condition("agency", Op.EQ, "NSF")])  # say, from before an undo
    add_filter(qtbot, page, "agency", "=", "NASA")
    assert bar.error.isVisibleTo(page) and "Agency: there is no “NASA”" in bar.error.text()
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
    assert [c.text() for c in financing.filter_bar.chip_buttons()] == [
        "Locations = Republic of Korea  ✕"]
    qtbot.keyClick(financing.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.page is page
    qtbot.waitUntil(lambda: page.current_id() == "south-korea")
    qtbot.keyClick(page.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.page is financing


def follow_korea_to_its_financing(qtbot, window):
    """From South Korea's record, follow the link to the financing located there."""
    window.show_table("participants")
    select(qtbot, window.page, "south-korea")
    qtbot.waitUntil(lambda: window.detail.detail is not None
                    and window.detail.detail.record_id == "south-korea")
    window.detail.linkActivated.emit(next(link for link in window.detail.links()
                                          if link.table == "financing"))
    financing = window.pages["financing"]
    wait_loaded(qtbot, financing, 3)
    return financing


def test_back_takes_off_the_chip_a_link_put_on_the_table_it_went_to(qtbot, window):
    financing = window.pages["financing"]
    add_filter(qtbot, financing, "amount_usd", ">", "100M")  # the user's own, before the link
    mine = financing.filter_bar.filters()
    follow_korea_to_its_financing(qtbot, window)
    window.back()
    assert window.page is window.pages["participants"]
    assert financing.filter_bar.filters() == mine  # the link's chip went with Back
    wait_loaded(qtbot, financing)
    assert [c.text() for c in financing.filter_bar.chip_buttons()] == ["Amount (USD) > $100M  ✕"]
    window.forward()  # and Forward puts it back
    assert [c.text() for c in financing.filter_bar.chip_buttons()] == [
        "Locations = Republic of Korea  ✕"]


def test_a_followed_links_chip_is_not_restored_as_a_filter_of_the_users(
        qtbot, open_window, settings):
    first = open_window()
    follow_korea_to_its_financing(qtbot, first)
    first.close()
    again = open_window(settings).pages["financing"]
    assert again.filter_bar.filters() == ()
    wait_loaded(qtbot, again, 35)


def test_a_link_chip_the_user_built_on_is_theirs_and_restored(qtbot, open_window, settings):
    first = open_window()
    financing = follow_korea_to_its_financing(qtbot, first)
    add_filter(qtbot, financing, "agency", "=", "DOD")
    assert financing.state().followed == ()
    first.close()
    again = open_window(settings).pages["financing"]
    assert [str(f) for f in again.filter_bar.filters()] == ["locations = KOR", "agency = DOD"]


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
    parts = (Condition("parent_id", Op.EQ, "exim-loi-total"),)
    assert page.state() == PageState(parts, followed=parts)  # a link's chips, not the user's
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
    assert window.page.spec.name == "sources"  # the last tab
    qtbot.keyClick(window.page.view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.page.spec.name == "participants"


def test_a_header_tooltip_says_what_the_column_holds(window):
    model = window.page.model
    tip = model.headerData(model.column_of("amount_usd"), Qt.Orientation.Horizontal,
                           Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Amount (USD): committed US dollars")
    assert "Ctrl+click" in tip
    for page in window.pages.values():  # every column of every table, in words, no kind
        for section, column in enumerate(page.model.columns):
            first = page.model.headerData(section, Qt.Orientation.Horizontal,
                                          Qt.ItemDataRole.ToolTipRole).splitlines()[0]
            label, _, holds = first.partition(": ")
            assert label == column_label(column) and holds
            assert "_" not in first and f"({column.kind.value})" not in first  # no internal names


def test_the_detail_names_an_organisation_not_its_id(qtbot, window):
    select(qtbot, window.page, "dod-korea-zinc-financing")
    qtbot.waitUntil(lambda: window.detail.detail is not None
                    and window.detail.detail.record_id == "dod-korea-zinc-financing")
    assert dict(window.detail.detail.fields)["Organisation"] == "Korea Zinc"


def marked_pixels(view, index) -> int:
    """How many pixels of a cell bear the search's marker (yellow behind the text)."""
    image = view.viewport().grab().toImage()
    rect = view.visualRect(index)
    count = 0
    for x in range(rect.left(), rect.right()):
        for y in range(rect.top(), rect.bottom()):
            colour = image.pixelColor(x, y)
            count += colour.red() > 200 and colour.red() - colour.blue() > 80
    return count


def test_the_cells_mark_what_the_search_matched_at_word_starts(qtbot, window):
    from forge_desktop.ui.table_model import MatchesRole

    page = window.page
    type_search(qtbot, window, "ore")
    wait_loaded(qtbot, page, 1)  # Reliable Ore Characterization (ROCKS); not Korea, not "more"
    recipient = page.model.index(0, page.model.column_of("recipient"))
    qtbot.waitUntil(lambda: page.model.record_id(0) == "doe-rocks")
    assert recipient.data(MatchesRole) == [(9, 12)]
    assert marked_pixels(page.view, recipient) > 30
    agency = page.model.index(0, page.model.column_of("agency"))
    assert not agency.data(MatchesRole) and marked_pixels(page.view, agency) == 0
    type_search(qtbot, window, "")
    wait_loaded(qtbot, page, 35)
    assert marked_pixels(page.view, page.model.index(0, page.model.column_of("recipient"))) == 0


def test_the_detail_marks_what_the_search_matched(qtbot, session):
    from forge_desktop.core.records import record_detail
    from forge_desktop.ui.detail import DetailPane

    def marked(pane) -> list[str]:
        """The texts the pane shows on the marker's yellow (not the quote's grey box)."""
        found, block = [], pane.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                colour = fragment.charFormat().background().color()
                if (colour.red(), colour.green(), colour.blue()) == (255, 196, 0):
                    start = fragment.position() - block.position()
                    before = block.text()[start - 1:start]
                    assert not before.isalnum(), f"marked inside a word: {block.text()!r}"
                    found.append(fragment.text())
                it += 1
            block = block.next()
        return found

    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.show_detail(record_detail(session, "financing", "doe-rocks"), "ORE")
    assert marked(pane) and {text.casefold() for text in marked(pane)} == {"ore"}
    pane.show_detail(record_detail(session, "financing", "dod-korea-zinc-financing"), "ore")
    assert marked(pane) == []  # "Korea" holds "ore", not at a word's start
    pane.show_detail(record_detail(session, "financing", "doe-rocks"))
    assert marked(pane) == []


def test_every_facet_value_shows_its_whole_text_in_a_tooltip(qtbot, window):
    for name, page in window.pages.items():
        window.show_table(name)
        window.runner.wait()  # every facet counted
        qtbot.wait(50)  # and its answer delivered
        for facet in page.facets.facets.values():
            items = [facet.list.item(i) for i in range(facet.list.count())]
            values = [item for item in items if item.data(Qt.ItemDataRole.UserRole) is not None]
            assert values, facet.column
            for item in values:  # the panel is narrow: a long value is cut, never lost
                assert item.toolTip() == item.text(), (facet.column, item.text())


def test_every_header_reads_whole_in_russian_with_room_for_the_sort_mark(window):
    """With the shipped Russian translation, under the default style and under one whose
    headers have more padding (as some platforms' styles do), every header is as wide as
    its title sorted second ("Софинансирование (USD) ▼2") needs, measured as the style does."""
    from PySide6.QtCore import QLocale, QSize
    from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionHeader

    from forge_desktop.ui.translations import install_translations

    app = QApplication.instance()
    installed = install_translations(app, QLocale(QLocale.Language.Russian))  # the shipped .qm
    try:
        page = window.pages["financing"]
        header = page.view.horizontalHeader()
        cofinancing = page.model.column_of("cofinancing_usd")
        assert column_label(page.model.columns[cofinancing]) == "Софинансирование (USD)"
        for sheet in ("", "QHeaderView::section { padding: 2px 12px; }"):
            header.setStyleSheet(sheet)
            page.apply_default_columns()  # Reset columns / View → Reset layout
            for section, column in enumerate(page.model.columns):
                if header.isSectionHidden(section):
                    continue
                option = QStyleOptionHeader()
                option.initFrom(header)
                option.text = f"{column_label(column)} ▼2"
                needed = header.style().sizeFromContents(
                    QStyle.ContentsType.CT_HeaderSection, option, QSize(), header).width()
                assert header.sectionSize(section) >= needed, (sheet, option.text)
    finally:
        header.setStyleSheet("")
        for translator in installed:
            app.removeTranslator(translator)


def test_a_closed_chart_is_not_made_until_shown_and_then_draws_the_table_as_it_is_now(qtbot, window):
    from forge_desktop.ui.chart import ChartPanel

    financing = window.pages["financing"]
    qtbot.wait(200)  # long enough for a chart to have been made, had its dock been open
    assert window._chart is None and not isinstance(window.chart_dock.widget(), ChartPanel)

    add_filter(qtbot, financing, "agency", "=", "EXIM")
    wait_loaded(qtbot, financing)
    window.chart_dock.show()
    qtbot.waitUntil(lambda: isinstance(window.chart_dock.widget(), ChartPanel), timeout=15000)
    chart = window.chart_dock.widget()
    qtbot.waitUntil(lambda: bool(chart.chart.bars))
    assert [bar.group.key for bar in chart.chart.bars] == ["EXIM"]

    window.chart_dock.hide()  # closed again: a new filter waits for it to be shown
    add_filter(qtbot, financing, "agency", "=", "DFC")
    wait_loaded(qtbot, financing)
    assert [bar.group.key for bar in chart.chart.bars] == ["EXIM"]
    window.chart_dock.show()
    qtbot.waitUntil(lambda: not chart.chart.bars)  # EXIM and DFC: no record is both


def test_a_table_not_yet_shown_asks_for_nothing_until_it_is(qtbot, window):
    participants = window.pages["participants"]
    window.runner.wait()
    assert participants.model.rows_fetched == 0 and participants.model.total is None
    assert participants.status_text == ""
    assert all(facet.list.count() == 0 for facet in participants.facets.facets.values())
    add_filter(qtbot, participants, "region", "=", "Europe")  # set while hidden: kept
    window.show_table("participants")
    wait_loaded(qtbot, participants)
    assert window.status_label.full_text() == participants.status_text
    assert participants.model.query.filters == (parse_filter("region = Europe"),)
    assert participants.model.total == 17


def test_a_database_fault_met_by_a_view_is_said_once_with_what_to_do(qtbot, window):
    """A damaged file found after the window opened (a view's query fails): one box naming the
    file and the rebuild command, not a traceback; the job's own callback gets the same line."""
    import sqlite3

    from PySide6.QtWidgets import QMessageBox

    from forge_desktop.core.database import DatabaseError

    def damaged(_session):
        raise sqlite3.DatabaseError("database disk image is malformed")

    failures: list[BaseException] = []
    for _ in range(3):  # three views meet it: one box
        window.runner.submit(damaged, lambda _r: None, failures.append)
    qtbot.waitUntil(lambda: len(failures) == 3, timeout=5000)
    qtbot.waitUntil(lambda: window._fault_box is not None and window._fault_box.isVisible(), timeout=5000)
    boxes = [b for b in window.findChildren(QMessageBox) if b.objectName() == "databaseFault"]
    assert len(boxes) == 1
    text = boxes[0].text()
    assert "is damaged" in text and "forge.sqlite" in text and "db rebuild" in text
    assert "\n" not in text and "Traceback" not in text
    assert all(isinstance(f, DatabaseError) and str(f) == text for f in failures)
    assert window.status_label.full_text() == text
    boxes[0].accept()
