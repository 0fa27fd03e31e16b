"""Locator maps drawn on the server as SVG, from Natural Earth boundaries.

The outlines come from `geodata/middle-east-50m.json` (Natural Earth 1:50m, public
domain, by way of the npm package world-atlas; see `geodata/LICENSE.md`). Nothing
is fetched from another host and no JavaScript is needed: a map is an inline
`<svg>` whose colours come from classes in the site stylesheet, so the strict
Content-Security-Policy holds (no `style` attribute anywhere).

The projection is equirectangular with its standard parallel at the middle of the
frame: over the few hundred kilometres a locator map spans, distortion is below
what a reader can see, and a place's position is a simple linear function of its
coordinates (which the tests check).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

GEODATA = Path(__file__).with_name("geodata") / "middle-east-50m.json"

# Country labels, translated, and where they may be written (longitude, latitude):
# the first spot inside a map's frame that overlaps nothing is used.
COUNTRY_LABELS = {
    "IRQ": (_("Iraq"), [(43.7, 32.6), (42.9, 34.6), (44.6, 35.5), (45.6, 31.6)]),
    "SYR": (_("Syria"), [(38.6, 35.3), (40.2, 35.8), (38.3, 33.9), (40.6, 36.9)]),
    "TUR": (_("Türkiye"), [(37.5, 38.6), (41.5, 37.9), (43.5, 37.8)]),
    "IRN": (_("Iran"), [(49.0, 33.4), (46.9, 34.9), (48.5, 31.2)]),
    "JOR": (_("Jordan"), [(36.6, 30.9), (37.4, 31.9)]),
    "SAU": (_("Saudi Arabia"), [(43.5, 28.6), (41.0, 30.4)]),
    "KWT": (_("Kuwait"), [(47.6, 29.25)]),
    "LBN": (_("Lebanon"), [(35.85, 34.0)]),
}
# The countries a reader of this coverage looks at; drawn a shade darker.
FOCUS_COUNTRIES = {"IRQ", "SYR"}

Point = tuple[float, float]


@dataclass(frozen=True)
class Marker:
    """A place to mark: its name in the edition's language, WGS 84 degrees."""

    name: str
    latitude: float
    longitude: float
    url: str = ""


@functools.cache
def geodata() -> dict:
    """The vendored outlines: {"bounds", "countries": [...], "borders": {...}}.

    Each country also gets "boxes", the (west, south, east, north) of each ring,
    so a map skips rings outside its frame and clips only those crossing it.
    """
    data = json.loads(GEODATA.read_text(encoding="utf-8"))
    for country in data["countries"]:
        country["boxes"] = [
            (
                min(p[0] for p in ring),
                min(p[1] for p in ring),
                max(p[0] for p in ring),
                max(p[1] for p in ring),
            )
            for ring in country["rings"]
        ]
    return data


def rings_in(country: dict, bounds: tuple) -> list[list[Point]]:
    """The rings of `country` clipped to `bounds`, skipping rings wholly outside."""
    west, south, east, north = bounds
    rings = []
    for ring, (w, s, e, n) in zip(country["rings"], country["boxes"], strict=True):
        if e < west or w > east or n < south or s > north:
            continue
        inside = w >= west and e <= east and s >= south and n <= north
        rings.append(ring if inside else clip_ring(ring, bounds))
    return rings


def clip_ring(ring: Sequence[Point], bounds: tuple) -> list[Point]:
    """`ring` clipped to the rectangle (west, south, east, north) (Sutherland-Hodgman).

    A polygon ring stays a closed ring; parts outside become edges along the
    rectangle, which a map draws outside its visible frame.
    """
    west, south, east, north = bounds
    points = list(ring)
    # (axis, limit, sign): a point is inside where sign * (point[axis] - limit) >= 0.
    for axis, limit, sign in (
        (0, west, 1),
        (0, east, -1),
        (1, south, 1),
        (1, north, -1),
    ):
        if not points:
            break
        clipped = []
        previous = points[-1]
        was_inside = sign * (previous[axis] - limit) >= 0
        for point in points:
            is_inside = sign * (point[axis] - limit) >= 0
            if is_inside != was_inside:
                clipped.append(_crossing(previous, point, axis, limit))
            if is_inside:
                clipped.append(point)
            previous, was_inside = point, is_inside
        points = clipped
    return points


