# The two quick-start commands: `make demo` and `make test`. Only Python 3.11+ and make are needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-test
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: demo test test-fast lint bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	touch $(BENCH_STAMP)

install: $(STAMP)

## Build the demo database (catalogue + 12 months of demo events) and open the staff TUI.
demo: $(STAMP)
	$(BIN)/brs-coord demo
	$(BIN)/brs-coord tui

## Lint, then the whole test suite (unit, store, services, TUI, bot, feeds, hardening; slow ones too).
test: $(STAMP)
	$(MAKE) --no-print-directory lint
	$(BIN)/python -m pytest -q -p no:cacheprovider

## Everything but the long suites (marked slow).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check brs_coord tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy brs_coord

## Every benchmark, one table (see bench/README.md).
bench: $(BENCH_STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis
