# The two quick-start commands: `make demo` and `make test`. Only Python 3.11+ and make are needed.
# Both install the exact versions in requirements/*.txt (the lock); `make lock` refreshes it.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-test
BENCH_STAMP := $(VENV)/.installed-bench
LOCK_TEST  := requirements/test.txt
LOCK_BENCH := requirements/bench.txt
UV_VERSION := 0.13.9
COMPILE = $(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --quiet

.PHONY: demo test test-fast lint bench install lock lock-upgrade clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Exactly the locked versions (no resolver choices), then the project itself without dependencies;
# `pip check` fails when pyproject.toml asks for something the lock does not hold (run `make lock`).
define install_locked
	$(BIN)/python -m pip install -q "$$(grep '^pip==' $(1))"
	$(BIN)/python -m pip install -q -r $(1)
	$(BIN)/python -m pip install -q --no-deps -e .
	$(BIN)/python -m pip check
endef

$(STAMP): pyproject.toml $(LOCK_TEST) | $(BIN)/python
	$(call install_locked,$(LOCK_TEST))
	$(BIN)/python tests/clock_shift.py
	touch $(STAMP)

$(BENCH_STAMP): pyproject.toml $(LOCK_BENCH) $(STAMP)
	$(call install_locked,$(LOCK_BENCH))
	touch $(BENCH_STAMP)

install: $(STAMP)

## Build the demo database (catalogue + 12 months of demo events) and open the staff TUI.
demo: $(STAMP)
	$(BIN)/brs-coord demo
	$(BIN)/brs-coord tui

## Lint, then the whole test suite (unit, store, services, TUI, bot, feeds, hardening; slow ones too),
## on two workers (pytest-xdist; PYTEST_WORKERS=0 runs it in one process).
PYTEST_WORKERS ?= 2
PYTEST := $(BIN)/python -m pytest -q -p no:cacheprovider

test: $(STAMP)
	$(MAKE) --no-print-directory lint
	$(PYTEST) -n $(PYTEST_WORKERS)

## Everything but the long suites (marked slow): the quick loop. Three workers: its tests wait on
## the TUI, the fake Bot API and subprocesses more than they compute (70 s against 89 s with two).
FAST_WORKERS ?= 3
test-fast: $(STAMP)
	$(PYTEST) -n $(FAST_WORKERS) -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check brs_coord tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy brs_coord

## Every benchmark, one table (see bench/README.md).
bench: $(BENCH_STAMP)
	$(BIN)/python -m bench

## Refresh the lock after a change to pyproject.toml (keeps every pin that still fits).
lock: | $(BIN)/python
	$(BIN)/python -m pip install -q "uv==$(UV_VERSION)"
	$(COMPILE) --extra test -o $(LOCK_TEST)
	$(COMPILE) --extra test --extra bench -o $(LOCK_BENCH)

## Move every pin to the newest release the ranges in pyproject.toml allow (then run make test).
lock-upgrade: | $(BIN)/python
	$(BIN)/python -m pip install -q "uv==$(UV_VERSION)"
	$(COMPILE) --upgrade --extra test -o $(LOCK_TEST)
	$(COMPILE) --upgrade --extra test --extra bench -o $(LOCK_BENCH)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis
