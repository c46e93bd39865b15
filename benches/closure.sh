#!/usr/bin/env bash
# Issue 13 figure "a road-closure scenario for a département under 5 s": `POST /api/scenarios`
# with `close` on france-rural-4m and the national set, release binary, SQLite.
# For each département: a scenario closing the road nearest to its préfecture's town hall and
# every road within a ~3 × 4 km square around it, asked twice (the first request also parses
# the places for the date), timed by curl; then the one road at the town hall alone.
# Usage: bash benches/closure.sh [DB]   (DB: a database with the national set and the network
#        already imported, kept; without it, one is built in a temporary folder and removed:
#        ~3.5 GB, import of the network ~1–5 min)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${NO_BUILD:-}" ] || cargo build --release --locked -q
source benches/national-setup.sh
BIN=$MAILLAGE_BIN
WORK=$(mktemp -d /tmp/maillage-closure-XXXXXX)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
DB=${1:-}
if [ -z "$DB" ]; then
    DB=$WORK/national.db
    national_import "$DB" closure
    /usr/bin/time -f "[closure] import roads: %e s wall, %M KB max RSS" \
        "$BIN" --db "$DB" import roads "$NATIONAL_DATA/bench/france-rural-4m.osm.pbf" >/dev/null
fi
PORT=${PORT:-18093}
"$BIN" --db "$DB" serve --addr 127.0.0.1:$PORT >/dev/null 2>"$WORK/serve.log" &
PIDS+=($!)
s=$(date +%s.%N)
until curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; do sleep 0.1; done
echo "[closure] serve ready in $(echo "$(date +%s.%N) - $s" | bc) s"

ask() { # $1: label, $2: body
    local t
    t=$(curl -s -o "$WORK/answer.json" -w '%{time_total}' -H 'content-type: application/json' \
        -d "$2" "http://127.0.0.1:$PORT/api/scenarios")
    python3 - "$1" "$t" "$WORK/answer.json" <<'PY'
import json, sys
label, t, path = sys.argv[1], float(sys.argv[2]), sys.argv[3]
a = json.load(open(path))
if "communes" not in a:
    print(f"[closure] {label}: {t:.2f} s, error {a}")
    sys.exit(0)
c = a.get("closed") or {}
print(f"[closure] {label}: {t:.2f} s, {len(a['communes'])} communes, {a['changed']} changed,"
      f" {c.get('segments', 0)} segments ({c.get('length_m', 0) / 1000:.1f} km) closed,"
      f" gap population {a['gap_population_before']} -> {a['gap_population_after']}")
PY
}

# département, préfecture town hall (lon lat)
while read -r dep lon lat; do
    d=0.02
    poly=$(python3 -c "import json,sys; x,y,d=map(float,sys.argv[1:]); print(json.dumps({'type':'Polygon','coordinates':[[[x-d,y-d],[x+d,y-d],[x+d,y+d],[x-d,y+d],[x-d,y-d]]]}))" "$lon" "$lat" "$d")
    body="{\"departement\":\"$dep\",\"close\":{\"at\":[[$lon,$lat]],\"polygon\":$poly}}"
    ask "$dep closure, 1st" "$body"
    ask "$dep closure, 2nd" "$body"
    ask "$dep one point closed" "{\"departement\":\"$dep\",\"close\":{\"at\":[[$lon,$lat]]}}"
done <<'DEPS'
19 1.7656 45.2676
15 2.4446 44.9264
33 -0.5792 44.8378
62 2.7775 50.2910
DEPS
