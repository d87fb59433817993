# One entry point for developers and CI. Every target creates .venv/ first if it is missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
EXTRAS := web,sim,dev
STAMP := $(VENV)/.installed

.PHONY: chat test serve lint models ci clean help

# The venv is rebuilt whenever the pins or the project metadata change.
$(STAMP): pyproject.toml requirements/constraints.txt
	@test -x $(PY) || { echo "Creating the Python environment in $(VENV)/ (first run only, about a minute)..."; $(PYTHON) -m venv $(VENV); }
	@echo "Installing pinned packages into $(VENV)/ (requirements/constraints.txt)..."
	$(PIP) install --quiet --disable-pip-version-check -c requirements/constraints.txt -e '.[$(EXTRAS)]'
	@touch $(STAMP)

## Talk to the skill in a terminal (no AWS account, no network).
chat: $(STAMP)
	$(PY) -m skill chat

# Hypothesis profile (tests/fuzzing.py): dev runs a fifth of the fuzz examples; `make ci` uses ci (all of
# them). The package tests run once in CI, in package-smoke; make test skips them.
ifneq ($(filter ci,$(MAKECMDGOALS)),)
HYPOTHESIS_PROFILE ?= ci
endif
HYPOTHESIS_PROFILE ?= dev

## Run the test suite (inner loop): all but the Lambda package tests, fuzzers at the dev budget.
test: $(STAMP)
	HYPOTHESIS_PROFILE=$(HYPOTHESIS_PROFILE) $(PY) -m pytest -m "not package"

## Serve the skill over HTTP for development (see README: Serving).
serve: $(STAMP)
	$(PY) -m skill serve $(SERVE_ARGS)

## Requests per second of the web endpoint with verification on and off (see bench/README.md).
.PHONY: bench-web
bench-web: $(STAMP)
	$(PY) bench/web_throughput.py

## CPU time one hostile unsigned request costs the verifying endpoint (see bench/README.md).
.PHONY: bench-hostile
bench-hostile: $(STAMP)
	$(PY) bench/hostile_body.py

## Signed requests while 50 slow clients hold connections, gunicorn alone and behind nginx (bench/README.md).
.PHONY: bench-slow-clients
bench-slow-clients: $(STAMP)
	$(PY) bench/slow_clients.py

## Write interaction_models/<locale>.json for every locale: samples from templates, slot types from the knowledge data.
models: $(STAMP)
	$(PY) -m skill models

## How many held-out red-flag phrasings reach their level, in three places (tests/safety/, README: Safety).
.PHONY: safety-eval
safety-eval: $(STAMP)
	$(PY) scripts/safety_eval.py

## Accuracy of the simulator's understanding on the held-out corpora tests/nlu/corpus*.toml: per intent, confusions, misses.
.PHONY: nlu-eval
nlu-eval: $(STAMP)
	$(PY) scripts/nlu_eval.py $(NLU_ARGS)

## Check interaction models and the skill manifest against certification rules, offline (README: Linting).
lint: $(STAMP)
	$(PY) -m skill lint

# virtual-alexa (Node.js, an independent client), installed from the lock file.
EXTERNAL := tests/external
$(EXTERNAL)/node_modules/.installed: $(EXTERNAL)/package.json $(EXTERNAL)/package-lock.json
	cd $(EXTERNAL) && npm ci --no-audit --no-fund
	touch $@

.PHONY: test-external
## Drive conversations with virtual-alexa (Node.js 18+) against the served endpoint.
test-external: $(STAMP) $(EXTERNAL)/node_modules/.installed
	PYTHON=$(abspath $(PY)) bash $(EXTERNAL)/run.sh

## Everything CI checks: package smoke test, cfn-lint, tests, lint, virtual-alexa.
ci: package-smoke cfn-lint test lint test-external

## Build dist/lambda.zip for AWS Lambda (README: Deploying): reproducible; needs the template's Python (3.13).
.PHONY: package package-smoke skill-package cfn-lint bench-cold bench-warm bench-size bench-imports
package: $(STAMP)
	$(PY) scripts/build_lambda.py package

## Unpack dist/lambda.zip and answer from it in a fresh isolated interpreter; check its contents.
package-smoke: package
	LAMBDA_ZIP=dist/lambda.zip HYPOTHESIS_PROFILE=$(HYPOTHESIS_PROFILE) $(PY) -m pytest tests/package -q -m package

## Assemble build/skill-package for the ASK CLI; SKILL_ENDPOINT_ARN=arn:... sets the endpoint.
skill-package: $(STAMP)
	$(PY) scripts/build_lambda.py skill-package

## Lint template.yaml (the AWS SAM template) with cfn-lint.
cfn-lint: $(STAMP)
	$(VENV)/bin/cfn-lint template.yaml

## Lambda cold start, skill vs hello-world (bench/README.md).
bench-cold: $(STAMP)
	$(PY) bench/cold_start.py

## Lambda warm latency over a scripted session (bench/README.md).
bench-warm: $(STAMP)
	$(PY) bench/warm.py

## Size of dist/lambda.zip by package and kind.
bench-size: $(STAMP)
	$(PY) bench/package_size.py

## The skill's imports ranked by import time (where cold start goes).
bench-imports: $(STAMP)
	$(PY) bench/import_profile.py

## List the targets and what each does.
help:
	@echo "make TARGET (the first run creates .venv/ with the pinned packages):"
	@awk '/^## /{doc=substr($$0,4); next} /^\.PHONY/{next} /^[a-z][a-z-]*:/{split($$0,t,":"); printf "  %-16s %s\n", t[1], doc; doc=""; next} {doc=""}' $(firstword $(MAKEFILE_LIST))

## Remove the venv and everything built.
clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
