"""The world map's geometry: TopoJSON decoded, Equal Earth, the antimeridian, the shipped
shapes and the app's country codes (forge_desktop/core/world_map.py)."""

from __future__ import annotations

import json
import math
from itertools import pairwise

import pytest

from forge_desktop.core import world_map as wm
from forge_desktop.core.dataset import read_dataset

# ---- Equal Earth ----

# d3-geo 3.1.2's geoEqualEarthRaw(λ, φ) for these points, in radians (node, by hand).
D3_EQUAL_EARTH = {
    (0, 0): (0.0, 0.0),
    (180, 0): (2.7066299836960748, 0.0),
    (0, 90): (0.0, 1.3173627591574133),
    (127, 37.5): (1.7182907744758682, 0.7304011902732526),
    (-77, 38.9): (-1.0331742400264419, 0.7552731777949337),
    (-159.8, -21.2): (-2.3248154484995043, -0.42430072385727924),
}


@pytest.mark.parametrize(("where", "expected"), D3_EQUAL_EARTH.items())
def test_equal_earth_matches_d3(where, expected):
    assert wm.equal_earth(*where) == pytest.approx(expected, abs=1e-12)


def test_equal_earth_origin_extent_and_symmetry():
    assert wm.equal_earth(0, 0) == (0.0, 0.0)
    assert tuple(wm.MAP_BOUNDS) == pytest.approx((-2.70663, -1.31736, 2.70663, 1.31736), abs=1e-5)
    for lon, lat in [(30, 10), (127, 37.5), (179.9, 80), (5, -60)]:
        x, y = wm.equal_earth(lon, lat)
        assert wm.equal_earth(-lon, lat) == pytest.approx((-x, y))
        assert wm.equal_earth(lon, -lat) == pytest.approx((x, -y))
        assert x > 0 and (y > 0) == (lat > 0)  # east is right, north is up: y grows northward


def test_equal_earth_is_monotonic():
    ys = [wm.equal_earth(10, lat)[1] for lat in range(-90, 91)]
    assert all(a < b for a, b in pairwise(ys))
    for lat in (-80, -30, 0, 45, 89):
        xs = [wm.equal_earth(lon, lat)[0] for lon in range(-180, 181, 5)]
        assert all(a < b for a, b in pairwise(xs))


def test_equal_earth_keeps_area():
    """The globe's outline encloses 4π (the unit sphere's area), as an equal-area map's must."""
    outline = wm.sphere_outline(steps=720)
    assert wm.polygon_area((outline,)) == pytest.approx(4 * math.pi, rel=1e-4)


def test_many_latitudes_at_once_and_interpolated_rows_agree_with_one_point():
    lats = [-89.999, -45.5, 0.0, 12.3, 66.6, 90.0]
    for lat, (y, per_degree) in zip(lats, wm._latitude_terms(lats), strict=True):
        assert (100 * per_degree, y) == pytest.approx(wm.equal_earth(100, lat), abs=1e-12)
    # The shipped grid, 100,000 rows: the interpolated rows are off by far less than a pixel.
    topology = {"type": "Topology", "transform": {"scale": [0.0036000360003600037, 0.001736003453784538],
                                                  "translate": [-180, -89.999]},
                "arcs": [[[12345, 0], [777, 1], [1, 31], [1, 1000], [1, 33333], [-100, 40000]]], "objects": {}}
    grid = wm._Grid(topology)
    exact = [wm.equal_earth(lon, lat) for lon, lat in grid.degrees(0)]
    projected = grid.projected()[0]
    assert [c for p in projected for c in p] == pytest.approx([c for p in exact for c in p], abs=1e-6)


# ---- TopoJSON ----

