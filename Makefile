# Women in Manufacturing portal — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# data size of `make bench` (seed_scale preset)
SCALE ?= pilot
# parallel test processes (pytest-xdist); 0 runs in one process (CI does, where a Celery worker shares the test DB)
TEST_WORKERS ?= 2
DEBIAN_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core

.PHONY: help run test bench loadtest lint format syslibs translations clean
.DEFAULT_GOAL := help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))' || { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))."; exit 1; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { echo "Cannot create a virtual environment: sudo apt-get install -y python3-venv"; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet '.[dev]'
	@touch $@

syslibs: $(BIN)/.installed
	@$(BIN)/python -c 'import weasyprint' >/dev/null 2>&1 || { echo "WeasyPrint needs Pango and a Turkish-capable font: sudo apt-get install -y $(DEBIAN_LIBS)"; exit 1; }

translations: $(BIN)/.installed
	@$(BIN)/python manage.py compile_translations

# links in emails and SMS (background work has no request to read the host from) point at this server
run: export SITE_URL := $(or $(SITE_URL),http://127.0.0.1:$(PORT))
run: syslibs translations ## start the portal with demo data on SQLite, Celery eager (http://127.0.0.1:$PORT)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: syslibs translations ## run the whole test suite (browser tests need Debian's chromium)
	$(BIN)/pytest -q -n $(TEST_WORKERS)

bench: syslibs ## benchmarks: pages + batch work at SCALE=tiny|pilot|national (DATABASE_URL=postgres://... for PostgreSQL)
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python -m tests.perf.run --scale $(SCALE)

loadtest: syslibs ## 200 users, 5 min: gunicorn + PostgreSQL + Redis + Celery on loopback (tests/perf/loadtest.sh)
	bash tests/perf/loadtest.sh

lint: $(BIN)/.installed ## ruff lint + format check, import contract
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --config pyproject.toml

format: $(BIN)/.installed ## apply ruff fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## remove the local database, media and virtual environment
	rm -rf $(VENV) db.sqlite3 var
