"""The Sources tab and the source facet, driven as a user would: the sources with how many
records rest on each, sorted by a header click; a double-click or the context menu goes to
their records, chosen in the table's source facet; chips and the detail speak of a source
by its title."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from forge_desktop.core import database
from forge_desktop.core.query import Condition, Op, Query
from forge_desktop.core.schema import (
    Agreement,
    AgreementSource,
    Financing,
    FinancingSource,
    Origin,
)
from forge_desktop.core.sources import SourceFields, source_for
from forge_desktop.ui.export_dialog import FILTERED, ExportDialog
from forge_desktop.ui.table_model import QueryTableModel

from .conftest import wait_loaded
from .test_context_menu import action
from .test_export_import import wait_export

REPORT = "report-2026-02-forge-mongolia"
RELEASE = "EXIM Board Approves Project Vault"


@pytest.fixture
def cited(db_url):
    """Before the window opens: an EXIM release four EXIM records rest on besides the report,
    and a DOE release three agreements rest on (and no financing record)."""
    engine = database.open_database(db_url)
    try:
        with Session(engine) as session, session.begin():
            release = source_for(session, SourceFields(
                url="https://www.exim.gov/news/project-vault", title=RELEASE, publisher="EXIM",
                published="2026-02-02", kind="official", language="en"), origin=Origin.ENTERED)
            doe = source_for(session, SourceFields(title="DOE Funding Opportunities",
                                                   published="2025-12", kind="official",
                                                   language="en"), origin=Origin.ENTERED)
            exim = list(session.scalars(select(Financing.id).where(Financing.agency == "EXIM")
                                        .order_by(Financing.id)))[:4]
            session.execute(insert(FinancingSource), [
                {"financing_id": i, "source_id": release, "position": 1} for i in exim])
            picked = list(session.scalars(select(Agreement.id).order_by(Agreement.id)))[:3]
            session.execute(insert(AgreementSource), [
                {"agreement_id": i, "source_id": doe, "position": 1} for i in picked])
    finally:
        engine.dispose()
    return {"release": release, "doe": doe, "exim": exim, "agreements": picked}


@pytest.fixture
def sources(cited, open_window, qtbot):
    """The window on the Sources tab, its rows loaded."""
    window = open_window()
    window.show_table("sources")
    wait_loaded(qtbot, window.pages["sources"], 3)
    return window


def rows(page) -> list[dict[str, object]]:
    model = page.model
    return [{c.name: model.display_text(model.row_values(r), i)
             for i, c in enumerate(model.columns)} for r in range(model.rowCount())]


def select_source(qtbot, page, source_id: str, column: str = "title"):
    qtbot.waitUntil(lambda: page.model.row_of(source_id) is not None)
    index = page.model.index(page.model.row_of(source_id), page.model.column_of(column))
    page.view.scrollTo(index)
    return index


def test_sources_come_last_and_ctrl_tab_cycles_through_every_table(qtbot, window):
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert tabs == ["Participants", "Agreements", "Financing", "Sources"]
    assert window.page.spec.name == "financing"
    seen = []
    for _ in range(4):
        qtbot.keyClick(window.page.view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
        seen.append(window.page.spec.name)
    assert seen == ["sources", "participants", "agreements", "financing"]
    qtbot.keyClick(window.page.view, Qt.Key.Key_Tab,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.page.spec.name == "agreements"


def test_each_source_with_the_records_of_each_table_resting_on_it(qtbot, sources, cited):
    page = sources.page
    assert page.spec.name == "sources"
    shown = rows(page)
    assert [r["id"] for r in shown] == [REPORT, cited["release"], cited["doe"]]  # most first
    report, release, doe = shown
    assert (report["participants"], report["agreements"], report["financing"],
            report["records"]) == ("55", "17", "35", "107")
    assert (release["financing"], release["records"], release["date"], release["kind"],
            release["language"], release["url"]) == (
        "4", "4", "2 Feb 2026", "Official", "en", "https://www.exim.gov/news/project-vault")
    assert (doe["agreements"], doe["financing"], doe["date"]) == ("3", "0", "Dec 2025")
    header = page.view.horizontalHeader()
    visible = [page.model.columns[header.logicalIndex(v)].name for v in range(header.count())
               if not header.isSectionHidden(header.logicalIndex(v))]
    assert visible[:5] == ["title", "participants", "agreements", "financing", "records"]
    assert sources.status_label.full_text() == "3 of 3 sources"


def test_a_header_click_sorts_the_sources(qtbot, sources, cited):
    from .test_main_window import click_header

    page = sources.page
    click_header(qtbot, page, "agreements")  # a number: biggest first
    qtbot.waitUntil(lambda: page.model.query.sort[0].column == "agreements")
    wait_loaded(qtbot, page, 3)
    assert [r["id"] for r in rows(page)] == [REPORT, cited["doe"], cited["release"]]
    click_header(qtbot, page, "title")
    qtbot.waitUntil(lambda: page.model.query.sort[0].column == "title")
    wait_loaded(qtbot, page, 3)
    assert [r["id"] for r in rows(page)] == [cited["doe"], cited["release"], REPORT]


def test_a_source_facet_and_search_on_the_sources_tab(qtbot, sources, cited):
    page = sources.page
    facet = page.facets.facets["kind"]
    qtbot.waitUntil(lambda: facet.item_for("official") is not None)
    rect = facet.list.visualItemRect(facet.item_for("official"))
    qtbot.mouseClick(facet.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_loaded(qtbot, page, 2)
    sources.search_box.setText("vault")
    qtbot.keyClick(sources.search_box, Qt.Key.Key_Return)
    wait_loaded(qtbot, page, 1)
    assert page.model.record_id(0) == cited["release"]


def test_a_double_click_shows_the_financing_resting_on_the_source_and_back_returns(
        qtbot, sources, cited):
    page = sources.page
    index = select_source(qtbot, page, cited["release"])
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=page.view.visualRect(index).center())
    qtbot.mouseDClick(page.view.viewport(), Qt.MouseButton.LeftButton,
                      pos=page.view.visualRect(index).center())
    financing = sources.pages["financing"]
    assert sources.page is financing
    wait_loaded(qtbot, financing, 4)
    assert sorted(financing.model.record_id(r) for r in range(4)) == sorted(cited["exim"])
    facet = financing.facets.facets["sources"]
    assert facet.selected() == [cited["release"]]
    qtbot.waitUntil(lambda: facet.item_for(cited["release"]) is not None
                    and facet.item_for(cited["release"]).isSelected())
    assert facet.item_for(cited["release"]).text() == f"{RELEASE}  (4)"
    assert financing.filter_bar.filters() == ()  # the facet, not a chip, says it
    qtbot.keyClick(financing.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert sources.page is page
    wait_loaded(qtbot, financing, 35)  # Back took the facet's choice off again
    assert facet.selected() == []


def test_the_context_menu_goes_to_the_table_with_the_most_or_any_other(qtbot, sources, cited):
    page = sources.page
    index = select_source(qtbot, page, cited["doe"])
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.RightButton,
                     pos=page.view.visualRect(index).center())
    menu = sources.table_menu()
    main = action(menu, "Show records from this source")
    assert main.font().bold()
    tables = action(menu, "Show records from this source in").menu()
    assert [(a.text(), a.isEnabled()) for a in tables.actions()] == [
        ("Agreements (3)", True), ("Participants (0)", False), ("Financing (0)", False)]
    main.trigger()  # no financing rests on it: the agreements, where its records are
    agreements = sources.pages["agreements"]
    assert sources.page is agreements
    wait_loaded(qtbot, agreements, 3)
    assert agreements.facets.facets["sources"].selected() == [cited["doe"]]


def test_records_of_a_source_as_chips_and_from_the_detail(qtbot, sources, cited):
    page = sources.page
    index = select_source(qtbot, page, cited["release"])
    page.view.setCurrentIndex(index)
    qtbot.waitUntil(lambda: sources.detail.detail is not None
                    and sources.detail.detail.record_id == cited["release"])
    text = sources.detail.toPlainText()
    assert RELEASE in text and "Financing records resting on it (4)" in text
    link = next(link for link in sources.detail.links() if link.table == "financing")
    sources.detail.linkActivated.emit(link)
    financing = sources.pages["financing"]
    wait_loaded(qtbot, financing, 4)
    assert [c.text() for c in financing.filter_bar.chip_buttons()] == [f"Sources = {RELEASE}  ✕"]


def test_a_chip_of_a_long_title_is_cut_short_and_whole_in_its_tooltip(qtbot, window):
    financing = window.pages["financing"]
    financing.add_filter(Condition("sources", Op.EQ, REPORT))
    wait_loaded(qtbot, financing, 35)
    qtbot.waitUntil(lambda: "Монголия" in financing.filter_bar.chip_buttons()[0].text())
    (chip,) = financing.filter_bar.chip_buttons()
    assert chip.text().startswith("Sources = Монголия присоединилась") and "…" in chip.text()
    assert chip.toolTip().startswith("Sources = Монголия присоединилась к Форуму по "
                                     "геостратегическому взаимодействию в ресурсной сфере (FORGE)")


def test_the_filter_bar_filters_by_a_sources_title(qtbot, sources, cited):
    from .test_main_window import add_filter

    financing = sources.pages["financing"]
    sources.show_table("financing")
    add_filter(qtbot, financing, "sources", "=", RELEASE.lower())
    wait_loaded(qtbot, financing, 4)
    qtbot.waitUntil(lambda: financing.filter_bar.chip_buttons()[0].text() == f"Sources = {RELEASE}  ✕")


def test_the_source_facet_counts_keep_their_counts_in_sight(qtbot, window):
    financing = window.pages["financing"]
    facet = financing.facets.facets["sources"]
    qtbot.waitUntil(lambda: facet.item_for(REPORT) is not None)
    item = facet.item_for(REPORT)
    assert item.text().endswith("  (35)") and item.toolTip() == item.text()
    rect = facet.list.visualItemRect(item)
    qtbot.mouseClick(facet.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: financing.model.query.filters == (
        Condition("sources", Op.IN, (REPORT,)),))
    wait_loaded(qtbot, financing, 35)
    window.runner.wait()  # the facets counted again
    qtbot.waitUntil(lambda: facet.item_for(REPORT) is not None
                    and facet.item_for(REPORT).isSelected())
    item = facet.item_for(REPORT)
    rect = facet.list.visualItemRect(item)
    # What the delegate paints: the title cut short, its count whole.
    from PySide6.QtWidgets import QStyleOptionViewItem

    option = QStyleOptionViewItem()
    option.initFrom(facet.list)
    option.rect = rect
    index = facet.list.indexFromItem(item)
    facet.list.itemDelegate().initStyleOption(option, index)
    assert option.text.endswith("…  (35)")
    assert option.fontMetrics.horizontalAdvance(option.text) <= rect.width()


def test_the_sources_are_not_edited_or_imported_into_here(qtbot, sources):
    for name in ("new_record_action", "edit_record_action", "duplicate_record_action",
                 "delete_record_action"):
        assert not getattr(sources, name).isEnabled(), name
    dialog = sources.import_records()
    try:
        assert dialog.table.currentData() == "financing"
    finally:
        dialog.reject()
    sources.show_table("financing")
    assert sources.edit_record_action.isEnabled()


def test_the_sources_export_as_on_screen(qtbot, sources, cited, tmp_path):
    dialog = ExportDialog(sources.page, sources, scope=FILTERED)
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    dialog.path.setText(str(tmp_path / "sources.csv"))
    written, path = wait_export(qtbot, sources.start_export(dialog.job()))
    with open(path, encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    assert written == 3
    assert [r["Title"] for r in records][1] == RELEASE
    assert (records[1]["Published"], records[1]["Date precision"], records[1]["Records"]) == (
        "2026-02-02", "Day", "4")


def test_provenance_is_not_offered_for_the_sources_and_cannot_break_their_export(
        qtbot, sources, cited, tmp_path):
    dialog = ExportDialog(sources.page, sources, scope=FILTERED)
    assert not dialog.provenance.isEnabled() and not dialog.sources.isEnabled()
    dialog.provenance.setChecked(True)  # as a saved choice from another table would leave it
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    dialog.path.setText(str(tmp_path / "sources.csv"))
    written, _path = wait_export(qtbot, sources.start_export(dialog.job()))
    assert written == 3


def test_qt_model_checks_pass_on_the_sources(qtmodeltester, qtbot, sources):
    model = QueryTableModel(sources.runner, Query("sources"), load=False)
    qtmodeltester.check(model)
    qtbot.waitUntil(lambda: model.total == 3)
    qtmodeltester.check(model)
    qtmodeltester.check(sources.pages["sources"].model)


def test_a_right_click_elsewhere_offers_no_source_actions(qtbot, window):
    page = window.page
    qtbot.waitUntil(lambda: page.model.row_of("exim-project-vault") is not None)
    index = page.model.index(page.model.row_of("exim-project-vault"), 1)
    page.view.scrollTo(index)
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.RightButton,
                     pos=page.view.visualRect(index).center())
    texts = [a.text() for a in window.table_menu().actions()]
    assert not any(t.startswith("Show records from this source") for t in texts)