def _two_squares(quantized: bool) -> dict:
    """Two unit squares side by side sharing one arc (x = 1), the right one drawn with that
    arc reversed, and a MultiPolygon of two islands, one with a hole.

    Arc 0: the shared border (1,0)→(1,1); arc 1: the left square's rest (1,1)→(0,1)→(0,0)→(1,0);
    arc 2: the right square's rest (1,0)→(2,0)→(2,1)→(1,1); arcs 3–5: closed rings."""
    absolute = [
        [[1, 0], [1, 1]],
        [[1, 1], [0, 1], [0, 0], [1, 0]],
        [[1, 0], [2, 0], [2, 1], [1, 1]],
        [[10, 10], [14, 10], [14, 14], [10, 14], [10, 10]],
        [[11, 11], [11, 13], [13, 13], [13, 11], [11, 11]],
        [[20, 20], [21, 20], [21, 21], [20, 20]],
    ]
    topology: dict = {
        "type": "Topology",
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 1]], "id": "410", "properties": {"name": "Left"}},
            {"type": "Polygon", "arcs": [[2, ~0]], "id": "840", "properties": {"name": "Right"}},
            {"type": "MultiPolygon", "arcs": [[[3], [4]], [[5]]], "id": "184", "properties": {"name": "Isles"}},
            {"type": "Polygon", "arcs": [[~5]], "properties": {"name": "No code"}},
            {"type": None, "id": "250"},
        ]}},
    }
    if not quantized:
        topology["arcs"] = absolute
        return topology
    # On a grid of quarter degrees from (-5, -5): positions as steps from the one before.
    scale, translate = 0.25, -5.0
    arcs = []
    for arc in absolute:
        cells = [(round((x - translate) / scale), round((y - translate) / scale)) for x, y in arc]
        arcs.append([list(cells[0]), *([b[0] - a[0], b[1] - a[1]] for a, b in pairwise(cells))])
    topology.update(arcs=arcs, transform={"scale": [scale, scale], "translate": [translate, translate]})
    return topology


@pytest.mark.parametrize("quantized", [False, True], ids=["degrees", "quantized"])
def test_decode_shared_and_reversed_arcs(quantized):
    features = {f.name: f for f in wm.decode(_two_squares(quantized))}
    assert list(features) == ["Left", "Right", "Isles", "No code", ""]
    left, right = features["Left"].polygons, features["Right"].polygons
    assert left == (((((1, 0), (1, 1), (0, 1), (0, 0), (1, 0))),),)
    # The shared arc backwards: (1,1)→(1,0), after the right square's own arc ends at (1,1).
    assert right == (((((1, 0), (2, 0), (2, 1), (1, 1), (1, 0))),),)
    assert features["Left"].id == "410" and features["No code"].id is None
    isles = features["Isles"].polygons
    assert len(isles) == 2 and len(isles[0]) == 2  # the first island has a hole
    assert isles[0][1][0] == (11, 11)
    assert features["No code"].polygons == (((((20, 20), (21, 21), (21, 20), (20, 20))),),)
    assert features[""].polygons == ()  # a null geometry: nothing to draw


def test_quantized_arcs_are_delta_decoded():
    arcs = wm.decode_arcs(_two_squares(quantized=True))
    assert arcs[1] == [(1, 1), (0, 1), (0, 0), (1, 0)]
    assert arcs == wm.decode_arcs(_two_squares(quantized=False))


def test_stitch_drops_the_shared_end_points():
    arcs = [[(0, 0), (1, 0)], [(1, 0), (1, 1)], [(0, 0), (1, 1)]]
    assert wm.stitch(arcs, [0, 1, ~2]) == [(0, 0), (1, 0), (1, 1), (0, 0)]
    assert wm.stitch({2: arcs[2]}, [~2]) == [(1, 1), (0, 0)]


def test_build_world_keys_by_alpha3():
    world = wm.build_world(_two_squares(quantized=True))
    assert set(world.countries) == {"KOR", "USA", "COK"}
    assert [shape.name for shape in world.unassigned] == ["No code"]
    assert world.countries["KOR"].name == "Left"
    left, right = world.countries["KOR"], world.countries["USA"]
    # Neighbours meet exactly on their shared border, as projected.
    shared = sorted(set(left.polygons[0][0]) & set(right.polygons[0][0]))
    expected = sorted([wm.equal_earth(1, 0), wm.equal_earth(1, 1)])
    assert [c for p in shared for c in p] == pytest.approx([c for p in expected for c in p])
    assert left.area == pytest.approx(right.area, rel=1e-3)
    assert left.area == pytest.approx((math.pi / 180) ** 2, rel=1e-2)  # a square degree at the equator
    x, y = left.marker
    assert wm.in_polygon(left.polygons[0], x, y)
    assert left.bbox[0] == pytest.approx(0) and left.bbox[2] == pytest.approx(wm.equal_earth(1, 0)[0])
    isles = world.countries["COK"]
    assert len(isles.polygons) == 2
    assert isles.area == pytest.approx(wm.polygon_area(isles.polygons[0]) + wm.polygon_area(isles.polygons[1]))
    assert wm.polygon_area(isles.polygons[0]) < wm.polygon_area((isles.polygons[0][0],))  # the hole is out
    assert not any(shape.small for shape in world.countries.values())  # a square degree is 12,000 km²
    assert all(shape.small for shape in world.unassigned)  # half of one is not


