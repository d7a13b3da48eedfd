# filspec — see README.md. Every target installs what it needs first.
SHELL := /bin/bash
.DEFAULT_GOAL := help
FILSPEC := node bin/filspec.js
MEASURE := .filspec/measure
# The measured run: unit, property and vector tests, with the per-file results and the coverage
# that the dashboard reports (browser tests run apart, against the built site).
VITEST_MEASURED := npx vitest run --coverage --reporter=default --reporter=json --outputFile.json=$(MEASURE)/tests.json

.PHONY: help setup node test generate docs bench conformance typecheck check system-deps clean

help:
	@echo "make node | test | generate | docs | bench | conformance | setup"

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund
	@node -e "import('tsx/esm/api').then(() => console.log('tsx loads'))"
	@touch $@

# Debian packages the docs and browser tests need, installed only when missing.
system-deps:
	@missing=""; command -v hugo >/dev/null || missing="$$missing hugo"; \
	  command -v chromium >/dev/null || missing="$$missing chromium"; \
	  if [ -n "$$missing" ]; then \
	    echo "installing Debian packages:$$missing"; \
	    if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  fi

setup: node_modules/.stamp system-deps

node: node_modules/.stamp
	@$(FILSPEC) dashboard
	@echo
	@echo "The filspec node is not built yet: it arrives with a later issue (chain, RPC, libp2p); the VM runs the corpus: make conformance."
	@echo "Until then 'make node' shows the dashboard of the executable spec."

typecheck: node_modules/.stamp
	npx tsc --noEmit -p .

check: node_modules/.stamp
	$(FILSPEC) check

test: setup typecheck check
	@mkdir -p $(MEASURE)
	$(VITEST_MEASURED)
	$(FILSPEC) generate --check
	$(MAKE) --no-print-directory docs
	npx vitest run --config vitest.browser.config.ts --reporter=default --reporter=json --outputFile.json=$(MEASURE)/browser.json

generate: node_modules/.stamp
	@mkdir -p $(MEASURE)
	$(VITEST_MEASURED)
	$(FILSPEC) generate

docs: setup
	$(FILSPEC) site
	npx typedoc --logLevel Warn
	cd docs && hugo --quiet --cleanDestinationDir --destination public
	cp -r docs/api docs/public/api

bench: node_modules/.stamp
	@for b in bench/*.bench.ts; do echo "== $$b"; npx tsx "$$b" || exit 1; done

conformance: node_modules/.stamp
	$(FILSPEC) conformance

clean:
	rm -rf .filspec docs/public docs/content docs/data docs/api node_modules/.stamp
