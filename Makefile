# The few commands a newcomer needs; each script sets up .venv itself.
.PHONY: serve test lint fixtures

serve:           ## run the portal with its reference content on http://127.0.0.1:8000
	scripts/serve

test:            ## lint and run the whole test suite (PostgreSQL and Redis on 127.0.0.1)
	scripts/test

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

fixtures:        ## rebuild fixtures/reference.json from the source texts
	DEBUG=1 .venv/bin/python manage.py build_fixtures
