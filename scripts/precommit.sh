#!/usr/bin/env bash
# Tests the pre-commit hook (.pre-commit-hooks.yaml, `driftlock-check`) as a user meets it:
# a temporary git repository (outside the sources) holding a safe Alembic project
# (tests/fixtures/check/safe) passes `pre-commit try-repo <this repository> driftlock-check`;
# a risky revision added to it (CREATE INDEX on an existing table, without CONCURRENTLY)
# fails it. Then README.md's `.pre-commit-config.yaml` snippet, pointed at this repository,
# gives the same answers through `pre-commit run`.
#
# pre-commit installs the hook as users get it: `pip install .` of this repository, built by
# maturin. To keep CI short the build reuses the Cargo target folder (CARGO_TARGET_DIR, else
# target/) and the dev profile (MATURIN_PEP517_ARGS), and pip installs maturin from a
# wheelhouse made once, without the package index (PIP_NO_INDEX). pre-commit itself
# (pinned) and its home live under the target folder too.
set -euo pipefail
cd "$(dirname "$0")/.."
here="$PWD"

target="${CARGO_TARGET_DIR:-$PWD/target}"
mkdir -p "$target"
target="$(cd "$target" && pwd)"
pre_commit_version=4.6.2
maturin_version=1.15.0
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"

tools="$target/precommit-tools"
if [ "$("$tools/bin/pre-commit" --version 2>/dev/null)" != "pre-commit $pre_commit_version" ]; then
  rm -rf "$tools"
  python3 -m venv "$tools"
  "$tools/bin/pip" install --quiet --disable-pip-version-check "pre-commit==$pre_commit_version"
fi
wheelhouse="$target/maturin-wheelhouse"
if ! ls "$wheelhouse"/maturin-"$maturin_version"-*.whl >/dev/null 2>&1; then
  rm -rf "$wheelhouse"
  "$tools/bin/pip" download --quiet --disable-pip-version-check -d "$wheelhouse" \
    "maturin==$maturin_version"
fi

export PRE_COMMIT_HOME="$target/pre-commit-home"
rm -rf "$PRE_COMMIT_HOME"
export CARGO_TARGET_DIR="$target"
export MATURIN_PEP517_ARGS="--profile dev"
export PIP_NO_INDEX=1 PIP_FIND_LINKS="$wheelhouse" PIP_DISABLE_PIP_VERSION_CHECK=1
export NO_COLOR=1 PRE_COMMIT_COLOR=never
# git commits in the temporary repository, whoever runs this.
export GIT_AUTHOR_NAME=driftlock GIT_AUTHOR_EMAIL=driftlock@example.com
export GIT_COMMITTER_NAME=driftlock GIT_COMMITTER_EMAIL=driftlock@example.com

work="$(mktemp -d "${TMPDIR:-/tmp}/driftlock-precommit.XXXXXX")"
trap 'rm -rf "$work"' EXIT
repo="$work/project"
mkdir -p "$repo"
cp -R tests/fixtures/check/safe/. "$repo/"
git -C "$repo" init --quiet
git -C "$repo" add -A
git -C "$repo" -c commit.gpgsign=false commit --quiet -m "a safe history"

fail() {
  echo "precommit.sh: $1" >&2
  cat "$work/out.txt" >&2
  exit 1
}

# Runs a pre-commit command in the temporary repository; its exit status in $status.
run() {
  status=0
  (cd "$repo" && "$tools/bin/pre-commit" "$@") >"$work/out.txt" 2>&1 || status=$?
}

start=$SECONDS
run try-repo "$here" driftlock-check --all-files
[ "$status" -eq 0 ] || fail "try-repo on a safe history exited $status"
grep -q '^driftlock check\.*Passed$' "$work/out.txt" || fail "the hook did not pass"
echo "precommit.sh: a safe history passes (hook installed in $((SECONDS - start)) s)" >&2

cat >"$repo/migrations/versions/0006_index.py" <<'PY'
"""index users by status

Revision ID: 0006
Revises: 0005
"""
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade():
    op.execute("SET lock_timeout = '5s'")
    op.create_index("ix_users_status", "users", ["status"])


def downgrade():
    op.execute("SET lock_timeout = '5s'")
    op.drop_index("ix_users_status", table_name="users")
PY
git -C "$repo" add -A
run try-repo "$here" driftlock-check --all-files
[ "$status" -eq 1 ] || fail "try-repo on a risky revision exited $status, expected 1"
grep -q '^driftlock check\.*Failed$' "$work/out.txt" || fail "the hook did not fail"
grep -q 'add-index-without-concurrently' "$work/out.txt" || fail "the finding is not shown"
grep -q '0006_index.py:14' "$work/out.txt" || fail "the finding's place is not shown"

# README.md's snippet, with this repository (at its HEAD) in place of the published one.
snippet="$(python3 - "$here/README.md" "$version" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"<!-- tested by scripts/precommit\.sh -->\s*```yaml\n(.*?)```", text, re.S)
assert m, "README.md has no snippet marked for scripts/precommit.sh"
snippet = m.group(1)
assert f"rev: v{sys.argv[2]}" in snippet, f"the snippet's rev is not v{sys.argv[2]}"
print(snippet, end="")
PY
)"
head="$(git -C "$here" rev-parse HEAD)"
printf '%s\n' "$snippet" \
  | sed -e "s#repo: https://github.com/OWNER/driftlock#repo: $here#" -e "s#rev: v$version#rev: $head#" \
  >"$repo/.pre-commit-config.yaml"
grep -q "repo: $here" "$repo/.pre-commit-config.yaml" || fail "the snippet names no repo to replace"
git -C "$repo" add .pre-commit-config.yaml
run run --all-files
[ "$status" -eq 1 ] || fail "README's configuration on a risky revision exited $status, expected 1"
grep -q 'add-index-without-concurrently' "$work/out.txt" || fail "the finding is not shown"
rm "$repo/migrations/versions/0006_index.py"
git -C "$repo" add -A
run run --all-files
[ "$status" -eq 0 ] || fail "README's configuration on a safe history exited $status"

echo "precommit.sh: the hook passes a safe history and fails a risky revision (try-repo and README's configuration), in $((SECONDS - start)) s"
