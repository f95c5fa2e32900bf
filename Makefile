# One command each (see README): `make run` installs and starts the app, `make test` installs
# everything (system packages included, when missing) and runs lint, types and the tests.
# PYTHON (default python3) must be 3.11 or newer: `make run PYTHON=python3.11`.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: run test lint typecheck pytest system-deps dist clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  found=$$($(PYTHON) --version 2>&1) || found="not found"; \
	  echo "Notify needs Python 3.11 or newer, and $(PYTHON) is: $$found. Install Python 3.11 or newer, then give it: make $(or $(MAKECMDGOALS),run) PYTHON=python3.11" >&2; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

run: $(VENV)/.installed
	$(VENV)/bin/notify

system-deps:
	@sh .ci/system-deps.sh

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check notify tests bench

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy

pytest: $(VENV)/.installed
	sh tests/run-all.sh $(PY)

test: $(VENV)/.installed system-deps lint typecheck pytest

# The wheel and the sdist as users and distributions get them, in dist/, checked: every runtime
# file there and nothing else (tests/packaging/dist_contents.py). build/ goes first: setuptools
# copies what an earlier build left in build/lib into the wheel.
dist: $(VENV)/.installed
	rm -rf build dist
	$(PY) -m pip install -q build
	$(PY) -m build --outdir dist .
	$(PY) -m tests.packaging.dist_contents dist

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build dist
