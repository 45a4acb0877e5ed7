#!/usr/bin/env bash
# Tests the GitHub Action (action.yml, action/): installs driftlock with action/install.sh as
# the action does without a `version` (pip builds this checkout), then runs tests/action/
# (Python's unittest): action/comment.py against a local stand-in for GitHub's API, and
# action.yml's steps run as a runner runs them, with README.md's workflow, on temporary git
# repositories. Everything it makes goes under the Cargo target folder or a temp folder.
#
# As in scripts/precommit.sh, pip's build of the checkout reuses the Cargo target folder and
# the dev profile, and takes maturin from a wheelhouse instead of the package index.
set -euo pipefail
cd "$(dirname "$0")/.."

target="${CARGO_TARGET_DIR:-$PWD/target}"
mkdir -p "$target"
target="$(cd "$target" && pwd)"
maturin_version=1.15.0
pyyaml_version=6.0.2

tools="$target/action-test-tools"
if ! "$tools/bin/python" -c "import yaml, sys; sys.exit(yaml.__version__ != '$pyyaml_version')" 2>/dev/null; then
  rm -rf "$tools"
  python3 -m venv "$tools"
  "$tools/bin/pip" install --quiet --disable-pip-version-check "PyYAML==$pyyaml_version"
fi
wheelhouse="$target/maturin-wheelhouse"
if ! ls "$wheelhouse"/maturin-"$maturin_version"-*.whl >/dev/null 2>&1; then
  rm -rf "$wheelhouse"
  "$tools/bin/pip" download --quiet --disable-pip-version-check -d "$wheelhouse" \
    "maturin==$maturin_version"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/driftlock-action.XXXXXX")"
trap 'rm -rf "$work"' EXIT
start=$SECONDS
CARGO_TARGET_DIR="$target" MATURIN_PEP517_ARGS="--profile dev" PIP_NO_INDEX=1 \
  PIP_FIND_LINKS="$wheelhouse" INPUT_VERSION="" ACTION_PATH="$PWD" RUNNER_TEMP="$work" \
  GITHUB_PATH="$work/github-path" bash action/install.sh
echo "action_test.sh: action/install.sh built and installed driftlock in $((SECONDS - start)) s" >&2

PATH="$(cat "$work/github-path"):$PATH" DRIFTLOCK_ACTION_TEST=1 PYTHONDONTWRITEBYTECODE=1 \
  "$tools/bin/python" -m unittest discover -s tests/action -v
echo "action_test.sh: done in $((SECONDS - start)) s"
