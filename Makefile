# fazhi — the two commands every newcomer needs are `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export DJANGO_SETTINGS_MODULE ?= fazhi.settings.base
HOST ?= 127.0.0.1:8000

.PHONY: run test setup install install-dev system-deps runtime-deps lint format check messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Pinned: every package, direct or not, comes at the version in requirements/lock.txt.
$(VENV)/.installed-base: $(BIN)/python requirements/base.in requirements/lock.txt pyproject.toml
	$(BIN)/pip install -q -c requirements/lock.txt -r requirements/base.in
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-base requirements/dev.in
	$(BIN)/pip install -q -c requirements/lock.txt -r requirements/dev.in
	touch $@

install: $(VENV)/.installed-base
install-dev: $(VENV)/.installed-dev

setup: install runtime-deps
	$(BIN)/fazhi setup --demo

run: setup
	@echo "fazhi is starting at http://$(HOST)/ — staff console at /console/, API docs at /api/v1/docs/"
	$(BIN)/fazhi serve $(HOST)

system-deps:
	@scripts/install-system-deps.sh

runtime-deps:
	@scripts/install-system-deps.sh --runtime

test: install-dev system-deps
	DJANGO_SETTINGS_MODULE=fazhi.settings.test $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/fazhi makemigrations --check --dry-run
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=fazhi.settings.test $(BIN)/mypy

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs GNU gettext (apt-get install gettext); the compiled .mo files are committed so that running does not.
messages: install
	cd fazhi && ../$(BIN)/fazhi makemessages -l zh_Hans -l en --no-obsolete --ignore "*/tests/*" --ignore "laws/corpus/*" --ignore "laws/retrieval/*" --ignore "testing/*"
	cd fazhi && ../$(BIN)/fazhi compilemessages

bench: install-dev  # every benchmark in turn (each builds its own data; see bench/README.md for the figures)
	$(BIN)/python bench/law_search.py
	$(BIN)/python bench/law_platform.py
	$(BIN)/python bench/supervision.py
	$(BIN)/python bench/hotline.py
	$(BIN)/python bench/enforcement_rules.py
	$(BIN)/python bench/credit.py

clean:
	rm -rf $(VENV) var .pytest_cache
