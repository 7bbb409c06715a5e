"""The map of the 35 arbeidsmarktregio's, drawn at build time as inline SVG from the national outlines.

``generator/data/arbeidsmarktregios.geojson`` (CBS / PDOK, CC BY 4.0) has about 2,200 points; the map needs a
few hundred. Simplifying each region on its own would open gaps between neighbours, because both sides of a
shared border would be simplified differently. So the simplification works on borders, as TopoJSON does: points
are snapped to a grid of whole kilometres, every point where the set of regions that share it changes is kept,
and each stretch in between is simplified once (Douglas-Peucker, always in the same direction), so neighbours
get the very same line. Zeeland's self-touching ring is drawn as it is. Same input, same bytes.

Colours, hover and focus come from the theme CSS (tokens), not from the SVG, and the pairs are checked by the
build (``themes/werkcentrum/contrast-pairs.yml``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from .gemeenten import DATA_DIR

OUTLINES = DATA_DIR / "arbeidsmarktregios.geojson"
KM_PER_DEGREE = 111.2
MID_LATITUDE = 52.2  # the Netherlands: one scale for longitude is accurate enough at this size
TOLERANCE_KM = 1.2
MIN_AREA_KM2 = 6.0  # islands and slivers smaller than this add bytes, not information, at map size

Point = tuple[int, int]


@dataclass(frozen=True)
class Geometry:
    """Every region's outline as SVG path data, in a view box of whole kilometres."""

    width: int
    height: int
    paths: dict[str, str]  # CBS code -> path data
    names: dict[str, str]  # CBS code -> statnaam


