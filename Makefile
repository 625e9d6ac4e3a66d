# Guichet: the two commands of the README (`make run`, `make test`) and a few more.
# The logic lives in scripts/*.sh; targets only chain them.

PORT ?= 8000
PYTHON := .venv/bin/python
PG_DATABASE ?= guichet
PG_URL ?= postgres://guichet:guichet@127.0.0.1:5432/$(PG_DATABASE)
# Extra pytest arguments, e.g. `make test PYTEST_ARGS="-k brique -x"`.
PYTEST_ARGS ?=

.PHONY: run test test-postgres test-elastic lint deps bench messages

## Install, migrate, load the demo content and serve on http://127.0.0.1:$(PORT)/
run:
	PORT=$(PORT) scripts/run.sh

## Install what the tests need, then run the whole suite (browser tests included) on SQLite
test: deps
	DATABASE_URL=sqlite:///$(CURDIR)/db.sqlite3 $(PYTHON) -m pytest $(PYTEST_ARGS)

## The same suite on PostgreSQL (started and provisioned by scripts/postgres.sh)
test-postgres: deps
	PG_DATABASE=$(PG_DATABASE) scripts/postgres.sh
	DATABASE_URL=$(PG_URL) $(PYTHON) -m pytest $(PYTEST_ARGS)

## The search tests on a real Elasticsearch server (started by scripts/elasticsearch.sh)
ES_PORT ?= 9201
test-elastic: deps
	ES_PORT=$(ES_PORT) scripts/elasticsearch.sh
	GUICHET_TEST_ELASTICSEARCH_URL=http://127.0.0.1:$(ES_PORT) \
		DATABASE_URL=sqlite:///$(CURDIR)/db.sqlite3 $(PYTHON) -m pytest tests/search -k elastic $(PYTEST_ARGS)

## Update the French and English catalogs from the code and templates, then compile them
## (translate the new entries of locale/fr/LC_MESSAGES/django.po in between and run it again)
messages: deps
	$(PYTHON) manage.py makemessages -l fr -l en --no-obsolete --ignore=node_modules --ignore=.venv --ignore=var
	$(PYTHON) manage.py compilemessages --ignore=.venv --ignore=node_modules

## ruff lint and format check
lint:
	scripts/python-deps.sh
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .

deps:
	scripts/test-deps.sh

## Queue, ticket page and creation under load beside a reference view (benchmarks/README.md)
BENCH_DATABASE_URL ?= postgres://guichet:guichet@127.0.0.1:5432/guichet_bench
BENCH_TICKETS ?= 100000
bench: deps
	PG_DATABASE=guichet_bench scripts/postgres.sh
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PYTHON) manage.py migrate -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PYTHON) benchmarks/run.py --ensure-tickets $(BENCH_TICKETS)