def test_numeric_to_alpha3():
    assert wm.alpha3("410") == "KOR"
    assert wm.alpha3("840") == "USA"
    assert wm.alpha3("184") == "COK"
    assert wm.alpha3("36") == "AUS"  # numeric codes are three digits; a short one is padded
    assert wm.alpha3(None) is None
    assert wm.alpha3("") is None
    assert wm.alpha3("-99") is None
    assert wm.alpha3("999") is None


def test_label_point_of_a_concave_polygon_is_on_its_land():
    u_shape = ((0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3), (0, 0))
    polygon = (u_shape,)
    assert not wm.in_polygon(polygon, 1.5, 1.5)  # inside the U's gap...
    x, y = wm.label_point(polygon)
    assert wm.in_polygon(polygon, x, y)  # ...so the label is moved onto one of its arms
    square = (((0, 0), (2, 0), (2, 2), (0, 2), (0, 0)),)
    assert wm.label_point(square) == pytest.approx((1, 1))


# ---- the antimeridian ----

def test_a_ring_across_the_antimeridian_is_cut_in_two():
    ring = [(170, 10), (-170, 10), (-170, 20), (170, 20), (170, 10)]
    pieces = wm.cut_ring(ring)
    assert len(pieces) == 2
    for piece in pieces:
        assert piece[0] == piece[-1]
        lons = [lon for lon, _ in piece]
        assert max(lons) - min(lons) == pytest.approx(10)
        assert all(abs(b[0] - a[0]) <= 10 for a, b in pairwise(piece))
    assert sorted(round(min(lon for lon, _ in p)) for p in pieces) == [-180, 170]
    # The cut edge follows the meridian, with a point every degree.
    assert sum(1 for lon, _ in pieces[0] + pieces[1] if abs(abs(lon) - 180) < 1e-9) >= 2 * 11


def test_a_ring_that_never_crosses_stays_whole():
    ring = [(10, 10), (20, 10), (20, 20), (10, 10)]
    assert wm.cut_ring(ring) == [ring]


def test_a_ring_round_the_pole_is_closed_along_it():
    coast = [(-180 + 10 * i, -70 + (i % 2)) for i in range(36)] + [(180, -70)]
    coast.append(coast[0])  # lon -180 and 180 are one place
    [piece] = wm.cut_ring(coast)
    assert min(lat for _, lat in piece) == -90  # down to the pole and along it
    assert all(abs(b[0] - a[0]) <= 10 for a, b in pairwise(piece))
    polar_circle = [(180 - 10 * i, -89.999) for i in range(37)]
    assert wm.cut_ring(polar_circle) == []


def test_the_shipped_map_has_no_stripe_across_it():
    """No line of any shape runs more than half way across the map (world-atlas' rings for
    Fiji, Chukotka and Antarctica cross the antimeridian; they must be cut, not drawn across),
    and every point lies on the globe."""
    world = wm.load_world()
    x_max, y_max = wm.MAP_BOUNDS[2], wm.MAP_BOUNDS[3]
    for shape in [*world.countries.values(), *world.unassigned]:
        for polygon in shape.polygons:
            for ring in polygon:
                assert ring[0] == ring[-1]
                assert all(abs(b[0] - a[0]) < wm.MAP_WIDTH / 4 for a, b in pairwise(ring)), shape.name
                assert all(abs(x) <= x_max + 1e-9 and abs(y) <= y_max + 1e-9 for x, y in ring), shape.name
    # Fiji and Russia have land on both sides of the antimeridian, no piece across it.
    for code in ("FJI", "RUS"):
        left, _, right, _ = world.countries[code].bbox
        assert left < -1.5 and right > 1.5
        for polygon in world.countries[code].polygons:
            xs = [x for x, _ in polygon[0]]
            assert max(xs) - min(xs) < wm.MAP_WIDTH / 2
    antarctica = world.countries["ATA"]
    assert antarctica.bbox[1] == pytest.approx(-y_max)  # closed along the pole's line


# ---- the shipped map ----

