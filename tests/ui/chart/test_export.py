"""Export: a valid PNG or SVG of exactly the asked size, written atomically."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from sqlalchemy.orm import Session

from forge_desktop.core.query import Query
from forge_desktop.ui.chart import ChartOptions, chart_totals, export_chart
from forge_desktop.ui.chart.export import _wrap, flatten_scaled_shapes
from forge_desktop.ui.chart.options import STAGE_COLOURS


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_export_is_a_valid_file_of_the_asked_size(qtbot, engine, tmp_path, fmt):
    with Session(engine) as session:
        result = chart_totals(session, Query("financing"), ChartOptions())
    path = export_chart(result, ChartOptions(), tmp_path / f"chart.{fmt}", fmt, (800, 500))
    if fmt == "png":
        image = QImage(str(path))
        assert (image.width(), image.height()) == (800, 500)
    else:
        renderer = QSvgRenderer(str(path))
        assert renderer.isValid()
        box = renderer.viewBox()
        assert (box.width(), box.height()) == (800, 500)
        assert "EXIM" in path.read_text(encoding="utf-8")  # text stays text in the SVG
    assert not list(tmp_path.glob("*.part"))


def test_the_footnote_wraps_between_its_parts():
    def fits(line: str) -> bool:
        return len(line) <= 110

    text = " · ".join(["x" * 50, "y" * 50, "z" * 50])
    assert _wrap(text, fits) == f"{'x' * 50} · {'y' * 50}<br>{'z' * 50}"
    assert _wrap("short · note", fits) == "short · note"


def test_a_footnote_part_longer_than_a_line_wraps_between_its_words():
    """A note naming long aggregates is one part wider than the chart: once cut at both edges."""
    words = " ".join(["word"] * 30)  # 149 characters; eight of them make a line of 39
    wrapped = _wrap(f"short · {words} · a < b", lambda line: len(line) <= 40)
    eight, six = " ".join(["word"] * 8), " ".join(["word"] * 6)
    assert wrapped.split("<br>") == ["short", eight, eight, eight, f"{six} · a &lt; b"]  # HTML: text stays text


def rgb(image: QImage) -> np.ndarray:
    """The image's pixels as a (height, width, 3) array of ints."""
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height = image.width(), image.height()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(height, image.bytesPerLine())
    return rows[:, : width * 3].reshape(height, width, 3).astype(int)


def rasterised(path, size: tuple[int, int]) -> QImage:
    """The SVG as QtSvg draws it, on white, at *size*."""
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    QSvgRenderer(str(path)).render(painter)
    painter.end()
    return image


def runs(flags: np.ndarray, gap: int = 3) -> list[tuple[int, int]]:
    """The first and last index of each stretch of True, stretches up to *gap* apart joined
    (a faint grid line across a bar does not cut it in two)."""
    found: list[tuple[int, int]] = []
    for index in np.flatnonzero(flags):
        if found and index - found[-1][1] <= gap + 1:
            found[-1] = (found[-1][0], int(index))
        else:
            found.append((int(index), int(index)))
    return found


def boxes(pixels: np.ndarray, colour: str) -> list[tuple[int, int, int, int]]:
    """Left, right, top and bottom of each block of *colour*: the bars' segments in it and its
    legend swatch. A row belongs to a block when most of it has the colour: a smoothed edge
    of a neighbouring colour can pass for it, a pixel or a line at a time."""
    target = np.array(QColor(colour).getRgb()[:3])
    mask = np.all(np.abs(pixels - target) <= 24, axis=2)
    found = []
    for left, right in runs(mask.sum(axis=0) >= 3):
        for top, bottom in runs(mask[:, left: right + 1].sum(axis=1) > (right - left + 1) / 2):
            if bottom - top >= 2:
                found.append((left, right, top, bottom))
    return found


def axes(pixels: np.ndarray) -> tuple[int, int, int, int]:
    """The x axis' row, the y axis' column and the rows the y axis spans: the row and the
    column with the most dark pixels. (Dark, not the axis' colour: QtSvg smooths a one-pixel
    line over two lighter ones; the faint grid stays lighter still.)"""
    dark = np.all(pixels < 170, axis=2)
    row, column = int(dark.sum(axis=1).argmax()), int(dark.sum(axis=0).argmax())
    top, bottom = max(runs(dark[:, column], gap=0), key=lambda run: run[1] - run[0])
    return row, column, top, bottom


