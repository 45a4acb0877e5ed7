#!/usr/bin/env bash
# Fuzzes driftlock: builds the cargo-fuzz targets of fuzz/ and runs each for its share of
# SECONDS (default 60; the Python and SQL targets get twice the share of the others), then
# prints, per target, the inputs executed and the crashes found. Exits 1 if any target
# crashed (a panic, a timeout, running out of memory), 0 otherwise; also 0, with a message,
# when the nightly toolchain or cargo-fuzz is missing (CI runs it only where nightly is).
#
#   scripts/fuzz.sh [SECONDS]
#
# Seeds come from the repository (fuzz/seeds.py derives them from corpus/ and the rule
# fixtures into fuzz/corpus/, which also keeps what libFuzzer finds between runs), plus the
# hand-written ones in fuzz/seeds/<target>/ and every saved crash in
# fuzz/regressions/<target>/: a regression that is not fixed crashes again on start.
# Crashing inputs land in fuzz/artifacts/<target>/; the output of each run in
# fuzz/logs/<target>.log. Reproduce one with
#   cargo +nightly fuzz run <target> <file>     (and minimise it with `cargo fuzz tmin`)
#
# Environment:
#   FUZZ_TARGETS      targets to run (default: all of fuzz/Cargo.toml, in order)
#   FUZZ_BUILD_FLAGS  flags of `cargo fuzz build/run` (default `-s none`: an optimised build
#                     with debug assertions and overflow checks, without AddressSanitizer,
#                     which makes each input about 4 times slower and finds little in safe
#                     Rust: the unsafe code runs in pg_query's C parser, which
#                     cargo-fuzz does not instrument anyway; `-s address` to have it)
#   FUZZ_TIMEOUT      seconds one input may take before it counts as a hang (default 20)
#   FUZZ_KEEP_GOING   1: go on after a crash (libFuzzer's fork mode, -ignore_crashes), to
#                     collect every crash of a long run instead of stopping at the first
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: scripts/fuzz.sh [SECONDS]" >&2
  exit 2
fi

if ! command -v rustup >/dev/null 2>&1 || ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz.sh: no nightly toolchain (rustup toolchain install nightly): not fuzzing"
  exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz.sh: cargo-fuzz is not installed (cargo install cargo-fuzz --locked): not fuzzing"
  exit 0
fi

all_targets=(python_check sql_lowering revision_header config_readers report_renderers)
read -r -a targets <<<"${FUZZ_TARGETS:-${all_targets[*]}}"
read -r -a build_flags <<<"${FUZZ_BUILD_FLAGS:--s none}"
timeout="${FUZZ_TIMEOUT:-20}"

# Paths in panic messages and backtraces relative to the checkout, so that crashes are grouped
# by their `src/` frame the same way on every machine.
export RUSTFLAGS="${RUSTFLAGS:-} --remap-path-prefix=$PWD/="
# The scratch projects of the targets, and libFuzzer's own temporary files: a folder per run,
# so that two runs at once (a long run beside CI's minute) do not remove each other's.
mkdir -p fuzz/tmp fuzz/logs
run_tmp="$(mktemp -d "$PWD/fuzz/tmp/run.XXXXXX")"
export TMPDIR="$run_tmp"
trap 'rm -rf "$run_tmp"' EXIT
# The interpreter releases its modules at the end of each run (their functions point back
# at them); LeakSanitizer stays off all the same: a leak is not a crash, and it would stop
# the run at the first one instead of reporting it.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# Where cargo fuzz puts the binaries, to run a crashing input again without cargo.
profile=release
for flag in "${build_flags[@]}"; do
  case "$flag" in -D | --dev) profile=debug ;; esac
done
bin_dir="fuzz/target/$(rustc +nightly -vV | sed -n 's/^host: //p')/$profile"

build_start=$SECONDS
echo "fuzz.sh: building ${targets[*]} (cargo +nightly fuzz build ${build_flags[*]})"
for target in "${targets[@]}"; do
  cargo +nightly fuzz build "${build_flags[@]}" "$target"
done
echo "fuzz.sh: built in $((SECONDS - build_start)) s"

if command -v python3 >/dev/null 2>&1; then
  python3 fuzz/seeds.py fuzz/corpus
else
  echo "fuzz.sh: no python3: no seeds from corpus/" >&2
fi

# Shares of SECONDS: weight 2 for the Python and SQL targets, 1 for the others.
weight() {
  case "$1" in
    python_check | sql_lowering) echo 2 ;;
    *) echo 1 ;;
  esac
}
total_weight=0
for target in "${targets[@]}"; do
  total_weight=$((total_weight + $(weight "$target")))
