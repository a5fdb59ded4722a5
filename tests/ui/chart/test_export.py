"""Export: a valid PNG or SVG of exactly the asked size, written atomically."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer
from sqlalchemy.orm import Session

from forge_desktop.core.query import Query
from forge_desktop.ui.chart import ChartOptions, chart_totals, export_chart
from forge_desktop.ui.chart.export import _wrap


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
    text = " · ".join(["x" * 50, "y" * 50, "z" * 50])
    assert _wrap(text) == f"{'x' * 50} · {'y' * 50}<br>{'z' * 50}"
    assert _wrap("short · note") == "short · note"
