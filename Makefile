# Concerto — `make run` starts the demo, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Serving needs the runtime requirements only; tests and lint the development ones too.
# Each stamp is older than a requirements file it depends on when that file changes: reinstall.
STAMP := $(VENV)/.installed-requirements
STAMP_DEV := $(VENV)/.installed-requirements-dev
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
PORT ?= 8000
AXE := node_modules/axe-core/axe.min.js

.PHONY: run test lint demo bench bench-load clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.txt
	touch $(STAMP)

$(STAMP_DEV): $(STAMP) requirements.txt requirements-dev.txt
	$(PIP) -r requirements-dev.txt
	touch $(STAMP_DEV)

# A checkout's own settings, written once: development mode and a random secret key, so that
# `manage.py` commands need nothing typed. A server sets the real environment instead (README).
.env:
	@printf '%s\n' "# Written once by make for this checkout: development mode (DEBUG on). Not for a server." \
	  "DJANGO_DEBUG=1" \
	  "DJANGO_SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > $@
	@echo "wrote .env (DJANGO_DEBUG=1, random DJANGO_SECRET_KEY)"

# axe-core for the browser tests' accessibility checks, pinned in package-lock.json.
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(AXE)

# Demo association on the embedded SQLite database, at http://127.0.0.1:$(PORT) (make run PORT=8123),
# with its task worker
run: $(STAMP) .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo_data --if-empty
	$(BIN)/python manage.py runall 127.0.0.1:$(PORT)

# Whole suite (unit, permission matrix, files, browser). DATABASE_URL selects PostgreSQL.
test: $(STAMP_DEV) .env $(AXE)
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run > /dev/null
	$(BIN)/python -m pytest -n 2 --dist loadfile

demo: $(STAMP) .env
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo_data --reset

clean:
	rm -rf $(VENV) concerto.sqlite3 .pytest_cache staticfiles

# Load benchmark: the production server (gunicorn, DEBUG off) on PostgreSQL under 50 locust
# users. locust has its own environment (it brings gevent and a pytest plugin).
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/concerto make bench-load
BENCH_VENV := .venv-bench
$(BENCH_VENV)/.installed: requirements-bench.txt
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

bench-load: $(STAMP) $(BENCH_VENV)/.installed
	$(BIN)/python bench/bench_load.py
