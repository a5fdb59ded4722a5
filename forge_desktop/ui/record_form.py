"""The record form: a new record, a correction, a duplicate. Its fields are the table's
columns as an import reads them (``up to $400 million``, ``Dec 2025``); the core checks them
by the importer's rules when the user saves, and each problem shows under its field. A
record rests on a source, picked from those the database holds or added here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from ..core import editing
from ..core.columns import TABLES, enum_values
from ..core.imports import TERM_MODELS
from ..core.query import known_terms
from ..core.schema import AgreementKind, AgreementStatus, ParticipantKind, Qualifier, SourceKind
from ..core.sources import SourceFields, source_usage
from .labels import column_label, table_label
from .worker import QueryRunner

NEW, EDIT, DUPLICATE = "new", "edit", "duplicate"
HIDDEN = {"origin", "source", "date_precision", "amount_qualifier"}  # said by other fields
LONG = {"summary", "notes", "quote_ru"}
MONEY = ("amount_usd", "cofinancing_usd")
_WORDS = {Qualifier.UP_TO.value: "up to {}", Qualifier.MORE_THAN.value: "more than {}",
          Qualifier.CONDITIONAL.value: "{} (conditional)"}


W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str) -> W:
    widget.setObjectName(name)
    return widget


def money_text(amount: str, qualifier: str | None) -> str:
    """A stored amount as the form shows it: ``up to $400,000,000`` (what parses back)."""
    if not amount:
        return ""
    text = f"${int(amount):,}"
    return _WORDS.get(qualifier or "", "{}").format(text)


class RecordForm(QDialog):
    """Saves in the worker; ``saved`` carries the :class:`~core.editing.EditResult`."""

    saved = Signal(object)

    def __init__(self, runner: QueryRunner, table: str, mode: str = NEW,
                 record_id: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner, self.table, self.mode, self.record_id = runner, table, mode, record_id
        self.version: int | None = None  # the record's last change set when the form opened
        self.spec = TABLES[table]
        self.loaded: dict[str, str] = {}
        self.fields: dict[str, QLineEdit | QPlainTextEdit | QComboBox] = {}
        self.errors: dict[str, QLabel] = {}
        self.confirms: dict[str, QCheckBox] = {}
        self.setObjectName("recordForm")
        titles = {NEW: self.tr("New record: {0}"), EDIT: self.tr("Edit {1}: {0}"),
                  DUPLICATE: self.tr("Duplicate of {1}: {0}")}
        self.setWindowTitle(titles[mode].format(table_label(self.spec), record_id or ""))
        self.setMinimumWidth(520)
        self.resize(680, 640)  # the window's parent keeps it on screen; the fields scroll

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for column in self.spec.columns:
            if column.name in HIDDEN:
                continue
            form.addRow(column_label(column), self._field(column.name))
        fields = QWidget()
        fields.setLayout(form)

        source = QGroupBox(self.tr("Source this rests on"))
        source_form = QFormLayout(source)
        self.source_combo = _named(QComboBox(), "sourceCombo")
        self.source_combo.addItem(self.tr("Keep the record's sources") if mode == EDIT
                                  else self.tr("— choose a source —"), None)
        self.source_combo.addItem(self.tr("New source…"), "new")
        self.source_combo.currentIndexChanged.connect(self._source_chosen)
        source_form.addRow(self.tr("Source"), self._with_error("source", self.source_combo))
        self.new_source = QWidget()
        new_form = QFormLayout(self.new_source)
        new_form.setContentsMargins(0, 0, 0, 0)
        self.source_url = QLineEdit(placeholderText="https://…")
        self.source_title = QLineEdit()
        self.source_publisher = QLineEdit()
        self.source_date = QLineEdit(placeholderText=self.tr("2026-03-02, Mar 2026 or 2026"))
        self.source_lang = QLineEdit(placeholderText="en", maxLength=3)
        self.source_kind = QComboBox()
        for kind in SourceKind:
            self.source_kind.addItem(kind.value, kind.value)
        for label, name, widget in ((self.tr("URL"), "source_url", self.source_url),
                                    (self.tr("Title"), "source_title", self.source_title),
                                    (self.tr("Publisher"), "source_publisher", self.source_publisher),
                                    (self.tr("Published"), "source_date", self.source_date),
                                    (self.tr("Language"), "source_lang", self.source_lang),
                                    (self.tr("Kind"), "source_kind", self.source_kind)):
            new_form.addRow(label, self._with_error(name, widget))
        self.new_source.setVisible(False)
        source_form.addRow(self.new_source)
        self.quote = _named(QPlainTextEdit(), "quote")
        self.quote.setFixedHeight(54)
        self.quote_lang = QLineEdit(placeholderText=self.tr("the source's"), maxLength=3)
        self.quote_en = QLineEdit()
        source_form.addRow(self.tr("Quote, verbatim"), self._with_error("quote", self.quote))
        source_form.addRow(self.tr("Quote's language"), self._with_error("quote_lang", self.quote_lang))
        source_form.addRow(self.tr("Quote in English"), self.quote_en)
        self.reason = _named(QLineEdit(placeholderText=self.tr("why: kept in the change log")),
                             "reason")
        source_form.addRow(self.tr("Reason"), self.reason)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(fields)
        layout.addWidget(source)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.problem = _named(QLabel(wordWrap=True), "formProblem")
        self.problem.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.problem)
        outer.addWidget(self.buttons)
        self.runner.submit(self._choices, self._fill_choices, urgent=True)
        if record_id is not None and mode in (EDIT, DUPLICATE):
            self.buttons.setEnabled(False)
            self.runner.submit(lambda s: (editing.record_cells(s, table, record_id),
                                          editing.record_version(s, table, record_id)),
                               self._fill, self._failed, urgent=True)
        id_field = self.fields["id"]
        if mode == EDIT and isinstance(id_field, QLineEdit):
            id_field.setReadOnly(True)

    # ------------------------------------------------------------------ building

    def _field(self, name: str) -> QWidget:
        widget: QLineEdit | QPlainTextEdit | QComboBox
        if name in LONG:
            widget = QPlainTextEdit()
            widget.setFixedHeight(54)
            widget.setTabChangesFocus(True)
        elif name in TERM_MODELS or name in ("kind", "status"):
            widget = QComboBox(editable=True)
            widget.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            widget.setMinimumContentsLength(24)
        elif name == "is_aggregate":
            widget = QComboBox()  # yes or no, never a typo
            widget.addItem(self.tr("no"), "false")
            widget.addItem(self.tr("yes"), "true")
        else:
            widget = QLineEdit()
            if name in MONEY:
                widget.setPlaceholderText(self.tr("up to $400 million"))
            elif name == "date":
                widget.setPlaceholderText(self.tr("2026-02-04, Feb 2026 or 2026"))
            elif name in ("minerals", "locations", "parties", "roles"):
                widget.setPlaceholderText(self.tr("several: separate with ;"))
            elif name == "id":
                widget.setPlaceholderText(self.tr("made from the name if empty"))
        widget.setObjectName(f"field_{name}")
        self.fields[name] = widget
        return self._with_error(name, widget)

    def _with_error(self, name: str, widget: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(widget)
        error = _named(QLabel(wordWrap=True), f"error_{name}")
        error.setStyleSheet("color: palette(link-visited);")
        error.setVisible(False)
        layout.addWidget(error)
        self.errors[name] = error
        if name in TERM_MODELS:
            confirm = _named(QCheckBox(), f"confirm_{name}")
            confirm.setVisible(False)
            layout.addWidget(confirm)
            self.confirms[name] = confirm
        return box

    def _choices(self, session: Session) -> tuple[list[tuple[str, str]], dict[str, list[str]]]:
        sources = [(u.title, u.id) for u in source_usage(session)]
        terms = {column: list(values.values()) for column, values in known_terms(session).items()}
        enums = {"participants": {"kind": enum_values(ParticipantKind)},
                 "agreements": {"kind": enum_values(AgreementKind),
                                "status": enum_values(AgreementStatus)}}.get(self.table, {})
        return sources, {**terms, **{k: list(v) for k, v in enums.items()}}

    def _fill_choices(self, found: tuple[list[tuple[str, str]], dict[str, list[str]]]) -> None:
        sources, values = found
        for title, source_id in sources:
            shown = title if len(title) <= 90 else title[:89] + "…"
            self.source_combo.insertItem(self.source_combo.count() - 1, shown, source_id)
            self.source_combo.setItemData(self.source_combo.count() - 2, title,
                                          Qt.ItemDataRole.ToolTipRole)
        for name, choices in values.items():
            widget = self.fields.get(name)
            if isinstance(widget, QComboBox):
                current = widget.currentText()
                widget.addItems(choices)
                widget.setEditText(current)

    def _fill(self, opened: tuple[dict[str, str], int]) -> None:
        """The record's cells in the fields, and its version (the last change set)."""
        cells, self.version = opened
        if self.mode == DUPLICATE:
            cells = {**cells, "id": ""}
        for name in MONEY:
            if name in cells:
                cells[name] = money_text(cells[name], cells.get("amount_qualifier") if name == "amount_usd" else None)
        self.loaded = cells
        for name, widget in self.fields.items():
            self._set(widget, cells.get(name, ""))
        self.buttons.setEnabled(True)

    @staticmethod
    def _set(widget: QLineEdit | QPlainTextEdit | QComboBox, text: str) -> None:
        if isinstance(widget, QPlainTextEdit):
            widget.setPlainText(text)
        elif isinstance(widget, QComboBox) and not widget.isEditable():
            widget.setCurrentIndex(max(widget.findData(text or "false"), 0))
        elif isinstance(widget, QComboBox):
            widget.setEditText(text)
        else:
            widget.setText(text)

    @staticmethod
    def _get(widget: QLineEdit | QPlainTextEdit | QComboBox) -> str:
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QComboBox) and not widget.isEditable():
            return str(widget.currentData())
        if isinstance(widget, QComboBox):
            return widget.currentText()
        return widget.text()

    def _source_chosen(self) -> None:
        self.new_source.setVisible(self.source_combo.currentData() == "new")

    # ------------------------------------------------------------------ saving

    def values(self) -> dict[str, str]:
        """What the user wrote: every field for a new record, the changed ones for an edit."""
        written = {name: self._get(widget).strip() for name, widget in self.fields.items()}
        if self.mode == EDIT:
            return {k: v for k, v in written.items()
                    if v != (self.loaded.get(k) or ("false" if k == "is_aggregate" else "")).strip()}
        return {k: v for k, v in written.items() if v and not (k == "is_aggregate" and v == "false")}

    def source_choice(self) -> editing.SourceChoice | None:
        data = self.source_combo.currentData()
        new = None
        if data == "new":
            new = SourceFields(url=self.source_url.text(), title=self.source_title.text(),
                               publisher=self.source_publisher.text(),
                               published=self.source_date.text(), language=self.source_lang.text(),
                               kind=self.source_kind.currentData())
        quote = self.quote.toPlainText().strip() or None
        if data is None and not quote:
            return None
        return editing.SourceChoice(ref=data if data not in (None, "new") else None, new=new,
                                    quote=quote, quote_lang=self.quote_lang.text().strip() or None,
                                    quote_en=self.quote_en.text().strip() or None)

    def accepted_values(self) -> list[tuple[str, str]]:
        return [(name, self._get(self.fields[name]).strip()) for name, box in self.confirms.items()
                if box.isVisible() and box.isChecked()]

    def save(self) -> None:
        self._clear_errors()
        values, choice, accept = self.values(), self.source_choice(), self.accepted_values()
        reason = self.reason.text().strip() or None
        if self.mode == EDIT and not values and choice is None:
            self.reject()  # nothing changed: nothing to write
            return
        table, record_id = self.table, self.record_id
        work: Callable[[Session], Any]
        if self.mode == EDIT:
            assert record_id is not None
            version = self.version  # someone else's change since it opened is refused

            def work(session: Session) -> editing.EditResult:
                with session.begin():
                    return editing.edit_record(session, table, record_id, values, choice,
                                               accept=accept, reason=reason,
                                               expected_version=version)
        else:
            def work(session: Session) -> editing.EditResult:
                with session.begin():
                    return editing.add_record(session, table, values,
                                              choice or editing.SourceChoice(), accept=accept,
                                              reason=reason)
        self.buttons.setEnabled(False)
        self.runner.submit(work, self._saved, self._failed, urgent=True)

    def _saved(self, result: editing.EditResult) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(error, editing.EditError):
            self._say(self.tr("Nothing was saved: {0}").format(error))
            return
        unplaced = []
        for field, message in error.problems:
            name = {"iso3": "iso3", "source_url": "source_url"}.get(field or "", field or "")
            label = self.errors.get(name)
            if label is None:
                unplaced.append(f"{field}: {message}" if field else message)
                continue
            label.setText(f"⚠ {message}")
            label.setVisible(True)
            if name in self.confirms and "confirm it" in message:
                box = self.confirms[name]
                box.setText(self.tr("Add “{0}” as a new value").format(self._get(self.fields[name]).strip()))
                box.setVisible(True)
        if unplaced:
            self._say("\n".join(unplaced))
        else:
            self._say(self.tr("Nothing was saved: each problem is shown under its field."))

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(True)

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.setVisible(False)
        self.problem.setVisible(False)

    def error_text(self, name: str) -> str:
        """The problem shown under field *name* ("" if none): what the user reads there."""
        label = self.errors[name]
        return label.text().removeprefix("⚠ ") if label.isVisibleTo(self) else ""
