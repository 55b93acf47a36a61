#!/usr/bin/env bash
# Every test suite of the project, in tiers. Prints one PASS/FAIL line per tier and a final
# "N passed, M failed" line; exits non-zero if any tier failed. Called by `make test`.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never
# The fake TomTicket for the wasm-bindgen tests listens on a fixed loopback port, compiled into
# the test binary (tests/web.rs reads FAKE_TOMTICKET_URL at build time), so that the test crate
# is not rebuilt on every run.
FAKE_PORT=${FAKE_PORT:-47311}
export FAKE_TOMTICKET_URL="http://127.0.0.1:${FAKE_PORT}"
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-120}

only=${1:-all}
results=()
passed=0
failed=0
tier() { # name command...
  local name=$1; shift
  if [ "$only" != all ] && [[ "$name" != *"$only"* ]]; then return 0; fi
  local t0; t0=$(date +%s)
  printf '\n=== %s ===\n' "$name"
  if "$@"; then
    results+=("PASS $name ($(( $(date +%s) - t0 )) s)"); passed=$((passed + 1))
  else
    results+=("FAIL $name ($(( $(date +%s) - t0 )) s)"); failed=$((failed + 1))
  fi
}

fake_pid=""
start_fake() {
  node tests/fake/tomticket-fake.mjs --port "$FAKE_PORT" --rps 3 > target/fake-wasm-tests.log 2>&1 &
  fake_pid=$!
  for _ in $(seq 1 50); do
    grep -q FAKE_TOMTICKET_URL target/fake-wasm-tests.log 2>/dev/null && return 0
    sleep 0.1
  done
  echo "fake TomTicket did not start:"; cat target/fake-wasm-tests.log; return 1
}
stop_fake() { [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null; wait "$fake_pid" 2>/dev/null; fake_pid=""; }
trap stop_fake EXIT
mkdir -p target

tier "native core (cargo test)" cargo test --quiet
tier "clippy (native and wasm32, -D warnings)" bash -c 'cargo clippy --quiet --all-targets -- -D warnings && cargo clippy --quiet --target wasm32-unknown-unknown --all-targets -- -D warnings'
tier "fuzz smoke (every cargo fuzz target, 2 s each)" bash fuzz/run.sh --seconds 2
tier "fake service + package.json merge (node --test)" node --test tests/fake/ tests/packaging/build-pkg.test.mjs
if start_fake; then
  tier "wasm in Node (wasm-pack test --node)" wasm-pack test --node
  # Without a wasm_bindgen_test_configure! the runner picks Node; this env var picks the browser.
  tier "wasm in Chromium (wasm-pack test --chrome)" env WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome
  tier "wasm in Firefox (wasm-pack test --firefox)" env WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --firefox
  stop_fake
else
  results+=("FAIL fake service did not start"); failed=$((failed + 1))
fi
tier "package build (scripts/build-pkg.mjs)" node scripts/build-pkg.mjs
tier "bad-input table in the package (node --test)" node --test tests/bad-input/
tier "types: golden .d.ts, no any" node scripts/check-types.mjs
tier "packaging: Node, workerd, Deno, Vite+Chromium, bundlers" node tests/packaging/run.mjs
tier "examples: Worker in workerd, portal in Chromium" node tests/examples/run.mjs
tier "demo starts (DEMO_SMOKE=1 scripts/demo.mjs)" env DEMO_SMOKE=1 node scripts/demo.mjs

printf '\n=== summary ===\n'
printf '%s\n' "${results[@]}"
echo "tiers: $passed passed, $failed failed"
[ "$failed" = 0 ]
