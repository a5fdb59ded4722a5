"""The world's countries as shapes to draw: Natural Earth's boundaries, projected flat.

The shapes ship with the app (``resources/world/countries-50m.json``, world-atlas 2.0.2's
TopoJSON of Natural Earth's 1:50m Admin 0 countries; see its README); nothing is fetched at
run time. :func:`load_world` decodes that file once per process and projects it with the
Equal Earth projection into a :class:`WorldMap` whose countries are keyed by ISO 3166-1
alpha-3 code, the codes the app's records use.

Coordinates: :func:`equal_earth` maps longitude and latitude in degrees onto a plane in
units of the Earth's radius, with the origin where the equator meets the prime meridian,
x growing eastward and **y growing northward** (a drawing surface whose y grows downward
flips it). The whole world lies within :data:`MAP_BOUNDS`, about 5.41 × 2.63 units. The
projection preserves area: a shape's projected area is its share of the Earth's 4π.

Qt-free (the Qt layer draws it in ``ui/chart/map_view.py``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeAlias

import pycountry

from .errors import ForgeError

Point: TypeAlias = tuple[float, float]
"""A position: (longitude, latitude) in degrees before projection, (x, y) after."""
Ring: TypeAlias = tuple[Point, ...]
"""A closed line of points; the last point repeats the first."""
Polygon: TypeAlias = tuple[Ring, ...]
"""One piece of land: its outer ring first, then the rings of its holes (lakes, enclaves)."""
BBox: TypeAlias = tuple[float, float, float, float]
"""A bounding box: (min x, min y, max x, max y)."""

WORLD_FILE = "countries-50m.json"
"""The shipped TopoJSON, in :func:`world_dir`."""
COUNTRIES_OBJECT = "countries"
"""The name of the TopoJSON object holding the countries."""

# Equal Earth (Šavrič, Patterson & Jenny, 2018), as d3-geo-projection's equalEarthRaw.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2
_X_MAX = math.pi / (_M * _A1)  # x at longitude 180 on the equator: 2.7066
_Y_MAX = (math.pi / 3) * (_A1 + _A2 * (math.pi / 3) ** 2 + (math.pi / 3) ** 6 * (_A3 + _A4 * (math.pi / 3) ** 2))
MAP_BOUNDS: BBox = (-_X_MAX, -_Y_MAX, _X_MAX, _Y_MAX)
"""The projected world's extent: (-2.7066, -1.3173, 2.7066, 1.3173)."""
MAP_WIDTH = 2 * _X_MAX
"""The projected world's width, from longitude -180 to 180 along the equator."""

SMALL_AREA = 2.5e-4
"""A country whose land adds up to less projected area than this is :attr:`CountryShape.small`:
about 10,000 km² (the Earth's 4π units² are 510 million km²), a country of four pixels by
four or less on a map 1,280 pixels wide — Bahrain, Singapore, the Cook Islands, Luxembourg,
Cyprus (9,250 km²); Qatar and Jamaica (11,000 km² and more) are just large enough."""

_EPS = 1e-9  # degrees: a point this close to the antimeridian is on it
_MERIDIAN_STEP = 1.0  # degrees of latitude between the points added along the antimeridian
_POLE_STEP = 5.0  # degrees of longitude between the points added along a pole's line


class WorldMapError(ForgeError):
    """The shipped world map is missing or unreadable: the installation is broken."""


@dataclass(frozen=True)
class Feature:
    """One geometry of a TopoJSON object as decoded, before projection.

    *id* is the geometry's ``id`` (world-atlas: the ISO 3166-1 numeric code, ``"410"``), None
    when it has none; *name* its ``properties.name``; *polygons* its land in (longitude,
    latitude) degrees, each polygon its outer ring and then its holes."""

    id: str | None
    name: str
    polygons: tuple[Polygon, ...]


@dataclass(frozen=True)
class CountryShape:
    """A country as the map draws it, in projected coordinates (see the module's note).

    *code* is its ISO 3166-1 alpha-3 code (``""`` for the few territories Natural Earth
    draws that have none, :attr:`WorldMap.unassigned`); *name* Natural Earth's short English
    name ("South Korea", "Cook Is."), for a label when the app has no better one.
    *polygons* are its pieces of land; *bbox* the box around all of them; *area* their
    projected area, holes taken out. *marker* is where a label or a marker goes: the
    centroid of its largest polygon, or, when a concave polygon's centroid falls outside
    it, the middle of the polygon's widest stretch along the centroid's latitude. *small*:
    too small to see or click on a map of the whole world (:data:`SMALL_AREA`), so the map
    draws it as a marker at *marker*."""

    code: str
    name: str
    polygons: tuple[Polygon, ...]
    bbox: BBox
    marker: Point
    area: float
    small: bool


