#!/usr/bin/env python3
"""Builds assets/map/world-110m.bin, the world map Record Reader draws.

Source: Natural Earth 1:110m admin-0 countries (public domain), as TopoJSON in the npm
package world-atlas 2.x (ISC licence, Michael Bostock):

    npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz
    python3 scripts/build_world_map.py package/countries-110m.json assets/map/world-110m.bin

Output (little-endian): b"RRMAP1\\n", u16 record count, then per record: u16 ISO 3166
numeric code (0 = Kosovo), u8 kind. Kind 0 is a shape: u16 polygon count; per polygon
u16 ring count (outer ring first, then holes); per ring u16 point count and points as
i16 longitude*100, i16 latitude*100. Kind 1 is a dot for a state too small for the 1:110m
data: i16 longitude*100, i16 latitude*100.
"""
import json
import struct
import sys

# Features the source gives no ISO code: mapped to the state the record reader tags.
NO_ID = {"Kosovo": 0, "N. Cyprus": 196, "Somaliland": 706}

# Small states and territories absent at 1:110m, drawn as dots (ISO numeric: lon, lat).
DOTS = {
    702: (103.82, 1.35),    # Singapore
    48: (50.55, 26.07),     # Bahrain
    470: (14.38, 35.94),    # Malta
    20: (1.52, 42.51),      # Andorra
    438: (9.55, 47.17),     # Liechtenstein
    492: (7.42, 43.74),     # Monaco
    674: (12.46, 43.94),    # San Marino
    336: (12.45, 41.90),    # Holy See
    462: (73.51, 4.18),     # Maldives
    480: (57.55, -20.35),   # Mauritius
    690: (55.49, -4.68),    # Seychelles
    174: (43.87, -11.88),   # Comoros
    132: (-23.60, 15.10),   # Cabo Verde
    678: (6.61, 0.19),      # Sao Tome and Principe
    52: (-59.54, 13.19),    # Barbados
    308: (-61.68, 12.12),   # Grenada
    662: (-60.98, 13.91),   # Saint Lucia
    670: (-61.20, 13.25),   # Saint Vincent and the Grenadines
    28: (-61.80, 17.06),    # Antigua and Barbuda
    212: (-61.37, 15.41),   # Dominica
    659: (-62.78, 17.36),   # Saint Kitts and Nevis
    344: (114.17, 22.32),   # Hong Kong
    446: (113.54, 22.20),   # Macao
    583: (158.22, 6.92),    # Micronesia
    584: (171.18, 7.13),    # Marshall Islands
    585: (134.58, 7.51),    # Palau
    296: (173.00, 1.42),    # Kiribati
    798: (179.19, -8.52),   # Tuvalu
    520: (166.93, -0.52),   # Nauru
    776: (-175.20, -21.18), # Tonga
    882: (-172.10, -13.76), # Samoa
    630: (-66.50, 18.22),   # Puerto Rico (present at 1:110m; kept only if missing)
}


def decode_arcs(topo):
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


def ring(arcs, indexes):
    pts = []
    for i in indexes:
        a = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        pts.extend(a if not pts else a[1:])
    return pts


def unwrap(r):
    """A ring crossing the antimeridian (Russia, Fiji) is made continuous, then clamped
    to the map's edge, so that it never draws a band across the whole map."""
    if not any(abs(a[0] - b[0]) > 180 for a, b in zip(r, r[1:])):
        return r
    east = sum(1 for lon, _ in r if lon > 0) >= len(r) / 2
    out = []
    for lon, lat in r:
        if east and lon < 0:
            lon += 360
        elif not east and lon > 0:
            lon -= 360
        out.append((max(-180.0, min(180.0, lon)), lat))
    return out


def q(v):
    return max(-32767, min(32767, round(v * 100)))


def main(src, dst):
    topo = json.load(open(src, encoding="utf-8"))
    arcs = decode_arcs(topo)
    records = []
    seen = set()
    for g in topo["objects"]["countries"]["geometries"]:
        name = g["properties"]["name"]
        num = int(g["id"]) if g.get("id") else NO_ID.get(name)
        if num is None:
            print(f"skipped {name}: no code", file=sys.stderr)
            continue
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        records.append((num, 0, [[unwrap(ring(arcs, r)) for r in poly] for poly in polys]))
        seen.add(num)
    for num, (lon, lat) in DOTS.items():
        if num not in seen:
            records.append((num, 1, (lon, lat)))
    out = bytearray(b"RRMAP1\n")
    out += struct.pack("<H", len(records))
    for num, kind, data in records:
        out += struct.pack("<HB", num, kind)
        if kind == 1:
            out += struct.pack("<hh", q(data[0]), q(data[1]))
            continue
        out += struct.pack("<H", len(data))
        for poly in data:
            out += struct.pack("<H", len(poly))
            for r in poly:
                out += struct.pack("<H", len(r))
                for lon, lat in r:
                    out += struct.pack("<hh", q(lon), q(lat))
    open(dst, "wb").write(out)
    print(f"{dst}: {len(records)} records, {len(out)} bytes")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
