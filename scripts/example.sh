#!/usr/bin/env bash
# Runs driftlock on the bundled example project (corpus/shop), building it first: the revision
# graph, then the schema its migrations build (replayed without a database).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --quiet --release --locked
./target/release/driftlock history corpus/shop "$@"
echo
./target/release/driftlock schema corpus/shop --format sql
