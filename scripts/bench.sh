#!/usr/bin/env bash
# The speed benchmark of `driftlock check` (issue: check a large history in the time it takes to
# parse it). Each figure is the fastest of RUNS runs (default 3) of the release binary: wall
# time, CPU time (user + system) and peak memory, each run a new process.
#  1. synthetic histories of 1,000, 5,000 and 10,000 revisions with branches and merges
#     (examples/synth.rs), cold (--no-cache): the time must grow linearly with revisions;
#  2. with --devset DIR (scripts/devset.sh's scratch folder): airflow's history and the other
#     large histories of the development set, cold (--no-cache) and warm (the kept report of
#     an earlier run, every input unchanged);
#  3. with --devset and squawk on PATH (`pip install squawk-cli`): squawk on airflow's upgrade
#     SQL rendered by Alembic's offline mode (`alembic upgrade base:heads --sql`, with the
#     venv's own Alembic and env.py), next to driftlock's check of the same history, and the
#     ratio of their CPU times.
# Targets (2 cores): airflow <= 0.25 s cold, <= 0.10 s warm; the largest history <= 0.35 s
# cold; peak memory <= 100 MB; driftlock's CPU within 3x squawk's; 10,000 revisions <= 3 s.
# Each line says whether its target is met. Nothing is written outside a temporary folder
# (the cache of the warm runs lives there too).
#
# usage: scripts/bench.sh [--devset DIR] [--runs N]
set -euo pipefail
cd "$(dirname "$0")/.."

devset=""
runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --devset) devset="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "usage: scripts/bench.sh [--devset DIR] [--runs N]" >&2; exit 2 ;;
  esac
done

cargo build --release --locked --quiet --bin driftlock --example synth
target="${CARGO_TARGET_DIR:-target}"
driftlock="$PWD/$target/release/driftlock"
[ -x "$driftlock" ] || driftlock="$target/release/driftlock"
synth="$(dirname "$driftlock")/examples/synth"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DRIFTLOCK_CACHE_DIR="$work/cache"

# best CMD...: runs CMD $runs times (output discarded; exit status 1 means findings) and
# prints "wall cpu rss_kb" of the fastest run by wall time.
best() {
  local i line best_line="" best_wall=""
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -o "$work/time" -f "%e %U %S %M" "$@" >/dev/null 2>&1 || true
    line=$(tail -1 "$work/time")
    read -r wall user sys rss <<<"$line"
    local cpu
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
      best_wall="$wall"
      best_line="$wall $cpu $rss"
    fi
  done
  echo "$best_line"
}

# verdict VALUE LIMIT: "met" or "NOT met".
verdict() {
  awk -v v="$1" -v l="$2" 'BEGIN { print (v <= l) ? "met" : "NOT met" }'
}

report() { # label wall cpu rss [target_s]
  local label="$1" wall="$2" cpu="$3" rss="$4" limit="${5:-}"
  local mb=$((rss / 1024))
  if [ -n "$limit" ]; then
    printf '%-44s %6.2f s wall %6.2f s CPU %5d MB  (target <= %s s: %s)\n' \
      "$label" "$wall" "$cpu" "$mb" "$limit" "$(verdict "$wall" "$limit")"
  else
    printf '%-44s %6.2f s wall %6.2f s CPU %5d MB\n' "$label" "$wall" "$cpu" "$mb"
  fi
}

echo "driftlock $("$driftlock" --version | awk '{print $2}'), $(nproc) cores, best of $runs runs"
echo
echo "== synthetic histories (cold) =="
declare -A synth_wall
for n in 1000 5000 10000; do
  "$synth" "$work/synth$n" "$n"
  read -r wall cpu rss < <(best "$driftlock" check "$work/synth$n" --no-cache)
  synth_wall[$n]="$wall"
  limit=""
  [ "$n" = 10000 ] && limit=3
  report "check, $n revisions" "$wall" "$cpu" "$rss" $limit
done
awk -v a="${synth_wall[1000]}" -v b="${synth_wall[10000]}" \
  'BEGIN { printf "growth 1k -> 10k: %.1fx for 10x the revisions (linear: 10x)\n", b / a }'

if [ -z "$devset" ]; then
  echo
  echo "(--devset DIR: airflow and the development set's large histories, and squawk)"
  exit 0
fi

# The large histories of the development set: name, venv, path inside site-packages.
projects=(
  "airflow airflow airflow"
  "neutron neutron neutron/db/migration"
  "nova nova nova/db/main"
  "keystone keystone keystone/common/sql"
  "galaxy galaxy galaxy/model/migrations"
)
echo
echo "== development set =="
largest_wall=0
for entry in "${projects[@]}"; do
  read -r name venv rel <<<"$entry"
  site=$(ls -d "$devset"/venvs/"$venv"/lib/python3*/site-packages 2>/dev/null | head -1 || true)
  path="$site/$rel"
  [ -d "$path" ] || { echo "$name: not installed in $devset (scripts/devset.sh)"; continue; }
  revisions=$("$driftlock" history "$path" --format json 2>/dev/null \
    | python3 -c 'import json, sys; print(len(json.load(sys.stdin).get("revisions", [])))')
  read -r wall cpu rss < <(best "$driftlock" check "$path" --no-cache)
  limit=0.35
  [ "$name" = airflow ] && limit=0.25
  report "$name ($revisions revisions), cold" "$wall" "$cpu" "$rss" "$limit"
  [ "$name" = airflow ] && airflow_cpu="$cpu" && airflow_path="$path" && airflow_venv="$venv"
  "$driftlock" check "$path" >/dev/null 2>&1 || true # keeps the report
  read -r wall cpu rss < <(best "$driftlock" check "$path")
  report "$name, warm (kept report)" "$wall" "$cpu" "$rss" "$([ "$name" = airflow ] && echo 0.10)"
  largest_wall=$(awk -v a="$largest_wall" -v b="$wall" 'BEGIN { print (b > a) ? b : a }')
done

if [ -n "${airflow_path:-}" ] && command -v squawk >/dev/null 2>&1; then
  echo
  echo "== squawk on airflow's rendered upgrade SQL =="
  venv_bin="$devset/venvs/$airflow_venv/bin"
  sql="$work/airflow-upgrade.sql"
  (cd "$airflow_path" && AIRFLOW_HOME="$work/airflow-home" \
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://bench@localhost/bench \
    "$venv_bin/alembic" -c alembic.ini upgrade base:heads --sql >"$sql" 2>"$work/sql.log") \
    || { echo "alembic upgrade --sql failed: $work/sql.log"; tail -3 "$work/sql.log"; exit 1; }
  read -r wall cpu rss < <(best squawk "$sql")
  report "squawk $(squawk --version | awk '{print $2}'), $(($(wc -c <"$sql") / 1024)) KB of SQL" \
    "$wall" "$cpu" "$rss"
  awk -v d="$airflow_cpu" -v s="$cpu" 'BEGIN {
    r = d / s
    printf "driftlock / squawk CPU on airflow: %.2f s / %.2f s = %.1fx (target <= 3x: %s)\n",
      d, s, r, (r <= 3) ? "met" : "NOT met" }'
fi
