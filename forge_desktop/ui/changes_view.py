"""The Changes view: the change log, newest first, filtered by date, author, table and kind.

Each change set (who, when, what kind, which tables, how many records, why) expands to its
changes, field by field, old → new in the words the table uses; a change's row leads to its
record. A change set of your own can be undone from here (``core.undo``: never another
author's; with the later changes to the same records only when the user says so), and the
filtered log exported as the command line's CSV (``forge-desktop changes --format csv``).

Every question goes to the worker. The list holds at most ``LIMIT`` change sets (the newest:
a log of many thousand edits opens as fast as a short one, and the note says what is left
out), and a change set's changes are asked for only when it is first expanded, at most
``CHANGES_LIMIT`` of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QDateTime,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from ..core import changes, formatting
from ..core.changes import ChangeSetChanges, ChangeSetInfo, ChangeSetList, FieldChange
from ..core.columns import TABLES
from ..core.editing import EditError
from ..core.exports.streams import atomic_file
from ..core.schema import ChangeKind, ChangeSet
from ..core.undo import UndoResult, later_touching, undo_change_set, undone_by
from .labels import amount_qualifiers, change_kind_label, change_text, local_time_text, table_label
from .worker import QueryRunner

LIMIT = 2000  # change sets listed at most: the newest that match
CHANGES_LIMIT = 1000  # changes shown at most under one change set (an import may have many more)

ModelIndex = QModelIndex | QPersistentModelIndex
_TOP = 0  # internalId of a change set's row; a change's row has its change set's row + 1
CHANGE_SET_ROLE = Qt.ItemDataRole.UserRole  # the row's change set id
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1  # a change's (table, record id)


@dataclass(frozen=True)
class LogFilter:
    """What the view lists: change sets since a moment (UTC), by an author, touching a
    table, of a kind; None: any."""

    since: dt.datetime | None = None
    author: str | None = None
    table: str | None = None
    kind: ChangeKind | None = None

    def arguments(self) -> dict[str, Any]:
        return {"since": self.since, "author": self.author, "table": self.table, "kind": self.kind}


@dataclass(frozen=True)
class _ChangeRow:
    """A row under a change set: one change in words (or the note that more are left out)."""

    text: str
    table: str | None = None
    record_id: str | None = None


@dataclass(frozen=True)
class UndoOutcome:
    """What asking for an undo came to: done (*result*), or refused (*refusal*, the core's
    reason); *later*: the later change sets of yours an undo together would take back too."""

    result: UndoResult | None = None
    refusal: str | None = None
    later: tuple[int, ...] = ()


def _try_undo(session: Session, change_set_id: int, with_later: bool) -> UndoOutcome:
    """Undo *change_set_id* in its own transaction; a refusal is an answer, not a failure.
    Refused only because later change sets of yours touched the same records, the outcome
    names them so the user can undo them together."""
    try:
        with session.begin():
            return UndoOutcome(undo_change_set(session, change_set_id, with_later=with_later))
    except EditError as error:
        refusal = str(error)
    if with_later:
        return UndoOutcome(refusal=refusal)
    author = changes.current_author()
    target = session.get(ChangeSet, change_set_id)
    if (target is None or target.author != author or target.kind is ChangeKind.REFRESH
            or undone_by(session, change_set_id) is not None):
        return UndoOutcome(refusal=refusal)
    later = later_touching(session, change_set_id)
    if not later:
        return UndoOutcome(refusal=refusal)
    if any(c.author != author for c in later):  # together would be refused too: say why
        try:  # in the transaction the questions above began
            undo_change_set(session, change_set_id, with_later=True)
        except EditError as error:
            refusal = str(error)
        finally:
            session.rollback()  # a question only: nothing is written here
        return UndoOutcome(refusal=refusal)
    return UndoOutcome(refusal=refusal, later=tuple(c.id for c in later))


class ChangesModel(QAbstractItemModel):
    """Change sets as rows (newest first), each with its changes as child rows, asked for
    from the worker when the change set is first expanded (``fetchMore``)."""

    loaded = Signal()  # a new list of change sets is in
    failed = Signal(str)

    def __init__(self, runner: QueryRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.runner = runner
        self.change_sets: list[ChangeSetInfo] = []
        self.total = 0  # how many change sets match, listed or not
        self._children: dict[int, list[_ChangeRow]] = {}  # by change set row
        self._asked: set[int] = set()  # change set rows whose changes were asked for
        self._answered: set[int] = set()  # … and have come
        self._key = f"changes:{id(self)}:"  # a new question forgets the jobs of the old one
        self.log_filter = LogFilter()
        self.headers = (self.tr("#"), self.tr("When"), self.tr("Author"), self.tr("Kind"),
                        self.tr("Tables"), self.tr("Records"), self.tr("Reason"))

    # ------------------------------------------------------------------ asking

    def load(self, log_filter: LogFilter | None = None) -> None:
        """Ask for the change sets that match *log_filter* (or the last one, again)."""
        if log_filter is not None:
            self.log_filter = log_filter
        self.runner.cancel_all(self._key)
        arguments = self.log_filter.arguments()
        self.runner.submit(lambda s: changes.change_sets(s, **arguments, limit=LIMIT),
                           self._loaded, self._failed, urgent=True, key=f"{self._key}list")

    def _loaded(self, found: ChangeSetList) -> None:
        self.beginResetModel()
        self.change_sets = list(found.change_sets)
        self.total = found.total
        self._children.clear()
        self._asked.clear()
        self._answered.clear()
        self.endResetModel()
        self.loaded.emit()

    def _failed(self, error: BaseException) -> None:
        self.failed.emit(str(error))

    def canFetchMore(self, parent: ModelIndex) -> bool:
        return self._is_change_set(parent) and parent.row() not in self._asked

    def fetchMore(self, parent: ModelIndex) -> None:
        if not self.canFetchMore(parent):
            return
        row = parent.row()
        self._asked.add(row)
        set_id = self.change_sets[row].id
        self.runner.submit(lambda s: changes.change_set_changes(s, set_id, limit=CHANGES_LIMIT),
                           lambda found: self._changes_loaded(row, found), self._failed,
                           urgent=True, key=f"{self._key}set:{set_id}")

    def _changes_loaded(self, row: int, found: ChangeSetChanges) -> None:
        qualifiers = amount_qualifiers(found.changes)
        rows = [_ChangeRow(self._words(c, found, qualifiers), c.table, c.record_id)
                for c in found.changes]
        if found.total > len(found.changes):
            rows.append(_ChangeRow(self.tr("… and {0} more changes: Export… writes them all")
                                   .format(found.total - len(found.changes))))
        self._answered.add(row)
        if not rows:
            return
        self.beginInsertRows(self.index(row, 0), 0, len(rows) - 1)
        self._children[row] = rows
        self.endInsertRows()

    @staticmethod
    def _words(change: FieldChange, found: ChangeSetChanges,
               qualifiers: dict[str, tuple[str | None, str | None]]) -> str:
        what = change_text(change.table, change, found.names,
                           qualifiers.get(change.record_id, (None, None)))
        return f"{change.record_id} — {what}"

    # ------------------------------------------------------------------ reading

    def change_set_at(self, index: ModelIndex) -> ChangeSetInfo | None:
        """The change set of a row: its own, or for a change, the one it belongs to."""
        if not index.isValid():
            return None
        row = index.row() if index.internalId() == _TOP else index.internalId() - 1
        return self.change_sets[row] if 0 <= row < len(self.change_sets) else None

    def record_at(self, index: ModelIndex) -> tuple[str, str] | None:
        """(table, record id) of a change's row; None for a change set's or a note's."""
        change = self._change_row(index)
        if change is None or change.table is None or change.record_id is None:
            return None
        return change.table, change.record_id

    def _is_change_set(self, index: ModelIndex) -> bool:
        return index.isValid() and index.internalId() == _TOP and index.column() == 0

    def _change_row(self, index: ModelIndex) -> _ChangeRow | None:
        if not index.isValid() or index.internalId() == _TOP:
            return None
        rows = self._children.get(index.internalId() - 1, [])
        return rows[index.row()] if 0 <= index.row() < len(rows) else None

    # ------------------------------------------------------------------ the model's interface

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.change_sets)
        if self._is_change_set(parent):
            return len(self._children.get(parent.row(), []))
        return 0

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.headers)

    def hasChildren(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if not parent.isValid():
            return bool(self.change_sets)
        # A change set has changes: the arrow shows before they are asked for.
        return self._is_change_set(parent) and (parent.row() not in self._answered
                                                or bool(self._children.get(parent.row())))

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.headers)):
            return self.headers[section]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.internalId() != _TOP:
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() != _TOP:
            return self._change_data(index, role)
        info = self.change_set_at(index)
        if info is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._cell(info, index.column())
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._tooltip(info) if index.column() == 0 else (text or None)
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (0, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == CHANGE_SET_ROLE:
            return info.id
        return None

    def _change_data(self, index: ModelIndex, role: int) -> Any:
        change = self._change_row(index)
        if change is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return change.text if index.column() == 0 else None  # spans the row (the view)
        if role == RECORD_ROLE and index.column() == 0 and change.record_id is not None:
            return f"{change.table}/{change.record_id}"
        return None

    def _cell(self, info: ChangeSetInfo, column: int) -> str:
        if column == 0:
            return str(info.id)
        if column == 1:
            return local_time_text(info.at)
        if column == 2:
            return info.author
        if column == 3:
            return change_kind_label(info.kind)
        if column == 4:
            return ", ".join(table_label(TABLES[t]) if t in TABLES else t for t in info.tables)
        if column == 5:
            return formatting.number(info.records)
        return info.reason or ""

    def _tooltip(self, info: ChangeSetInfo) -> str:
        lines = [self.tr("Change set {0}, {1} UTC").format(info.id, info.at.strftime("%Y-%m-%d %H:%M:%S"))]
        if info.undoes is not None:
            lines.append(self.tr("Takes back change set {0}").format(info.undoes))
        if info.source_title:
            lines.append(self.tr("Source: {0}").format(info.source_title))
        return "\n".join(lines)


class ChangesView(QWidget):
    """The change log with its filters, Undo and Export (the window docks it)."""

    recordChosen = Signal(str, str)  # (table, record id): the window shows that record
    undone = Signal(str)  # a change set was undone (the words for it): the window refreshes
    message = Signal(str)  # for the status line

    def __init__(self, runner: QueryRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("changesView")
        self.setAccessibleName(self.tr("Changes"))
        self.runner = runner
        self.read_only: str | None = None  # why undoing is not possible here (a reader's login)
        self._stale = True  # asks for the log when shown, not before

        self.since_box = QCheckBox(self.tr("Since"))
        self.since_box.setToolTip(self.tr("Only change sets made on or after this day"))
        self.since_edit = QDateEdit(QDate.currentDate().addMonths(-1))
        self.since_edit.setCalendarPopup(True)
        self.since_edit.setEnabled(False)
        self.since_edit.setAccessibleName(self.tr("Since"))
        self.author_box = QComboBox()
        self.author_box.setAccessibleName(self.tr("Author"))
        self.author_box.addItem(self.tr("Anyone"), None)
        self.author_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.table_box = QComboBox()
        self.table_box.setAccessibleName(self.tr("Table"))
        self.table_box.addItem(self.tr("Any table"), None)
        for name, spec in TABLES.items():
            self.table_box.addItem(table_label(spec), name)
        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName(self.tr("Kind"))
        self.kind_box.addItem(self.tr("Any kind"), None)
        for kind in ChangeKind:
            self.kind_box.addItem(change_kind_label(kind), kind.value)
        self.undo_button = QPushButton(self.tr("&Undo this change set"))
        self.undo_button.setToolTip(self.tr("Put its records back as they were before it (your "
                                            "own change sets only); the undo is logged too"))
        self.undo_button.setEnabled(False)
        self.export_button = QPushButton(self.tr("E&xport…"))
        self.export_button.setToolTip(self.tr("Write every change of the listed change sets as CSV"))

        self.model = ChangesModel(runner, self)
        self.tree = QTreeView()
        self.tree.setObjectName("changesTree")
        self.tree.setAccessibleName(self.tr("Change sets"))
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((64, 130, 110, 110, 150, 64)):
            header.resizeSection(column, width)
        self.note = QLabel()
        self.note.setObjectName("changesNote")
        self.note.setWordWrap(True)

        filters = QHBoxLayout()
        filters.addWidget(self.since_box)
        filters.addWidget(self.since_edit)
        for text, box in ((self.tr("Author"), self.author_box), (self.tr("Table"), self.table_box),
                          (self.tr("Kind"), self.kind_box)):
            label = QLabel(text)
            label.setBuddy(box)
            filters.addSpacing(6)
            filters.addWidget(label)
            filters.addWidget(box)
        filters.addStretch(1)
        filters.addWidget(self.undo_button)
        filters.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(filters)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.note)

        self.since_box.toggled.connect(self.since_edit.setEnabled)
        self.since_box.toggled.connect(self._filters_changed)
        self.since_edit.dateChanged.connect(self._filters_changed)
        for box in (self.author_box, self.table_box, self.kind_box):
            box.currentIndexChanged.connect(self._filters_changed)
        self.undo_button.clicked.connect(self.undo_current)
        self.export_button.clicked.connect(self.export)
        self.model.loaded.connect(self._listed)
        self.model.failed.connect(self._show_failure)
        self.model.rowsInserted.connect(self._span_changes)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.doubleClicked.connect(self._activated)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), self.tree)
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        enter.activated.connect(lambda: self._activated(self.tree.currentIndex(), toggle=True))
        enter_pad = QShortcut(QKeySequence(Qt.Key.Key_Enter), self.tree)
        enter_pad.setContext(Qt.ShortcutContext.WidgetShortcut)
        enter_pad.activated.connect(enter.activated)

    # ------------------------------------------------------------------ what is listed

    def log_filter(self) -> LogFilter:
        """The filters as they stand: the day chosen from the local midnight, in UTC."""
        since = None
        if self.since_box.isChecked():
            moment = QDateTime(self.since_edit.date(), QTime(0, 0)).toUTC()
            since = dt.datetime.fromtimestamp(moment.toSecsSinceEpoch(), dt.UTC).replace(tzinfo=None)
        kind = self.kind_box.currentData()
        return LogFilter(since=since, author=self.author_box.currentData(),
                         table=self.table_box.currentData(),
                         kind=ChangeKind(kind) if kind else None)

    def refresh(self) -> None:
        """The log changed (an edit, an import, an undo): ask again now if shown, else
        when next shown."""
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self.note.setText(self.tr("Reading the change log…"))
        self.model.load(self.log_filter())
        self.runner.submit(changes.authors, self._authors_loaded, key=f"authors:{id(self)}")

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _filters_changed(self, *_args: object) -> None:
        if self.isVisible():
            self.model.load(self.log_filter())
        else:
            self._stale = True

    def _authors_loaded(self, found: list[str]) -> None:
        """The authors there are, in the combo; the one chosen stays chosen."""
        chosen = self.author_box.currentData()
        self.author_box.blockSignals(True)
        try:
            while self.author_box.count() > 1:
                self.author_box.removeItem(1)
            for name in [*found, *([chosen] if chosen and chosen not in found else [])]:
                self.author_box.addItem(name, name)
            self.author_box.setCurrentIndex(max(self.author_box.findData(chosen), 0) if chosen else 0)
        finally:
            self.author_box.blockSignals(False)

    def _listed(self) -> None:
        shown, total = len(self.model.change_sets), self.model.total
        if total > shown:
            text = self.tr("The newest {0} of {1} change sets: narrow the filters to see older "
                           "ones").format(formatting.number(shown), formatting.number(total))
        elif total:
            text = self.tr("{0} change sets · double-click a change to go to its record").format(
                formatting.number(total))
        else:
            text = self.tr("No change sets match: every import, edit, deletion and undo is "
                           "listed here")
        self.note.setText(text)
        self._current_changed(self.tree.currentIndex())

    def _show_failure(self, text: str) -> None:
        self.note.setText(self.tr("The change log could not be read: {0}").format(text))

    def _span_changes(self, parent: QModelIndex, first: int, last: int) -> None:
        """A change's words run across the row."""
        if parent.isValid():
            for row in range(first, last + 1):
                self.tree.setFirstColumnSpanned(row, parent, True)

    def set_read_only(self, why: str) -> None:
        """The database may only be read: no undo, and the button's tooltip says why."""
        self.read_only = why
        self.undo_button.setEnabled(False)
        self.undo_button.setToolTip(why)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        self.undo_button.setEnabled(self.read_only is None
                                    and self.model.change_set_at(current) is not None)

    def _activated(self, index: QModelIndex, toggle: bool = False) -> None:
        """A change's row: go to its record. Enter on a change set opens or closes it."""
        record = self.model.record_at(index)
        if record is not None:
            self.recordChosen.emit(*record)
        elif toggle and index.isValid() and self.model.change_set_at(index) is not None:
            top = index.siblingAtColumn(0)
            self.tree.setExpanded(top, not self.tree.isExpanded(top))

    def _context_menu(self, pos: QPoint) -> None:
        index = self.tree.indexAt(pos)
        info = self.model.change_set_at(index)
        if info is None:
            return
        menu = QMenu(self)
        record = self.model.record_at(index)
        if record is not None:
            menu.addAction(self.tr("Go to {0}").format(record[1]),
                           lambda: self.recordChosen.emit(*record))
        menu.addAction(self.tr("Undo change set {0}").format(info.id), lambda: self.undo(info))
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    # ------------------------------------------------------------------ undo

    def current_change_set(self) -> ChangeSetInfo | None:
        return self.model.change_set_at(self.tree.currentIndex())

    def undo_current(self) -> None:
        info = self.current_change_set()
        if info is not None:
            self.undo(info)

    def undo(self, info: ChangeSetInfo, *, with_later: bool = False) -> None:
        """Take change set *info* back in the worker; a refusal shows the core's reason."""
        if self.read_only is not None:
            self.message.emit(self.read_only)
            return
        self.undo_button.setEnabled(False)
        set_id = info.id
        self.runner.submit(lambda s: _try_undo(s, set_id, with_later),
                           lambda outcome: self._undo_answered(info, outcome),
                           lambda error: self._undo_refused(str(error)))

    def _undo_answered(self, info: ChangeSetInfo, outcome: UndoOutcome) -> None:
        self._current_changed(self.tree.currentIndex())
        if outcome.result is not None:
            result = outcome.result
            undone = ", ".join(str(i) for i in result.undone)
            text = (self.tr("Undid change set {0}: {1} records put back") if len(result.undone) == 1
                    else self.tr("Undid change sets {0}: {1} records put back"))
            self.undone.emit(text.format(undone, result.records))
            return
        if not outcome.later:
            self._undo_refused(outcome.refusal or "")
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Undo change set"),
                          self.tr("Later change sets of yours changed the same records: {0}.\n\n"
                                  "Undo them together with change set {1}?").format(
                              ", ".join(str(i) for i in outcome.later), info.id),
                          QMessageBox.StandardButton.Cancel, self)
        together = box.addButton(self.tr("Undo both") if len(outcome.later) == 1
                                 else self.tr("Undo all {0}").format(len(outcome.later) + 1),
                                 QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is together:
            self.undo(info, with_later=True)

    def _undo_refused(self, text: str) -> None:
        QMessageBox.warning(self, self.tr("Undo change set"),
                            self.tr("Nothing was undone: {0}").format(text))

    # ------------------------------------------------------------------ export

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the change log"), "changes.csv",
                                              self.tr("CSV files (*.csv);;All files (*)"))
        if path:
            self.export_to(path)

    def export_to(self, path: str) -> None:
        """Every change of the change sets the filters match, as CSV (the command line's
        columns), written whole or not at all."""
        arguments = self.log_filter().arguments()

        def work(session: Session) -> int:
            found = changes.matching_changes(session, **arguments)
            with atomic_file(path) as stream:
                changes.write_csv(stream, found)
            return len(found)

        self.export_button.setEnabled(False)
        self.runner.submit(work, lambda written: self._exported(path, written), self._export_failed)

    def _exported(self, path: str, written: int) -> None:
        self.export_button.setEnabled(True)
        self.message.emit(self.tr("Wrote {0} changes to {1}").format(formatting.number(written), path))

    def _export_failed(self, error: BaseException) -> None:
        self.export_button.setEnabled(True)
        QMessageBox.warning(self, self.tr("Export failed"),
                            self.tr("{0}\n\nNothing was written.").format(str(error)))
