#!/usr/bin/env bash
# Runs every `cargo fuzz` target (libFuzzer, coverage-guided) one after the other, each for a time
# and/or a number of executions; prints executions, time and crashes per target and exits 1 if any
# target crashed. Used by `make fuzz` (FUZZ_SECONDS, default 60) and by the smoke tier of
# `make test` (a few seconds each). See fuzz/README.md.
#
#   bash fuzz/run.sh [--seconds S] [--runs N] [--target NAME]... [-- LIBFUZZER_FLAGS...]
#
# Corpus: fuzz/corpus/<target>/ (seeded by the target itself, grown by libFuzzer; not committed)
# plus fuzz/regressions/<target>/ (committed: every crash ever found, replayed on every run).
# Crashes: fuzz/artifacts/<target>/. Logs: target/cargo-fuzz/logs/<target>.log.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

seconds=${FUZZ_SECONDS:-60}
runs=-1
only=()
extra=()
while [ $# -gt 0 ]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --target) only+=("$2"); shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "usage: $0 [--seconds S] [--runs N] [--target NAME]... [-- LIBFUZZER_FLAGS...]" >&2; exit 2 ;;
  esac
done

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is not installed: run \`make setup\` (or \`cargo install cargo-fuzz --locked\`)" >&2
  exit 1
fi
# libFuzzer instrumentation needs nightly flags (-Zsanitizer...). Without a nightly toolchain,
# stable works too when told it may use them (RUSTC_BOOTSTRAP=1). FUZZ_TOOLCHAIN=stable forces that.
if [ "${FUZZ_TOOLCHAIN:-}" != stable ] && rustup run nightly rustc --version >/dev/null 2>&1; then
  toolchain=+nightly
elif RUSTC_BOOTSTRAP=1 cargo +stable fuzz --version >/dev/null 2>&1; then
  toolchain=+stable
  export RUSTC_BOOTSTRAP=1
  echo "no nightly toolchain: using stable with RUSTC_BOOTSTRAP=1"
else
  echo "cargo fuzz needs a nightly toolchain (rustup toolchain install nightly) or stable with RUSTC_BOOTSTRAP=1" >&2
  exit 1
fi

# Release build, debug assertions and overflow checks on, no sanitizer (safe Rust; speed), in its
# own target dir so that it does not wait for the main build's lock.
flags=(-O --debug-assertions --sanitizer none --target-dir target/cargo-fuzz)
targets=()
for f in fuzz/fuzz_targets/*.rs; do
  t=$(basename "$f" .rs)
  if [ ${#only[@]} -gt 0 ] && [[ ! " ${only[*]} " == *" $t "* ]]; then continue; fi
  targets+=("$t")
done
[ ${#targets[@]} -gt 0 ] || { echo "no such target: ${only[*]}" >&2; exit 2; }

t0=$(date +%s)
mkdir -p target/cargo-fuzz/logs
for t in "${targets[@]}"; do
  if ! cargo "$toolchain" fuzz build "${flags[@]}" "$t" >target/cargo-fuzz/logs/build.log 2>&1; then
    cat target/cargo-fuzz/logs/build.log >&2
    echo "cargo $toolchain fuzz build $t failed" >&2
    if [ "$toolchain" = +stable ]; then
      echo "(stable with RUSTC_BOOTSTRAP=1 is the fallback when there is no nightly; install one: rustup toolchain install nightly)" >&2
    fi
    exit 1
  fi
done
echo "built ${#targets[@]} targets in $(( $(date +%s) - t0 )) s ($toolchain); ${seconds} s and at most ${runs/#-1/unlimited} executions each"

failed=0
printf '%-26s %12s %8s %10s %s\n' target executions seconds execs/s crashes
for t in "${targets[@]}"; do
  corpus=(fuzz/corpus/"$t")
  mkdir -p "${corpus[0]}"
  [ -d fuzz/regressions/"$t" ] && corpus+=(fuzz/regressions/"$t")
  log=target/cargo-fuzz/logs/$t.log
  s0=$(date +%s%N)
  cargo "$toolchain" fuzz run "${flags[@]}" "$t" "${corpus[@]}" -- \
    -max_total_time="$seconds" -runs="$runs" -timeout=10 -print_final_stats=1 -dict=fuzz/corpus/fuzz.dict \
    "${extra[@]}" >"$log" 2>&1
  rc=$?
  secs=$(awk -v a="$s0" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
  execs=$(awk '/stat::number_of_executed_units:/{print $2}' "$log" | tail -1)
  crashes=$(grep -cE '^(==[0-9]+== ERROR: libFuzzer|SUMMARY: libFuzzer)' "$log")
  if [ "$rc" != 0 ] && [ "$crashes" = 0 ]; then crashes="error (exit $rc)"; fi
  rate=$(awk -v n="${execs:-0}" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0) ? n / s : 0 }')
  printf '%-26s %12s %8s %10s %s\n' "$t" "${execs:-?}" "$secs" "$rate" "$crashes"
  if [ "$rc" != 0 ]; then
    failed=$((failed + 1))
    grep -m1 -A2 'panicked at' "$log" | sed 's/^/    /'
    grep -m1 'Test unit written to' "$log" | sed 's/^/    /'
    echo "    log: $log; minimize: cargo $toolchain fuzz tmin ${flags[*]} $t <artifact>"
  fi
done
echo "fuzz: $(( ${#targets[@]} - failed )) passed, $failed failed ($(( $(date +%s) - t0 )) s)"
[ "$failed" = 0 ]
