#!/usr/bin/env bash
# Figures of the residents' API for BENCHMARKS.md, on the national set (every commune and every
# places file of ../shared/data, the Limousin BANO addresses) with the rural-sw-1m road network:
# wrk at 200 connections on /api/search and /api/places/nearest with filters and open_at,
# latency percentiles (p50, p99) and throughput.
# Usage: bash scripts/bench-residents.sh [WORKDIR] [SECONDS]  (needs wrk; WORKDIR keeps the database)
set -euo pipefail
cd "$(dirname "$0")/.."
source benches/national-setup.sh
data=../shared/data
work=${1:-target/bench-residents}
seconds=${2:-20}
bin=target/release/maillage
cargo build --release --locked -q
mkdir -p "$work"
db="$work/national.db"
m() { "$bin" --db "$db" "$@"; }
if [ ! -f "$work/ready" ]; then
    rm -rf "$db" "$db".*
    national_import "$db"
    m import roads "$data/bench/rural-sw-1m.osm.pbf" >/dev/null
    touch "$work/ready"
fi
m import addresses "$data/addresses/bano-limousin.csv" >/dev/null

"$bin" --db "$db" serve --addr 127.0.0.1:0 --max-connections 1024 >"$work/serve.out" 2>"$work/serve.err" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until grep -q "listening on" "$work/serve.out" 2>/dev/null; do sleep 0.05; done
url=$(sed -n 's/^listening on //p' "$work/serve.out")
until curl -sf "$url/healthz" >/dev/null; do sleep 0.05; done
curl -s "$url/healthz" | python3 -c "import json,sys; h=json.load(sys.stdin); print(f\"{h['places']} places, {h['communes']} communes, model {h['model']}\")"

run() { # $1: label, $2: path
    curl -sf "$url$2" >/dev/null || { echo "$1: $2 does not answer 200"; exit 1; }
    local n
    n=$(curl -s "$url$2" | python3 -c "import json,sys; d=json.load(sys.stdin); print(len(d['features']), d.get('model', ''))")
    wrk -t2 -c200 -d"${seconds}s" --latency "$url$2" >"$work/wrk.txt"
    local p50 p99 rps errors
    p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
    errors=$(grep -E "Non-2xx|Socket errors" "$work/wrk.txt" | tr -s ' ' | tr '\n' ' ' || true)
    echo "| $1 | \`$2\` | $n | $p50 | $p99 | $rps | ${errors:-none} |"
}
echo "| query | path | features, model | p50 | p99 | requests/s | errors |"
echo "|---|---|---|---|---|---|---|"
run "search, a commune" "/api/search?q=mauriac"
run "search, a common prefix" "/api/search?q=saint"
run "search, a typo" "/api/search?q=clermon%20ferand"
run "search, a postcode" "/api/search?q=19000"
run "search, an address" "/api/search?q=10%20pl%20allegre%20allassac"
run "nearest, filters + open_at (crow-fly, Cantal)" "/api/places/nearest?lat=45.2&lon=2.33&limit=10&gratuit=true&sans_rdv=true&open_at=2024-12-25T10:00"
run "nearest, open_at (road, Corrèze)" "/api/places/nearest?lat=45.267&lon=1.77&limit=10&open_at=2024-12-24T10:00"
run "nearest, filters on foot (road, Corrèze)" "/api/places/nearest?lat=45.267&lon=1.77&limit=10&mode=foot&accompagnements=langues-etrangeres&france_services=false"
run "nearest, open at night (road, Corrèze: scans far)" "/api/places/nearest?lat=45.267&lon=1.77&limit=10&open_at=2024-12-25T23:00"

# Every request a new point (no answer served from the cache): what a first visitor costs.
random() { # $1: label, $2: extra query
    WRK_BOX="1.2,44.9,2.5,45.7" WRK_QUERY="$2" wrk -t2 -c200 -d"${seconds}s" --latency \
        -s scripts/residents/random-points.lua "$url" >"$work/wrk.txt"
    local p50 p99 rps errors
    p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
    errors=$(grep -E "Non-2xx|Socket errors" "$work/wrk.txt" | tr -s ' ' | tr '\n' ' ' || true)
    echo "| $1 | random points in Corrèze–Cantal, \`$2\` | 10 | $p50 | $p99 | $rps | ${errors:-none} |"
}
random "nearest, random points, road" "limit=10"
random "nearest, random points, filters + open_at" "limit=10&gratuit=true&sans_rdv=true&open_at=2024-12-24T10:00"
