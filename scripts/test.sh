#!/usr/bin/env bash
# Sets up and runs every test: formatting, lints, Rust unit and integration tests on the
# real data in ../shared/data, and the browser test of the map page in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

cargo fmt --check
cargo clippy --release --locked --all-targets -- -D warnings
cargo test --release --locked
MAILLAGE_BIN="$PWD/target/release/maillage" npm run --silent test:browser
