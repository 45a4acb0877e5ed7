#!/usr/bin/env bash
# The whole test suite: unit, snapshot, CLI and oracle tests. Installs what it needs first:
# libclang (scripts/setup.sh) and a Python venv with the pinned Alembic that the oracle
# tests compare against (kept in target/, outside the sources).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

venv="${DRIFTLOCK_VENV:-$PWD/target/oracle-venv}"
requirements=tests/oracle/requirements.txt
if ! cmp -s "$requirements" "$venv/requirements.txt" 2>/dev/null; then
  echo "creating the oracle venv in $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$venv/requirements.txt"
fi
export DRIFTLOCK_ORACLE_PYTHON="$venv/bin/python"

cargo test --locked "$@"