def test_the_resource_loads_once():
    world = wm.load_world()
    assert wm.load_world() is world  # cached for the process
    assert len(world.countries) > 230
    assert {s.name for s in world.unassigned} == {"Kosovo", "Somaliland", "N. Cyprus", "Siachen Glacier",
                                                  "Indian Ocean Ter."}
    assert world.countries["KOR"].name == "South Korea"
    assert not world.countries["KOR"].small and not world.countries["USA"].small
    # Ashmore and Cartier Islands share Australia's numeric code: one country.
    assert world.countries["AUS"].name == "Australia"
    land = sum(s.area for s in [*world.countries.values(), *world.unassigned])
    assert land / (4 * math.pi) == pytest.approx(0.29, abs=0.01)  # land is 29 % of the Earth


def test_the_shipped_file_is_world_atlas_countries_without_land():
    topology = json.loads((wm.world_dir() / wm.WORLD_FILE).read_bytes())
    assert set(topology["objects"]) == {"countries"}
    assert topology["transform"]["translate"] == [-180, -89.999]
    assert len(topology["objects"]["countries"]["geometries"]) == 241


def _app_country_codes() -> list[str]:
    """Every country code of the curated data: the participants' ``iso3`` and the country
    locations' ``code``."""
    dataset = read_dataset()
    participants = dataset["participants"]
    codes = [p["iso3"] for p in participants if p.get("iso3")]
    assert [p["id"] for p in participants if not p.get("iso3")] == ["european-commission"]
    codes += [loc["code"] for loc in dataset["locations"] if loc["kind"] == "country"]
    return codes


def test_every_country_of_the_records_has_a_shape():
    codes = _app_country_codes()
    assert len(set(codes)) == 56  # 54 delegations, the host and Jamaica
    with_shape, without = wm.shape_status(codes)
    assert without == []
    assert with_shape == list(dict.fromkeys(codes))
    # Too small to see on a world map: drawn as markers (the Cook Islands are in the 50m file).
    countries = wm.load_world().countries
    assert sorted(code for code in with_shape if countries[code].small) == ["BHR", "COK", "SGP"]
    assert countries["COK"].marker == pytest.approx(wm.equal_earth(-159.78, -21.23), abs=0.01)  # Rarotonga


def test_shape_status_keeps_order_and_names_the_missing():
    assert wm.shape_status(["USA", "XKX", "KOR", "USA", "EU"]) == (["USA", "KOR"], ["XKX", "EU"])


def test_load_world_says_what_is_wrong_when_the_file_is_broken(tmp_path, monkeypatch):
    (tmp_path / wm.WORLD_FILE).write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(wm, "world_dir", lambda: tmp_path)
    wm.load_world.cache_clear()
    try:
        with pytest.raises(wm.WorldMapError, match="reinstall"):
            wm.load_world()
    finally:
        monkeypatch.undo()
        wm.load_world.cache_clear()


# ---- thinning ----

def test_simplify_topology_keeps_ends_islands_and_the_grid():
    straight = [[0, 50000], *([1, 0] for _ in range(50))]  # 51 points on the equator
    wiggle = [[0, 50100], [400, 0], [0, 1], [400, 0], [0, 2000], [400, 0]]  # a wiggle too small to see, a bend
    island = [[500, 50500], [1, 0], [0, 1], [-1, 0], [0, -1]]  # a ring by itself, tiny
    pair = [[[600, 50600], [1, 0], [1, 0], [1, 1]], [[602, 50601], [-1, 0], [-1, 0], [0, -1]]]  # a ring of two
    topology = {"type": "Topology", "transform": {"scale": [0.0036, 0.0018], "translate": [-180, -90]},
                "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                    {"type": "Polygon", "arcs": [[2]]}, {"type": "Polygon", "arcs": [[3, 4]]}]}},
                "arcs": [straight, wiggle, island, *pair]}
    thin = wm.simplify_topology(topology, wm.SIMPLIFIED_AREA)
    before, after = wm.decode_arcs(topology), wm.decode_arcs(thin)
    assert after[0] == [before[0][0], before[0][-1]]  # the line: its two ends
    assert after[1][0] == before[1][0] and after[1][-1] == before[1][-1]
    assert 3 <= len(after[1]) < len(before[1])
    assert len(after[2]) == 4 and after[2][0] == after[2][-1]  # the island stays a ring
    assert len(after[3]) == len(after[4]) == 3  # and so does the ring of two arcs
    assert set(after[1]) <= set(before[1])  # points are dropped, never moved
    assert thin["transform"] == topology["transform"]
    with pytest.raises(ValueError, match="quantized"):
        wm.simplify_topology({"arcs": []}, 1.0)
