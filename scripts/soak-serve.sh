#!/usr/bin/env bash
# A soak of `maillage serve` on the national set of scripts/bench-serve.sh (run it once first):
# wrk on a mix of cheap reads (scripts/soak/mix.lua) for MINUTES, while the most expensive
# requests the caps allow (national coverage and gaps at 60 minutes, a 60-minute isochrone, a
# 300 × 300 matrix) are fired every 20 s, two at a time. Prints resident memory at start, every
# minute and at the end, the cheap requests' latency (wrk), and every status the expensive
# requests got: any 5xx other than the documented 503 (busy or over the deadline) is a failure.
# Usage: bash scripts/soak-serve.sh [MINUTES=10]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}
work=target/bench-serve
bin=target/release/maillage
[ -f "$work/ready" ] || { echo "run scripts/bench-serve.sh first" >&2; exit 1; }
cargo build --release --locked -q
port=18091
base="http://127.0.0.1:$port"
"$bin" --db "$work/national.db" serve --addr 127.0.0.1:$port >"$work/soak.out" 2>"$work/soak.err" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf "$base/healthz" >/dev/null 2>&1; do sleep 0.1; done
rss() { awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status; }
out=$(mktemp -d)
echo "RSS at start: $(rss) MiB"
matrix=$(python3 -c "import json; p=[[-0.6+i*0.002, 44.8+(i%17)*0.01] for i in range(300)]; print(json.dumps({'sources': p, 'destinations': p}))")
wrk -t2 -c16 -d"${minutes}m" --latency -s scripts/soak/mix.lua "$base" >"$out/wrk" &
wrkpid=$!
expensive() {
    while kill -0 $wrkpid 2>/dev/null; do
        curl -s -o /dev/null -w 'coverage %{http_code}\n' "$base/api/coverage?minutes=15,30,45,60&catchment=60" >>"$out/heavy" &
        curl -s -o /dev/null -w 'gaps %{http_code}\n' "$base/api/gaps?minutes=60" >>"$out/heavy" &
        curl -s -o /dev/null -w 'isochrone %{http_code}\n' "$base/api/isochrone?lat=44.84&lon=-0.58&minutes=20,40,60" >>"$out/heavy" &
        curl -s -o /dev/null -w 'matrix %{http_code}\n' -H 'content-type: application/json' -d "$matrix" "$base/api/matrix" >>"$out/heavy" &
        sleep 20
    done
}
expensive &
heavypid=$!
probe() { # /healthz on its own connection every 0.5 s: its latency, apart from wrk's mix
    while kill -0 $wrkpid 2>/dev/null; do
        curl -s -o /dev/null -m 5 -w '%{http_code} %{time_total}\n' "$base/healthz" >>"$out/health" || echo "000 5" >>"$out/health"
        sleep 0.5
    done
}
probe &
probepid=$!
for m in $(seq 1 "$minutes"); do
    sleep 60
    echo "minute $m: RSS $(rss) MiB"
done
wait $wrkpid || true
kill $heavypid $probepid 2>/dev/null || true
sleep 35 # the last expensive requests end (or meet their deadline)
echo "RSS at the end: $(rss) MiB (peak $(awk '/VmHWM/ {print int($2/1024)}' /proc/$pid/status) MiB)"
grep -E "Requests/sec|Non-2xx|Socket errors|requests in|^ +(50|90|99)%" "$out/wrk" || true
sort -k2 -g "$out/health" | awk '{ok += ($1 == 200); t[NR] = $2; slow += ($2 > 0.1)}
    END {i = int(NR * 0.99) + 1; if (i > NR) i = NR;
         printf "/healthz probes: %d, %d answered 200, median %.1f ms, p99 %.1f ms, slowest %.1f ms, %d over 100 ms\n",
         NR, ok, 1000*t[int(NR/2)+1], 1000*t[i], 1000*t[NR], slow}'
echo "expensive requests (name status count):"
sort "$out/heavy" | uniq -c | awk '{print "  " $2, $3, $1}'
if awk '$2 >= 500 && $2 != 503' "$out/heavy" | grep -q .; then echo "FAIL: 5xx other than 503"; exit 1; fi
