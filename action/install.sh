#!/usr/bin/env bash
# The GitHub Action's install step (action.yml): driftlock into a virtualenv of its own under
# RUNNER_TEMP, put on the job's PATH (GITHUB_PATH). INPUT_VERSION: a released version
# (`pip install driftlock==VERSION`), `latest`, or empty: this action's own checkout
# (ACTION_PATH), built from source by pip (maturin; needs a Rust toolchain).
set -euo pipefail

venv="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/driftlock-venv"
rm -rf "$venv"
python3 -m venv "$venv"
case "${INPUT_VERSION:-}" in
  "") "$venv/bin/pip" install --quiet --disable-pip-version-check "${ACTION_PATH:?}" ;;
  latest) "$venv/bin/pip" install --quiet --disable-pip-version-check driftlock ;;
  *) "$venv/bin/pip" install --quiet --disable-pip-version-check "driftlock==${INPUT_VERSION#v}" ;;
esac
echo "$venv/bin" >>"${GITHUB_PATH:-/dev/null}"
"$venv/bin/driftlock" --version
