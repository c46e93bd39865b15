#!/usr/bin/env python3
"""Cold latency of commune tiles: asks a fresh `maillage serve` for each tile of a list once,
one request at a time on one keep-alive connection, and prints p50/p95/p99/max per zoom and for
all. Also writes the list (one path a line) for the warm run under wrk.

Usage: tiles_cold.py HOST:PORT LIST_OUT [PER_ZOOM]
Tiles: z6–z12 over metropolitan France (lon -5.2–9.6, lat 41.3–51.1); every tile up to z8,
PER_ZOOM (default 400) drawn at random (seed 42) from z9 on."""
import http.client
import math
import random
import sys
import time

host, out = sys.argv[1], sys.argv[2]
per_zoom = int(sys.argv[3]) if len(sys.argv) > 3 else 400
WEST, SOUTH, EAST, NORTH = -5.2, 41.3, 9.6, 51.1


def tile(lon, lat, z):
    n = 2**z
    x = int((lon + 180) / 360 * n)
    r = math.radians(lat)
    y = int((1 - math.log(math.tan(r) + 1 / math.cos(r)) / math.pi) / 2 * n)
    return x, y


rng = random.Random(42)
tiles = []
for z in range(6, 13):
    x0, y0 = tile(WEST, NORTH, z)
    x1, y1 = tile(EAST, SOUTH, z)
    every = [(z, x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
    tiles += every if len(every) <= per_zoom else rng.sample(every, per_zoom)
rng.shuffle(tiles)

conn = http.client.HTTPConnection(host)
times = {}
full = []  # the times of the tiles with communes (200)
sizes = {204: 0, 200: 0}
for z, x, y in tiles:
    path = f"/tiles/communes/{z}/{x}/{y}.mvt"
    t = time.perf_counter()
    conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
    r = conn.getresponse()
    r.read()
    ms = (time.perf_counter() - t) * 1000
    assert r.status in (200, 204), f"{path}: {r.status}"
    sizes[r.status] += 1
    times.setdefault(z, []).append(ms)
    if r.status == 200:
        full.append(ms)

with open(out, "w") as f:
    for z, x, y in tiles:
        f.write(f"/tiles/communes/{z}/{x}/{y}.mvt\n")


def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(math.ceil(p / 100 * len(v))) - 1)]


def line(label, v):
    return (f"{label}: {len(v)} tiles, p50 {pct(v, 50):.1f} ms, p95 {pct(v, 95):.1f} ms, "
            f"p99 {pct(v, 99):.1f} ms, max {max(v):.1f} ms")


for z in sorted(times):
    print(line(f"z{z}", times[z]))
print(line("z6-z12", [t for v in times.values() for t in v]))
print(line("z6-z12, tiles with communes only", full))
print(f"{sizes[200]} tiles with communes, {sizes[204]} empty (204)")
