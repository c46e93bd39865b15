#!/usr/bin/env bash
# Puts our car times side by side with OSRM's stock car profile on the same extracts and points.
# Not run by CI (it needs OSRM). OSRM comes from the `osrm-bindings` wheel on PyPI, which ships
# osrm-extract/contract/routed and the profiles, statically linked:
#
#   pip download --no-deps --only-binary=:all: --python-version 3.12 \
#     --platform manylinux_2_28_x86_64 -d /tmp/osrm-wheel osrm-bindings
#   python3 -m zipfile -e /tmp/osrm-wheel/osrm_bindings-*.whl /tmp/osrm-wheel/x
#   OSRM_DIR=/tmp/osrm-wheel/x/osrm bash benches/osrm_reference.sh [NAME…]
#
# NAME is monaco, paris, saint_barthelemy or rural_sw (default: all). The points are drawn once
# into target/osrm-reference/NAME-points.csv (random car-graph nodes; rural_sw: the first 300
# commune points of bench/rural-points-1000.csv) and kept, so a run before and a run after a
# change of the profile time the same pairs. Prints, per extract, the ratio ours / OSRM of times
# and distances; every pair goes to target/osrm-reference/NAME-pairs.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
osrm="${OSRM_DIR:?set OSRM_DIR to the osrm folder of the unpacked osrm-bindings wheel}"
data=../shared/data
out=target/osrm-reference
mkdir -p "$out"
# OSRM_PROFILE: another profile than the stock car.lua (e.g. one without turn penalties, to see
# what they weigh). OSRM_REFERENCE_BIN: an osrm_reference example built from another commit (a run before a change).
bin=${OSRM_REFERENCE_BIN:-target/release/examples/osrm_reference}
[ -n "${OSRM_REFERENCE_BIN:-}" ] || cargo build --release --example osrm_reference
port=5077
for name in "${@:-monaco paris saint_barthelemy rural_sw}"; do
  for n in $name; do
    case $n in
      monaco) pbf=$data/osm/monaco.osm.pbf draw=200 ;;
      paris) pbf=$data/osm/paris_bss.osm.pbf draw=200 ;;
      saint_barthelemy) pbf=$data/osm/saint_barthelemy.osm.pbf draw=200 ;;
      rural_sw) pbf=$data/bench/rural-sw-1m.osm.pbf draw=
        [ -f "$out/$n-points.csv" ] || head -301 $data/bench/rural-points-1000.csv >"$out/$n-points.csv" ;;
      *) echo "unknown extract $n" >&2; exit 2 ;;
    esac
    work=$(mktemp -d /tmp/osrm-reference-XXXX)
    ln -s "$(realpath "$pbf")" "$work/$n.osm.pbf"
    "$osrm/bin/osrm-extract" -p "${OSRM_PROFILE:-$osrm/share/profiles/car.lua}" "$work/$n.osm.pbf" >"$work/extract.log" 2>&1
    # Multi-level Dijkstra: same answers as its hierarchy, prepared much sooner.
    "$osrm/bin/osrm-partition" "$work/$n.osrm" >"$work/partition.log" 2>&1
    "$osrm/bin/osrm-customize" "$work/$n.osrm" >"$work/customize.log" 2>&1
    "$osrm/bin/osrm-routed" --algorithm mld --port $port --max-table-size 1000 "$work/$n.osrm" \
      >"$work/routed.log" 2>&1 &
    routed=$!
    for _ in $(seq 50); do
      curl -sf "http://127.0.0.1:$port/nearest/v1/driving/0,0" >/dev/null 2>&1 && break
      grep -q "running and waiting" "$work/routed.log" && break
      sleep 0.2
    done
    echo "## $n"
    "$bin" "$pbf" "$out/$n-points.csv" ${draw:+--draw $draw} \
      --osrm "http://127.0.0.1:$port" --pairs "$out/$n-pairs.csv" || true
    kill $routed
    wait $routed 2>/dev/null || true
    rm -rf "$work"
  done
done
