#!/usr/bin/env bash
# The development set: real Alembic histories shipped inside PyPI packages (apache-airflow,
# mlflow), installed into a scratch venv outside the checkout. Compares `driftlock history`
# with what real Alembic loads from the same files, and prints the figures.
#
# usage: scripts/devset.sh [SCRATCH_DIR]   (default: $TMPDIR/driftlock-devset)
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="${1:-${TMPDIR:-/tmp}/driftlock-devset}"
venv="$scratch/venv"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check apache-airflow mlflow
fi
cargo build --quiet --release --locked
site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')

# name, project dir (holding the config Alembic reads), script location override, what to analyse
"$venv/bin/python" scripts/devset_compare.py target/release/driftlock \
  "airflow" "$site/airflow" "" "$site/airflow" \
  "mlflow" "$site/mlflow/store/db_migrations" "$site/mlflow/store/db_migrations" "$site/mlflow/store/db_migrations"