@dataclass(frozen=True)
class WorldMap:
    """The world ready to draw: the countries by alpha-3 code, and what else there is.

    *unassigned* are shapes Natural Earth draws without an ISO code (Kosovo, Somaliland,
    Northern Cyprus, the Siachen Glacier, Australia's Indian Ocean Territories): drawn as
    land so the map has no holes, never a country of the app. *outline* is the edge of the
    projected globe (the sea), *bounds* the box around it (:data:`MAP_BOUNDS`)."""

    countries: Mapping[str, CountryShape]
    unassigned: tuple[CountryShape, ...]
    outline: Ring
    bounds: BBox


# ---- the projection ----

def _latitude_terms(lat: float) -> tuple[float, float]:
    """For a latitude in degrees: its projected y, and the factor that turns a longitude in
    degrees into x (Equal Earth's x is linear in longitude along a parallel)."""
    theta = math.asin(_M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    x_per_degree = math.radians(math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2))))
    return y, x_per_degree


def equal_earth(lon: float, lat: float) -> Point:
    """The Equal Earth projection of (*lon*, *lat*) in degrees: (x, y) in Earth radii, y northward."""
    y, x_per_degree = _latitude_terms(lat)
    return lon * x_per_degree, y


def _projector() -> Iterator[None]:  # pragma: no cover - a placeholder name for mypy's benefit
    yield None


class _Projection:
    """Equal Earth for many points: the terms of each latitude are worked out once (the
    quantized TopoJSON has a few tens of thousands of distinct latitudes)."""

    def __init__(self) -> None:
        self._terms: dict[float, tuple[float, float]] = {}

    def points(self, points: Iterable[Point]) -> list[Point]:
        terms, out = self._terms, []
        append = out.append
        for lon, lat in points:
            term = terms.get(lat)
            if term is None:
                term = terms[lat] = _latitude_terms(lat)
            append((lon * term[1], term[0]))
        return out


def sphere_outline(steps: int = 90) -> Ring:
    """The edge of the projected globe: the meridians -180 and 180 from pole to pole (their
    ends joined by the straight lines the poles project to), as a closed ring."""
    lats = [90 - 180 * i / steps for i in range(steps + 1)]
    east = [equal_earth(180.0, lat) for lat in lats]
    west = [equal_earth(-180.0, lat) for lat in reversed(lats)]
    return (*east, *west, east[0])


# ---- TopoJSON ----

def decode_arcs(topology: Mapping[str, Any]) -> list[list[Point]]:
    """The topology's arcs as lists of (longitude, latitude).

    In a quantized topology (one with a ``transform``) each arc's first position is an
    integer grid position and every later one the difference from the position before
    (delta encoding); the transform's scale and translate turn grid positions into degrees.
    Without a transform the positions are degrees already."""
    transform = topology.get("transform")
    arcs: list[list[Any]] = topology["arcs"]
    if transform is None:
        return [[(float(p[0]), float(p[1])) for p in arc] for arc in arcs]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    decoded = []
    for arc in arcs:
        x = y = 0
        points = []
        append = points.append
        for position in arc:
            x += position[0]
            y += position[1]
            append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def stitch(arcs: Sequence[Sequence[Point]], indices: Iterable[int]) -> list[Point]:
    """A ring from arcs joined end to start: index *i* is arc *i*, a negative index ``~i``
    (-1 for arc 0) arc *i* backwards. Each arc after the first starts where the one before
    ends, so its first point is dropped. Neighbouring countries share their border's arc."""
    ring: list[Point] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc[1:] if ring else arc)
    return ring


def _polygon_arcs(geometry: Mapping[str, Any]) -> list[list[list[int]]]:
    """A geometry's polygons as lists of rings of arc indices; none for other types."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["arcs"]]
    if kind == "MultiPolygon":
        return list(geometry["arcs"])
    return []  # a point, a line or a null geometry: no land to draw


def _geometries(topology: Mapping[str, Any], name: str) -> Iterator[Mapping[str, Any]]:
    """The geometries of the topology's object *name*, collections opened."""
    stack = [topology["objects"][name]]
    while stack:
        geometry = stack.pop(0)
        if geometry.get("type") == "GeometryCollection":
            stack[:0] = geometry.get("geometries", [])
        else:
            yield geometry


