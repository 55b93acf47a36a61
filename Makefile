# The two commands of the README: `make demo` and `make test`. Both install what they need.
.PHONY: demo test setup build bench fuzz clean

setup:
	@bash scripts/setup.sh

build: setup
	node scripts/build-pkg.mjs

demo: setup
	node scripts/build-pkg.mjs
	node scripts/demo.mjs

test: setup
	@bash scripts/test.sh

# Package vs a hand-written TypeScript client, in Node, Chromium and workerd (~15 min); rewrites
# the table in BENCHMARKS.md. Not part of `make test`.
bench: build
	cd bench && npm ci --no-audit --no-fund --loglevel=error
	node bench/run.mjs

# Every `cargo fuzz` target (libFuzzer: each decoder, the PipeRun parser and mapping, every encoder)
# for FUZZ_SECONDS each (default 60); fails if any crashes. See fuzz/README.md.
fuzz: setup
	bash fuzz/run.sh --seconds $${FUZZ_SECONDS:-60}

clean:
	rm -rf target pkg