def test_the_svg_draws_the_same_chart_as_the_png(qtbot, engine, tmp_path):
    """The same bars, axes and legend, where the PNG has them: an SVG once drew its axes and
    grid at three quarters of the size, off the bars they measure."""
    size = (1000, 560)
    with Session(engine) as session:
        result = chart_totals(session, Query("financing"), ChartOptions())
    png = rgb(QImage(str(export_chart(result, ChartOptions(), tmp_path / "chart.png", "png", size))))
    svg = rgb(rasterised(export_chart(result, ChartOptions(), tmp_path / "chart.svg", "svg", size), size))

    png_axes, svg_axes = axes(png), axes(svg)
    assert png_axes[3] - png_axes[2] > size[1] / 2  # the y axis found: most of the height
    assert np.abs(np.subtract(png_axes, svg_axes)).max() <= 2, (png_axes, svg_axes)
    for stage in ("approved", "committed", "funded", "letter_of_intent"):
        in_png, in_svg = boxes(png, STAGE_COLOURS[stage]), boxes(svg, STAGE_COLOURS[stage])
        assert in_png, stage
        assert len(in_png) == len(in_svg), (stage, in_png, in_svg)
        for drawn_png, drawn_svg in zip(in_png, in_svg, strict=True):
            assert np.abs(np.subtract(drawn_png, drawn_svg)).max() <= 2, (stage, drawn_png, drawn_svg)
    # The file itself has the bars in the viewBox's pixels, not in dollars under a scaling
    # transform that a renderer without non-scaling strokes (librsvg) paints over in white.
    written = written_rects((tmp_path / "chart.svg").read_text(encoding="utf-8"), STAGE_COLOURS["approved"])
    painted = boxes(png, STAGE_COLOURS["approved"])  # EXIM's bar, the legend's swatch
    assert written, "the bar is under a transform"
    assert np.abs(np.subtract(min(written), painted[0])).max() <= 3, (written, painted)


def written_rects(svg: str, colour: str) -> list[tuple[float, float, float, float]]:
    """Left, right, top and bottom of each rect the SVG fills with *colour* in its own units
    (not under a transform)."""
    found = []
    for group in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}g"):
        if group.get("fill", "").lower() == colour.lower() and "transform" not in group.attrib:
            for rect in group.iter("{http://www.w3.org/2000/svg}rect"):
                x, y, w, h = (float(rect.get(k)) for k in ("x", "y", "width", "height"))
                found.append((x, x + w, y, y + h))
    return found


def test_scaled_shapes_are_written_in_pixels_and_the_rest_is_left_alone():
    svg = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
<g fill="#ff0000" stroke="#ffffff" transform="matrix(10,0,0,-1e-08,50,90)">
<rect vector-effect="non-scaling-stroke" x="-0.5" y="0" width="1" height="5e+09"/>
<polyline vector-effect="non-scaling-stroke" points="0,0 1,2e+09 "/>
<path vector-effect="non-scaling-stroke" d="M0,0 L1,1e+09 C2,0 3,0 4,1e+09 Z "/>
</g>
<g stroke="#000000" transform="matrix(10,0,0,-1e-08,50,90)"><rect x="0" y="0" width="1" height="1"/></g>
<g transform="matrix(0,-1,1,0,5,60)"><rect vector-effect="non-scaling-stroke" x="0" y="0" width="2" height="2"/></g>
<g transform="matrix(1,0,0,1,5,6)"><text x="1" y="2">EXIM</text></g>
</svg>"""
    root = ET.fromstring(flatten_scaled_shapes(svg))
    scaled, outlined, rotated, text = root
    assert "transform" not in scaled.attrib
    rect, polyline, path = scaled
    assert {k: rect.get(k) for k in ("x", "y", "width", "height")} == {
        "x": "45", "y": "40", "width": "10", "height": "50"}  # upright: y from the top
    assert polyline.get("points") == "50,90 60,70 "
    assert path.get("d") == "M50,90 L60,80 C70,90 80,90 90,80 Z "
    # A scaled outline, a rotation, text: as Qt wrote them.
    for group in (outlined, rotated, text):
        assert "transform" in group.attrib
    assert outlined[0].get("height") == "1" and text[0].text == "EXIM"
