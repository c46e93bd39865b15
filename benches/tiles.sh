#!/usr/bin/env bash
# Issue 12 figures for vector tiles, on the release binary and the national set (as
# benches/postgis.sh imports it), SQLite (in-process encoder) beside PostGIS (ST_AsMVT):
#  1. cold: a fresh `serve`, each of ~1,900 commune tiles z6–z12 over metropolitan France asked
#     once, one at a time (benches/tiles_cold.py): p50/p95/p99 per zoom and for all; the first
#     tile, which on SQLite also builds the tile index, is timed apart;
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
BIN=$PWD/target/release/maillage
DATA=$PWD/../shared/data
WORK=$(mktemp -d /tmp/maillage-tiles-XXXXXX)
chmod 755 "$WORK"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

mkdir "$WORK/pg" && { [ "$(id -u)" != 0 ] || chown postgres "$WORK/pg"; }
as_pg "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/log" -w \
    -o "-k $WORK/pg -p 5432 -c listen_addresses=" start >/dev/null
"$PGBIN/psql" -h "$WORK/pg" -U postgres -q -c "CREATE DATABASE national"
"$PGBIN/psql" -h "$WORK/pg" -U postgres -q -d national -c "CREATE EXTENSION postgis"
PG_URL="postgres://postgres@localhost:5432/national?host=$WORK/pg"

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

import_all() { # $1: --db value
    local db=$1
    "$BIN" --db "$db" import population "$DATA/population/communes-cog2026-population.csv" >/dev/null
    "$BIN" --db "$db" import communes "$DATA/communes/communes-france-simplifiees.geojson.gz" >/dev/null
    "$BIN" --db "$db" import epci "$DATA/population/epci.json" >/dev/null
    "$BIN" --db "$db" import mairies "$DATA/addresses/mairies-france.csv" >/dev/null
    "$BIN" --db "$db" import places "$DATA"/places/france-services-20240801.csv "$DATA"/places/cnfs-lieux-2022.json \
        "$DATA"/places/data-inclusion-lieux-mediation-2023.json "$DATA"/places/hinaura-aura-lieux.json \
        "$DATA"/places/hub-du-sud-paca-2023.json >/dev/null
}

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
    echo "[$label] first tile (on SQLite it builds the tile index): $(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/tiles/communes/12/2100/1460.mvt") s"
    python3 benches/tiles_cold.py "127.0.0.1:$port" "$WORK/tiles.txt" | sed "s/^/[$label] cold /"
    TILE_LIST="$WORK/tiles.txt" wrk -t2 -c64 -d20s --latency -s "$WORK/warm.lua" "http://127.0.0.1:$port/" |
        grep -E "Requests/sec|Transfer/sec|^ +(50|90|99)%|Non-2xx|Socket" | sed "s/^/[$label] warm /"
    echo "[$label] resident memory after: $(ps -o rss= -p "${PIDS[-1]}" | awk '{printf "%.0f MB", $1/1024}')"
    kill "${PIDS[-1]}"
}

echo "importing the national set into SQLite and PostGIS…"
import_all "$WORK/national.db"
import_all "$PG_URL"
bench sqlite "$WORK/national.db" 18201
bench postgis "$PG_URL" 18202

# The map page, before and after tiles, on the same binary and database.
mkdir -p "$WORK/before"
git archive b8f801a web | tar -x -C "$WORK/before"
start before "$WORK/national.db" 18203 --web "$WORK/before/web"
start after "$WORK/national.db" 18204
node benches/page_load.mjs http://127.0.0.1:18203/ 3 | sed "s/^/[before: GeoJSON] /"
node benches/page_load.mjs http://127.0.0.1:18204/ 3 | sed "s/^/[after: tiles] /"
