"""The import dialog as a new user meets it: Return never imports behind their back, the
preview shows each record as it will be stored, the problems read row by row, and Undo last
import is there only when there is an import to undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from .conftest import wait_loaded

# No id column, an unknown "Colour" column; dates, qualifiers and places to check.
MESSY = """Agency;Recipient;Instrument;Stage;Amount;Date;Minerals;Locations;Summary;Colour
DOD;Acme Lithium;debt;committed;US$22.8M;Oct 2025;lithium;Nevada;Test one;red
EXIM;Beta Mining;Letter of interest;letter of interest;up to $400 million;December 08, 2022;Copper;Chile;Test two;blue
DFC;Delta Copper;equity;committed;$3 million;2024;copper | zinc;Peru;Test three;green
"""
# Row 2 fails four ways and lacks a summary (a warning); row 3 only lacks a summary.
PROBLEMS = """id,agency,recipient,instrument,stage,amount_usd,date,locations,summary,Colour
p-1,DOD,Acme,equity,announced,5M,2025,USA,Fine,red
p-2,NASA,Gamma,equity,announced,-5,2025-13-01,Mars,,blue
p-3,DOD,Delta,equity,announced,1M,2025,USA,,green
"""


def open_import(qtbot, window, tmp_path, text: str, name: str = "file.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    dialog = window.import_records(path=str(path))
    qtbot.addWidget(dialog)
    qtbot.waitSignal(dialog.checked, timeout=10000).wait()
    return dialog


def preview_cells(dialog) -> list[dict[str, str]]:
    """The preview as the user reads it: one {header: cell} per row."""
    table = dialog.preview
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    return [{h: table.item(r, c).text() for c, h in enumerate(headers)}
            for r in range(table.rowCount())]


def problem_tree(dialog) -> list[tuple[str, list[str]]]:
    """Each line of the problems (a row, or the file) with the lines beneath it."""
    tree = dialog.problems
    rows = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    return [(row.text(0), [row.child(i).text(0) for i in range(row.childCount())]) for row in rows]


def colour_chooser(dialog) -> QComboBox:
    """The chooser of the one header no column answers to, as the user sees it."""
    layout = dialog.mapping_layout
    assert layout.rowCount() == 1
    assert layout.itemAt(0, layout.ItemRole.LabelRole).widget().text() == "Column “Colour” is"
    return layout.itemAt(0, layout.ItemRole.FieldRole).widget()


def import_anyway(qtbot, dialog) -> None:
    """Press Import, then Import anyway when asked about the dropped columns."""
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    anyway = next(b for b in dialog.confirm_dropped.buttons() if b.text() == "Import anyway")
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        qtbot.mouseClick(anyway, Qt.MouseButton.LeftButton)


# --------------------------------------------------------------------------- dropped columns


def test_return_in_a_column_chooser_does_not_import(qtbot, window, tmp_path):
    dialog = open_import(qtbot, window, tmp_path, MESSY)
    assert dialog.import_button.isEnabled() and dialog.import_button.isDefault()
    chooser = colour_chooser(dialog)
    chooser.setFocus()
    imported = []
    dialog.imported.connect(imported.append)

    qtbot.keyClick(chooser, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)  # nor in the file field: that checks again
    qtbot.waitSignal(dialog.checked, timeout=10000).wait()

    qtbot.wait(100)
    assert imported == [] and dialog.confirm_dropped is None
    assert dialog.isVisible()
    assert window.pages["financing"].model.total == 35


def test_import_names_the_dropped_columns_and_map_them_goes_to_their_chooser(qtbot, window,
                                                                             tmp_path):
    dialog = open_import(qtbot, window, tmp_path, MESSY)
    imported = []
    dialog.imported.connect(imported.append)

    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    question = dialog.confirm_dropped
    assert question is not None and question.isVisible()
    assert question.text() == "This column will not be imported: “Colour”"
    assert question.defaultButton().text() == "Map them"  # Return in the question imports nothing
    qtbot.mouseClick(question.defaultButton(), Qt.MouseButton.LeftButton)
    assert dialog.confirm_dropped is None and imported == []
    assert dialog.focusWidget() is colour_chooser(dialog)

    # Return anywhere but a chooser presses Import: it asks again, and Return there says no.
    dialog.preview.setFocus()
    qtbot.keyClick(dialog.preview, Qt.Key.Key_Return)
    question = dialog.confirm_dropped
    assert question is not None
    qtbot.keyClick(question, Qt.Key.Key_Return)
    assert dialog.confirm_dropped is None and imported == []

    import_anyway(qtbot, dialog)
    wait_loaded(qtbot, window.pages["financing"], 38)


def test_a_file_whose_every_column_is_mapped_imports_without_a_question(qtbot, window, tmp_path):
    dialog = open_import(qtbot, window, tmp_path, MESSY)
    chooser = colour_chooser(dialog)
    with qtbot.waitSignal(dialog.checked, timeout=10000):
        chooser.setCurrentIndex(chooser.findData("notes"))
    assert dialog.plan.dropped_headers == []
    with qtbot.waitSignal(dialog.imported, timeout=10000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.confirm_dropped is None


# --------------------------------------------------------------------------- the preview


def test_the_preview_shows_each_record_as_it_will_be_stored(qtbot, window, tmp_path):
    dialog = open_import(qtbot, window, tmp_path, MESSY)
    acme, beta, delta = preview_cells(dialog)

    assert (acme["Amount (USD)"], acme["Date"]) == ("$22.8M", "Oct 2025 (month)")
    assert (beta["Amount (USD)"], beta["Date"]) == ("up to $400M", "8 Dec 2022 (day)")
    assert (delta["Amount (USD)"], delta["Date"]) == ("$3M", "2024 (year)")
    # Places and minerals by name, new ones (Chile, Peru) from ISO 3166; labels as the table has.
    assert (acme["Locations"], beta["Locations"], delta["Locations"]) == ("Nevada", "Chile", "Peru")
    assert (acme["Minerals"], delta["Minerals"]) == ("Lithium", "Copper, Zinc")
    assert (beta["Instrument"], beta["Stage"]) == ("Letter of interest", "Letter of interest")
    assert acme["ID"] == "dod-acme-lithium-1"  # made: the file has no id column
    assert "Colour" not in acme and "Qualifier" not in acme  # dropped; folded into the amount


def test_the_preview_shows_the_source_a_row_names(qtbot, window, tmp_path):
    text = ("id,agency,recipient,instrument,stage,summary,Source URL,Source title,Quote\n"
            "s-1,DOD,Acme,equity,announced,One,https://example.gov/a,DoD release,We invest.\n"
            "s-2,DOD,Beta,equity,announced,Two,,,\n")
    with_source, without = preview_cells(open_import(qtbot, window, tmp_path, text))
    assert (with_source["Source"], without["Source"]) == ("DoD release", "")  # the file's


def test_a_row_that_fails_shows_its_cells_as_read(qtbot, window, tmp_path):
    dialog = open_import(qtbot, window, tmp_path, PROBLEMS)
    gamma = preview_cells(dialog)[1]
    assert (gamma["Status"], gamma["Amount (USD)"], gamma["Date"]) == ("error", "-5", "2025-13-01")


# --------------------------------------------------------------------------- the problems


def test_made_ids_are_one_warning_for_the_file(qtbot, window, tmp_path):
    dialog = open_import(qtbot, window, tmp_path, MESSY)
    (file_line, file_issues), *rows = problem_tree(dialog)
    assert file_line == "The file and its header — warnings: 2"
    assert file_issues == [
        "warning · Colour: unknown column: map it or it is ignored",
        "warning: the file has no id column: ids made for 3 rows from the agency and the "
        "recipient (such as 'dod-acme-lithium-1')"]
    assert rows == []  # no row warns of its own id


def test_problems_read_row_by_row_errors_first_with_a_count_per_kind(qtbot, window, tmp_path):
    dialog = open_import(qtbot, window, tmp_path, PROBLEMS)
    tree = problem_tree(dialog)

    assert [line for line, _ in tree] == [
        "The file and its header — warnings: 1",
        "Row 2 · Gamma — errors: 4 · warnings: 1",
        "Row 3 · Delta — warnings: 1"]
    gamma = tree[1][1]
    assert [line.split(" · ")[0] for line in gamma] == ["error"] * 4 + ["warning"]
    assert gamma[0].startswith("error · Agency: unknown agency 'NASA'")
    assert gamma[-1] == "warning · Summary: no summary: the detail pane will show only the fields"
    assert dialog.problems_title.text() == "<b>Problems</b> · errors: 4 · warnings: 3"

    # Choosing a problem shows its row in the preview.
    dialog.problems.setCurrentItem(dialog.problems.topLevelItem(2))
    selected = dialog.preview.selectionModel().selectedRows()
    assert [dialog.preview.item(i.row(), 0).text() for i in selected] == ["3"]


def test_a_file_without_problems_shows_no_problems_pane(qtbot, window, tmp_path):
    dialog = open_import(qtbot, window, tmp_path, "id,agency,recipient,instrument,stage,summary\n"
                                                  "q-1,DOE,Lab,nofo,opportunity,s\n")
    assert dialog.plan.issues == []
    assert not dialog.problems_box.isVisible()
    assert [row["ID"] for row in preview_cells(dialog)] == ["q-1"]


# --------------------------------------------------------------------------- undo last import


def test_undo_last_import_is_enabled_only_with_an_import_to_undo(qtbot, window, tmp_path,
                                                                 monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    action = window.undo_import_action
    qtbot.waitUntil(lambda: action.toolTip().startswith("Nothing to undo"), timeout=5000)
    assert not action.isEnabled()

    dialog = open_import(qtbot, window, tmp_path, PROBLEMS.replace("p-2,NASA,Gamma", "p-2,DOD,Gamma")
                         .replace("-5,2025-13-01,Mars", "5,2025-12-01,USA"))
    import_anyway(qtbot, dialog)
    qtbot.waitUntil(action.isEnabled, timeout=5000)
    assert action.toolTip().startswith("Remove the records imported at ")
    assert action.toolTip().endswith(" (UTC), 3 in all")

    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    action.trigger()
    qtbot.waitUntil(lambda: action.toolTip().startswith("Nothing to undo"), timeout=10000)
    assert not action.isEnabled()
    assert window.pages["financing"].model.total == 35
