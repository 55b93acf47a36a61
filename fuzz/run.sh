#!/usr/bin/env bash
# Runs every logical fuzz target (libFuzzer, coverage-guided) one after the other, each for a time
# and/or a number of executions; prints executions, time and crashes per target and exits 1 if any
# target crashed. Used by `make fuzz` (FUZZ_SECONDS, default 60) and by the smoke tier of
# `make test` (a few seconds each). See fuzz/README.md.
#
#   bash fuzz/run.sh [--seconds S] [--runs N] [--target NAME]... [-- LIBFUZZER_FLAGS...]
#
# The targets are what `fuzz_tool list` prints (computed from the call registry `core::CALLS`):
# `<name> <binary> <call>`. `decode_*`/`encode_*` run in the binaries `decode`/`encode` with
# FUZZ_CALL=<call>, so a new call is fuzzed with no edit here. --target takes a logical name or a
# binary name (`--target decode`: every decoder).
#
# Corpus: fuzz/corpus/<target>/ (seeded by the target itself, grown by libFuzzer; not committed).
# fuzz/regressions/<target>/ (committed: every crash ever found) is replayed before every run.
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

# The list of logical targets, from the registry (a stable build of the small bin fuzz_tool,
# before RUSTC_BOOTSTRAP may be set below).
mkdir -p target/cargo-fuzz/logs
if ! cargo build --release --quiet --manifest-path fuzz/Cargo.toml --target-dir target/fuzz --bin fuzz_tool \
  >target/cargo-fuzz/logs/fuzz_tool.log 2>&1; then
  cat target/cargo-fuzz/logs/fuzz_tool.log >&2
  echo "could not build fuzz/src/bin/fuzz_tool.rs (it lists the targets)" >&2
  exit 1
fi
fuzz_tool=target/fuzz/release/fuzz_tool
list=$("$fuzz_tool" list) || { echo "fuzz_tool list failed" >&2; exit 1; }

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
names=() binaries=() calls=()
while read -r name binary call; do
  [ -n "$name" ] || continue
  if [ ${#only[@]} -gt 0 ] && [[ ! " ${only[*]} " == *" $name "* ]] && [[ ! " ${only[*]} " == *" $binary "* ]]; then continue; fi
  names+=("$name") binaries+=("$binary") calls+=("$call")
done <<<"$list"
if [ ${#names[@]} -eq 0 ]; then
  echo "no such target: ${only[*]}; the targets:" $(awk '{print $1}' <<<"$list") >&2
  exit 2
fi
built=()
while read -r b; do built+=("$b"); done < <(printf '%s\n' "${binaries[@]}" | awk '!seen[$0]++')

t0=$(date +%s)
for b in "${built[@]}"; do
  if ! cargo "$toolchain" fuzz build "${flags[@]}" "$b" >target/cargo-fuzz/logs/build.log 2>&1; then
    cat target/cargo-fuzz/logs/build.log >&2
    echo "cargo $toolchain fuzz build $b failed" >&2
    if [ "$toolchain" = +stable ]; then
      echo "(stable with RUSTC_BOOTSTRAP=1 is the fallback when there is no nightly; install one: rustup toolchain install nightly)" >&2
    fi
    exit 1
  fi
done
echo "built ${#built[@]} binaries for ${#names[@]} targets in $(( $(date +%s) - t0 )) s ($toolchain); ${seconds} s and at most ${runs/#-1/unlimited} executions each"
mkdir -p fuzz/corpus
"$fuzz_tool" dict >fuzz/corpus/fuzz.dict

failed=0
printf '%-26s %12s %8s %10s %s\n' target executions seconds execs/s crashes
for k in "${!names[@]}"; do
  t=${names[$k]} b=${binaries[$k]} c=${calls[$k]}
  env=()
  [ "$c" != - ] && env=(FUZZ_CALL="$c")
  corpus=fuzz/corpus/"$t"
  mkdir -p "$corpus" fuzz/artifacts/"$t"
  log=target/cargo-fuzz/logs/$t.log
  # The regressions are replayed once (-runs=0) before fuzzing, not fuzzed: libFuzzer's input
  # length limit grows to the largest input it loads, and one 70 KB regression would make every
  # mutation 70 KB long (map_piperun_customer: 1 200 executions/s instead of 15 000).
  if [ -d fuzz/regressions/"$t" ] && ! env "${env[@]}" cargo "$toolchain" fuzz run "${flags[@]}" "$b" \
    fuzz/regressions/"$t" -- -runs=0 -timeout=10 -artifact_prefix=fuzz/artifacts/"$t"/ >"$log" 2>&1; then
    printf '%-26s %12s %8s %10s %s\n' "$t" - - - "a regression fails again"
    grep -m1 -A2 'panicked at' "$log" | sed 's/^/    /'
    echo "    log: $log"
    failed=$((failed + 1))
    continue
  fi
  s0=$(date +%s%N)
  env "${env[@]}" cargo "$toolchain" fuzz run "${flags[@]}" "$b" "$corpus" -- \
    -max_total_time="$seconds" -runs="$runs" -timeout=10 -print_final_stats=1 -dict=fuzz/corpus/fuzz.dict \
    -artifact_prefix=fuzz/artifacts/"$t"/ "${extra[@]}" >"$log" 2>&1
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
    echo "    log: $log; minimize: ${env[*]:+${env[*]} }cargo $toolchain fuzz tmin ${flags[*]} $b <artifact>"
  fi
done
echo "fuzz: $(( ${#names[@]} - failed )) passed, $failed failed ($(( $(date +%s) - t0 )) s)"
[ "$failed" = 0 ]
