"""The world's countries as shapes to draw: Natural Earth's boundaries, projected flat.

The shapes ship with the app (``resources/world/countries-50m.json``: world-atlas 2.0.2's
TopoJSON of Natural Earth's 1:50m Admin 0 countries, thinned for a map of the whole world
by :func:`simplify_topology`; see that folder's README); nothing is fetched at run time.
:func:`load_world` decodes the file once per process and projects it with the Equal Earth
projection into a :class:`WorldMap` whose countries are keyed by ISO 3166-1 alpha-3 code,
the codes the app's records use.

Coordinates: :func:`equal_earth` maps longitude and latitude in degrees onto a plane in
units of the Earth's radius, with the origin where the equator meets the prime meridian,
x growing eastward and **y growing northward** (a drawing surface whose y grows downward
flips it). The whole world lies within :data:`MAP_BOUNDS`, about 5.41 × 2.63 units. The
projection keeps areas: a shape's projected area is its share of the Earth's 4π.

world-atlas keeps Natural Earth's lines whole across the antimeridian, for renderers that
draw on the sphere; a flat map cuts them there (:func:`cut_ring`), or Fiji and Chukotka
would smear a stripe across the map.

Qt-free: the Qt layer draws it (``ui/chart/map_view.py``).
"""

from __future__ import annotations

import gc
import heapq
import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from itertools import accumulate, chain, pairwise, repeat
from operator import add, and_, itemgetter, mul, rshift, sub
from pathlib import Path
from typing import Any, TypeAlias

import pycountry

from .errors import ForgeError

Point: TypeAlias = tuple[float, float]
"""A position: (longitude, latitude) in degrees before projection, (x, y) after."""
Ring: TypeAlias = tuple[Point, ...]
"""A closed line of points: the last point repeats the first."""
Polygon: TypeAlias = tuple[Ring, ...]
"""One piece of land: its outer ring first, then the rings of its holes (lakes, enclaves)."""
BBox: TypeAlias = tuple[float, float, float, float]
"""A box: (min x, min y, max x, max y)."""

WORLD_FILE = "countries-50m.json"
"""The shipped TopoJSON, in :func:`world_dir`."""
COUNTRIES_OBJECT = "countries"
"""The TopoJSON object that holds the countries."""

# Equal Earth (Šavrič, Patterson & Jenny, 2018), as d3-geo-projection's equalEarthRaw.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2
_RADIAN = math.pi / 180
_X_MAX = math.pi / (_M * _A1)  # longitude 180 on the equator
_THETA_POLE = math.pi / 3  # asin(M · sin 90°)
_Y_MAX = _THETA_POLE * (_A1 + _A2 * _THETA_POLE ** 2 + _THETA_POLE ** 6 * (_A3 + _A4 * _THETA_POLE ** 2))
MAP_BOUNDS: BBox = (-_X_MAX, -_Y_MAX, _X_MAX, _Y_MAX)
"""The projected world's extent, about (-2.7066, -1.3173, 2.7066, 1.3173)."""
MAP_WIDTH = 2 * _X_MAX
"""The projected world's width: the equator from longitude -180 to 180."""

SMALL_AREA = 2.5e-4
"""A country whose land adds up to less projected area than this is :attr:`CountryShape.small`:
about 10,000 km² (the Earth's 4π units² are 510 million km²), four pixels by four or less
on a map 1,280 pixels wide. Bahrain, Singapore, the Cook Islands, Luxembourg and Cyprus are
small; Qatar and Jamaica (11,000 km²) just are not."""

SIMPLIFIED_AREA = 5e-6
"""The *min_area* the shipped file was thinned with (:func:`simplify_topology`), in projected
units²: a quarter of a square pixel on a map 1,280 pixels wide, two and a half on one 3,840
wide. It keeps 19,225 of world-atlas' 80,617 points: load_world takes a quarter of the time."""

