"""Rebuild `middle-east-50m.json` from the npm package world-atlas (TopoJSON).

Maintainers only; nothing runs this at run or test time:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python coverage/readers/geodata/build.py package/countries-50m.json

It decodes the TopoJSON (https://github.com/topojson/topojson-specification),
keeps the countries that reach into BOUNDS, clips them to BOUNDS, rounds
coordinates to 0.01 degree (about 1 km, finer than any map we draw) and writes
GeoJSON-like JSON: {"bounds": [w, s, e, n], "countries": [{"id", "name",
"rings": [[[lon, lat], ...], ...]}], "borders": {"IRQ-SYR": [[[lon, lat], ...]]}}.
"""

import json
import sys
from pathlib import Path

# readers.maps is the one clipping routine; this script runs from a checkout.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from readers.maps import clip_ring

BOUNDS = (28.0, 24.0, 56.0, 44.0)  # west, south, east, north (degrees)
# ISO 3166-1 numeric ids used by world-atlas -> the alpha-3 codes we use.
COUNTRIES = {
    "368": "IRQ",
    "760": "SYR",
    "792": "TUR",
    "364": "IRN",
    "400": "JOR",
    "682": "SAU",
    "414": "KWT",
    "422": "LBN",
    "376": "ISR",
    "275": "PSE",
    "818": "EGY",
    "196": "CYP",
    "051": "ARM",
    "031": "AZE",
    "268": "GEO",
}
BORDERS = {"IRQ-SYR": ("368", "760")}


def decode_arcs(topology):
    scale, translate = topology["transform"].values()
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def ring_points(indexes, arcs):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def rounded(points):
    out = []
    for lon, lat in points:
        point = [round(lon, 2), round(lat, 2)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def main(path):
    topology = json.loads(Path(path).read_text())
    arcs = decode_arcs(topology)
    countries, arcs_of = [], {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = COUNTRIES.get(geometry.get("id"))
        if not code:
            continue
        polygons = geometry["arcs"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        rings = []
        used = set()
        for polygon in polygons:
            for ring in polygon:
                used.update(i if i >= 0 else ~i for i in ring)
                points = rounded(clip_ring(ring_points(ring, arcs), BOUNDS))
                if len(points) >= 4:
                    rings.append(points)
        arcs_of[geometry["id"]] = used
        if rings:
            countries.append(
                {"id": code, "name": geometry["properties"]["name"], "rings": rings}
            )
    borders = {}
    for name, (a, b) in BORDERS.items():
        shared = sorted(arcs_of[a] & arcs_of[b])
        borders[name] = [rounded(arcs[i]) for i in shared]
    out = Path(__file__).with_name("middle-east-50m.json")
    out.write_text(
        json.dumps(
            {"bounds": BOUNDS, "countries": countries, "borders": borders},
            separators=(",", ":"),
        )
    )
    sys.stdout.write(f"wrote {out} ({out.stat().st_size} bytes)\n")


if __name__ == "__main__":
    main(sys.argv[1])
