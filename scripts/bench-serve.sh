#!/usr/bin/env bash
# Figures of `maillage serve` for BENCHMARKS.md, on the national set (every commune and every
# places file of ../shared/data) with the rural-sw-1m road network:
#   1. time from start to the first answer of /healthz, and resident memory then;
#   2. under a wrk load on /api/places/nearest, a places import then a roads import made by
#      another process: time from each import's end to the server answering with the new data,
#      and the failed requests during the swaps (wrk's non-2xx and socket errors).
# Usage: bash scripts/bench-serve.sh [WORKDIR]  (needs wrk; WORKDIR keeps the database between runs)
set -euo pipefail
cd "$(dirname "$0")/.."
source benches/national-setup.sh
data=../shared/data
work=${1:-target/bench-serve}
bin=target/release/maillage
cargo build --release --locked -q
mkdir -p "$work"
db="$work/national.db"
m() { "$bin" --db "$db" "$@"; }
now() { date +%s.%N; }
if [ ! -f "$work/ready" ]; then
    rm -rf "$db" "$db".*
    national_import "$db"
    m import roads "$data/bench/rural-sw-1m.osm.pbf" >/dev/null
    touch "$work/ready"
fi
health() { curl -sf "$url/healthz"; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

start=$(now)
"$bin" --db "$db" serve --addr 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until grep -q "listening on" "$work/serve.out" 2>/dev/null; do sleep 0.01; done
url=$(sed -n 's/^listening on //p' "$work/serve.out")
until health >/dev/null 2>&1; do sleep 0.01; done
ready=$(now)
rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
h=$(health)
echo "ready in $(echo "$ready - $start" | bc) s; RSS $((rss / 1024)) MiB; $(echo "$h" | field "['places']") places, $(echo "$h" | field "['communes']") communes, model $(echo "$h" | field "['model']")"

wait_change() { # $1: python expression on the health JSON that must differ from $2
    local before=$2 t0=$(now)
    while [ "$(health | field "$1")" = "$before" ]; do sleep 0.02; done
    echo "$(echo "$(now) - $t0" | bc)"
}
wrk -t2 -c16 -d150s "$url/api/places/nearest?lat=45.77&lon=3.08&limit=5" >"$work/wrk.txt" &
wrkpid=$!
sleep 3
gen=$(health | field "['generation']")
m import places "$data/places/france-services-20240801.csv" >/dev/null
echo "places import: new generation served $(wait_change "['generation']" "$gen") s after the import ended"
built=$(health | field "['roads']['built_at']")
sleep 1 # built_at has one-second resolution
m import roads "$data/bench/rural-sw-1m.osm.pbf" >/dev/null
echo "roads import: new network served $(wait_change "['roads']['built_at']" "$built") s after the import ended"
rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
echo "RSS after both reloads: $((rss / 1024)) MiB"
wait $wrkpid
grep -E "Requests/sec|Latency|Non-2xx|Socket errors|requests in" "$work/wrk.txt"
grep -q -E "Non-2xx|Socket errors" "$work/wrk.txt" && echo "FAILED REQUESTS" || echo "no failed request"