def _crossing(a: Point, b: Point, axis: int, limit: float) -> Point:
    t = (limit - a[axis]) / (b[axis] - a[axis])
    other = 1 - axis
    value = a[other] + t * (b[other] - a[other])
    return (limit, value) if axis == 0 else (value, limit)


@dataclass
class Frame:
    """A rectangle of the earth drawn into `width` x `height` pixels."""

    west: float
    south: float
    east: float
    north: float
    width: int
    height: int
    scale: float = field(init=False)
    cos_lat: float = field(init=False)

    def __post_init__(self):
        self.cos_lat = math.cos(math.radians((self.south + self.north) / 2))
        self.scale = self.height / (self.north - self.south)

    @classmethod
    def around(
        cls,
        points: Iterable[Point],
        *,
        width: int,
        height: int,
        min_span: float = 5.0,
        padding: float = 0.25,
    ) -> Frame:
        """The frame that shows every (longitude, latitude) in `points` with room.

        `min_span` is the smallest north-south extent in degrees (so one place
        still shows its surroundings); `padding` is the share added on each side.
        """
        points = list(points)
        lons = [p[0] for p in points]
        lats = [p[1] for p in points]
        cos_lat = math.cos(math.radians((min(lats) + max(lats)) / 2))
        aspect = width / height
        lat_span = max(max(lats) - min(lats), min_span / (1 + 2 * padding))
        lon_span = max(max(lons) - min(lons), 0.01)
        lat_span = max(lat_span, lon_span * cos_lat / aspect) * (1 + 2 * padding)
        lon_span = lat_span * aspect / cos_lat
        middle_lon = (min(lons) + max(lons)) / 2
        middle_lat = (min(lats) + max(lats)) / 2
        return cls(
            west=middle_lon - lon_span / 2,
            south=middle_lat - lat_span / 2,
            east=middle_lon + lon_span / 2,
            north=middle_lat + lat_span / 2,
            width=width,
            height=height,
        )

    def project(self, lon: float, lat: float) -> Point:
        """Pixels from the top-left corner for a longitude and latitude."""
        x = (lon - self.west) * self.cos_lat * self.scale
        return (x, (self.north - lat) * self.scale)

    def contains(self, lon: float, lat: float) -> bool:
        return self.west <= lon <= self.east and self.south <= lat <= self.north

    @property
    def clip_bounds(self) -> tuple:
        """The frame grown by a margin, so clipped edges fall outside the view."""
        dlon, dlat = (self.east - self.west) * 0.05, (self.north - self.south) * 0.05
        return (
            self.west - dlon,
            self.south - dlat,
            self.east + dlon,
            self.north + dlat,
        )

    def path(self, rings: Iterable[Sequence[Point]], *, closed: bool) -> str:
        """SVG path data for `rings`, in whole pixels, skipping sub-pixel steps."""
        parts = []
        for ring in rings:
            last = None
            commands = []
            for lon, lat in ring:
                x, y = self.project(lon, lat)
                point = (round(x), round(y))
                if point == last:
                    continue
                commands.append(f"{'L' if commands else 'M'}{point[0]} {point[1]}")
                last = point
            if len(commands) >= (3 if closed else 2):
                parts.append("".join(commands) + ("Z" if closed else ""))
        return "".join(parts)


@dataclass
class _Labels:
    """Greedy label placement: a label goes where it overlaps no earlier one."""

    width: int
    height: int
    taken: list[tuple[float, float, float, float]] = field(default_factory=list)

    def place(self, x, y, text, *, size, gap, sides=("end", "start", "above", "below")):
        """(x, y, side) for `text` near the point (x, y), or None where nothing fits."""
        text_width = _text_width(text, size)
        for side in sides:
            if side == "end":
                box = (x + gap, y - size / 2, x + gap + text_width, y + size / 2)
            elif side == "start":
                box = (x - gap - text_width, y - size / 2, x - gap, y + size / 2)
            elif side == "above":
                box = (x - text_width / 2, y - gap - size, x + text_width / 2, y - gap)
            else:
                box = (x - text_width / 2, y + gap, x + text_width / 2, y + gap + size)
            if self._fits(box):
                self.taken.append(box)
                return box, side
        return None

    def reserve(self, box):
        self.taken.append(box)

    def _fits(self, box):
        left, top, right, bottom = box
        if left < 2 or top < 2 or right > self.width - 2 or bottom > self.height - 2:
            return False
        return not any(
            left < r and right > l and top < b and bottom > t
            for l, t, r, b in self.taken  # noqa: E741
        )


