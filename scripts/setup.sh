#!/usr/bin/env bash
# Builds maillage and installs it where a user can call it (`cargo install`, into ~/.cargo/bin).
# The binary carries its pages and the default territory: nothing else is needed to serve.
# Needs a Rust toolchain; installs a C compiler on a bare Debian machine. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cc >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q build-essential
fi

# Builds in ./target (shared with the tests), then copies the binary to ~/.cargo/bin.
cargo install --locked --path . --target-dir target
bin_dir="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in
    *":$bin_dir:"*) ;;
    *) echo "note: add $bin_dir to your PATH to call maillage (or run $bin_dir/maillage)" >&2 ;;
esac