_ROW_SHIFT = 5  # log2 of the grid rows between the latitudes projected exactly (_Grid.projected)
_EDGE = 1e-6  # degrees: a point this close to the antimeridian or a pole is on the map's edge
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

    *code* is its ISO 3166-1 alpha-3 code (``""`` for the few territories Natural Earth draws
    without one, :attr:`WorldMap.unassigned`); *name* Natural Earth's short English name
    ("South Korea", "Cook Is."), for when the app has no better one. *polygons* are its
    pieces of land; *bbox* the box round all of them; *area* their projected area, holes
    taken out. *marker* is where its label or marker goes: the centroid of its largest
    polygon or, when that polygon is so concave its centroid falls outside it, the middle
    of its widest stretch along the centroid's latitude. *small*: too small to see or click
    on a map of the whole world (:data:`SMALL_AREA`); the map draws a marker at *marker*."""

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
    Northern Cyprus, the Siachen Glacier, Australia's Indian Ocean Territories): land, so
    the map has no holes, but no country of the app. *outline* is the edge of the projected
    globe (where the sea ends), *bounds* the box round it (:data:`MAP_BOUNDS`)."""

    countries: Mapping[str, CountryShape]
    unassigned: tuple[CountryShape, ...]
    outline: Ring
    bounds: BBox


# ---- the projection ----

def equal_earth(lon: float, lat: float) -> Point:
    """The Equal Earth projection of (*lon*, *lat*) in degrees: (x, y) in Earth radii, y northward.

    Longitudes beyond ±180 carry on past the map's edge (x is linear in longitude)."""
    theta = math.asin(_M * math.sin(lat * _RADIAN))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lon * _RADIAN * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    return x, theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))


def _latitude_terms(lats: Sequence[float]) -> Iterator[tuple[float, float]]:
    """For each latitude in degrees: its projected y, and the factor that turns a longitude
    in degrees into x along that parallel — :func:`equal_earth` for many points at once,
    worked out in passes over the whole list (a loop per point costs twice as much)."""
    theta = list(map(math.asin, map(_M.__mul__, map(math.sin, map(_RADIAN.__mul__, lats)))))
    t2 = list(map(mul, theta, theta))
    t6 = list(map(mul, map(mul, t2, t2), t2))
    ys = [t * (_A1 + _A2 * a + b * (_A3 + _A4 * a)) for t, a, b in zip(theta, t2, t6, strict=True)]
    per_degree = [_RADIAN * c / (_M * (_A1 + 3 * _A2 * a + b * (7 * _A3 + 9 * _A4 * a)))
                  for c, a, b in zip(map(math.cos, theta), t2, t6, strict=True)]
    return zip(ys, per_degree, strict=True)


def _project(points: Sequence[Point]) -> list[Point]:
    """:func:`equal_earth` of many points."""
    lons, lats = zip(*points, strict=True)
    terms = list(_latitude_terms(lats))
    return list(zip(map(mul, lons, map(itemgetter(1), terms)), map(itemgetter(0), terms), strict=True))


def sphere_outline(steps: int = 90) -> Ring:
    """The edge of the projected globe as a closed ring: the meridian 180 from pole to pole,
    then -180 back (the poles project to straight lines, which join their ends)."""
    lats = [90 - 180 * i / steps for i in range(steps + 1)]
    east = [equal_earth(180.0, lat) for lat in lats]
    west = [equal_earth(-180.0, lat) for lat in reversed(lats)]
    return (*east, *west, east[0])


# ---- TopoJSON ----

