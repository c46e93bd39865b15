#!/usr/bin/env bash
# Issue 12 figures, PostGIS beside SQLite, on the release binary and the national set (every
# commune file and every places file of ../shared/data):
#  1. the five imports (population, communes, EPCI, town halls, places), timed, into each store;
#  2. `serve` start: time to the first /healthz answer (the registry read from the store);
#  3. `GET /api/places/nearest` under wrk, 2 threads, 64 connections, 20 s, random points;
#     on PostGIS twice: candidates from the server's own R-tree (the default), then from
#     PostGIS (`serve --spatial-queries database`), with the plan of the KNN query
#     (EXPLAIN ANALYZE).
# PostgreSQL runs as a throwaway cluster on a unix socket in a temporary folder (as the
# `postgres` user when run as root), with Debian's default settings except fsync, which stays on.
# Usage: bash benches/postgis.sh   (needs wrk, postgresql and postgresql-15-postgis-3)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q
source benches/national-setup.sh
BIN=$MAILLAGE_BIN
bench_workdir_with_postgis /tmp/maillage-bench-XXXXXX

cat > "$WORK/nearest.lua" <<'LUA'
-- Random points over metropolitan France, 10 nearest places each.
math.randomseed(42)
request = function()
  local lat = 43.0 + math.random() * 7.5
  local lon = -1.5 + math.random() * 8.5
  return wrk.format("GET", string.format("/api/places/nearest?lat=%.5f&lon=%.5f&limit=10", lat, lon))
end
LUA

bench() { # $1: label, $2: --db value, $3: "import" to import first, then serve's extra arguments
    local label=$1 db=$2 import=$3
    shift 3
    local t0 t1 port=$((18090 + ${#PIDS[@]}))
    [ "$import" != import ] || national_import "$db" "$label"
    t0=$(date +%s.%N)
    "$BIN" --db "$db" serve --addr 127.0.0.1:$port "$@" >/dev/null 2>"$WORK/$label.log" &
    PIDS+=($!)
    until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.02; done
    t1=$(date +%s.%N)
    echo "[$label] serve $*: first /healthz after $(echo "$t1 - $t0" | bc) s; $(curl -s "http://127.0.0.1:$port/healthz" | python3 -c 'import json,sys; h=json.load(sys.stdin); print(h["places"], "places,", h["communes"], "communes")')"
    wrk -t2 -c64 -d20s --latency -s "$WORK/nearest.lua" "http://127.0.0.1:$port/" |
        grep -E "Requests/sec|^ +(50|90|99)%|Non-2xx|Socket" | sed "s/^/[$label] /"
    kill "${PIDS[-1]}"
}

bench sqlite "$WORK/national.db" import
bench postgis "$PG_URL" import
knn_plan() {
    "$PGBIN/psql" -h "$WORK/pg" -p "$PG_PORT" -U postgres -d national -c "EXPLAIN (ANALYZE, BUFFERS)
        SELECT id FROM places WHERE geom IS NOT NULL
        ORDER BY geom::geography <-> ST_SetSRID(ST_MakePoint(3.08, 45.78), 4326)::geography LIMIT 30"
}
knn_plan >/dev/null # the first reads the index from disk; the second is what a busy server sees
echo "[postgis] plan of the nearest-places query (30 candidates near Clermont-Ferrand), warm:"
knn_plan | sed "s/^/[postgis]   /"
bench postgis-knn "$PG_URL" no --spatial-queries database
