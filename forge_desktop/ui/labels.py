"""Table and column names in the user's language. The core keeps them in English, marked
with QT_TRANSLATE_NOOP("tables" | "columns", …) so pyside6-lupdate collects them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..core.columns import ColumnSpec, TableSpec


def column_label(column: ColumnSpec | str) -> str:
    """A column's label (or a label the core already picked, as the detail pane's fields)."""
    text = column if isinstance(column, str) else column.label
    return QCoreApplication.translate("columns", text)


def table_label(spec: TableSpec) -> str:
    return QCoreApplication.translate("tables", spec.label)
