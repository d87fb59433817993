# One entry point for developers and CI. Every target creates .venv/ first if it is missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
EXTRAS := web,sim,dev
STAMP := $(VENV)/.installed

.PHONY: chat test serve lint models ci clean

# The venv is rebuilt whenever the pins or the project metadata change.
$(STAMP): pyproject.toml requirements/constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -c requirements/constraints.txt -e '.[$(EXTRAS)]'
	touch $(STAMP)

## Talk to the skill in a terminal (no AWS account, no network).
chat: $(STAMP)
	$(PY) -m skill chat

## Run the whole test suite.
test: $(STAMP)
	$(PY) -m pytest

## Serve the skill over HTTP for development (see README: Serving).
serve: $(STAMP)
	$(PY) -m skill serve

## Regenerate slot types in interaction_models/ from the knowledge data.
models: $(STAMP)
	$(PY) -m skill models

## Everything CI checks beyond the tests.
ci: test

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