def _identity(geometry: Mapping[str, Any]) -> tuple[str | None, str]:
    raw = geometry.get("id")
    return (None if raw is None else str(raw)), str((geometry.get("properties") or {}).get("name", ""))


def decode(topology: Mapping[str, Any], name: str = COUNTRIES_OBJECT) -> list[Feature]:
    """The polygons of the topology's object *name*, in degrees, as the file has them
    (rings that cross the antimeridian still cross it)."""
    arcs = decode_arcs(topology)
    features = []
    for geometry in _geometries(topology, name):
        code, label = _identity(geometry)
        polygons = tuple(tuple(tuple(stitch(arcs, ring)) for ring in polygon)
                         for polygon in _polygon_arcs(geometry))
        features.append(Feature(code, label, polygons))
    return features


# ---- the antimeridian ----

def _crosses(arc: Sequence[Point]) -> bool:
    """Whether a line steps more than half way round the world between two of its points:
    it crosses the antimeridian (world-atlas keeps Natural Earth's lines whole for spherical
    renderers; a flat map has to cut them)."""
    return any(abs(b[0] - a[0]) > 180 for a, b in pairwise(arc))


def _unwrap(ring: Sequence[Point]) -> list[Point]:
    """The ring with its longitudes made continuous: a step across the antimeridian goes on
    past ±180 instead of jumping to the other edge."""
    out = [ring[0]]
    offset = 0.0
    for (lon0, _), (lon1, lat1) in pairwise(ring):
        step = lon1 - lon0
        if step > 180:
            offset -= 360
        elif step < -180:
            offset += 360
        out.append((lon1 + offset, lat1))
    return out


def _clip(ring: Sequence[Point], lo: float, hi: float) -> list[Point]:
    """The part of a ring between longitudes *lo* and *hi* (Sutherland–Hodgman). A ring that
    leaves the band and comes back is joined along the band's edge."""
    def cut(points: Sequence[Point], edge: float, keep_below: bool) -> list[Point]:
        def inside(p: Point) -> bool:
            return p[0] <= edge + _EPS if keep_below else p[0] >= edge - _EPS

        out: list[Point] = []
        for a, b in pairwise([*points, points[0]] if points else []):
            if inside(b):
                if not inside(a):
                    out.append((edge, a[1] + (b[1] - a[1]) * (edge - a[0]) / (b[0] - a[0])))
                out.append(b)
            elif inside(a):
                out.append((edge, a[1] + (b[1] - a[1]) * (edge - a[0]) / (b[0] - a[0])))
        return out

    return cut(cut(ring, lo, keep_below=False), hi, keep_below=True)


def _densify(ring: Sequence[Point]) -> list[Point]:
    """Points added along the map's edge (the antimeridian, a pole's line) where a cut ring
    follows it, so that the projected edge curves as the globe's outline does."""
    out = [ring[0]]
    for a, b in pairwise(ring):
        on_meridian = abs(abs(a[0]) - 180) < 1e-6 and abs(a[0] - b[0]) < 1e-6
        on_pole = abs(abs(a[1]) - 90) < 1e-6 and abs(a[1] - b[1]) < 1e-6
        if on_meridian or on_pole:
            span = abs(b[1] - a[1]) if on_meridian else abs(b[0] - a[0])
            steps = int(span / (_MERIDIAN_STEP if on_meridian else _POLE_STEP))
            out.extend((a[0] + (b[0] - a[0]) * i / (steps + 1), a[1] + (b[1] - a[1]) * i / (steps + 1))
                       for i in range(1, steps + 1))
        out.append(b)
    return out