class _Grid:
    """A topology's arcs as absolute positions on its grid, one list of xs and one of ys per
    arc, with the transform to degrees (lon = x·sx + tx, lat = y·sy + ty).

    In a quantized topology (one with a ``transform``) each arc's first position is a point
    of an integer grid and every later one the step from the position before (delta
    encoding); without a transform the positions are degrees already."""

    def __init__(self, topology: Mapping[str, Any]) -> None:
        transform = topology.get("transform")
        self.arcs: list[tuple[list[float], list[float]]] = []
        for arc in topology["arcs"]:
            xs, ys, *_ = zip(*arc, strict=True) if arc else ((), ())
            self.arcs.append((list(accumulate(xs)), list(accumulate(ys))) if transform else (list(xs), list(ys)))
        self.quantized = bool(transform)
        if transform:
            (self.sx, self.sy), (self.tx, self.ty) = transform["scale"], transform["translate"]
        else:
            self.sx = self.sy = 1.0
            self.tx = self.ty = 0.0

    def degrees(self, index: int) -> list[Point]:
        """Arc *index* in degrees."""
        xs, ys = self.arcs[index]
        return list(zip(map(add, map(mul, xs, repeat(self.sx)), repeat(self.tx)),
                        map(add, map(mul, ys, repeat(self.sy)), repeat(self.ty)), strict=True))

    def crosses(self, index: int) -> bool:
        """Whether arc *index* steps more than half way round the world between two of its
        points: it crosses the antimeridian."""
        xs = self.arcs[index][0]
        return len(xs) > 1 and max(map(abs, map(sub, xs[1:], xs))) * self.sx > 180

    def projected(self) -> list[list[Point]]:
        """Every arc projected, all points in one pass. On a fine quantized grid the terms
        of a row (a latitude) are interpolated between rows 32 apart (0.06° on world-atlas'
        grid; 0.1° at most), which is off by less than 3e-7 Earth radii, a thousandth of a
        pixel on a map 4,000 pixels wide, and costs half as much as working them out."""
        xs = list(chain.from_iterable(xs for xs, _ in self.arcs))
        ys = list(chain.from_iterable(ys for _, ys in self.arcs))
        if self.quantized and self.sy * (1 << _ROW_SHIFT) <= 0.1:
            heights, per_degree = self._row_terms(ys)
        else:
            terms = list(_latitude_terms([y * self.sy + self.ty for y in ys]))
            heights, per_degree = list(map(itemgetter(0), terms)), list(map(itemgetter(1), terms))
        lons = map(add, map(mul, xs, repeat(self.sx)), repeat(self.tx))
        points = list(zip(map(mul, lons, per_degree), heights, strict=True))
        ends = list(accumulate(len(xs) for xs, _ in self.arcs))
        return [points[a:b] for a, b in zip([0, *ends], ends, strict=False)]

    def _row_terms(self, rows: list[Any]) -> tuple[list[float], list[float]]:
        """The terms (see :func:`_latitude_terms`) of integer grid rows, interpolated
        linearly between exact ones every ``2 ** _ROW_SHIFT`` rows."""
        if not rows:
            return [], []
        base, top = min(rows) >> _ROW_SHIFT, max(rows) >> _ROW_SHIFT
        nodes = list(_latitude_terms([((base + i) << _ROW_SHIFT) * self.sy + self.ty
                                      for i in range(top - base + 2)]))
        y0, k0 = list(map(itemgetter(0), nodes)), list(map(itemgetter(1), nodes))
        dy, dk = list(map(sub, y0[1:], y0)), list(map(sub, k0[1:], k0))
        node = list(map(sub, map(rshift, rows, repeat(_ROW_SHIFT)), repeat(base)))
        share = list(map(mul, map(and_, rows, repeat((1 << _ROW_SHIFT) - 1)), repeat(1 / (1 << _ROW_SHIFT))))
        return (list(map(add, map(y0.__getitem__, node), map(mul, map(dy.__getitem__, node), share))),
                list(map(add, map(k0.__getitem__, node), map(mul, map(dk.__getitem__, node), share))))


def decode_arcs(topology: Mapping[str, Any]) -> list[list[Point]]:
    """The topology's arcs as lists of (longitude, latitude) degrees, delta encoding and
    quantization undone."""
    grid = _Grid(topology)
    return [grid.degrees(i) for i in range(len(grid.arcs))]


def stitch(arcs: Sequence[Sequence[Point]] | Mapping[int, Sequence[Point]], indices: Iterable[int]) -> list[Point]:
    """A ring from arcs joined end to start: index *i* is arc *i*, a negative index ``~i``
    (-1 for arc 0) arc *i* backwards. Each arc after the first starts where the one before
    ends, so its first point is dropped. Neighbouring countries share their border's arc.
    *arcs* may be all of them or some by index."""
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
    return []  # a point, a line or a null geometry: no land


def _geometries(topology: Mapping[str, Any], name: str) -> Iterator[Mapping[str, Any]]:
    """The geometries of the topology's object *name*, collections opened, in order."""
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
    """The polygons of the topology's object *name* in degrees, as the file has them (a ring
    that crosses the antimeridian still does)."""
    arcs = decode_arcs(topology)
    features = []
    for geometry in _geometries(topology, name):
        code, label = _identity(geometry)
        polygons = tuple(tuple(tuple(stitch(arcs, ring)) for ring in polygon)
                         for polygon in _polygon_arcs(geometry))
        features.append(Feature(code, label, polygons))
    return features


# ---- thinning (how the shipped file was made) ----

def _triangle(a: Point, b: Point, c: Point) -> float:
    return abs((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])) / 2


