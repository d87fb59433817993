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
	$(PY) -m skill serve $(SERVE_ARGS)

## Requests per second of the web endpoint with verification on and off (see bench/README.md).
.PHONY: bench-web
bench-web: $(STAMP)
	$(PY) bench/web_throughput.py

## CPU time one hostile unsigned request costs the verifying endpoint (see bench/README.md).
.PHONY: bench-hostile
bench-hostile: $(STAMP)
	$(PY) bench/hostile_body.py

## Regenerate slot types in interaction_models/ from the knowledge data.
models: $(STAMP)
	$(PY) -m skill models

## Check interaction models and the skill manifest against certification rules, offline (README: Linting).
lint: $(STAMP)
	$(PY) -m skill lint

## Drive conversations with virtual-alexa (Node.js, an independent client) against the served endpoint.
EXTERNAL := tests/external
$(EXTERNAL)/node_modules/.installed: $(EXTERNAL)/package.json $(EXTERNAL)/package-lock.json
	cd $(EXTERNAL) && npm ci --no-audit --no-fund
	touch $@

.PHONY: test-external
test-external: $(STAMP) $(EXTERNAL)/node_modules/.installed
	PYTHON=$(abspath $(PY)) bash $(EXTERNAL)/run.sh

## Everything CI checks beyond the tests.
ci: package-smoke cfn-lint test lint test-external

## AWS Lambda (see README: Deploying). The zip is reproducible; it needs the template's Python (3.13).
.PHONY: package package-smoke skill-package cfn-lint bench-cold bench-warm bench-size bench-imports
package: $(STAMP)
	$(PY) scripts/build_lambda.py package

## Unpack dist/lambda.zip and answer from it in a fresh isolated interpreter; check its contents.
package-smoke: package
	LAMBDA_ZIP=dist/lambda.zip $(PY) -m pytest tests/package -q

## Assemble build/skill-package for the ASK CLI; SKILL_ENDPOINT_ARN=arn:... sets the endpoint.
skill-package: $(STAMP)
	$(PY) scripts/build_lambda.py skill-package

cfn-lint: $(STAMP)
	$(VENV)/bin/cfn-lint template.yaml

## Benchmarks (print figures; see bench/README.md).
bench-cold: $(STAMP)
	$(PY) bench/cold_start.py

bench-warm: $(STAMP)
	$(PY) bench/warm.py

bench-size: $(STAMP)
	$(PY) bench/package_size.py

bench-imports: $(STAMP)
	$(PY) bench/import_profile.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
