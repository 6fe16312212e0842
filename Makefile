# Two commands do all set-up (README "Quick start"):
#   make run    install, start the local Neo4j, load the samples, serve the API (Ctrl-C stops all)
#   make test   install, assemble Neo4j, run the whole suite against a throw-away Neo4j
# Needs Python 3.11, Java 17 and Maven on PATH. Set NEO4J_URI to use another server instead.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
KG     := $(VENV)/bin/kg
# Re-install only when the package definition changes (pip is slow even when nothing changes).
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
SAMPLES ?= data/samples/dev

.PHONY: help install neo4j run test check lint bench db-stop clean-neo4j

help:
	@echo "make run      install, start Neo4j, load $(SAMPLES), serve the API on $(HOST):$(PORT)"
	@echo "make test     install, assemble Neo4j, run the whole test suite"
	@echo "make check    ruff + tests"
	@echo "make bench    extraction and graph-loading benchmarks"
	@echo "make install  venv $(VENV) with the project installed (editable, dev extras)"
	@echo "make neo4j    assemble the local Neo4j server from Maven Central (cached in ~/.m2)"

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed (set PYTHON=...)")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

neo4j: install
	$(KG) db assemble

# The database runs in its own session, so Ctrl-C reaches only the API; the traps then stop
# the database cleanly (SIGTERM via `kg db stop`) however the recipe ends.
run: install neo4j
	@trap '$(KG) db stop' EXIT; trap 'exit 0' INT TERM; \
	$(KG) db start; \
	if $(KG) ingest --help >/dev/null 2>&1; then \
		$(KG) ingest $(SAMPLES); \
	else \
		echo "kg ingest is not available yet: loading the samples is a no-op"; \
	fi; \
	echo "API on http://$(HOST):$(PORT)  (docs /docs, health /health); Ctrl-C stops the API and Neo4j"; \
	if $(KG) serve --help >/dev/null 2>&1; then \
		$(KG) serve --host $(HOST) --port $(PORT); \
	else \
		$(VENV)/bin/uvicorn app.main:app --host $(HOST) --port $(PORT); \
	fi

test: install neo4j
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check .

check: lint test

# Extraction needs no database; the loading bench uses the local server (started if needed,
# stopped again only if this target started it) or NEO4J_URI.
# e.g. make bench BENCH_EXTRACT_ARGS=5 BENCH_LOAD_ARGS="--docs 50"
BENCH_EXTRACT_ARGS ?=
BENCH_LOAD_ARGS ?=
bench: install neo4j
	bench/extract $(BENCH_EXTRACT_ARGS)
	@started=0; \
	if ! $(KG) db status >/dev/null 2>&1; then $(KG) db start; started=1; fi; \
	trap 'if [ $$started = 1 ]; then $(KG) db stop; fi' EXIT; \
	bench/load $(BENCH_LOAD_ARGS)

db-stop: install
	$(KG) db stop

# Removes the assembled server (not the data, not ~/.m2): the next start re-assembles offline.
clean-neo4j:
	rm -rf .neo4j/home