done

mode=()
if [ "${FUZZ_KEEP_GOING:-0}" = 1 ]; then
  mode=(-fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1)
fi

# Why a run failed, in one line: the panic with its message and the innermost frame in
# driftlock's src/ (with RUST_BACKTRACE=1; the remapped paths are relative), else libFuzzer's
# or a sanitizer's error line (timeout, out of memory, stack overflow).
reason() {
  awk '/panicked at/ && panic == "" {
         sub(/^thread .* panicked at /, ""); sub(/^.*\/registry\/src\/[^\/]*\//, "")
         getline message; panic = $0 " " message; next }
       panic != "" && frame == "" && /^ *at src\// { sub(/^ *at /, ""); frame = " (in " $0 ")" }
       /ERROR: libFuzzer|ERROR: AddressSanitizer|has overflowed its stack|memory allocation of/ {
         if (error == "") { error = $0; sub(/^==[0-9]+== */, "", error) } }
       END { if (panic != "") print panic frame; else if (error != "") print error }'
}

summary=()
failed=0
for target in "${targets[@]}"; do
  share=$((seconds * $(weight "$target") / total_weight))
  [ "$share" -ge 1 ] || share=1
  mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
  dirs=("fuzz/corpus/$target")
  for extra in "fuzz/seeds/$target" "fuzz/regressions/$target"; do
    [ -d "$extra" ] && dirs+=("$extra")
  done
  stamp="$run_tmp/$target.stamp"
  touch "$stamp"
  log="fuzz/logs/$target.log"
  echo "fuzz.sh: $target for ${share} s"
  status=0
  cargo +nightly fuzz run "${build_flags[@]}" "$target" "${dirs[@]}" -- \
    -max_total_time="$share" -rss_limit_mb=2048 -timeout="$timeout" \
    -print_final_stats=1 "${mode[@]}" >"$log" 2>&1 || status=$?

  # Executions: the final stats; in fork mode, the last status line (`#N: cov: ...`).
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  if [ -z "$execs" ]; then
    execs="$(sed -n 's/^#\([0-9][0-9]*\)[: ].*/\1/p' "$log" | tail -n 1)"
  fi
  mapfile -t found < <(find "fuzz/artifacts/$target" -type f -newer "$stamp" \
    \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' -o -name 'leak-*' \) | sort)
  mapfile -t slow < <(find "fuzz/artifacts/$target" -type f -newer "$stamp" -name 'slow-unit-*')
  line="$(printf '%-17s %10s executions  %d crash(es)' "$target" "${execs:-?}" "${#found[@]}")"
  [ "${#slow[@]}" -eq 0 ] || line+="  ${#slow[@]} slow unit(s)"
  if [ "${#found[@]}" -gt 0 ]; then
    failed=1
  elif [ "$status" -ne 0 ]; then
    # libFuzzer failed without saving an input: the harness itself (or the build) is broken.
    failed=1
    line+="  (exit status $status, see $log)"
  fi
  summary+=("$line")
  # Each crashing input run again alone (at most 100 of them), for what it says; the same
  # place of failure is listed once, with the number of inputs and the first of them.
  declare -A count=() example=()
  keys=()
  for file in "${found[@]:0:100}"; do
    why="$(RUST_BACKTRACE=1 "$bin_dir/$target" "$file" -timeout="$timeout" \
      -rss_limit_mb=2048 2>&1 | reason || true)"
    why="${why:-no crash when run again}"
    # The place: the panic's location and driftlock's frame, without the message.
    key="$(sed -E 's/^([^ ]*:[0-9]+:[0-9]+:) .*( \(in [^)]*\))$/\1\2/' <<<"$why")"
    if [ -z "${count[$key]:-}" ]; then
      keys+=("$key")
      count[$key]=0
      example[$key]="$file: $why"
    fi
    count[$key]=$((count[$key] + 1))
  done
  for key in "${keys[@]}"; do
    summary+=("    ${count[$key]} input(s) failing at $key, e.g." "        ${example[$key]}")
  done
  unset count example
done

echo
echo "fuzz.sh: ${seconds} s over ${#targets[@]} target(s)"
printf '%s\n' "${summary[@]}"
if [ "$failed" -ne 0 ]; then
  echo "fuzz.sh: crashes found; logs in fuzz/logs/" >&2
  exit 1
fi
