"""The words of the Help and About boxes, and the Help window that shows them.

The help is translated a point at a time, not as one block: a point added or reworded
leaves the translations of the others standing.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from .. import __version__

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("context", "text")


def _finding_your_way() -> list[str]:
    return [
        translate("help", "<b>Tables</b>: Participants, Agreements, Financing, and the Sources they rest "
                          "on (Ctrl+1…4, Ctrl+Tab for the next). Double-click a source for its records; "
                          "the <i>Sources</i> facet of each table picks the records of any source."),
        translate("help", "<b>Search</b> (Ctrl+F): English or Russian, any case; every word must match."),
        translate("help", "<b>Sort</b>: click a column header; click again to reverse; Ctrl+click adds a "
                          "second key."),
        translate("help", "<b>Filter</b>: pick a column, an operator and a value (<code>100M</code>, "
                          "<code>EXIM, DFC</code>, <code>2025-10 and 2025-12</code>) and press Enter. Tick "
                          "<i>or</i> to join it to the previous filter as an OR group. Click a chip to "
                          "remove it."),
        translate("help", "<b>Facets</b> (left): click a value to keep only it, Ctrl+click for several. "
                          "Counts are what you would get."),
        translate("help", "<b>Detail</b> (right): the whole record, its Russian source sentence and related "
                          "records. Enter jumps there; Alt+Left / Alt+Right go back and forward, and Back "
                          "takes off the filter a followed link put on. A link's filter is not kept for "
                          "the next start unless you build on it."),
        translate("help", "<b>Copy</b>: Ctrl+C copies the selected rows as TSV, ready to paste into a "
                          "spreadsheet; Ctrl+Shift+C copies the current cell (a number as its plain "
                          "value)."),
        translate("help", "<b>Export</b> (Ctrl+E): the selected rows, the filtered rows or the whole table, "
                          "as CSV, XLSX or JSON, with the columns on screen."),
        translate("help", "<b>Import</b> (Ctrl+I): every row is checked and previewed first; a file with any "
                          "error imports nothing. An agency, instrument or stage not seen before must be "
                          "ticked as new (a typo should not become a category). Edit → Undo last import "
                          "removes exactly what it added."),
        translate("help", "<b>Keep the record</b>: Ctrl+N adds a record, F2 (or a double-click on the "
                          "detail) corrects it, Ctrl+D duplicates it, Delete removes it. The form reads "
                          "what an import reads and shows each problem under its field; a new record "
                          "needs its source. Ctrl+Z / Ctrl+Shift+Z undo and redo your changes; View → "
                          "Changes (Ctrl+Shift+H) lists every change, who made it and why."),
    ]


def _a_columns_values() -> list[str]:
    return [
        translate("help", "<b>Right-click a cell</b>: <i>Copy cell</i>, <i>Filter by this value</i> or "
                          "<i>Exclude this value</i> (a list cell offers each of its values; an empty "
                          "cell filters by <code>empty</code>)."),
        translate("help", "<b>Right-click a header</b>: <i>Value counts…</i> lists the column's values under "
                          "the current filters, most frequent first, with their share: click one to "
                          "filter by it. A money or number column has <i>Statistics…</i> instead: count, "
                          "empty, minimum, maximum, sum, median and mean. Show or hide columns there "
                          "too."),
    ]


def _the_keyboard() -> list[str]:
    return [
        translate("help", "<b>Esc</b> clears the search first, then the filter set last (a chip or a "
                          "facet's choice: the status line says which); pressed again straight after, "
                          "every filter; then the selection."),
        translate("help", "<b>Tab</b> goes from the search to the table, the detail and the chart. In the "
                          "table the arrow keys move and Tab leaves it."),
        translate("help", "<b>F6</b> jumps to the next pane, Shift+F6 to the previous: the search, the "
                          "table, the detail and the chart, as in a browser."),
    ]


def _section(title: str, points: list[str]) -> str:
    return f"<h3>{title}</h3><ul>{''.join(f'<li>{point}</li>' for point in points)}</ul>"


def _reading_the_money() -> str:
    return translate("help", "Totals never double count: an aggregate (Σ, italic) such as EXIM's $14.8B of "
                             "letters of interest is counted through its listed parts. Records without a "
                             "dollar amount (action plans, a copper offtake) are counted, not summed. "
                             "Co-financing is private or other public money, never part of the US "
                             "commitment. A letter of interest or a funding opportunity is not a loan: look "
                             "at <i>Stage</i>.")


def help_html() -> str:
    money = translate("help", "Reading the money")
    return "".join((
        _section(translate("help", "Finding your way"), _finding_your_way()),
        _section(translate("help", "A column's values"), _a_columns_values()),
        _section(translate("help", "The keyboard"), _the_keyboard()),
        f"<h3>{money}</h3><p>{_reading_the_money()}</p>",
    ))


class HelpDialog(QDialog):
    """The help in a window of its own that scrolls: on a small screen it would not fit a
    message box, and the user can keep it open beside the table."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.setWindowTitle(self.tr("FORGE Desktop — help"))
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(help_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        height = parent.height() - 60 if parent is not None else 640
        self.resize(640, max(400, min(height, 760)))


def about_html() -> str:
    return QCoreApplication.translate("help", """
<h3>FORGE Desktop {version}</h3>
<p>An open-source explorer for the critical-minerals record of 2026: the Critical Minerals
Ministerial of 4 February 2026 in Washington, FORGE (the Forum on Resource Geostrategic
Engagement), the agreements signed and what US agencies committed.</p>
<p><b>Data source:</b> a Russian-language news report of the ministerial (MiddleAsianNews, citing
the US State Department), curated by hand into English with the Russian original kept verbatim
for every record. See <code>data/README.md</code> for how each passage was read.</p>
""").format(version=__version__)
