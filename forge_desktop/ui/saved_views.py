"""View → Saved views: name the current table state, recall it, rename, delete, share.

The views live in the core's :class:`~forge_desktop.core.saved_views.ViewStore` (a JSON
file the command line reads too: ``forge-desktop export --view NAME``). The menu re-reads
the file each time it opens, so a view saved by another window is there. Recalling a view
switches to its table and applies it through the page's :class:`PageState` and, by column
name, its header layout; what an older view names that this version no longer has is left
out and said so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

import platformdirs
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from ..core.columns import ALL_TABLES
from ..core.filter_text import parse_sort
from ..core.query import Query
from ..core.saved_views import (
    FittedView,
    ImportedViews,
    SavedView,
    SavedViewError,
    ViewsFile,
    ViewStore,
    fit,
)
from ..core.text import fold
from .labels import column_label, table_label
from .table_page import PageState, TablePage

SAVE_SHORTCUT = "Ctrl+Shift+S"
STATUS_MS = 10000
T = TypeVar("T")

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("context", "text")


class ViewHost(Protocol):
    """What the menu needs of the window: its pages, the one shown, and its status bar."""

    pages: dict[str, TablePage]

    @property
    def page(self) -> TablePage: ...

    def show_table(self, name: str) -> None: ...

    def sync_search_box(self) -> None: ...

    def statusBar(self) -> QStatusBar: ...


def view_parts(view: SavedView) -> list[tuple[str, str]]:
    """What *view* holds, as (what, which) pairs in the words the window shows them in."""
    spec = ALL_TABLES.get(view.table)
    parts = [(translate("SavedViewsMenu", "Table"), table_label(spec) if spec else view.table)]
    if view.filters:
        parts.append((translate("SavedViewsMenu", "Filters"), "; ".join(view.filters)))
    parts += [(_label(view.table, column), ", ".join(values)) for column, values in view.facets]
    if view.search:
        parts.append((translate("SavedViewsMenu", "Search"), view.search))
    keys = parse_sort(",".join(view.sort))
    if keys:
        parts.append((translate("SavedViewsMenu", "Sorted by"), ", ".join(
            _label(view.table, k.column) + (" ▼" if k.descending else " ▲") for k in keys)))
    if view.columns:
        parts.append((translate("SavedViewsMenu", "Columns ({0})").format(len(view.columns)),
                      ", ".join(_label(view.table, c) for c in view.columns)))
    return parts


def view_summary(view: SavedView) -> str:
    """:func:`view_parts` as lines of text (a tooltip)."""
    return "\n".join(translate("SavedViewsMenu", "{0}: {1}").format(what, which)
                     for what, which in view_parts(view))


def _label(table: str, column: str) -> str:
    spec = ALL_TABLES.get(table)
    found = spec.get(column) if spec else None
    return column_label(found) if found is not None else column


def _menu_text(text: str) -> str:
    """*text* shown as is in a menu (an ``&`` would make a mnemonic)."""
    return text.replace("&", "&&")


class SavedViewsMenu(QMenu):
    """The Saved views submenu and everything it does (see the module's docstring)."""

    def __init__(self, host: ViewHost, parent: QWidget, store: ViewStore | None = None):
        super().__init__(parent)
        self.host = host
        self.window_widget = parent
        self.store = store or ViewStore()
        self.notice: QMessageBox | None = None  # the last message shown: tests read it
        self.last_names: dict[str, str] = {}  # table → the view last saved or shown there
        self.setTitle(self.tr("Saved &views"))
        self.setObjectName("savedViewsMenu")
        self.setToolTipsVisible(True)
        self.save_action = QAction(self.tr("&Save current view…"), parent)
        self.save_action.setShortcut(QKeySequence(SAVE_SHORTCUT))
        self.save_action.setStatusTip(self.tr("Name the current table, filters, search, sort "
                                              "and columns, to recall them here or with --view"))
        self.save_action.triggered.connect(lambda: self.save_current())
        parent.addAction(self.save_action)  # the shortcut works with the menu closed
        self.manage_action = QAction(self.tr("&Manage…"), parent)
        self.manage_action.triggered.connect(lambda: self.manage())
        self.export_action = QAction(self.tr("E&xport views…"), parent)
        self.export_action.triggered.connect(lambda: self.export_views())
        self.import_action = QAction(self.tr("&Import views…"), parent)
        self.import_action.triggered.connect(lambda: self.import_views())
        self.view_actions: list[QAction] = []
        self.aboutToShow.connect(self.rebuild)
        self.rebuild()

    # ------------------------------------------------------------------ the file

    def load(self) -> ViewsFile | None:
        """The views as the file holds them now (None if it cannot be read: said why)."""
        return self.attempt(self.store.load)

    def attempt(self, change: Callable[[], T]) -> T | None:
        """Read or change the views file by *change*; say what went wrong (and return
        None), or what reading the file had to repair."""
        try:
            result = change()
        except SavedViewError as exc:
            self.show_notice(QMessageBox.Icon.Warning, exc.text(translate))
            return None
        file = result.file if isinstance(result, ImportedViews) else result
        if isinstance(file, ViewsFile) and file.repair is not None:
            self.show_notice(QMessageBox.Icon.Warning, file.repair.text(translate))
        return result

    def show_notice(self, icon: QMessageBox.Icon, text: str) -> QMessageBox:
        """A message the user should not miss, without blocking the window."""
        box = QMessageBox(icon, self.tr("Saved views"), text, QMessageBox.StandardButton.Ok,
                          self.window_widget)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.notice = box
        return box

    def _status(self, text: str) -> None:
        self.host.statusBar().showMessage(text, STATUS_MS)

    # ------------------------------------------------------------------ the menu

    def rebuild(self) -> None:
        """The menu as the file is now: Save, the views by name, Manage, Export, Import.
        (The window owns the fixed actions: clearing the menu deletes only its own.)"""
        self.clear()
        self.addAction(self.save_action)
        self.addSeparator()
        found = self.load() or ViewsFile()
        self.view_actions = []
        for view in sorted(found.views, key=lambda v: fold(v.name)):
            spec = ALL_TABLES.get(view.table)
            action = QAction(_menu_text(self.tr("{0} — {1}").format(
                view.name, table_label(spec) if spec else view.table)), self)
            action.setToolTip(view_summary(view))
            action.setData(view.name)
            action.triggered.connect(lambda _=False, name=view.name: self.recall(name))
            self.addAction(action)
            self.view_actions.append(action)
        if not found.views:
            empty = self.addAction(self.tr("No saved views yet"))
            empty.setEnabled(False)
        self.addSeparator()
        for action in (self.manage_action, self.export_action):
            action.setEnabled(bool(found.views))
            self.addAction(action)
        self.addAction(self.import_action)

    # ------------------------------------------------------------------ save, recall

    def current_view(self) -> SavedView:
        """The shown page as a view: its filters, facet choices, search, sort and the
        columns on screen, in order; named as the view last saved or shown there (else as
        its table, until the save dialog names it)."""
        page = self.host.page
        state = page.state()
        columns = tuple(page.model.columns[i].name for i in page.visible_columns())
        query = Query(page.spec.name, state.filters, state.search, state.sort, columns=columns)
        return SavedView.of(self.last_names.get(page.spec.name, page.spec.name), query,
                            state.facets)

    def save_current(self) -> SaveViewDialog | None:
        """Ask for a name (the last view's is offered) and save the shown page under it."""
        found = self.load()
        if found is None:
            return None
        current = self.current_view()
        dialog = SaveViewDialog(current, found, self.window_widget,
                                suggested=self.last_names.get(current.table, ""))
        dialog.accepted.connect(lambda: self._save(dialog.view()))
        dialog.open()
        return dialog

    def _save(self, view: SavedView) -> None:
        if self.attempt(lambda: self.store.save(view)) is not None:
            self.last_names[view.table] = view.name
            self._status(self.tr("Saved view “{0}”").format(view.name))

    def recall(self, name: str) -> FittedView | None:
        """Show the view called *name*: its table, then its state and columns."""
        found = self.load()
        if found is None:
            return None
        view = found.get(name)
        if view is None:  # deleted by another window since the menu was built
            self.show_notice(QMessageBox.Icon.Warning, self.tr(
                "The view “{0}” is no longer saved.").format(name))
            return None
        try:
            fitted = fit(view)
        except SavedViewError as exc:
            self.show_notice(QMessageBox.Icon.Warning, exc.text(translate))
            return None
        page = self.host.pages[view.table]
        self.host.show_table(view.table)
        page.apply_state(PageState(fitted.filters, fitted.facets, view.search, fitted.sort))
        if fitted.columns:
            page.apply_header_layout(_layout_showing(page, fitted.columns))
        self.host.sync_search_box()
        self.last_names[view.table] = view.name
        self._status(self.tr("Showing the view “{0}”").format(view.name))
        if fitted.left_out:
            self.show_notice(QMessageBox.Icon.Information, fitted.message(translate))
        return fitted

    # ------------------------------------------------------------------ manage, share

    def manage(self) -> ManageViewsDialog:
        dialog = ManageViewsDialog(self, self.window_widget)
        dialog.open()
        return dialog

    def export_views(self, path: str | None = None) -> ViewsFile | None:
        """Write every saved view to a JSON file (asked for when *path* is None)."""
        if path is None:
            default = Path(platformdirs.user_documents_dir()) / "forge-desktop-views.json"
            path, _ = QFileDialog.getSaveFileName(self.window_widget, self.tr("Export saved views"),
                                                  str(default), self.tr("Saved views (*.json)"))
            if not path:
                return None
        target = path
        written = self.attempt(lambda: self.store.export_to(target))
        if written is not None:
            self._status(self.tr("Exported %n view(s) to {0}", "", len(written.views))
                         .format(path))
        return written

    def import_views(self, path: str | None = None) -> None:
        """Add the views of a JSON file (asked for when *path* is None), all or none."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window_widget, self.tr("Import saved views"),
                                                  platformdirs.user_documents_dir(),
                                                  self.tr("Saved views (*.json)"))
            if not path:
                return
        source = path
        result = self.attempt(lambda: self.store.import_from(source))
        if result is None:
            return
        lines = [self.tr("Imported %n view(s).", "", len(result.added) + len(result.renamed))]
        lines += [self.tr("“{0}” was added as “{1}”: a different view has that name.")
                  .format(old, new) for old, new in result.renamed]
        if result.unchanged:
            lines.append(self.tr("%n view(s) were saved already, unchanged.", "",
                                 len(result.unchanged)))
        self.show_notice(QMessageBox.Icon.Information, "\n".join(lines))


def _layout_showing(page: TablePage, columns: tuple[str, ...]) -> dict[str, list[str]]:
    """A header layout (see :meth:`TablePage.header_layout`) showing *columns* in this
    order and hiding the rest, which keep their order after them."""
    names = [c.name for c in page.model.columns]
    header = page.view.horizontalHeader()
    rest = [names[header.logicalIndex(v)] for v in range(header.count())]
    hidden = [n for n in rest if n not in columns]
    return {"order": [*columns, *hidden], "hidden": hidden}


class ViewSummary(QWidget):
    """A view's :func:`view_parts` as a form: what on the left, which (wrapped) on the right."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._text = ""

    def set_view(self, view: SavedView | None, empty: str = "") -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        parts = view_parts(view) if view is not None else [("", empty)]
        for what, which in parts:
            value = QLabel(which)
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.form.addRow(what and self.tr("{0}:").format(what), value)
        self._text = view_summary(view) if view is not None else empty

    def text(self) -> str:
        """What the form shows, as lines of text."""
        return self._text


class SaveViewDialog(QDialog):
    """The name to save the current view under, what it holds, and whether it replaces one."""

    def __init__(self, current: SavedView, found: ViewsFile, parent: QWidget | None = None, *,
                 suggested: str = ""):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Save current view"))
        self._current = current
        self._found = found
        self.name = QLineEdit(suggested)
        self.name.setObjectName("viewName")
        self.name.setPlaceholderText(self.tr("e.g. DOD over $100M"))
        self.name.selectAll()
        self.summary = ViewSummary()
        self.summary.set_view(current)
        self.replaces = QLabel()
        self.replaces.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&Name:"), self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.replaces)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._name_changed)
        self._name_changed(suggested)
        self.setMinimumWidth(520)
        self.adjustSize()

    def _name_changed(self, text: str) -> None:
        name = " ".join(text.split())
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(bool(name))
        existing = self._found.get(name) if name else None
        self.replaces.setText(self.tr("Replaces the saved view “{0}”.").format(existing.name)
                              if existing else "")
        self.replaces.setVisible(existing is not None)

    def view(self) -> SavedView:
        return self._current.renamed(self.name.text())


class ManageViewsDialog(QDialog):
    """The saved views in a list: show one, rename it (F2, or in place), delete it."""

    def __init__(self, menu: SavedViewsMenu, parent: QWidget | None = None):
        super().__init__(parent)
        self.menu = menu
        self.setWindowTitle(self.tr("Saved views"))
        self.list = QListWidget()
        self.list.setObjectName("savedViewsList")
        self.list.setEditTriggers(QListWidget.EditTrigger.EditKeyPressed)
        self.detail = ViewSummary()
        self.show_button = QPushButton(self.tr("&Show"))
        self.rename_button = QPushButton(self.tr("&Rename"))
        self.delete_button = QPushButton(self.tr("&Delete"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (self.show_button, self.rename_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        self.show_button.clicked.connect(self.show_current)
        self.rename_button.clicked.connect(self.rename_current)
        self.delete_button.clicked.connect(self.delete_current)
        self.list.itemDoubleClicked.connect(lambda _item: self.show_current())
        self.list.currentItemChanged.connect(lambda *_: self._current_changed())
        self.list.itemChanged.connect(self._renamed)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_current)
        self.resize(560, 460)
        self._views: dict[str, SavedView] = {}
        self.reload()

    def reload(self, select: str | None = None) -> None:
        found = self.menu.load() or ViewsFile()
        self._views = {v.name: v for v in found.views}
        self.list.blockSignals(True)
        self.list.clear()
        for view in sorted(found.views, key=lambda v: fold(v.name)):
            item = QListWidgetItem(view.name)
            item.setData(Qt.ItemDataRole.UserRole, view.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            item.setToolTip(view_summary(view))
            self.list.addItem(item)
            if select is not None and view.name == select:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._current_changed()

    def names(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _current(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _current_changed(self) -> None:
        name = self._current()
        for button in (self.show_button, self.rename_button, self.delete_button):
            button.setEnabled(name is not None)
        view = self._views.get(name) if name is not None else None
        self.detail.set_view(view, self.tr("No saved views yet."))

    def show_current(self) -> None:
        name = self._current()
        if name is not None:
            self.accept()
            self.menu.recall(name)

    def rename_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.editItem(item)

    def _renamed(self, item: QListWidgetItem) -> None:
        old = str(item.data(Qt.ItemDataRole.UserRole))
        new = " ".join(item.text().split())
        if not new or new == old:
            self.reload(select=old)
            return
        done = self.menu.attempt(lambda: self.menu.store.rename(old, new))
        self.reload(select=new if done is not None else old)

    def delete_current(self) -> None:
        name = self._current()
        if name is None:
            return
        answer = QMessageBox.question(self, self.tr("Delete saved view"),
                                      self.tr("Delete the saved view “{0}”?").format(name))
        if answer == QMessageBox.StandardButton.Yes:
            self.menu.attempt(lambda: self.menu.store.delete(name))
            self.reload()
