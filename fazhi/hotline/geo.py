"""Where a point lies: Shanghai's districts (and streets, where their boundaries are loaded) from GeoJSON.

The district boundaries are the ones the echarts 4.x npm package ships for Shanghai
(``map/json/province/shanghai.json``, vendored as ``data/geo/shanghai-districts.echarts4.json``; source and
licence in ``data/README.md``). echarts stores them compressed ("UTF8Encoding": every coordinate a zig-zag,
delta-encoded pair of characters, 1/1024 degree apart), which :func:`decode_echarts` reverses exactly as echarts'
own ``parseGeoJson.decode`` does. At 1/1024° the borders are drawn to about 100 m, and the data does not name its
datum: a point within a few hundred metres of a district border may fall on the wrong side. The district it gives
is a first routing, which the district or the 12345 centre re-dispatches when it is wrong.

Street boundaries are read the same way from ``HOTLINE_STREET_BOUNDARIES`` when that file exists (plain or
echarts-encoded GeoJSON whose features carry the street's 9-digit statistical code as ``id`` or
``properties.code``); none ships with the platform, so streets come from the reporter's choice until one is
loaded. Pure Python ray casting over bounding-box-filtered polygons: 16 districts cost microseconds a point.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from fazhi.hotline.conf import setting

DISTRICTS_FILE = "shanghai-districts.echarts4.json"
STREETS_FILE = "shanghai-streets.json"  # not shipped: see the module's docstring
Ring = list[tuple[float, float]]  # (longitude, latitude) pairs


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]  # each polygon: outer ring, then holes
    bbox: tuple[float, float, float, float]  # min long, min lat, max long, max lat

    def contains(self, long: float, lat: float) -> bool:
        west, south, east, north = self.bbox
        if not (west <= long <= east and south <= lat <= north):
            return False
        for rings in self.polygons:
            if rings and _in_ring(long, lat, rings[0]) and not any(_in_ring(long, lat, hole) for hole in rings[1:]):
                return True
        return False


def _in_ring(x: float, y: float, ring: Ring) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _decode_ring(encoded: str, offset: list[int], scale: float) -> Ring:
    ring: Ring = []
    prev_x, prev_y = offset
    for i in range(0, len(encoded) - 1, 2):
        x, y = ord(encoded[i]) - 64, ord(encoded[i + 1]) - 64
        x, y = (x >> 1) ^ -(x & 1), (y >> 1) ^ -(y & 1)  # zig-zag
        prev_x, prev_y = prev_x + x, prev_y + y  # delta
        ring.append((prev_x / scale, prev_y / scale))
    return ring


def decode_echarts(data: dict[str, Any]) -> dict[str, Any]:
    """An echarts-encoded GeoJSON (``"UTF8Encoding": true``) as plain GeoJSON; plain GeoJSON is returned as is."""
    if not data.get("UTF8Encoding"):
        return data
    scale = float(data.get("UTF8Scale") or 1024)
    features = []
    for feature in data.get("features", []):
        geometry = dict(feature["geometry"])
        offsets = geometry.pop("encodeOffsets")
        if geometry["type"] == "Polygon":
            geometry["coordinates"] = [
                _decode_ring(ring, offsets[r], scale) for r, ring in enumerate(geometry["coordinates"])
            ]
        elif geometry["type"] == "MultiPolygon":
            geometry["coordinates"] = [
                [_decode_ring(ring, offsets[p][r], scale) for r, ring in enumerate(polygon)]
                for p, polygon in enumerate(geometry["coordinates"])
            ]
        features.append({**feature, "geometry": geometry})
    return {**data, "features": features, "UTF8Encoding": False}


def areas_from_geojson(data: dict[str, Any], names: dict[str, str] | None = None) -> list[Area]:
    """Areas of a (possibly echarts-encoded) GeoJSON. A feature's code is its ``id`` or ``properties.code``, or,
    failing both (echarts leaves 崇明区 without an id), the code ``names`` gives its name."""
    found = []
    for feature in decode_echarts(data).get("features", []):
        properties = feature.get("properties") or {}
        name = str(properties.get("name") or "")
        code = str(feature.get("id") or properties.get("code") or (names or {}).get(name) or "")
        geometry = feature.get("geometry") or {}
        polygons = geometry.get("coordinates") or []
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        elif geometry.get("type") != "MultiPolygon":
            continue
        rings = tuple(tuple([(float(p[0]), float(p[1])) for p in ring] for ring in polygon) for polygon in polygons)
        points = [point for polygon in rings for ring in polygon for point in ring]
        if not code or not points:
            continue
        longs, lats = [p[0] for p in points], [p[1] for p in points]
        found.append(Area(code, name, rings, (min(longs), min(lats), max(longs), max(lats))))
    return found


def _division_codes() -> dict[str, str]:
    """District names → codes from ``data/divisions/shanghai.csv`` (for features without an id)."""
    from django.conf import settings

    path = Path(settings.DATA_DIR) / "divisions" / "shanghai.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        return {row["name"]: row["code"] for row in csv.DictReader(handle) if row["level"] == "district"}


@cache
def _load(path: str) -> tuple[Area, ...]:
    file = Path(path)
    if not path or not file.exists():
        return ()
    return tuple(areas_from_geojson(json.loads(file.read_text(encoding="utf-8")), _division_codes()))


def _boundaries(name: str, default: str) -> str:
    from django.conf import settings

    return str(setting(name) or Path(settings.DATA_DIR) / "geo" / default)


def district_areas() -> tuple[Area, ...]:
    return _load(_boundaries("HOTLINE_DISTRICT_BOUNDARIES", DISTRICTS_FILE))


def street_areas() -> tuple[Area, ...]:
    return _load(_boundaries("HOTLINE_STREET_BOUNDARIES", STREETS_FILE))


@dataclass(frozen=True)
class Place:
    """The division codes a point lies in (empty where the platform cannot know)."""

    district: str = ""
    street: str = ""


def locate(lat: Any, long: Any) -> Place:
    """The district (and street, where street boundaries are loaded) containing the point."""
    try:
        y, x = float(lat), float(long)
    except (TypeError, ValueError):
        return Place()
    district = next((a.code for a in district_areas() if a.contains(x, y)), "")
    street = next((a.code for a in street_areas() if a.contains(x, y)), "")
    if street and not district:
        district = street[:6]
    return Place(district=district, street=street)
