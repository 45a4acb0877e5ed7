#!/usr/bin/env bash
# The GitHub Action's check step (action.yml): `driftlock check` with workflow annotations,
# then the Markdown report (the pull request comment's body) into a file and the job summary.
# On a pull request only the revisions changed since its base are checked for risky changes
# (`--since`, the base commit fetched when the checkout lacks it).
#
# Reads INPUT_PATH, INPUT_ARGS (split on spaces), INPUT_PG_VERSION, INPUT_FAIL_ON, and
# GitHub's GITHUB_EVENT_PATH, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, RUNNER_TEMP. Writes the
# outputs `exit-code` (driftlock's) and `report` (the Markdown file; empty when driftlock
# failed). Exits 0: the action's last step exits with driftlock's status.
set -euo pipefail

path="${INPUT_PATH:-.}"
report="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/driftlock-report.md"
rm -f "$report"

args=()
if [ -n "${INPUT_ARGS:-}" ]; then
  set -f
  # shellcheck disable=SC2206 # split on spaces, as ruff's action splits `args`
  args=($INPUT_ARGS)
  set +f
fi
[ -z "${INPUT_PG_VERSION:-}" ] || args+=(--pg-version "$INPUT_PG_VERSION")
args+=(--fail-on "${INPUT_FAIL_ON:-error}")

base=""
if [ -n "${GITHUB_EVENT_PATH:-}" ] && [ -f "$GITHUB_EVENT_PATH" ]; then
  base="$(python3 -c 'import json, sys
pr = json.load(open(sys.argv[1], encoding="utf-8")).get("pull_request") or {}
print((pr.get("base") or {}).get("sha") or "")' "$GITHUB_EVENT_PATH")"
fi
if [ -n "$base" ]; then
  if ! git -C "$path" cat-file -e "$base^{commit}" 2>/dev/null; then
    echo "driftlock: fetching the base commit $base (a checkout with fetch-depth: 0 has it)"
    git -C "$path" fetch --quiet --no-tags --depth=1 origin "$base" ||
      echo "::warning title=driftlock::cannot fetch the base commit $base"
  fi
  args+=(--since "$base")
fi

status=0
driftlock check "$path" "${args[@]}" --output-format github || status=$?
if [ "$status" -le 1 ]; then
  driftlock check "$path" "${args[@]}" --output-format markdown -o "$report" || true
fi

if [ -f "$report" ]; then
  [ -z "${GITHUB_STEP_SUMMARY:-}" ] || cat "$report" >>"$GITHUB_STEP_SUMMARY"
  echo "report=$report" >>"${GITHUB_OUTPUT:-/dev/null}"
else
  echo "::error title=driftlock::driftlock check failed (exit $status); see the log above"
  echo "report=" >>"${GITHUB_OUTPUT:-/dev/null}"
fi
echo "exit-code=$status" >>"${GITHUB_OUTPUT:-/dev/null}"
