#!/usr/bin/env bash
# Sets up and runs every test: formatting, lints, Rust unit and integration tests on the real
# data in ../shared/data (they run the built binary and its server), and the browser tests of
# the pages in headless Chromium. Installs what is missing on a bare Debian machine with Rust.
# Tests that exercise the store run on SQLite and on PostGIS: they start their own throwaway
# PostgreSQL cluster (tests/common/postgis.rs), which needs the server and PostGIS installed;
# the GeoPackage test reads the SQLite file with GDAL's ogrinfo (gdal-bin).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v cc >/dev/null 2>&1 || need_apt+=(build-essential)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need_apt+=(postgresql)
compgen -G "/usr/share/postgresql/*/extension/postgis.control" >/dev/null ||
    need_apt+=(postgresql-15-postgis-3)
# ogrinfo (GDAL) reads the SQLite file as QGIS does (tests/geopackage.rs).
command -v ogrinfo >/dev/null 2>&1 || need_apt+=(gdal-bin)
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q "${need_apt[@]}"
fi

# playwright-core and axe-core for the browser tests, and npm's MapLibre to check the copy the
# binary embeds (web/vendor) is the pinned one.
npm ci --no-audit --no-fund
bash scripts/vendor-maplibre.sh --check

cargo fmt --check
cargo clippy --release --locked --all-targets -- -D warnings
cargo test --release --locked
MAILLAGE_BIN="$PWD/target/release/maillage" npm run --silent test:browser
