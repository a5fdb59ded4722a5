"""What the window remembers between runs, declared in one place.

Layout (geometry, splitters, column order/width/visibility) and the working state of each
table (sort keys, search, filters, facet selections) go to an INI file in the user's
config folder. :meth:`Settings.reset_layout` forgets the layout and keeps the work.
"""

from __future__ import annotations

import json
from typing import TypeVar, cast

import platformdirs
from PySide6.QtCore import QByteArray, QSettings

from ..core.database import APP_NAME

T = TypeVar("T")

THEMES = ("system", "light", "dark")  # View → Theme; "system" follows the platform

# key → default. Per-table keys are prefixed with "<table>/".
WINDOW_KEYS = {
    "window/geometry": QByteArray(),
    "window/state": QByteArray(),
    "window/splitter": QByteArray(),
    "window/current_table": "financing",
    "window/theme": "system",  # one of THEMES; not layout: Reset layout keeps it
    "export/folder": "",  # where the export dialog last saved ("": the user's documents)
    "export/format": "csv",  # the format it last saved in
    "edit/author": "",  # the name changes are recorded under ("": the OS user's)
}  # the chart's own keys are declared by the chart panel (ChartPanel.SETTINGS)
TABLE_KEYS = {
    # JSON {"order": [column names], "widths": {name: px}, "hidden": [names]}: by name, so a
    # new column never voids it (an older version's QHeaderView bytes read as no layout)
    "header": "{}",
    "sort": "",  # "-amount_usd,agency"
    "search": "",
    "filters": "[]",  # JSON list of filter texts ("agency = DOD or stage = funded")
    "facets": "{}",  # JSON {column: [values]}
}
LAYOUT_KEYS = ("window/geometry", "window/state", "window/splitter", "header")


def settings_path() -> str:
    return str(platformdirs.user_config_path(APP_NAME, appauthor=False) / f"{APP_NAME}.ini")


class Settings:
    def __init__(self, qsettings: QSettings | None = None):
        self.store = qsettings or QSettings(settings_path(), QSettings.Format.IniFormat)

    def get(self, key: str):
        default = WINDOW_KEYS.get(key)
        if key not in WINDOW_KEYS:
            default = TABLE_KEYS[key.split("/", 1)[1]]
        value = self.store.value(key, default)
        if isinstance(default, QByteArray) and not isinstance(value, QByteArray):
            return QByteArray()
        if isinstance(default, bool) and not isinstance(value, bool):  # INI keeps "true"
            return str(value).lower() in ("true", "1", "yes")
        return value

    def typed(self, key: str, default: T) -> T:
        """A key declared elsewhere (a panel's own settings), read back as *default*'s type:
        an INI file keeps ``true`` as text."""
        return cast(T, self.store.value(key, default, type=type(default)))

    def set(self, key: str, value) -> None:
        self.store.setValue(key, value)

    def table(self, table: str, key: str):
        return self.get(f"{table}/{key}")

    def set_table(self, table: str, key: str, value) -> None:
        self.set(f"{table}/{key}", value)

    def table_json(self, table: str, key: str):
        try:
            return json.loads(self.table(table, key))
        except (TypeError, ValueError):
            return json.loads(TABLE_KEYS[key])

    def set_table_json(self, table: str, key: str, value) -> None:
        self.set_table(table, key, json.dumps(value, ensure_ascii=False))

    def reset_layout(self) -> None:
        for key in self.store.allKeys():
            if key in LAYOUT_KEYS or key.split("/", 1)[-1] in LAYOUT_KEYS:
                self.store.remove(key)

    def sync(self) -> None:
        self.store.sync()
