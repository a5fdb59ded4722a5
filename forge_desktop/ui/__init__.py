"""The Qt layer: the explorer window on top of the core."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from .settings import Settings


def create_main_window(db_url: str | None = None, settings: Settings | None = None) -> QMainWindow:
    """Build the explorer window on *db_url* (default: the embedded database)."""
    from .main_window import open_main_window

    return open_main_window(db_url, settings)
