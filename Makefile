# The two commands of the README: `make demo` and `make test`. Both install what they need.
.PHONY: demo test setup build bench clean

setup:
	@bash scripts/setup.sh

build: setup
	node scripts/build-pkg.mjs

demo: setup
	node scripts/build-pkg.mjs
	node scripts/demo.mjs

test: setup
	@bash scripts/test.sh

clean:
	rm -rf target pkg
