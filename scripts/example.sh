#!/usr/bin/env bash
# Runs driftlock on the bundled example project (corpus/shop), building it first: the revision
# graph, the schema its migrations build (replayed without a database), the drift against its
# models, and its risky changes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --quiet --release --locked
./target/release/driftlock history corpus/shop "$@"
echo
./target/release/driftlock schema corpus/shop --format sql
echo
echo
# The models (shop/models.py, read statically) against what the migrations build.
./target/release/driftlock drift corpus/shop
echo
# Exit code 1 here means "findings at or above --fail-on": expected for this example.
./target/release/driftlock check corpus/shop || true