def _keep(points: Sequence[Point], min_area: float, min_inner: int) -> list[int]:
    """Which points of a line Visvalingam–Whyatt keeps: the point that spans the smallest
    triangle with its neighbours goes first, its neighbours' triangles are worked out again
    (never smaller than the one removed), until every triangle left spans *min_area* or
    more, or only *min_inner* points are left between the two ends (which always stay)."""
    n = len(points)
    if n <= 2 + min_inner:
        return list(range(n))
    before, after = list(range(-1, n - 1)), list(range(1, n + 1))
    weight = [math.inf] * n
    for i in range(1, n - 1):
        weight[i] = _triangle(points[i - 1], points[i], points[i + 1])
    heap = [(weight[i], i) for i in range(1, n - 1)]
    heapq.heapify(heap)
    removed = [False] * n
    left = n - 2
    while heap and left > min_inner:
        w, i = heapq.heappop(heap)
        if removed[i] or w != weight[i]:
            continue  # gone already, or an entry from before its weight changed
        if w >= min_area:
            break
        removed[i] = True
        left -= 1
        b, a = before[i], after[i]
        after[b], before[a] = a, b
        for j in (b, a):
            if 0 < j < n - 1:
                weight[j] = max(w, _triangle(points[before[j]], points[j], points[after[j]]))
                heapq.heappush(heap, (weight[j], j))
    return [i for i in range(n) if not removed[i]]


def _inner_points_needed(topology: Mapping[str, Any]) -> dict[int, int]:
    """For each arc some ring is made of, how many inner points it must keep so that none
    of its rings collapses into a line: a ring needs three points besides its closing one,
    and the arcs of a ring of one arc give it one end, of two arcs two."""
    needed: dict[int, int] = {}
    for name in topology.get("objects", {}):
        for geometry in _geometries(topology, name):
            for polygon in _polygon_arcs(geometry):
                for ring in polygon:
                    for index in ring:
                        arc = index if index >= 0 else ~index
                        needed[arc] = max(needed.get(arc, 0), {1: 2, 2: 1}.get(len(ring), 0))
    return needed


def simplify_topology(topology: Mapping[str, Any], min_area: float) -> dict[str, Any]:
    """A copy of a quantized topology with fewer points, for a map of the whole world.

    Each arc is thinned once (Visvalingam–Whyatt on its Equal Earth projection, *min_area*
    in projected units²; see :data:`SIMPLIFIED_AREA`), so neighbours keep one border. An
    arc's two ends always stay, and so do enough of its most telling inner points that no
    ring, however small, collapses into a line (an island of one arc keeps two). Points are
    only dropped: those left keep their place on the grid."""
    if "transform" not in topology:
        raise ValueError("simplify_topology thins a quantized topology (one with a transform)")
    grid = _Grid(topology)
    needed = _inner_points_needed(topology)
    arcs = []
    for index, (xs, ys) in enumerate(grid.arcs):
        cells = list(zip(map(int, xs), map(int, ys), strict=True))
        flat = [equal_earth(lon, lat) for lon, lat in _unwrap(grid.degrees(index))] if cells else []
        kept = [cells[i] for i in _keep(flat, min_area, needed.get(index, 0))]
        arcs.append([[*kept[0]], *([b[0] - a[0], b[1] - a[1]] for a, b in pairwise(kept))] if kept else [])
    return {**topology, "arcs": arcs}


# ---- the antimeridian ----

def _unwrap(ring: Sequence[Point]) -> list[Point]:
    """The line with its longitudes made continuous: a step across the antimeridian goes on
    past ±180 instead of jumping to the other edge."""
    if not ring:
        return []
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
    """The part of a ring between longitudes *lo* and *hi* (Sutherland–Hodgman): a ring that
    leaves the band and comes back is joined along the band's edge."""
    def cut(points: Sequence[Point], edge: float, keep_below: bool) -> list[Point]:
        def inside(p: Point) -> bool:
            return p[0] <= edge + _EDGE if keep_below else p[0] >= edge - _EDGE

        def meet(a: Point, b: Point) -> Point:
            return edge, a[1] + (b[1] - a[1]) * (edge - a[0]) / (b[0] - a[0])

        out: list[Point] = []
        for a, b in pairwise([*points, points[0]] if points else []):
            if inside(b):
                if not inside(a):
                    out.append(meet(a, b))
                out.append(b)
            elif inside(a):
                out.append(meet(a, b))
        return out

    return cut(cut(ring, lo, keep_below=False), hi, keep_below=True)


