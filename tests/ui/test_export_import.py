"""Exporting what is selected or filtered, the clipboard, and importing with a preview."""

from __future__ import annotations

import csv
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QMessageBox,
)

from forge_desktop.ui.export_dialog import FILTERED, SELECTED, ExportDialog, ExportJob
from forge_desktop.ui.labels import column_label

from .conftest import compiled_translation, wait_loaded


def select_rows(page, rows) -> None:
    selection = page.view.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(page.model.index(row, 0),
                         selection.SelectionFlag.Select | selection.SelectionFlag.Rows)


def wait_export(qtbot, runner) -> tuple[int, str | None]:
    """Wait for the runner's outcome: (rows written, file), or (0, None) if nothing was."""
    outcome = []
    runner.finished.connect(lambda written, path: outcome.append((written, path)))
    runner.cancelled.connect(lambda: outcome.append((0, None)))
    runner.failed.connect(lambda _error: outcome.append((0, None)))
    qtbot.waitUntil(lambda: bool(outcome), timeout=20000)
    return outcome[0]


def export_via_dialog(qtbot, window, path, fmt, scope=None, **options):
    dialog = ExportDialog(window.page, window, scope=scope)
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    dialog.path.setText(str(path))
    if options.get("all_columns"):
        dialog.columns_all.setChecked(True)
    if options.get("provenance"):
        dialog.provenance.setChecked(True)
    if options.get("bom"):
        dialog.bom.setChecked(True)
    if options.get("sources"):
        dialog.sources.setChecked(True)
    return wait_export(qtbot, window.start_export(dialog.job()))


def test_selection_ranges_come_from_the_selection(window):
    page = window.page
    select_rows(page, [7, 1, 2, 3])
    assert page.selected_ranges() == [(1, 3), (7, 7)]
    assert page.selected_count() == 4


def test_five_selected_rows_to_xlsx_are_exactly_those_rows_and_columns(qtbot, window, tmp_path):
    page = window.page
    rows = [0, 2, 3, 9, 20]
    select_rows(page, rows)
    expected_ids = [page.model.record_id(r) for r in rows]
    header = page.view.horizontalHeader()
    header.setSectionHidden(page.model.column_of("instrument"), True)  # what the user sees
    header.moveSection(header.visualIndex(page.model.column_of("stage")), 0)  # stage first
    written, path = export_via_dialog(qtbot, window, tmp_path / "five.xlsx", "xlsx")
    assert written == 5
    sheet = load_workbook(path).active
    values = list(sheet.values)
    visible = [page.model.columns[i].name for i in page.visible_columns()]
    assert visible[0] == "stage" and "instrument" not in visible
    # the columns on screen, in their on-screen order, headed as on screen; the amount's
    # qualifier and the date's precision come right after them
    labels = [column_label(page.model.columns[i]) for i in page.visible_columns()]
    at_amount, at_date = labels.index("Amount (USD)") + 1, labels.index("Date") + 1
    assert list(values[0]) == [*labels[:at_amount], "Qualifier", *labels[at_amount:at_date],
                               "Date precision", *labels[at_date:]]
    assert len(values) == 6
    # the id is not on screen: the rows are checked by recipient and amount, in order
    raw = Qt.ItemDataRole.UserRole
    recipient, amount = values[0].index("Recipient / programme"), values[0].index("Amount (USD)")
    assert [row[recipient] for row in values[1:]] == [
        page.model.data(page.model.index(r, page.model.column_of("recipient")), raw) for r in rows]
    assert [row[amount] for row in values[1:]] == [
        page.model.data(page.model.index(r, page.model.column_of("amount_usd")), raw) for r in rows]
    assert isinstance(values[1][amount], int)  # numbers stay numbers
    assert values[1][0] == "Letter of interest"  # the stage in words, as on screen
    assert expected_ids[0] == "exim-loi-total"
    assert sheet.freeze_panes == "A2"


