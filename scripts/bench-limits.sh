#!/usr/bin/env bash
# The expensive-request limits of `maillage serve`, measured on the national set of
# scripts/bench-serve.sh (run it once first: it builds target/bench-serve/national.db).
# Fires REQUESTS (default: the two most expensive coverage requests the caps allow) at once,
# while /healthz is asked every 50 ms; prints each request's status and time, the peak resident
# memory of the server (sampled every 50 ms and VmHWM), and the slowest /healthz answer.
# Usage: bash scripts/bench-limits.sh [SERVE FLAGS…]   (env REQUESTS="path1 path2 …")
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/bench-serve
bin=target/release/maillage
[ -f "$work/ready" ] || { echo "run scripts/bench-serve.sh first" >&2; exit 1; }
cargo build --release --locked -q
port=18090
base="http://127.0.0.1:$port"
REQUESTS=${REQUESTS:-"/api/coverage?minutes=15,20,30,45,60&catchment=60 /api/gaps?minutes=60&catchment=60"}
"$bin" --db "$work/national.db" serve --addr 127.0.0.1:$port "$@" >"$work/limits.out" 2>"$work/limits.err" &
pid=$!
trap 'kill $pid $sampler $prober 2>/dev/null || true' EXIT
sampler= prober=
until curl -sf "$base/healthz" >/dev/null 2>&1; do sleep 0.1; done
rss() { awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status; }
echo "RSS at start: $(rss) MiB"
out=$(mktemp -d)
( while kill -0 $pid 2>/dev/null; do rss >>"$out/rss"; sleep 0.05; done ) &
sampler=$!
( while :; do curl -s -o /dev/null -w "%{time_total} %{http_code} $(date +%s.%N)\n" "$base/healthz" >>"$out/health"; sleep 0.05; done ) &
prober=$!
i=0
requests=()
for r in $REQUESTS; do
    i=$((i + 1))
    curl -s -o /dev/null -w "$r -> %{http_code} in %{time_total} s\n" "$base$r" >"$out/req$i" &
    requests+=($!)
done
wait "${requests[@]}" || true
sleep 1
kill $prober $sampler 2>/dev/null || true
cat "$out"/req*
echo "peak RSS: sampled $(sort -n "$out/rss" | tail -1) MiB, VmHWM $(awk '/VmHWM/ {print int($2/1024)}' /proc/$pid/status) MiB; RSS after: $(rss) MiB"
sort -n "$out/health" | awk '{ t[NR] = $1; if ($1 > 0.1) slow++; if ($2 != 200) bad++ } END { printf "/healthz: %d answers, median %.1f ms, p99 %.1f ms, slowest %.1f ms, %d over 100 ms, %d not 200\n", NR, t[int(NR/2)+1]*1000, t[int(NR*0.99)+1]*1000, t[NR]*1000, slow, bad }'
t0=$(head -1 "$out/health" | cut -d' ' -f3)
echo "over 100 ms, seconds after the first probe: $(awk -v t0="$t0" '$1 > 0.1 { printf "%.1f(%.0fms) ", $3 - t0, $1 * 1000 }' "$out/health")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
