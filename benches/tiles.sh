#!/usr/bin/env bash
# Issue 12 figures for vector tiles, on the release binary and the national set (as
# benches/postgis.sh imports it), SQLite (in-process encoder) beside PostGIS (ST_AsMVT):
#  1. cold: a fresh `serve`, once it has cut zooms 0–8 ahead (timed), each of ~1,900 commune
#     tiles z6–z12 over metropolitan France asked once, one at a time (benches/tiles_cold.py):
#     p50/p95/p99 per zoom and for all;
#  2. warm: the same tiles again under wrk, 2 threads, 64 connections, 20 s, gzip accepted;
#  3. first load of the map page for all France in headless Chromium (benches/page_load.mjs),
#     before (the pages of commit b8f801a: every commune polygon as one GeoJSON, every place as
#     another) and after (tiles), served by the same binary (`--web`), on SQLite.
# PostgreSQL runs as a throwaway cluster on a unix socket in a temporary folder.
# Usage: bash benches/tiles.sh   (needs wrk, python3, node with playwright-core, chromium,
#        postgresql and postgresql-15-postgis-3)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q
source benches/national-setup.sh
BIN=$MAILLAGE_BIN
bench_workdir_with_postgis /tmp/maillage-tiles-XXXXXX

cat > "$WORK/warm.lua" <<'LUA'
-- Cycles through the tiles of the cold run (one path a line), each thread from its own start.
local paths = {}
for line in io.lines(os.getenv("TILE_LIST")) do paths[#paths + 1] = line end
local i = 0
setup = function(thread) thread:set("start", math.floor(#paths / 2) * (i % 2)); i = i + 1 end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(start + n) % #paths + 1], { ["Accept-Encoding"] = "gzip" })
end
LUA

start() { # $1: label, $2: --db value, $3: port, rest: extra serve flags
    local label=$1 db=$2 port=$3
    shift 3
    "$BIN" --db "$db" serve --addr 127.0.0.1:$port "$@" >/dev/null 2>"$WORK/$label.log" &
    PIDS+=($!)
    until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.05; done
}

bench() { # $1: label, $2: --db value, $3: port
    local label=$1 db=$2 port=$3
    start "$label" "$db" "$port"
    # Zooms 0–8 are cut in the background after each change of data (src/api/tile_precut.rs):
    # wait for it, then the cold run asks them from the cache and cuts zooms 9–12 on demand.
    local cut
    until cut=$(curl -sf "http://127.0.0.1:$port/healthz" | python3 -c '
import json, sys
h = json.load(sys.stdin)
c = h["tiles_cut_ahead"]
assert c and c["generation"] == h["generation"]
print("%d tiles of zooms 0-8 cut ahead in %.2f s after start" % (c["tiles"], c["seconds"]))' 2>/dev/null); do
        sleep 0.2
    done
    echo "[$label] $cut"
    python3 benches/tiles_cold.py "127.0.0.1:$port" "$WORK/tiles.txt" | sed "s/^/[$label] cold /"
    TILE_LIST="$WORK/tiles.txt" wrk -t2 -c64 -d20s --latency -s "$WORK/warm.lua" "http://127.0.0.1:$port/" |
        grep -E "Requests/sec|Transfer/sec|^ +(50|90|99)%|Non-2xx|Socket" | sed "s/^/[$label] warm /"
    echo "[$label] resident memory after: $(ps -o rss= -p "${PIDS[-1]}" | awk '{printf "%.0f MB", $1/1024}')"
    kill "${PIDS[-1]}"
}

echo "importing the national set into SQLite and PostGIS…"
national_import "$WORK/national.db"
national_import "$PG_URL"
bench sqlite "$WORK/national.db" 18201
bench postgis "$PG_URL" 18202

# The map page, before and after tiles, on the same binary and database.
mkdir -p "$WORK/before"
git archive b8f801a web | tar -x -C "$WORK/before"
start before "$WORK/national.db" 18203 --web "$WORK/before/web"
start after "$WORK/national.db" 18204
node benches/page_load.mjs http://127.0.0.1:18203/ 3 | sed "s/^/[before: GeoJSON] /"
node benches/page_load.mjs http://127.0.0.1:18204/ 3 | sed "s/^/[after: tiles] /"