def test_on_screen_csv_keeps_qualifiers_and_precision_beside_plain_numbers(qtbot, window,
                                                                          tmp_path):
    page = window.page
    page.set_search("project vault")
    wait_loaded(qtbot, page, 1)
    written, path = export_via_dialog(qtbot, window, tmp_path / "vault.csv", "csv",
                                      scope=FILTERED)
    with open(path, encoding="utf-8", newline="") as handle:
        (record,) = csv.DictReader(handle)
    assert written == 1
    shown = page.model.display_text(page.model.row_values(0), page.model.column_of("amount_usd"))
    assert shown == "up to $10B"  # what the cell says…
    assert (record["Amount (USD)"], record["Qualifier"]) == ("10000000000", "Up to")  # …kept
    assert (record["Instrument"], record["Stage"]) == ("Direct loan", "Approved")
    assert (record["Date"], record["Date precision"]) == ("2026-02-02", "Day")


def test_all_columns_keep_field_names_and_keys_for_re_import(qtbot, window, tmp_path):
    page = window.page
    page.set_search("project vault")
    wait_loaded(qtbot, page, 1)
    written, path = export_via_dialog(qtbot, window, tmp_path / "vault.csv", "csv",
                                      scope=FILTERED, all_columns=True)
    with open(path, encoding="utf-8", newline="") as handle:
        (record,) = csv.DictReader(handle)
    assert written == 1
    assert list(record)[:3] == ["id", "agency", "recipient"]
    assert (record["instrument"], record["amount_qualifier"]) == ("direct_loan", "up_to")


def test_the_column_headers_follow_the_form_until_the_user_chooses(window):
    dialog = ExportDialog(window.page, window)
    form = dialog.findChild(QFormLayout)
    assert form.labelForField(dialog.headers).text() == "Column headers"
    assert [dialog.headers.itemText(i) for i in range(dialog.headers.count())] == [
        "Labels, as on screen", "Field names (amount_usd)"]
    assert dialog.headers.currentData() == "labels" and dialog.job().labels  # what people read
    dialog.columns_all.setChecked(True)
    assert dialog.headers.currentData() == "names" and not dialog.job().labels
    dialog.columns_visible.setChecked(True)
    assert dialog.headers.currentData() == "labels"


def export_vault(qtbot, window, path, *, all_columns: bool, headers: str) -> dict[str, str]:
    page = window.page
    page.set_search("project vault")
    wait_loaded(qtbot, page, 1)
    dialog = ExportDialog(page, window, scope=FILTERED)
    dialog.format.setCurrentIndex(dialog.format.findData(path.suffix[1:]))
    dialog.path.setText(str(path))
    (dialog.columns_all if all_columns else dialog.columns_visible).setChecked(True)
    dialog.headers.setCurrentIndex(dialog.headers.findData(headers))  # after the form: the user's
    written, _path = wait_export(qtbot, window.start_export(dialog.job()))
    assert written == 1
    if path.suffix == ".xlsx":
        header, row = load_workbook(path).active.iter_rows(values_only=True)
        return dict(zip(header, row, strict=True))
    with open(path, encoding="utf-8", newline="") as handle:
        (record,) = csv.DictReader(handle)
    return record


def test_words_under_field_names_and_stored_keys_under_labels(qtbot, window, tmp_path):
    words = export_vault(qtbot, window, tmp_path / "words.csv", all_columns=False, headers="names")
    assert (words["instrument"], words["amount_qualifier"], words["date_precision"]) == (
        "Direct loan", "Up to", "Day")
    stored = export_vault(qtbot, window, tmp_path / "stored.xlsx", all_columns=True, headers="labels")
    assert list(stored)[:3] == ["ID", "Agency", "Recipient / programme"]
    assert (stored["Instrument"], stored["Qualifier"], stored["Amount (USD)"]) == (
        "direct_loan", "up_to", 10_000_000_000)


