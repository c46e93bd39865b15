#!/usr/bin/env bash
# Refreshes the copy of MapLibre GL JS that the binary embeds (web/vendor/maplibre-gl/) from
# the npm package pinned in package-lock.json, so that the binary serves the map without Node.
# `--check` only verifies that the copy equals the installed package (run by scripts/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules/maplibre-gl/dist
dst=web/vendor/maplibre-gl
[ -d "$src" ] || { echo "run npm ci first ($src is missing)" >&2; exit 1; }
for f in maplibre-gl.js maplibre-gl.css LICENSE.txt; do
    if [ "${1:-}" = "--check" ]; then
        cmp -s "$src/$f" "$dst/$f" || { echo "$dst/$f differs from npm's maplibre-gl: run bash scripts/vendor-maplibre.sh" >&2; exit 1; }
    else
        mkdir -p "$dst" && cp "$src/$f" "$dst/$f"
    fi
done
