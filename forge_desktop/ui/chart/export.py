"""The chart as a file: :func:`export_chart` renders it offscreen at any size as PNG or SVG
(the window's Export button and the ``chart`` command use it); the dialog asks where."""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
import pyqtgraph.exporters  # pg.exporters: pyqtgraph does not import it itself
from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QSpinBox, QWidget

from ...core.counting import Totals
from ...core.exports import atomic_file
from .layout import footnote
from .options import ChartOptions
from .view import ChartView

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("context", "text")

FOOTNOTE_COLOUR = "#9aa0a6"  # grey on light and dark alike


class ChartExportDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(translate("chart", "Export chart"))
        self.format = QComboBox()
        self.format.addItem("PNG", "png")
        self.format.addItem("SVG", "svg")
        self.width_box = QSpinBox(minimum=200, maximum=8000, value=1200, suffix=" px")
        self.height_box = QSpinBox(minimum=150, maximum=8000, value=700, suffix=" px")
        form = QFormLayout(self)
        form.addRow(translate("chart", "Format"), self.format)
        form.addRow(translate("chart", "Width"), self.width_box)
        form.addRow(translate("chart", "Height"), self.height_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.path = ""

    def accept(self) -> None:
        fmt = self.format.currentData()
        self.path, _ = QFileDialog.getSaveFileName(
            self, translate("chart", "Save chart"), f"forge-chart.{fmt}", f"{fmt.upper()} (*.{fmt})")
        if self.path:
            super().accept()

    def choice(self) -> tuple[str, str, tuple[int, int]]:
        return self.path, self.format.currentData(), (self.width_box.value(), self.height_box.value())


def _wrap(text: str, width: int = 110) -> str:
    """The footnote in lines of about *width* characters, broken between its parts."""
    lines: list[str] = []
    line = ""
    for part in text.split(" · "):
        if line and len(line) + len(part) + 3 > width:
            lines.append(line)
            line = part
        else:
            line = f"{line} · {part}" if line else part
    return "<br>".join([*lines, line])


def export_chart(result: Totals, options: ChartOptions, path: str | Path, fmt: str,
                 size: tuple[int, int] = (1200, 700), title: str | None = None) -> Path:
    """Render the chart offscreen at exactly *size* and write it as PNG or SVG (atomically).

    PNG goes through pyqtgraph's ImageExporter. SVG is painted with Qt's QSvgGenerator:
    pyqtgraph 0.14's SVGExporter cannot parse the paths Qt 6.11 writes (it fails on an
    empty plot), while QSvgGenerator gives the same vector drawing.
    """
    width, height = size
    view = ChartView()
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)  # laid out, never seen
    view.resize(width, height)
    view.show()
    if title:
        view.plotItem.setTitle(title, color=options.foreground)
    view.draw(result, options)
    view.plotItem.setLabel("bottom", _wrap(footnote(result, options, translate)), color=FOOTNOTE_COLOUR,
                           size="8pt")
    view.plotItem.layout.setContentsMargins(6, 6, 12, 14)
    QCoreApplication.processEvents()
    path = Path(path)
    try:
        if fmt == "svg":
            data = _svg(view, width, height, title or "FORGE Desktop chart")
        else:
            data = _png(view, width, height)
        with atomic_file(path, binary=True) as handle:
            handle.write(data)
    finally:
        view.close()
        view.deleteLater()
    return path


def _svg(view: ChartView, width: int, height: int, title: str) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRect(0, 0, width, height))
    generator.setTitle(title)
    painter = QPainter(generator)
    view.render(painter, QRectF(0, 0, width, height), view.viewport().rect())
    painter.end()
    return bytes(buffer.data().data())


def _png(view: ChartView, width: int, height: int) -> bytes:
    exporter = pg.exporters.ImageExporter(view.plotItem)
    exporter.parameters()["width"] = width
    exporter.parameters()["height"] = height
    image = exporter.export(toBytes=True)
    if image.width() != width or image.height() != height:
        image = image.scaled(width, height)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())
