# Samplan. `make run` starts it with example data; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.DEFAULT_GOAL := help
.PHONY: help install install-dev run test check lint format vendor translations profile bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

# The virtualenv gets uv, which installs the same packages from PyPI as pip in a fraction of
# the time; where uv cannot be installed, pip does the installing.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv || echo "uv could not be installed; pip installs Samplan"

# `make` expands this when a recipe runs, after the virtualenv (and uv) exists. uv compiles the
# bytecode at install as pip does: otherwise every Python process of the tests compiles Django
# and the rest from source again.
INSTALLER = $(if $(wildcard $(BIN)/uv),$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python,$(BIN)/pip install --quiet)

# Installing again only when what it depends on changed (the catalogues are compiled when
# Samplan is installed, so a changed .po file installs again too).
INSTALL_DEPS := $(BIN)/python pyproject.toml setup.py $(wildcard samplan/locale/*/LC_MESSAGES/*.po)

$(VENV)/.installed: $(INSTALL_DEPS)
	$(INSTALLER) -e .
	touch $@

$(VENV)/.installed-dev: $(INSTALL_DEPS)
	$(INSTALLER) -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed ## Create .venv and install Samplan

install-dev: $(VENV)/.installed-dev ## Install Samplan with the test tools

run: install ## Install, load example data into SQLite and serve on http://127.0.0.1:8000
	$(BIN)/samplan demo

test: ## Install and run every test: lint, SQLite, PostgreSQL, browser + axe (with timings)
	scripts/test.sh

check: lint ## The inner loop: lint and the tests without a browser, on SQLite
	SAMPLAN_SINGLE_RUN=true SAMPLAN_HTTPS=false $(BIN)/pytest -p no:cacheprovider -q -n auto -m "not browser"

lint: install-dev ## ruff and migration check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/samplan makemigrations --check --dry-run

format: install-dev ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

translations: install-dev ## Extract new strings into the nb and nn catalogues (needs GNU gettext)
	cd samplan && ../$(BIN)/samplan makemessages --locale nb --locale nn --no-obsolete --no-location --ignore 'tests/*'
	$(BIN)/samplan compile-translations

profile: install-dev ## Each bench page's CPU time and cold queries in-process, caching off (PAGE="plan register" adds its profile)
	$(BIN)/python bench/profile_pages.py 20 "$(PAGE)"

bench: install-dev ## Benchmarks: main pages under load at 1 and 357 municipalities (PostgreSQL, wrk), a mixed run as a real host, strategy PDF
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || { echo "Install wrk: sudo apt-get install -y wrk"; exit 1; }
	@command -v redis-server >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq redis-server >/dev/null; } || { echo "Install redis-server: sudo apt-get install -y redis-server"; exit 1; }
	$(BIN)/python bench/strategy_pdf.py
	$(BIN)/python bench/run.py
	$(BIN)/python bench/mixed.py --reuse
	$(BIN)/python bench/mixed.py --reuse --cache process

vendor: ## Refresh Designsystemet CSS, htmx and axe-core from npm (versions in scripts/vendor.sh)
	scripts/vendor.sh

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) var