def test_a_russian_window_heads_the_columns_in_russian_and_they_map_back(qtbot, open_window,
                                                                         tmp_path):
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QApplication
    from sqlalchemy.orm import Session

    from forge_desktop.core import imports
    from forge_desktop.core.columns import FINANCING
    from forge_desktop.core.imports.headers import map_headers
    from forge_desktop.ui.translations import install_translations

    app = QApplication.instance()
    installed = install_translations(app, QLocale(QLocale.Language.Russian))
    try:
        window = open_window()
        record = export_vault(qtbot, window, tmp_path / "ru.csv", all_columns=True, headers="labels")
        headers = list(record)
        assert "Ведомство" in headers and "agency" not in headers
        # as the window's import reads them: in the interface's language, nothing passed
        mapping = map_headers(FINANCING, headers)
        with Session(window.runner.engine) as session:
            plan = imports.plan_import(session, "financing", tmp_path / "ru.csv")
        assert plan.unknown_headers == []
    finally:
        for translator in installed:
            app.removeTranslator(translator)
    assert list(mapping.values()) == list(FINANCING.names)


def test_filtered_rows_with_provenance_to_json(qtbot, window, tmp_path):
    page = window.page
    page.set_search("korea zinc")
    wait_loaded(qtbot, page, 3)
    written, path = export_via_dialog(qtbot, window, tmp_path / "kz.json", "json", scope=FILTERED,
                                      provenance=True)
    records = json.loads(Path(path).read_text(encoding="utf-8"))
    assert written == 3 and len(records) == 3
    # the columns as on screen are keyed by their labels
    assert all(r["Recipient / programme"] == "Korea Zinc" for r in records)
    assert all("Korea Zinc" in r["Quote (Russian)"] for r in records)
    assert records[0]["Source"].startswith("Монголия присоединилась к Форуму")  # the report


def test_include_sources_adds_each_records_sources_and_a_sources_sheet(qtbot, window, tmp_path):
    page = window.page
    page.set_search("korea zinc")
    wait_loaded(qtbot, page, 3)
    assert not ExportDialog(page, window).sources.isChecked()  # off unless asked for
    written, path = export_via_dialog(qtbot, window, tmp_path / "kz.json", "json", scope=FILTERED,
                                      sources=True)
    records = json.loads(Path(path).read_text(encoding="utf-8"))
    assert written == 3
    cited = records[0]["Sources"]  # on screen: keyed by the label
    assert cited[0]["title"].startswith("Монголия присоединилась к Форуму")
    assert "Korea Zinc" in cited[0]["quote"] and cited[0]["quote_lang"] == "ru"
    _, path = export_via_dialog(qtbot, window, tmp_path / "kz.xlsx", "xlsx", scope=FILTERED,
                                sources=True)
    book = load_workbook(path)
    assert book.sheetnames[1] == "Sources"
    assert book["Sources"]["I2"].value == 3  # the report: all three records rest on it


def test_dialog_defaults(window):
    page = window.page
    dialog = ExportDialog(page, window)
    assert dialog.scope() == FILTERED  # nothing selected
    assert not dialog.scope_buttons[SELECTED].isEnabled()
    assert dialog.path.text().endswith(".csv") and "financing-" in dialog.path.text()
    select_rows(page, [1])
    dialog = ExportDialog(page, window)
    assert dialog.scope() == SELECTED
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    assert dialog.path.text().endswith(".xlsx")
    assert not dialog.bom.isEnabled()


def press_save(dialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()


def test_save_asks_before_replacing_a_file_naming_it(qtbot, window, tmp_path, monkeypatch):
    target = tmp_path / "kept.csv"
    target.write_text("the previous export", encoding="utf-8")
    asked = []

    def answer(reply):
        def question(_parent, _title, text, *_buttons):
            asked.append(text)
            return reply
        return question

    dialog = ExportDialog(window.page, window)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(target))
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    press_save(dialog)
    assert asked == [f"kept.csv already exists in {tmp_path}. Replace it?"]
    assert dialog.result() != QDialog.DialogCode.Accepted  # still choosing: another name?
    assert target.read_text(encoding="utf-8") == "the previous export"

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    press_save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    dialog.path.setText(str(tmp_path / "new.csv"))  # a new file: nothing to ask
    press_save(dialog)
    assert len(asked) == 2


