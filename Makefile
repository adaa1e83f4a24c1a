# Prevention Hub — set-up, demo, tests. Needs only Python 3.11, pip, Node/npm and Debian's apt.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
PYTEST_ARGS ?=

.PHONY: help system-libs setup demo test test-sqlite test-postgres lint assets chromium java clean

help:
	@echo "make demo   set everything up, load demo data, serve at http://127.0.0.1:8000"
	@echo "make test   set everything up and run the whole test suite (browser tests included)"
	@echo "make lint   ruff, formatting, and the import contract (prevhub.crime never imports Django)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/pip install --quiet -e ".[dev,spark]"
	touch $@

frontend/node_modules/.package-lock.json: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error

src/prevhub/web/static/vendor/prevhub.css: frontend/node_modules/.package-lock.json frontend/app.scss frontend/build.mjs $(wildcard frontend/src/*)
	cd frontend && node build.mjs

assets: src/prevhub/web/static/vendor/prevhub.css

# WeasyPrint (the annual report's PDF) lays text out with Debian's Pango.
system-libs:
	@/sbin/ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || { \
	  echo "Installing Debian's Pango for the report PDFs…"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0; }

setup: system-libs $(VENV)/.installed assets

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests…"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }

# Java 17 for the Spark engine's tests (pyspark, the `spark` extra, is installed with the venv).
java:
	@command -v java >/dev/null 2>&1 || { \
	  echo "Installing Debian's OpenJDK 17 for the Spark tests…"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq openjdk-17-jre-headless; }

demo: setup
	$(BIN)/prevhub demo

test: setup chromium java test-sqlite test-postgres

test-sqlite:
	$(BIN)/pytest -q $(PYTEST_ARGS)

# The database-facing tests again, against a real PostgreSQL server (production's database):
# every app's tests (a new register's included, with no edit here) except the crime library's
# and its web faces', whose database use is only the signed-in user.
test-postgres:
	DATABASE_URL="$$(scripts/ensure-postgres.sh)" $(BIN)/pytest -q -m "not browser" tests \
	  --ignore=tests/crime --ignore=tests/e2e --ignore=tests/find --ignore=tests/insights \
	  $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) frontend/node_modules src/prevhub/web/static/vendor
