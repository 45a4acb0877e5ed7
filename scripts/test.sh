#!/usr/bin/env bash
# The whole test suite: unit, snapshot, CLI and oracle tests. Installs what it needs first:
# libclang and PostgreSQL (scripts/setup.sh) and a Python venv with the pinned Alembic that the
# oracle tests compare against (kept in target/, outside the sources). Starts a throwaway
# PostgreSQL cluster for the run (scripts/pg.sh, in a temp dir of its own) and removes it at
# the end; set DRIFTLOCK_PG_URL to use a server of your own instead.
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
# driftlock reads installed libraries (corpus/library_types: sqlalchemy-utils) from the
# virtualenv it runs in, as a user's CI does.
export VIRTUAL_ENV="$venv"

if [ -z "${DRIFTLOCK_PG_URL:-}" ]; then
  # A cluster per run, so that concurrent runs do not stop each other's.
  DRIFTLOCK_PG_DIR="$(mktemp -d /tmp/driftlock-pg.XXXXXX)"
  export DRIFTLOCK_PG_DIR
  trap 'bash scripts/pg.sh stop' EXIT
  pg_line="$(bash scripts/pg.sh start)"
  export DRIFTLOCK_PG_URL="${pg_line#DRIFTLOCK_PG_URL=}"
fi

cargo test --locked "$@"