def cut_ring(ring: Sequence[Point]) -> list[list[Point]]:
    """A ring in degrees cut at the antimeridian into rings that each stay within
    longitudes -180…180, closed along the cut; a ring that never crosses comes back whole.

    A ring that goes once round a pole (Antarctica's coast) is closed along the pole's line;
    a ring that only circles a pole within 0.1° of it (world-atlas gives Antarctica such
    a ring, a spherical renderer's way of closing it) is no land on a flat map, and is
    dropped."""
    flat = _unwrap(ring)
    winding = flat[-1][0] - flat[0][0]
    if abs(winding) > 180:  # once round a pole
        if all(abs(lat) > 89.9 for _, lat in ring):
            return []
        pole = -90.0 if sum(lat for _, lat in ring) < 0 else 90.0
        flat += [(flat[-1][0], pole), (flat[0][0], pole), flat[0]]
    lons = [lon for lon, _ in flat]
    first, last = math.floor((min(lons) + 180 + _EPS) / 360), math.floor((max(lons) + 180 - _EPS) / 360)
    pieces = []
    for k in range(first, last + 1):
        shift = 360.0 * k
        part = _clip(flat, shift - 180, shift + 180)
        if len(part) < 3 or abs(_signed_area(part)) < 1e-9:
            continue  # nothing, or a line along the band's edge
        part = [(lon - shift, lat) for lon, lat in part]
        part.append(part[0])
        pieces.append(_densify(part))
    return pieces


def _cut_polygon(polygon: Sequence[Sequence[Point]], project: _Projection) -> list[Polygon]:
    """A polygon in degrees whose rings may cross the antimeridian, as projected polygons
    that do not. Cutting may turn one ring into several, or (round a pole) a hole into the
    outer ring, so which ring is whose hole is worked out again: a piece inside another is
    a hole of the smallest piece that holds it."""
    pieces = [project.points(piece) for ring in polygon for piece in cut_ring(ring)]
    pieces.sort(key=lambda ring: -abs(_signed_area(ring)))
    outers: list[list[list[Point]]] = []
    for piece in pieces:
        probe = _inner_vertex(piece)
        holder = next((p for p in reversed(outers) if _in_ring(p[0], *probe)), None)
        if holder is None:
            outers.append([piece])
        else:
            holder.append(piece)
    return [tuple(tuple(ring) for ring in rings) for rings in outers]


def _inner_vertex(ring: Sequence[Point]) -> Point:
    """A vertex of *ring* off the map's edge (a vertex on a cut is shared with its neighbour)."""
    for x, y in ring:
        if abs(y) < _Y_MAX - 1e-6 and abs(x) < _X_MAX * 0.999:
            return x, y
    return ring[0]


# ---- plane geometry ----

def _signed_area(ring: Sequence[Point]) -> float:
    """Twice... no: the signed area of a ring (shoelace; positive anticlockwise)."""
    total = 0.0
    for (x0, y0), (x1, y1) in pairwise(ring):
        total += x0 * y1 - x1 * y0
    if ring and ring[0] != ring[-1]:
        (x0, y0), (x1, y1) = ring[-1], ring[0]
        total += x0 * y1 - x1 * y0
    return total / 2


def _moments(ring: Sequence[Point]) -> tuple[float, float, float]:
    """A closed ring's area and first moments (area·centroid x, area·centroid y), taken positive
    whichever way round the ring runs."""
    a = mx = my = 0.0
    for (x0, y0), (x1, y1) in pairwise(ring):
        cross = x0 * y1 - x1 * y0
        a += cross
        mx += (x0 + x1) * cross
        my += (y0 + y1) * cross
    if a < 0:
        a, mx, my = -a, -mx, -my
    return a / 2, mx / 6, my / 6


def polygon_area(polygon: Polygon) -> float:
    """A polygon's area, its holes taken out."""
    return _moments(polygon[0])[0] - sum(_moments(hole)[0] for hole in polygon[1:])


def _in_ring(ring: Sequence[Point], x: float, y: float) -> bool:
    """Whether (x, y) lies inside a closed ring (even–odd rule)."""
    inside = False
    for (x0, y0), (x1, y1) in pairwise(ring):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def in_polygon(polygon: Polygon, x: float, y: float) -> bool:
    """Whether (x, y) is on the polygon's land: in its outer ring and in none of its holes."""
    return _in_ring(polygon[0], x, y) and not any(_in_ring(hole, x, y) for hole in polygon[1:])