def _text_width(text: str, size: float) -> float:
    # An estimate: the server has no font metrics, so leave generous room.
    return 0.58 * size * len(text)


def _text(box, side, text, *, css_class, rtl):
    left, top, right, bottom = box
    baseline = bottom - 0.2 * (bottom - top)
    # In right-to-left text, "start" is the right edge (SVG 1.1, text-anchor).
    if side == "end":
        x, anchor = left, "end" if rtl else "start"
    elif side == "start":
        x, anchor = right, "start" if rtl else "end"
    else:
        x, anchor = (left + right) / 2, "middle"
    direction = ' direction="rtl"' if rtl else ""
    return (
        f'<text class="{css_class}" x="{x:.0f}" y="{baseline:.0f}" '
        f'text-anchor="{anchor}"{direction}>{escape(text)}</text>'
    )


def in_region(markers: Sequence[Marker]) -> list[Marker]:
    """The markers inside the vendored region's bounds (the only land drawn)."""
    west, south, east, north = geodata()["bounds"]
    return [
        m for m in markers if west < m.longitude < east and south < m.latitude < north
    ]


def locator_map(
    markers: Sequence[Marker],
    *,
    title: str,
    id_prefix: str,
    rtl: bool = False,
    width: int = 360,
    height: int = 270,
    min_span: float = 5.0,
) -> str:
    """An SVG locator map marking `markers` among the region's countries.

    Returns markup to embed in a page (an `<svg>` element), or "" when no marker
    has coordinates inside the vendored region. `title` is the text alternative
    (it should name the places); `id_prefix` keeps element ids unique on a page.
    Markers with a `url` are links. Labels are written in the edition's script,
    right to left when `rtl`; a label that would overlap another is left out
    (the marker keeps its name as a tooltip and the page lists the places).
    """
    markers = in_region(markers)
    if not markers:
        return ""
    frame = Frame.around(
        [(m.longitude, m.latitude) for m in markers],
        width=width,
        height=height,
        min_span=min_span,
    )
    labels = _Labels(width, height)
    body = [f'<rect class="map-sea" width="{width}" height="{height}"/>']
    for country in geodata()["countries"]:
        data = frame.path(rings_in(country, frame.clip_bounds), closed=True)
        if data:
            focus = " map-land--focus" if country["id"] in FOCUS_COUNTRIES else ""
            body.append(f'<path class="map-land{focus}" d="{data}"/>')
    for line in geodata()["borders"].values():
        data = frame.path(line, closed=False)
        if data:
            body.append(f'<path class="map-border" d="{data}"/>')
    # Markers first, so country names give way to places.
    points = []
    for marker in markers:
        x, y = frame.project(marker.longitude, marker.latitude)
        labels.reserve((x - 5, y - 5, x + 5, y + 5))
        points.append((marker, x, y))
    drawn = []
    for marker, x, y in points:
        placed = labels.place(x, y, marker.name, size=12, gap=7)
        label = (
            _text(*placed, marker.name, css_class="map-label", rtl=rtl)
            if placed
            else ""
        )
        dot = (
            f'<circle class="map-marker" cx="{x:.0f}" cy="{y:.0f}" r="5">'
            f"<title>{escape(marker.name)}</title></circle>"
        )
        if marker.url:
            drawn.append(
                f'<a class="map-link" href="{escape(marker.url)}">{dot}{label}</a>'
            )
        else:
            drawn.append(dot + label)
    for name, spots in COUNTRY_LABELS.values():
        for lon, lat in spots:
            if not frame.contains(lon, lat):
                continue
            x, y = frame.project(lon, lat)
            placed = labels.place(x, y, str(name), size=11, gap=0, sides=("below",))
            if placed:
                body.append(_text(*placed, str(name), css_class="map-country", rtl=rtl))
                break
    body.extend(drawn)
    title_id = f"{id_prefix}-title"
    # A map whose markers are links is a group of links, not one image (an image
    # hides its children from assistive technology).
    role = "group" if any(m.url for m in markers) else "img"
    return (
        f'<svg class="map" xmlns="http://www.w3.org/2000/svg" role="{role}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{title_id}"><title id="{title_id}">{escape(title)}</title>'
        + "".join(body)
        + "</svg>"
    )
