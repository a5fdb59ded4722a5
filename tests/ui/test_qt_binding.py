"""The Qt binding itself: PySide6 6.12.0 drops a reference to None on every void call and to
True on every signal emit, until the interpreter aborts. pyproject.toml excludes it; this
test says so plainly if a broken build comes back."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLineEdit


class _Emitter(QObject):
    fired = Signal()


def test_void_calls_and_emits_keep_reference_counts(qtbot):
    line = QLineEdit()
    qtbot.addWidget(line)
    emitter = _Emitter()
    emitter.fired.connect(lambda: None)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(100):
        line.setText("x")
        emitter.fired.emit()
    assert sys.getrefcount(None) - none_before > -50, "this PySide6 build leaks None references"
    assert sys.getrefcount(True) - true_before > -50, "this PySide6 build leaks True references"