def _rings(geometry: dict) -> list[list[list[float]]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [ring for polygon in polygons for ring in polygon]


def _project(lon: float, lat: float, west: float, north: float) -> Point:
    scale = math.cos(math.radians(MID_LATITUDE)) * KM_PER_DEGREE
    return round((lon - west) * scale), round((north - lat) * KM_PER_DEGREE)


def _without_repeats(ring: list[Point]) -> list[Point]:
    out: list[Point] = []
    for point in ring:
        if not out or out[-1] != point:
            out.append(point)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def _distance(p: Point, a: Point, b: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def _douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """Keep the first and last point and every point further than ``tolerance`` from the simplified line."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, at = 0.0, None
        for index in range(first + 1, last):
            d = _distance(points[index], points[first], points[last])
            if d > best:
                best, at = d, index
        if at is not None and best > tolerance:
            keep[at] = True
            stack += [(first, at), (at, last)]
    return [p for p, k in zip(points, keep) if k]


def _simplify_stretch(points: list[Point], tolerance: float) -> list[Point]:
    """The same stretch read from either side gives the same result: simplify it in one fixed direction."""
    if points[0] > points[-1]:
        return list(reversed(_douglas_peucker(list(reversed(points)), tolerance)))
    return _douglas_peucker(points, tolerance)


def _area(ring: list[Point]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))) / 2


def _simplify_ring(ring: list[Point], owners: dict[Point, frozenset[int]], tolerance: float) -> list[Point]:
    n = len(ring)
    fixed = [
        owners[ring[i]] != owners[ring[i - 1]] or owners[ring[i]] != owners[ring[(i + 1) % n]] or len(owners[ring[i]]) > 2
        for i in range(n)
    ]
    if not any(fixed):  # an island, or a region that borders only one other: start at a stable point
        start = ring.index(min(ring))
        far = max(range(n), key=lambda i: (abs(ring[i][0] - ring[start][0]) + abs(ring[i][1] - ring[start][1]), ring[i]))
        fixed[start] = fixed[far] = True
    starts = [i for i in range(n) if fixed[i]]
    out: list[Point] = []
    for a, b in zip(starts, starts[1:] + starts[:1]):
        stretch = [ring[i % n] for i in range(a, b + (n if b <= a else 0) + 1)]
        out.extend(_simplify_stretch(stretch, tolerance)[:-1])
    return out


def _path_data(rings: list[list[Point]]) -> str:
    """``M x y l dx dy ... z`` per ring: relative steps keep the numbers short."""
    parts = []
    for ring in rings:
        x0, y0 = ring[0]
        steps = []
        for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
            steps.append(f"{x2 - x1} {y2 - y1}".replace(" -", "-"))
        parts.append(f"M{x0} {y0}l" + " ".join(steps).replace(" -", "-") + "z")
    return "".join(parts)


@lru_cache(maxsize=2)
def _geometry(path: Path, mtime_ns: int, tolerance: float) -> Geometry:
    data = json.loads(path.read_text(encoding="utf-8"))
    features = sorted(data["features"], key=lambda f: f["properties"]["statcode"])
    coordinates = [c for f in features for ring in _rings(f["geometry"]) for c in ring]
    west = min(c[0] for c in coordinates)
    north = max(c[1] for c in coordinates)
    rings: list[tuple[str, list[Point]]] = []
    for feature in features:
        for raw in _rings(feature["geometry"]):
            ring = _without_repeats([_project(lon, lat, west, north) for lon, lat in raw])
            if len(ring) >= 3:
                rings.append((feature["properties"]["statcode"], ring))
    owners: dict[Point, set[int]] = {}
    for index, (_, ring) in enumerate(rings):
        for point in ring:
            owners.setdefault(point, set()).add(index)
    frozen = {point: frozenset(ids) for point, ids in owners.items()}
    by_region: dict[str, list[list[Point]]] = {}
    for code, ring in rings:
        simple = _simplify_ring(ring, frozen, tolerance)
        if len(set(simple)) >= 3 and _area(simple) >= MIN_AREA_KM2:
            by_region.setdefault(code, []).append(simple)
    points = [p for ring_list in by_region.values() for ring in ring_list for p in ring]
    return Geometry(
        width=max(x for x, _ in points) + 1,
        height=max(y for _, y in points) + 1,
        paths={code: _path_data(ring_list) for code, ring_list in sorted(by_region.items())},
        names={f["properties"]["statcode"]: f["properties"]["statnaam"] for f in features},
    )


def geometry(tolerance: float = TOLERANCE_KM) -> Geometry:
    """The simplified outlines (made once per process)."""
    return _geometry(OUTLINES, OUTLINES.stat().st_mtime_ns, tolerance)


def _svg_open(geo: Geometry, **attributes: str) -> Markup:
    extra = Markup("").join(Markup(' {}="{}"').format(name.replace("_", "-"), value) for name, value in attributes.items())
    return Markup('<svg class="wc-kaart__svg" viewBox="0 0 {} {}" xmlns="http://www.w3.org/2000/svg"{}>').format(
        geo.width, geo.height, extra
    )


def links_map(regions: list[tuple[str, str, str]], label: str) -> Markup:
    """The map on the national site: each region a link. ``regions`` holds (CBS code, name, site URL), in the
    order of the tab stops (A-Z); the name is the link's accessible name and its tooltip."""
    geo = geometry()
    parts = [_svg_open(geo, role="group", aria_label=label)]
    linked = {code for code, _, _ in regions}
    for code in geo.paths:  # a region without a site in this build: drawn, not a link
        if code not in linked:
            parts.append(Markup('<path class="wc-kaart__regio wc-kaart__regio--leeg" d="{}"/>').format(geo.paths[code]))
    for code, name, url in regions:
        if code in geo.paths:
            parts.append(
                Markup('<a href="{}" class="wc-kaart__regio" data-regio="{}"><title>{}</title><path d="{}"/></a>').format(
                    url, code, name, geo.paths[code]
                )
            )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def highlight_map(code: str, label: str) -> Markup:
    """The small map on a regional site: one image, its own region highlighted."""
    geo = geometry()
    parts = [_svg_open(geo, role="img", aria_label=label)]
    for other, data in geo.paths.items():
        css = "wc-kaart__regio wc-kaart__regio--eigen" if other == code else "wc-kaart__regio"
        parts.append(Markup('<path class="{}" d="{}"/>').format(css, data))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


__all__ = ["Geometry", "geometry", "highlight_map", "links_map"]