def label_point(polygon: Polygon) -> Point:
    """Where a polygon's label goes: its centroid when that is on its land, otherwise the
    middle of its widest stretch of land along the centroid's latitude."""
    area = mx = my = 0.0
    for i, ring in enumerate(polygon):
        a, x, y = _moments(ring)
        sign = 1.0 if i == 0 else -1.0
        area, mx, my = area + sign * a, mx + sign * x, my + sign * y
    if area <= 0:
        return polygon[0][0]
    cx, cy = mx / area, my / area
    if in_polygon(polygon, cx, cy):
        return cx, cy
    crossings = sorted(x0 + (cy - y0) * (x1 - x0) / (y1 - y0)
                       for ring in polygon for (x0, y0), (x1, y1) in pairwise(ring) if (y0 > cy) != (y1 > cy))
    stretches = list(zip(crossings[::2], crossings[1::2], strict=False))
    if not stretches:
        return polygon[0][0]
    left, right = max(stretches, key=lambda s: s[1] - s[0])
    return (left + right) / 2, cy


def _bbox(polygons: Iterable[Polygon]) -> BBox:
    xs, ys = [], []
    for polygon in polygons:
        ring = polygon[0]
        xs += [min(x for x, _ in ring), max(x for x, _ in ring)]
        ys += [min(y for _, y in ring), max(y for _, y in ring)]
    return min(xs), min(ys), max(xs), max(ys)


def _shape(code: str, name: str, polygons: Sequence[Polygon]) -> CountryShape:
    areas = [polygon_area(p) for p in polygons]
    largest = polygons[max(range(len(polygons)), key=areas.__getitem__)]
    area = sum(areas)
    return CountryShape(code, name, tuple(polygons), _bbox(polygons), label_point(largest), area,
                        area < SMALL_AREA)


# ---- codes ----

def alpha3(numeric: str | None) -> str | None:
    """The ISO 3166-1 alpha-3 code of a numeric one ("410" → "KOR"); None for none or unknown."""
    if not numeric or not numeric.isdigit():
        return None
    country = pycountry.countries.get(numeric=numeric.zfill(3))
    return None if country is None else str(country.alpha_3)


# ---- the world ----

def build_world(topology: Mapping[str, Any], name: str = COUNTRIES_OBJECT) -> WorldMap:
    """The topology's object *name* projected, cut at the antimeridian, keyed by alpha-3.

    Each arc is projected once, however many rings share it; only the rings that use an arc
    crossing the antimeridian are put together in degrees and cut first. Geometries with
    the same code are one country (world-atlas gives Ashmore and Cartier Islands
    Australia's "036")."""
    degrees = decode_arcs(topology)
    project = _Projection()
    projected = [project.points(arc) for arc in degrees]
    crossing = [_crosses(arc) for arc in degrees]
    found: dict[str, list[tuple[str, list[Polygon]]]] = {}
    unassigned: list[CountryShape] = []
    for geometry in _geometries(topology, name):
        numeric, label = _identity(geometry)
        polygons: list[Polygon] = []
        for polygon in _polygon_arcs(geometry):
            if any(crossing[i if i >= 0 else ~i] for ring in polygon for i in ring):
                polygons += _cut_polygon([stitch(degrees, ring) for ring in polygon], project)
            else:
                polygons.append(tuple(tuple(stitch(projected, ring)) for ring in polygon))
        if not polygons:
            continue
        code = alpha3(numeric)
        if code is None:
            unassigned.append(_shape("", label, polygons))
        else:
            found.setdefault(code, []).append((label, polygons))
    countries = {}
    for code, parts in found.items():
        label = max(parts, key=lambda part: sum(polygon_area(p) for p in part[1]))[0]
        countries[code] = _shape(code, label, [p for _, polygons in parts for p in polygons])
    return WorldMap(countries, tuple(unassigned), sphere_outline(), MAP_BOUNDS)


def world_dir() -> Traversable:
    """``resources/world`` inside the installed package, or in a checkout."""
    packaged = resources.files("forge_desktop") / "resources" / "world"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "resources" / "world"


@cache
def load_world() -> WorldMap:
    """The shipped world map, decoded on first use and kept for the process."""
    path = world_dir() / WORLD_FILE
    try:
        topology = json.loads(path.read_bytes())
        return build_world(topology)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise WorldMapError(f"The world map's shapes ({path}) could not be read ({exc}); "
                            "reinstall FORGE Desktop.") from exc


def shape_status(codes: Iterable[str], world: WorldMap | None = None) -> tuple[list[str], list[str]]:
    """*codes* split into those the map has a shape for and those it has none for, each in
    the order given, without repeats. *world* defaults to :func:`load_world`."""
    countries = (world or load_world()).countries
    with_shape: list[str] = []
    without: list[str] = []
    for code in dict.fromkeys(codes):
        (with_shape if code in countries else without).append(code)
    return with_shape, without
