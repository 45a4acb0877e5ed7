#!/usr/bin/env bash
# The development set: real Alembic histories shipped inside PyPI packages (apache-airflow,
# mlflow), installed into a scratch venv outside the checkout.
#  1. `driftlock history` against what real Alembic loads from the same files;
#  2. the truth: each project's own migrate command on a throwaway PostgreSQL, dumped as
#     schema/1, against `driftlock schema`, fact by fact (scripts/schema_facts.py).
#
# usage: scripts/devset.sh [SCRATCH_DIR]   (default: $TMPDIR/driftlock-devset)
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="${1:-${TMPDIR:-/tmp}/driftlock-devset}"
venv="$scratch/venv"
mkdir -p "$scratch"

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check apache-airflow mlflow \
    psycopg2-binary==2.9.13 asyncpg
fi
cargo build --quiet --release --locked
site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
airflow_dir="$site/airflow"
mlflow_dir="$site/mlflow/store/db_migrations"

echo "== revision graphs"
# name, project dir (holding the config Alembic reads), script location override, what to analyse
"$venv/bin/python" scripts/devset_compare.py target/release/driftlock \
  "airflow" "$airflow_dir" "" "$airflow_dir" \
  "mlflow" "$mlflow_dir" "$mlflow_dir" "$mlflow_dir"

echo "== schemas"
export DRIFTLOCK_PG_DIR="$scratch/pg"
trap 'bash scripts/pg.sh stop' EXIT
line="$(bash scripts/pg.sh start)"
url="${line#DRIFTLOCK_PG_URL=}"
query="${url#*\?}"
for p in mlflow airflow; do
  psql -q "$url" -c "DROP DATABASE IF EXISTS ${p}_truth" -c "CREATE DATABASE ${p}_truth"
done
"$venv/bin/mlflow" db upgrade "postgresql+psycopg2://postgres@/mlflow_truth?$query" > "$scratch/mlflow-upgrade.log" 2>&1
AIRFLOW__DATABASE__SQL_ALCHEMY_CONN="postgresql+psycopg2://postgres@/airflow_truth?$query" \
  AIRFLOW_HOME="$scratch/airflow-home" "$venv/bin/airflow" db migrate --use-migration-files \
  > "$scratch/airflow-migrate.log" 2>&1
for p in airflow mlflow; do
  dir="$airflow_dir"
  [ "$p" = mlflow ] && dir="$mlflow_dir"
  "$venv/bin/python" tests/oracle/dump_schema.py "postgresql://postgres@/${p}_truth?$query" -o "$scratch/$p-truth.json"
  target/release/driftlock schema "$dir" --format json > "$scratch/$p-replay.json" 2> "$scratch/$p-replay.log" || true
  echo "-- $p ($(grep -c '^\[' "$scratch/$p-replay.log" || true) diagnostics, in $scratch/$p-replay.log)"
  python3 scripts/schema_facts.py "$scratch/$p-truth.json" "$scratch/$p-replay.json"
done
