# One command each (see README): `make run` installs and starts the app, `make test` installs
# everything (system packages included, when missing) and runs lint, types and the tests.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: run test lint typecheck pytest system-deps clean

$(VENV)/.installed: pyproject.toml
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

test: system-deps lint typecheck pytest

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
