"""The world map widget: it colours countries by their amounts, a point finds the country
under it, clicks and hovers say which, and it exports as PNG and SVG
(forge_desktop/ui/chart/map_view.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainterPath, QPolygonF

from forge_desktop.core.world_map import equal_earth, load_world
from forge_desktop.ui.chart.map_view import DARK, LIGHT, MapView, Scale, world_paths

AMOUNTS = {"USA": 12_000_000_000, "KOR": 100_000_000, "JPN": 1_000_000, "AUS": 3_000_000_000,
           "SGP": 150_000_000, "COK": 5_000_000, "BHR": None}


@pytest.fixture
def view(qtbot):
    widget = MapView()
    qtbot.addWidget(widget)
    widget.resize(1280, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def pixel(view: MapView, code: str, image: QImage | None = None) -> QColor:
    image = image or view.grab().toImage()
    point = view.country_point(code)
    assert point is not None
    ratio = image.devicePixelRatio()
    return image.pixelColor(round(point.x() * ratio), round(point.y() * ratio))


def sea_point(view: MapView) -> QPointF:
    """The South Pacific, far from land."""
    frame = view._current()
    return frame.transform.map(QPointF(*equal_earth(-130, -35)))


def lightness(colour: QColor) -> float:
    return colour.lightnessF()


# ---- finding countries ----

def test_a_point_finds_the_country_under_it(view):
    view.set_data(AMOUNTS, log=False, dark=False)
    for code in ("KOR", "USA", "AUS", "BRA"):  # Brazil has no amount: still a country to find
        assert view.code_at(view.country_point(code)) == code
    assert view.code_at(sea_point(view)) is None
    assert view.code_at(QPointF(3, 3)) is None  # outside the globe


def test_small_countries_are_markers_found_first(view):
    view.set_data(AMOUNTS, log=False, dark=False)
    assert set(view.marked()) == {"SGP", "COK", "BHR"}  # small, and in the data (BHR without an amount)
    for code in ("COK", "SGP", "BHR"):
        point = view.country_point(code)
        assert view.code_at(point) == code
        assert view.code_at(point + QPointF(5, 3)) == code  # a marker is easier to hit than its island
    # A small country without data is not marked.
    view.set_data({"USA": 5}, log=False, dark=False)
    assert view.marked() == []
    view.set_data({"USA": 5}, log=False, dark=False, selected="COK")
    assert view.marked() == ["COK"]


def test_a_click_says_which_country(qtbot, view):
    view.set_data(AMOUNTS, log=False, dark=False)
    for code in ("KOR", "COK"):
        with qtbot.waitSignal(view.countryClicked, timeout=1000) as clicked:
            qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.country_point(code).toPoint())
        assert clicked.args == [code]
    with qtbot.waitSignal(view.countryClicked, timeout=1000) as clicked:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=sea_point(view).toPoint())
    assert clicked.args == [None]


def test_hovering_says_which_country(qtbot, view):
    view.set_data(AMOUNTS, log=False, dark=False)
    with qtbot.waitSignal(view.countryHovered, timeout=1000) as hovered:
        qtbot.mouseMove(view, view.country_point("USA").toPoint())
    assert hovered.args == ["USA"]
    before = view.grab().toImage()
    with qtbot.waitSignal(view.countryHovered, timeout=1000) as hovered:
        qtbot.mouseMove(view, sea_point(view).toPoint())
    assert hovered.args == [None]
    assert view.grab().toImage() != before  # the hovered outline is gone


# ---- colours ----

def test_more_money_is_further_from_the_background(view):
    view.set_data(AMOUNTS, log=False, dark=False)
    image = view.grab().toImage()
    low, high, none = pixel(view, "JPN", image), pixel(view, "USA", image), pixel(view, "BRA", image)
    assert lightness(high) < lightness(low)  # darker on white
    assert none.name() == LIGHT.no_data.lower()
    assert high.name() == QColor(LIGHT.scale[-1]).name()
    view.set_data(AMOUNTS, log=False, dark=True)
    image = view.grab().toImage()
    low, high, none = pixel(view, "JPN", image), pixel(view, "USA", image), pixel(view, "BRA", image)
    assert lightness(high) > lightness(low)  # lighter on the dark background
    assert none.name() == DARK.no_data.lower()
    assert image.pixelColor(2, 2).name() == DARK.background


def test_log_scale_spreads_the_small_amounts(view):
    view.set_data(AMOUNTS, log=False, dark=False)
    linear = {code: view.colour_of(code) for code in ("USA", "KOR", "JPN")}
    linear_pixel = pixel(view, "KOR")
    view.set_data(AMOUNTS, log=True, dark=False)
    log = {code: view.colour_of(code) for code in ("USA", "KOR", "JPN")}
    # $100M and $1M look alike beside $12B on a linear scale, a decade apart on a log one.
    assert abs(lightness(linear["KOR"]) - lightness(linear["JPN"])) < 0.02
    assert lightness(log["JPN"]) > lightness(log["KOR"]) + 0.1 > lightness(log["USA"]) + 0.1
    assert log["USA"].name() == linear["USA"].name()  # the largest is the end of both
    assert pixel(view, "KOR") != linear_pixel


def test_scale_shares_and_ticks():
    linear = Scale.of([0, 5_000_000, 12_000_000_000, None], log=False)
    assert linear is not None and linear.low == 0
    assert linear.share(6_000_000_000) == pytest.approx(0.5)
    assert linear.ticks() == [0, 5e9, 10e9]
    log = Scale.of([1_000_000, 12_000_000_000], log=True)
    assert log.share(1_000_000) == 0 and log.share(12_000_000_000) == 1
    assert log.share(0) == 0
    assert log.ticks() == [1e6, 1e7, 1e8, 1e9, 1e10]
    assert Scale.of([20_000_000, 800_000_000], log=True).ticks() == [2e7, 5e7, 1e8, 2e8, 5e8]  # under two decades
    assert Scale.of([30_000_000, 80_000_000], log=True).ticks() == [3e7, 8e7]  # no round amount between
    assert Scale.of([None, 0], log=True) is None
    assert Scale.of([7], log=True).share(7) == 1


def test_selected_and_highlighted_countries_are_marked(view):
    view.set_data(AMOUNTS, log=False, dark=False)
    plain = view.grab().toImage()
    view.set_data(AMOUNTS, log=False, dark=False, highlighted=frozenset({"AUS"}))
    hatched = view.grab().toImage()
    centre = view.country_point("AUS")
    row = {hatched.pixelColor(round(centre.x()) + dx, round(centre.y())).name() for dx in range(-20, 20)}
    assert len(row) >= 2  # stripes across the fill
    assert len({plain.pixelColor(round(centre.x()) + dx, round(centre.y())).name() for dx in range(-20, 20)}) == 1
    view.set_data(AMOUNTS, log=False, dark=False, selected="USA")
    assert view.grab().toImage() != plain


def test_no_shape_line_and_message(view):
    view.set_data(AMOUNTS, log=False, dark=False)
    bare = view.grab().toImage()
    view.set_data(AMOUNTS, log=False, dark=False, no_shape=["European Commission"])
    noted = view.grab().toImage()
    bottom = [noted.pixelColor(x, noted.height() - 14).name() for x in range(8, 200)]
    assert any(colour != LIGHT.background for colour in bottom)  # the line of text
    assert all(bare.pixelColor(x, bare.height() - 4).name() == LIGHT.background for x in range(8, 200))
    view.show_message("No dollar amounts in these rows.")
    assert view.colour_of("USA").name() == LIGHT.no_data.lower()
    shown = view.grab().toImage()
    centre = view._current().transform.map(QPointF(0, 0))
    assert shown.pixelColor(centre.toPoint()) != noted.pixelColor(centre.toPoint())
    view.set_data(AMOUNTS, log=False, dark=False)  # the message goes
    assert view._message == ""


# ---- export ----

def test_png_export(view):
    view.set_data(AMOUNTS, log=True, dark=False)
    data = view.render_png(800, 450)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage.fromData(data)
    assert (image.width(), image.height()) == (800, 450)
    frame_point = view._frame_for(800, 450).points["USA"]
    assert image.pixelColor(frame_point.toPoint()).name() == view.colour_of("USA").name()


def test_svg_export_is_xml_with_paths(view):
    view.set_data(AMOUNTS, log=False, dark=True, highlighted=frozenset({"AUS"}), no_shape=["European Commission"])
    root = ET.fromstring(view.render_svg(1000, 560, "Committed USD by country"))
    svg = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{svg}svg"
    assert root.get("viewBox") == "0 0 1000 560"
    assert root.find(f"{svg}title").text == "Committed USD by country"
    assert len(list(root.iter(f"{svg}path"))) > 200  # a path a country, and more
    assert any("No shape" in (text.text or "") for text in root.iter(f"{svg}text"))


# ---- the paths ----

def test_paths_are_built_once_and_hold_every_point():
    paths = world_paths()
    assert world_paths() is paths
    france = load_world().countries["FRA"]
    by_hand = QPainterPath()
    for polygon in france.polygons:
        for ring in polygon:
            by_hand.addPolygon(QPolygonF([QPointF(x, y) for x, y in ring]))
    assert paths.countries["FRA"].elementCount() == by_hand.elementCount()
    assert paths.countries["FRA"].boundingRect() == by_hand.boundingRect()
    assert paths.countries["FRA"].fillRule() == Qt.FillRule.OddEvenFill
    assert set(paths.countries) == set(load_world().countries)