def _densify(ring: Sequence[Point]) -> list[Point]:
    """Points added where a cut ring runs along the map's edge (the antimeridian, a pole's
    line), so that the projected edge curves as the globe's outline does."""
    out = [ring[0]]
    for a, b in pairwise(ring):
        on_meridian = abs(abs(a[0]) - 180) < _EDGE and abs(a[0] - b[0]) < _EDGE
        on_pole = abs(abs(a[1]) - 90) < _EDGE and abs(a[1] - b[1]) < _EDGE
        if on_meridian or on_pole:
            span = abs(b[1] - a[1]) / _MERIDIAN_STEP if on_meridian else abs(b[0] - a[0]) / _POLE_STEP
            steps = int(span) + 1
            out.extend((a[0] + (b[0] - a[0]) * i / steps, a[1] + (b[1] - a[1]) * i / steps)
                       for i in range(1, steps))
        out.append(b)
    return out


def cut_ring(ring: Sequence[Point]) -> list[list[Point]]:
    """A closed ring in degrees cut at the antimeridian into closed rings that each stay
    within longitudes -180…180, joined along the cut; a ring that never crosses it comes
    back whole.

    A ring that goes once round a pole (Antarctica's coast) is closed along the pole's line.
    A ring that only circles a pole within 0.1° of it (world-atlas gives Antarctica one, a
    spherical renderer's way of closing it) is no land on a flat map and is dropped."""
    flat = _unwrap(ring)
    if abs(flat[-1][0] - flat[0][0]) > 180:  # once round a pole
        if all(abs(lat) > 89.9 for _, lat in ring):
            return []
        pole = -90.0 if sum(lat for _, lat in ring) < 0 else 90.0
        flat += [(flat[-1][0], pole), (flat[0][0], pole), flat[0]]
    lons = [lon for lon, _ in flat]
    first = math.floor((min(lons) + 180 + _EDGE) / 360)
    last = math.floor((max(lons) + 180 - _EDGE) / 360)
    pieces = []
    for band in range(first, last + 1):
        shift = 360.0 * band
        inside = shift - 180 - _EDGE <= min(lons) and max(lons) <= shift + 180 + _EDGE
        part = list(flat) if inside else _clip(flat, shift - 180, shift + 180)
        if len(part) < 3 or _area(part) < 1e-9:
            continue  # nothing of the ring, or a line along the band's edge
        part = [(lon - shift, lat) for lon, lat in part]
        if part[0] != part[-1]:
            part.append(part[0])
        pieces.append(_densify(part))
    return pieces


def _cut_polygon(polygon: Sequence[Sequence[Point]]) -> list[Polygon]:
    """A polygon in degrees whose rings may cross the antimeridian, as projected polygons
    that do not. Cutting can make one ring several, or (round a pole) a hole the outer
    ring, so which ring is whose hole is worked out afresh: a piece inside another is a
    hole of the smallest piece that holds it."""
    pieces = [_project(piece) for ring in polygon for piece in cut_ring(ring)]
    pieces.sort(key=_area, reverse=True)
    outers: list[list[list[Point]]] = []
    for piece in pieces:
        x, y = _inner_vertex(piece)
        holder = next((rings for rings in reversed(outers) if _in_ring(rings[0], x, y)), None)
        if holder is None:
            outers.append([piece])
        else:
            holder.append(piece)
    return [tuple(tuple(ring) for ring in rings) for rings in outers]


def _inner_vertex(ring: Sequence[Point]) -> Point:
    """A vertex of *ring* off the map's edge (a vertex on a cut is on its neighbour's too)."""
    for x, y in ring:
        if abs(y) < _Y_MAX - 1e-6 and abs(x) < _X_MAX * 0.999:
            return x, y
    return ring[0]


# ---- plane geometry ----

def _area(ring: Sequence[Point]) -> float:
    """A closed ring's area, whichever way round it runs (shoelace formula)."""
    if len(ring) < 3:
        return 0.0
    xs, ys = zip(*ring, strict=True)
    twice: float = sum(map(mul, xs, ys[1:])) - sum(map(mul, xs[1:], ys))
    return abs(twice) / 2


def polygon_area(polygon: Polygon) -> float:
    """A polygon's area, its holes taken out."""
    return _area(polygon[0]) - sum(map(_area, polygon[1:]))


def _moments(ring: Sequence[Point]) -> tuple[float, float, float]:
    """A closed ring's area and first moments (area × centroid's x, area × centroid's y),
    taken positive whichever way round it runs."""
    xs, ys = zip(*ring, strict=True)
    cross = list(map(sub, map(mul, xs, ys[1:]), map(mul, xs[1:], ys)))
    a = sum(cross) / 2
    mx = sum(map(mul, map(add, xs, xs[1:]), cross)) / 6
    my = sum(map(mul, map(add, ys, ys[1:]), cross)) / 6
    return (a, mx, my) if a >= 0 else (-a, -mx, -my)


