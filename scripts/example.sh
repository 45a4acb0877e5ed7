#!/usr/bin/env bash
# Runs driftlock on the bundled example project (corpus/shop), building it first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo run --quiet --release --locked -- history corpus/shop "$@"
