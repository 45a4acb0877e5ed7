#!/usr/bin/env bash
# Builds the Python wheel (maturin, pyproject.toml: the `driftlock` binary in a py3-none
# wheel, version from Cargo.toml), installs it into a fresh virtualenv and runs the installed
# `driftlock` on corpus/shop; also checks that `cargo install --path .` still works. Fails on
# any error. Everything it makes goes under the Cargo target folder (CARGO_TARGET_DIR, else
# target/), never into the sources.
#
# DRIFTLOCK_WHEEL_PROFILE picks the Cargo profile: `dev` (default) reuses the build the test
# suite made, so CI pays seconds for this; `release` makes the wheel to publish (several
# minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."

target="${CARGO_TARGET_DIR:-$PWD/target}"
mkdir -p "$target"
target="$(cd "$target" && pwd)"
profile="${DRIFTLOCK_WHEEL_PROFILE:-dev}"
maturin_version=1.15.0
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
[ -n "$version" ] || { echo "wheel.sh: no version in Cargo.toml" >&2; exit 1; }

# maturin, pinned, in a virtualenv of its own.
tools="$target/wheel-tools"
if [ "$("$tools/bin/maturin" --version 2>/dev/null)" != "maturin $maturin_version" ]; then
  rm -rf "$tools"
  python3 -m venv "$tools"
  "$tools/bin/pip" install --quiet --disable-pip-version-check "maturin==$maturin_version"
fi

out="$target/wheels"
rm -rf "$out"
start=$SECONDS
CARGO_TARGET_DIR="$target" "$tools/bin/maturin" build --locked --profile "$profile" --out "$out"
wheels=("$out"/driftlock-"$version"-*.whl)
if [ ${#wheels[@]} -ne 1 ] || [ ! -f "${wheels[0]}" ]; then
  echo "wheel.sh: expected one wheel of driftlock $version in $out" >&2
  ls -l "$out" >&2
  exit 1
fi
wheel="${wheels[0]}"
echo "built $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KiB) in $((SECONDS - start)) s" >&2

# The wheel's contents: the binary as a script, and the metadata the package index shows.
python3 - "$wheel" "$version" <<'PY'
import sys, zipfile
wheel, version = sys.argv[1], sys.argv[2]
names = zipfile.ZipFile(wheel).namelist()
binary = f"driftlock-{version}.data/scripts/driftlock"
assert binary in names, f"{binary} not in {names}"
meta = zipfile.ZipFile(wheel).read(f"driftlock-{version}.dist-info/METADATA").decode()
headers, _, body = meta.partition("\n\n")
for needed in (f"Version: {version}", "Name: driftlock", "Requires-Python: ",
               "Description-Content-Type: text/markdown", "Project-URL: Repository, ",
               "License-Expression: MIT"):
    assert needed in headers, f"METADATA lacks {needed!r}:\n{headers}"
assert body.startswith("# driftlock"), "METADATA has no README"
assert "Requires-Dist" not in headers, "the wheel should have no dependencies"
PY

# A fresh virtualenv, the wheel installed from the file alone (no index), and a run.
venv="$target/wheel-venv"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
got="$("$venv/bin/driftlock" --version)"
if [ "$got" != "driftlock $version" ]; then
  echo "wheel.sh: driftlock --version says '$got', expected 'driftlock $version'" >&2
  exit 1
fi
# corpus/shop has findings on purpose: exit 1 is expected, 2 (an error) is not.
status=0
"$venv/bin/driftlock" check corpus/shop --color never >"$target/wheel-check.txt" || status=$?
if [ "$status" -gt 1 ] || ! grep -Eq '^driftlock check: [1-9][0-9]* revision' "$target/wheel-check.txt"; then
  echo "wheel.sh: the installed driftlock failed on corpus/shop (exit $status):" >&2
  cat "$target/wheel-check.txt" >&2
  exit 1
fi
"$venv/bin/driftlock" schema corpus/shop --format sql >/dev/null

# `cargo install --path .` keeps working (debug, in the same target folder: no rebuild).
root="$target/cargo-install-root"
rm -rf "$root"
cargo install --quiet --locked --debug --path . --root "$root" --target-dir "$target"
got="$("$root/bin/driftlock" --version)"
[ "$got" = "driftlock $version" ] || { echo "wheel.sh: cargo install gave '$got'" >&2; exit 1; }

echo "wheel.sh: $(basename "$wheel") installs and runs (pip and cargo install) in $((SECONDS - start)) s"