def _in_ring(ring: Sequence[Point], x: float, y: float) -> bool:
    """Whether (x, y) lies inside a closed ring (even–odd rule)."""
    inside = False
    for (x0, y0), (x1, y1) in pairwise(ring):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def in_polygon(polygon: Polygon, x: float, y: float) -> bool:
    """Whether (x, y) is on the polygon's land: inside its outer ring, in none of its holes."""
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


def _shape(code: str, name: str, polygons: Sequence[Polygon], areas: Sequence[float]) -> CountryShape:
    """The country *code* of these *polygons*, whose areas are *areas*."""
    largest = polygons[max(range(len(polygons)), key=areas.__getitem__)]
    area = sum(areas)
    x, y = itemgetter(0), itemgetter(1)
    bbox = (min(min(map(x, p[0])) for p in polygons), min(min(map(y, p[0])) for p in polygons),
            max(max(map(x, p[0])) for p in polygons), max(max(map(y, p[0])) for p in polygons))
    return CountryShape(code, name, tuple(polygons), bbox, label_point(largest), area, area < SMALL_AREA)


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

    Each arc is projected once, however many rings share it; only rings that use an arc
    crossing the antimeridian are put together in degrees and cut first. Geometries with
    one code are one country (world-atlas gives Ashmore and Cartier Islands Australia's
    "036"); those without a known code are :attr:`WorldMap.unassigned`."""
    grid = _Grid(topology)
    projected = grid.projected()
    crossing = [grid.crosses(i) for i in range(len(grid.arcs))]
    found: dict[str, list[tuple[str, list[Polygon], list[float]]]] = {}
    unassigned: list[CountryShape] = []
    for geometry in _geometries(topology, name):
        numeric, label = _identity(geometry)
        polygons: list[Polygon] = []
        for polygon in _polygon_arcs(geometry):
            if any(crossing[i if i >= 0 else ~i] for ring in polygon for i in ring):
                arcs = {i if i >= 0 else ~i: grid.degrees(i if i >= 0 else ~i) for ring in polygon for i in ring}
                polygons += _cut_polygon([stitch(arcs, ring) for ring in polygon])
            else:
                polygons.append(tuple(tuple(stitch(projected, ring)) for ring in polygon))
        if not polygons:
            continue
        code, areas = alpha3(numeric), list(map(polygon_area, polygons))
        if code is None:
            unassigned.append(_shape("", label, polygons, areas))
        else:
            found.setdefault(code, []).append((label, polygons, areas))
    countries = {}
    for code, parts in found.items():
        label = max(parts, key=lambda part: sum(part[2]))[0]
        countries[code] = _shape(code, label, [p for part in parts for p in part[1]],
                                 [a for part in parts for a in part[2]])
    return WorldMap(countries, tuple(unassigned), sphere_outline(), MAP_BOUNDS)


def world_dir() -> Traversable:
    """``resources/world`` inside the installed package, or in a checkout."""
    packaged = resources.files("forge_desktop") / "resources" / "world"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "resources" / "world"


@cache
def load_world() -> WorldMap:
    """The shipped world map, decoded on first use and kept for the process.

    Decoding makes a hundred thousand small lists and tuples in one go, none of them in a
    reference cycle; the cyclic garbage collector, which would walk them over and over as
    they pile up, is paused meanwhile (a third of the time, measured)."""
    path = world_dir() / WORLD_FILE
    collecting = gc.isenabled()
    gc.disable()
    try:
        return build_world(json.loads(path.read_bytes()))
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise WorldMapError(f"The world map's shapes ({path}) could not be read ({exc}); "
                            "reinstall FORGE Desktop.") from exc
    finally:
        if collecting:
            gc.enable()


def shape_status(codes: Iterable[str], world: WorldMap | None = None) -> tuple[list[str], list[str]]:
    """*codes* split into those the map has a shape for and those it has none for, each in
    the order given, without repeats. *world* defaults to :func:`load_world`."""
    countries = (world or load_world()).countries
    with_shape: list[str] = []
    without: list[str] = []
    for code in dict.fromkeys(codes):
        (with_shape if code in countries else without).append(code)
    return with_shape, without
