#!/usr/bin/env python3
"""Same questions to two servers, byte for byte: /api/places/nearest at random points (seeded),
with and without filters, open_at, foot mode and several limits; and /api/search for a few words.
Usage: python3 scripts/residents/compare-answers.py http://127.0.0.1:PORT_OLD http://127.0.0.1:PORT_NEW [N]
Answers without open_at carry "now" (evalue_a, to the second): a rare difference there is the clock.
Prints the first differences and a count; exits 1 when any answer differs."""
import random, sys, urllib.request, urllib.error

old, new = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 400
rng = random.Random(42)
extras = ["limit=10", "limit=10&gratuit=true&sans_rdv=true&open_at=2024-12-24T10:00",
          "limit=7&mode=foot", "limit=25&open_at=2024-12-25T10:00", "limit=10&france_services=true",
          "limit=50&accompagnements=langues-etrangeres", "limit=10&open_at=2024-12-25T23:00",
          "limit=3&itinerance=itinerant", "limit=10&accessible=true&open_at=2025-01-04T10:00"]
boxes = [(1.2, 44.9, 2.5, 45.7), (-5.0, 42.5, 8.0, 51.0), (2.2, 48.7, 2.5, 48.95)]
def get(base, path):
    try:
        with urllib.request.urlopen(base + path) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
paths = []
for i in range(n):
    w, s, e, nn = boxes[i % len(boxes)]
    lon, lat = w + rng.random() * (e - w), s + rng.random() * (nn - s)
    paths.append(f"/api/places/nearest?lat={lat:.6f}&lon={lon:.6f}&{rng.choice(extras)}")
for q in ["mauriac", "saint", "clermon%20ferand", "19000", "10%20pl%20allegre%20allassac", "france%20services", "mediatheque"]:
    paths.append(f"/api/search?q={q}")
bad = 0
for p in paths:
    a, b = get(old, p), get(new, p)
    # answers that say "now" differ with the clock: compare only those with open_at or search
    if a != b:
        bad += 1
        if bad <= 5:
            print("DIFF", p, a[0], b[0], len(a[1]), len(b[1]))
            x, y = a[1], b[1]
            i = next((i for i in range(min(len(x), len(y))) if x[i] != y[i]), min(len(x), len(y)))
            print("   old:", x[max(0, i - 120):i + 60])
            print("   new:", y[max(0, i - 120):i + 60])
print(f"{len(paths) - bad} of {len(paths)} answers identical")
sys.exit(1 if bad else 0)
