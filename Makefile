# The few commands a newcomer needs; each script sets up .venv itself.
.PHONY: serve demo test lint fixtures lock audit

serve:           ## run the portal with its reference content on http://127.0.0.1:8000
	scripts/serve

demo:            ## the same, with a labelled demonstration set (its accounts printed)
	scripts/serve --demo

test:            ## lint and run the whole test suite (PostgreSQL and Redis on 127.0.0.1)
	scripts/test

# Pins kept unless UPGRADE=--upgrade (every package to its newest allowed version) or
# UPGRADE="--upgrade-package django".
lock:            ## pin pyproject.toml's dependencies: requirements.lock, requirements-test.lock
	.venv/bin/python -m pip install --quiet 'uv>=0.5'
	.venv/bin/uv pip compile -q pyproject.toml --generate-hashes --universal --python-version 3.11 \
	  $(UPGRADE) -o requirements.lock
	.venv/bin/uv pip compile -q pyproject.toml --extra test --generate-hashes --universal \
	  --python-version 3.11 -c requirements.lock $(UPGRADE) -o requirements-test.lock

audit:           ## known vulnerabilities in the locked dependencies (as CI runs it)
	scripts/audit-dependencies

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

fixtures:        ## rebuild fixtures/reference.json from the source texts
	DEBUG=1 .venv/bin/python manage.py build_fixtures