def test_a_file_the_file_dialog_confirmed_is_not_asked_about_again(qtbot, window, tmp_path,
                                                                   monkeypatch):
    target = tmp_path / "chosen.xlsx"
    target.write_bytes(b"old")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a: pytest.fail("asked twice"))
    dialog = ExportDialog(window.page, window)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    dialog._browse()  # the system's file dialog asks about replacing a file itself
    press_save(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_the_dialog_remembers_the_folder_and_format_last_saved_to(qtbot, window, settings,
                                                                  tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    dialog = ExportDialog(window.page, window, settings=settings)
    qtbot.addWidget(dialog)
    assert dialog.fmt() == "csv" and Path(dialog.path.text()).parent != folder
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    dialog.path.setText(str(folder / "q1.xlsx"))
    press_save(dialog)

    again = ExportDialog(window.page, window, settings=settings)
    qtbot.addWidget(again)
    assert again.fmt() == "xlsx"
    assert Path(again.path.text()).parent == folder
    assert again.path.text().endswith(".xlsx")
    cancelled = ExportDialog(window.page, window, settings=settings)
    qtbot.addWidget(cancelled)
    cancelled.format.setCurrentIndex(cancelled.format.findData("json"))
    cancelled.reject()  # Cancel remembers nothing
    assert ExportDialog(window.page, window, settings=settings).fmt() == "xlsx"


def test_the_window_gives_the_dialog_its_settings(qtbot, window, settings, tmp_path,
                                                  monkeypatch):
    settings.set("export/folder", str(tmp_path))
    settings.set("export/format", "json")
    opened = []
    monkeypatch.setattr(ExportDialog, "exec", lambda self: opened.append(self) or 0)
    window.export_rows()
    assert opened[0].fmt() == "json" and Path(opened[0].path.text()).parent == tmp_path


RUSSIAN_PLURALS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS><TS version="2.1" language="ru_RU">
<context><name>MainWindow</name>
<message numerus="yes"><source>Wrote %n row(s) to {0}</source><translation>
<numerusform>Записана %n строка в {0}</numerusform><numerusform>Записаны %n строки в {0}</numerusform>
<numerusform>Записано %n строк в {0}</numerusform></translation></message>
<message numerus="yes"><source>Copied %n row(s)</source><translation>
<numerusform>Скопирована %n строка</numerusform><numerusform>Скопированы %n строки</numerusform>
<numerusform>Скопировано %n строк</numerusform></translation></message></context>
</TS>
"""


@pytest.fixture
def russian_plurals(tmp_path):
    """The two messages' Russian plural forms, compiled and installed for the test."""
    with compiled_translation(tmp_path, RUSSIAN_PLURALS):
        yield


def test_row_counts_take_the_plural_their_number_needs(qtbot, window, tmp_path, russian_plurals):
    page = window.page
    for rows, words in (([1], "Записана 1 строка в"), ([1, 2, 3], "Записаны 3 строки в"),
                        (range(5), "Записано 5 строк в")):
        select_rows(page, rows)
        export_via_dialog(qtbot, window, tmp_path / "n.csv", "csv")
        assert window.statusBar().currentMessage().startswith(words)
    copy_rows(qtbot, window, [2])
    assert window.statusBar().currentMessage() == "Скопирована 1 строка"
    copy_rows(qtbot, window, [1, 2])
    assert window.statusBar().currentMessage() == "Скопированы 2 строки"


def test_an_unwritable_path_says_so_and_writes_nothing(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    written, path = export_via_dialog(qtbot, window, tmp_path / "missing" / "x.csv", "csv")
    assert (written, path) == (0, None)
    assert shown and "does not exist" in shown[0]


@pytest.fixture(scope="module")
def bigger_db(tmp_path_factory):
    from benchmarks.synthetic import generate

    path = tmp_path_factory.mktemp("bigger") / "bigger.sqlite"
    generate(path, 5000)
    return f"sqlite:///{path}"


@pytest.fixture
def big_window(qtbot, bigger_db, settings):
    from forge_desktop.ui import create_main_window

    window = create_main_window(bigger_db, settings)
    qtbot.addWidget(window)
    window.show()
    wait_loaded(qtbot, window.page, 5035)
    yield window
    window.runner.wait(20000)


def test_selected_rows_not_yet_fetched_are_exported(qtbot, big_window, tmp_path):
    page = big_window.page
    fetched_before = page.model.rows_fetched
    rows = [*range(3000, 3010), 4990]  # far below what the view has loaded
    select_rows(page, rows)
    written, path = export_via_dialog(qtbot, big_window, tmp_path / "far.csv", "csv",
                                      all_columns=True)
    assert written == 11
    with open(path, encoding="utf-8", newline="") as handle:
        exported = [r["id"] for r in csv.DictReader(handle)]
    # the same rows the table holds at those positions, in order
    qtbot.waitUntil(lambda: all(page.model.record_id(r) for r in rows), timeout=10000)
    with_ids = [page.model.record_id(r) for r in rows]
    assert exported == with_ids
    assert fetched_before < 5000


def test_select_all_exports_every_row(qtbot, big_window, tmp_path):
    page = big_window.page
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert page.selected_count() == 5035
    assert page.selected_ranges() == [(0, 5034)]
    written, path = export_via_dialog(qtbot, big_window, tmp_path / "all.csv", "csv")
    assert written == 5035
    with open(path, encoding="utf-8", newline="") as handle:
        assert sum(1 for _ in handle) == 5036


def test_cancel_leaves_no_file(qtbot, big_window, tmp_path):
    page = big_window.page
    path = tmp_path / "cancelled.csv"
    runner = big_window.start_export(ExportJob(page.model.query, None, "csv", str(path)))
    runner.cancel()  # the user pressed Cancel before the first thousand rows were out
    assert wait_export(qtbot, runner) == (0, None)
    assert "Export cancelled" in big_window.statusBar().currentMessage()
    assert list(tmp_path.iterdir()) == []


class HtmlTable(HTMLParser):
    """The rows of an HTML table: each cell as (text, attributes)."""

    def __init__(self, html: str):
        super().__init__()
        self.rows: list[list[tuple[str, dict]]] = []
        self._cell: tuple[list[str], dict] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = ([], dict(attrs))

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[0].append(data)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(("".join(self._cell[0]), self._cell[1]))
            self._cell = None


def copy_rows(qtbot, window, rows) -> tuple[list[dict[str, str]], list[dict[str, tuple]]]:
    """Select *rows*, press Ctrl+C; the TSV and the HTML table, each row keyed by header."""
    page = window.page
    select_rows(page, rows)
    page.view.setFocus()
    with qtbot.waitSignal(page.copied, timeout=5000):
        qtbot.keyClick(page.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    data = QGuiApplication.clipboard().mimeData()
    header, *lines = [line.split("\t") for line in data.text().splitlines()]
    assert data.hasHtml()
    html_header, *html_rows = HtmlTable(data.html()).rows
    assert [text for text, _attrs in html_header] == header
    return ([dict(zip(header, line, strict=True)) for line in lines],
            [dict(zip(header, row, strict=True)) for row in html_rows])


def test_clipboard_carries_numbers_as_numbers_and_qualifiers_beside_them(qtbot, window):
    tsv, html = copy_rows(qtbot, window, [1, 4])
    assert "Copied 2 rows" in window.statusBar().currentMessage()
    assert list(tsv[0])[:5] == ["Agency", "Recipient / programme", "Amount (USD)", "Qualifier",
                                "Co-financing (USD)"]
    vault, zinc = tsv
    # the cell says "up to $10B": a spreadsheet gets the number, and "up to" beside it
    assert (vault["Amount (USD)"], vault["Qualifier"]) == ("10000000000", "Up to")
    assert (vault["Instrument"], vault["Date"], vault["Date precision"]) == (
        "Direct loan", "2026-02-02", "Day")
    assert (zinc["Date"], zinc["Date precision"]) == ("2025-12-01", "Month")
    assert zinc["Co-financing (USD)"] == "2400000000"
    # the HTML table holds the same cells, numbers marked as numbers for Excel and LibreOffice
    for tsv_row, html_row in zip(tsv, html, strict=True):
        assert {k: text for k, (text, _attrs) in html_row.items()} == tsv_row
    text, attrs = html[0]["Amount (USD)"]
    assert text == attrs["x:num"] == attrs["sdval"] == "10000000000"
    assert "x:num" not in html[0]["Qualifier"][1]
    assert html[1]["Amount (USD)"][1]["x:num"] == "1250000000"


MESSY = """Agency;Recipient;Instrument;Stage;Amount;Date;Minerals;Locations;Summary;Colour
DOD;Acme Lithium;debt;committed;US$22.8M;Oct 2025;lithium;Nevada;Test one;red
EXIM;Beta Mining;Letter of interest;letter of interest;up to $400 million;December 08, 2022;Copper;Chile;Test two;blue
"""


def open_import(qtbot, window, path):
    dialog = window.import_records(path=str(path))
    qtbot.addWidget(dialog)
    qtbot.waitSignal(dialog.checked, timeout=10000).wait()  # queued to the event loop: not yet emitted
    return dialog


def problem_lines(dialog) -> list[str]:
    """Every line of the dialog's problems, rows and the issues beneath them, in order."""
    lines = []
    for top in range(dialog.problems.topLevelItemCount()):
        row = dialog.problems.topLevelItem(top)
        lines.append(row.text(0))
        lines += [row.child(i).text(0) for i in range(row.childCount())]
    return lines


def test_import_previews_then_writes_and_undo_removes_exactly_them(qtbot, window, tmp_path,
                                                                   monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    path = tmp_path / "messy.csv"
    path.write_text(MESSY, encoding="utf-8")
    dialog = open_import(qtbot, window, path)
    assert dialog.plan.ok and len(dialog.plan.records) == 2
    assert dialog.import_button.isEnabled()
    assert dialog.mapping_box.isVisible()  # "Colour" needs a decision
    assert "2 ready to import" in dialog.summary.text()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    question = dialog.confirm_dropped  # "Colour" would be dropped: asked first
    assert question is not None and "“Colour”" in question.text()
    anyway = next(b for b in question.buttons() if b.text() == "Import anyway")
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        qtbot.mouseClick(anyway, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    page = window.pages["financing"]
    wait_loaded(qtbot, page, 37)
    assert "Imported 2 records into Financing" in window.statusBar().currentMessage()

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    window.undo_import()
    qtbot.waitUntil(lambda: page.model.total == 35, timeout=10000)


def test_a_file_with_errors_imports_nothing(qtbot, window, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(MESSY + "NASA;Gamma;equity;funded;-5;2025-13-01;;Mars;Bad;\n", encoding="utf-8")
    dialog = open_import(qtbot, window, path)
    assert not dialog.plan.ok
    assert not dialog.import_button.isEnabled()
    assert "Nothing will be imported" in dialog.summary.text()
    problems = problem_lines(dialog)  # the row's line, then each of its problems beneath it
    row = problems.index(next(p for p in problems if p.startswith("Row 3 · Gamma")))
    assert any("unknown agency 'NASA'" in p for p in problems[row:])
    assert any("cannot be negative" in p for p in problems[row:])
    assert window.pages["financing"].model.total == 35


NEW_VALUES = """agency,recipient,instrument,stage,amount_usd,summary
NSF,Atacama brine research,grant,announced,$5 million,New agency and instrument
NSF,Tailings study,grant,annnounced,$1 million,A typo in the stage
"""


def tick(qtbot, box: QCheckBox) -> None:
    """Click the box's indicator (a click beyond its text does not toggle it)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


@pytest.mark.chart
def test_new_values_are_added_only_once_ticked_and_then_filter_and_chart(qtbot, window,
                                                                         tmp_path):
    path = tmp_path / "new.csv"
    path.write_text(NEW_VALUES, encoding="utf-8")
    dialog = open_import(qtbot, window, path)
    assert not dialog.plan.ok and not dialog.import_button.isEnabled()
    assert dialog.new_values_box.isVisible()
    boxes = {b.objectName(): b for b in dialog.new_values_box.findChildren(QCheckBox)}
    assert sorted(boxes) == ["newValue:agency:nsf", "newValue:instrument:grant",
                             "newValue:stage:annnounced"]
    assert boxes["newValue:agency:nsf"].text() == "Add “NSF” as a new agency (rows 1, 2)"
    assert "tick each one that is really new" in dialog.summary.text()

    for name in ("newValue:agency:nsf", "newValue:instrument:grant"):
        with qtbot.waitSignal(dialog.checked, timeout=10000):
            tick(qtbot, boxes[name])
        boxes = {b.objectName(): b for b in dialog.new_values_box.findChildren(QCheckBox)}
    # The typo stays unticked: row 2 is refused, so nothing can be imported yet.
    assert boxes["newValue:agency:nsf"].isChecked() and boxes["newValue:instrument:grant"].isChecked()
    assert not boxes["newValue:stage:annnounced"].isChecked()
    assert not dialog.import_button.isEnabled()
    assert any("did you mean 'announced'" in p for p in problem_lines(dialog))

    with qtbot.waitSignal(dialog.checked, timeout=10000):
        tick(qtbot, boxes["newValue:stage:annnounced"])  # it is really new after all
    assert dialog.plan.ok
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    page = window.pages["financing"]
    wait_loaded(qtbot, page, 37)

    # The filter bar knows the new agency (and still refuses one nobody has).
    qtbot.waitUntil(lambda: page.filter_bar.terms is not None
                    and "nsf" in page.filter_bar.terms["agency"], timeout=10000)
    bar = page.filter_bar
    bar.column.setCurrentIndex(bar.column.findData("agency"))
    bar.value.setText("NASA")
    qtbot.keyClick(bar.value, Qt.Key.Key_Return)
    assert bar.error.isVisible() and "choose one of EXIM, DOE, DOD, DFC, USTR, NSF" in bar.error.text()
    bar.value.setText("nsf")
    qtbot.keyClick(bar.value, Qt.Key.Key_Return)
    wait_loaded(qtbot, page, 2)
    assert not bar.error.isVisible()
    # The chart draws the new agency as a bar of its own.
    chart = window.chart.chart
    qtbot.waitUntil(lambda: [b.group.key for b in chart.bars] == ["NSF"], timeout=10000)
    assert chart.bars[0].group.amount_usd == 6_000_000


def test_mapping_an_unknown_header_rechecks(qtbot, window, tmp_path):
    path = tmp_path / "mapped.csv"
    path.write_text("agency,who,instrument,stage,summary\nDOE,Lab X,nofo,opportunity,s\n",
                    encoding="utf-8")
    dialog = open_import(qtbot, window, path)
    assert not dialog.plan.ok  # recipient is missing until "who" is mapped
    box = dialog.mapping_layout.itemAt(0, dialog.mapping_layout.ItemRole.FieldRole).widget()
    with qtbot.waitSignal(dialog.checked, timeout=10000):
        box.setCurrentIndex(box.findData("recipient"))
    assert dialog.plan is not None and dialog.plan.ok
    assert dialog.plan.records[0]["recipient"] == "Lab X"


def test_an_unreadable_file_is_refused_in_words(qtbot, window, tmp_path):
    path = tmp_path / "binary.csv"
    path.write_bytes(b"\x00\x01\x02garbage" * 100)
    dialog = open_import(qtbot, window, path)
    assert dialog.plan is None
    assert "binary file" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
