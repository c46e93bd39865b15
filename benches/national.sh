#!/usr/bin/env bash
# National figures of the place registry (issue 2), on the release binary:
#  1. import all France (communes, population, EPCI, town halls) + ~11,600 place rows, timed;
#  2. resident memory of `serve` with that set loaded;
#  3. `GET /api/places/nearest` under load: wrk, 2 threads, 64 connections, 20 s.
# Usage: bash benches/national.sh   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q
BIN=$PWD/target/release/maillage
DATA=../shared/data
DB=$(mktemp -d)/national.db
export MAILLAGE_DB=$DB

start=$(date +%s.%N)
$BIN import population $DATA/population/communes-cog2026-population.csv >/dev/null
$BIN import communes $DATA/communes/communes-france-simplifiees.geojson.gz >/dev/null
$BIN import epci $DATA/population/epci.json >/dev/null
$BIN import mairies $DATA/addresses/mairies-france.csv >/dev/null
$BIN import places $DATA/places/france-services-20240801.csv $DATA/places/cnfs-lieux-2022.json \
    $DATA/places/data-inclusion-lieux-mediation-2023.json >/dev/null
end=$(date +%s.%N)
echo "import all France + 11,586 place rows: $(echo "$end - $start" | bc) s"
$BIN stats | head -2 || true

PORT=18080
$BIN serve --addr 127.0.0.1:$PORT 2>/dev/null &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:$PORT/healthz >/dev/null && break; sleep 0.1; done
echo "serve resident memory: $(awk '/VmRSS/ {print $2/1024 " MB"}' /proc/$PID/status)"

cat > /tmp/maillage-nearest.lua <<'LUA'
-- Random points over metropolitan France, 10 nearest places each.
math.randomseed(42)
request = function()
  local lat = 43.0 + math.random() * 7.5
  local lon = -1.5 + math.random() * 8.5
  return wrk.format("GET", string.format("/api/places/nearest?lat=%.5f&lon=%.5f&limit=10", lat, lon))
end
LUA
wrk -t2 -c64 -d20s --latency -s /tmp/maillage-nearest.lua http://127.0.0.1:$PORT/ | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket" || true
echo "serve resident memory after load: $(awk '/VmRSS/ {print $2/1024 " MB"}' /proc/$PID/status)"
