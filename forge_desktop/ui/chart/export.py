"""The chart as a file: :func:`export_chart` renders it offscreen at any size as PNG or SVG
(the window's Export button and the ``chart`` command use it); the dialog asks where."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pyqtgraph as pg
import pyqtgraph.exporters  # pg.exporters: pyqtgraph does not import it itself
from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPicture
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QSpinBox, QWidget

from ...core.counting import Totals
from ...core.exports import atomic_file
from .layout import AXIS_WIDTH, footnote
from .options import ChartOptions
from .view import ChartView

translate = QCoreApplication.translate  # pyside6-lupdate reads translate("context", "text")

FOOTNOTE_COLOUR = "#9aa0a6"  # grey on light and dark alike
FOOTNOTE_POINTS = 8
FOOTNOTE_ROW, PLOT_COLUMN = 4, 1  # of pyqtgraph's PlotItem grid: the bottom axis is row 3


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


def _wrap(text: str, fits: Callable[[str], bool]) -> str:
    """The footnote in lines that *fit* (HTML, for the axis label): broken between its
    parts, and between words where one part alone is too long."""
    lines: list[str] = []
    line = ""
    for part in text.split(" · "):
        joined = f"{line} · {part}" if line else part
        if fits(joined):
            line = joined
            continue
        if line:
            lines.append(line)
            line = ""
        for word in part.split(" "):
            joined = f"{line} {word}" if line else word
            if line and not fits(joined):
                lines.append(line)
                joined = word
            line = joined
    return "<br>".join(html.escape(each, quote=False) for each in [*lines, line])


def export_chart(result: Totals, options: ChartOptions, path: str | Path, fmt: str,
                 size: tuple[int, int] = (1200, 700), title: str | None = None) -> Path:
    """Render the chart offscreen at exactly *size* and write it as PNG or SVG (atomically).

    PNG goes through pyqtgraph's ImageExporter. SVG is painted with Qt's QSvgGenerator:
    pyqtgraph 0.14's SVGExporter cannot parse the paths Qt 6.11 writes (it fails on an
    empty plot), while QSvgGenerator gives the same vector drawing (see :func:`_svg` for the
    one setting that makes it the same).
    """
    width, height = size
    view = ChartView()
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)  # laid out, never seen
    view.resize(width, height)
    view.show()
    if title:
        view.plotItem.setTitle(title, color=options.foreground)
    view.draw(result, options)
    font = QFont()
    font.setPointSize(FOOTNOTE_POINTS)
    metrics, room = QFontMetricsF(font), width - AXIS_WIDTH  # the plot's width, about
    # In a row of its own under the plot: as the bottom axis' label, which pyqtgraph gives
    # four fifths of its height, a note of several lines overlapped the tick labels.
    note = pg.LabelItem(_wrap(footnote(result, options, translate),
                              lambda line: metrics.horizontalAdvance(line) <= room),
                        color=FOOTNOTE_COLOUR, size=f"{FOOTNOTE_POINTS}pt")
    view.plotItem.layout.addItem(note, FOOTNOTE_ROW, PLOT_COLUMN)
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
    """The view painted into an SVG whose user units are the view's pixels.

    The generator must paint at the resolution pyqtgraph's pictures were recorded at. The
    axes and their grid lines (and bars of more than one colour) are cached as QPictures,
    which record at the screen's logical DPI (96 offscreen) and are scaled on replay by the
    ratio of the target's DPI to theirs; QSvgGenerator's default of 72 shrank them to three
    quarters toward the top left, off the bars drawn directly, and shrank every font with
    them. At the pictures' own DPI nothing is rescaled and points size text as in the PNG.
    """
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRect(0, 0, width, height))
    generator.setTitle(title)
    generator.setResolution(QPicture().logicalDpiX())
    painter = QPainter(generator)
    view.render(painter, QRectF(0, 0, width, height), view.viewport().rect())
    painter.end()
    return flatten_scaled_shapes(bytes(buffer.data().data()))


SVG = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
_MATRIX = re.compile(r"matrix\(([^)]*)\)")
_PATH = re.compile(r"(?:[MLCQZ]|\s|-?[\d.]+(?:e[-+]?\d+)?,-?[\d.]+(?:e[-+]?\d+)?)*")  # Qt's: absolute pairs
_PAIR = re.compile(r"(-?[\d.]+(?:e[-+]?\d+)?),(-?[\d.]+(?:e[-+]?\d+)?)")
_SHAPES = {f"{{{SVG}}}{tag}" for tag in ("rect", "polyline", "polygon", "path")}


def flatten_scaled_shapes(svg: bytes) -> bytes:
    """The SVG with every scaled group of shapes written out in the view's pixels.

    Bars are drawn in plot units (dollars), so Qt writes them as tiny rects under a
    transform like ``matrix(168,0,0,-3.3e-08,…)`` and keeps their one-pixel outline thin
    with ``vector-effect="non-scaling-stroke"``. A renderer that ignores that effect
    (librsvg) scales the outline too: 168 pixels of background colour, and the bars vanish.
    As pyqtgraph's own SVGExporter does, the transform is applied to the coordinates and
    dropped. Only groups of shapes whose outline does not scale are rewritten, and only
    for a transform without rotation (all a bar chart has); anything else is left as Qt
    wrote it.
    """
    root = ET.fromstring(svg)
    for group in root.iter(f"{{{SVG}}}g"):
        match = _MATRIX.fullmatch(group.get("transform", ""))
        if match is None:
            continue
        sx, shear_y, shear_x, sy, dx, dy = (float(v) for v in match.group(1).split(","))
        shapes = list(group)
        if (shear_x or shear_y or (sx, sy) == (1, 1) or not shapes
                or not all(_flattenable(shape, group) for shape in shapes)):
            continue
        for shape in shapes:
            _move(shape, sx, sy, dx, dy)
        del group.attrib["transform"]
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode").encode()


def _flattenable(shape: ET.Element, group: ET.Element) -> bool:
    if shape.tag not in _SHAPES or len(shape):
        return False
    if shape.get("vector-effect") != "non-scaling-stroke" and group.get("stroke", "none") != "none":
        return False  # a scaled outline: its width is in plot units, not pixels
    return shape.tag != f"{{{SVG}}}path" or _PATH.fullmatch(shape.get("d", "")) is not None


def _move(shape: ET.Element, sx: float, sy: float, dx: float, dy: float) -> None:
    """Apply x' = sx·x + dx, y' = sy·y + dy to one shape's coordinates."""
    def number(value: float) -> str:
        return format(value, ".7g")

    def pairs(text: str) -> str:
        return _PAIR.sub(lambda m: f"{number(sx * float(m[1]) + dx)},{number(sy * float(m[2]) + dy)}", text)

    if shape.tag == f"{{{SVG}}}rect":
        x, y = sx * float(shape.get("x", 0)) + dx, sy * float(shape.get("y", 0)) + dy
        width, height = sx * float(shape.get("width", 0)), sy * float(shape.get("height", 0))
        shape.set("x", number(min(x, x + width)))
        shape.set("y", number(min(y, y + height)))
        shape.set("width", number(abs(width)))
        shape.set("height", number(abs(height)))
    elif shape.tag == f"{{{SVG}}}path":
        shape.set("d", pairs(shape.get("d", "")))
    else:
        shape.set("points", pairs(shape.get("points", "")))


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
