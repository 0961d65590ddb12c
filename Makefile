# Two commands do all the set-up on a fresh machine with Python 3.11+ (and npm for assets):
#   make run   - the app on http://127.0.0.1:8000 with SQLite, Celery eager and demo data
#   make test  - the whole test suite on PostgreSQL (DATABASE_URL, default the local server)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test install assets lint bench load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv

$(VENV)/.installed: $(BIN)/python requirements/dev.txt
	$(BIN)/uv pip sync --python $(BIN)/python --compile-bytecode --quiet requirements/dev.txt
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

install: $(VENV)/.installed node_modules/.package-lock.json
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0 || true

run: install
	$(BIN)/python manage.py migrate --no-input -v0
	$(BIN)/python manage.py demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/python -m scripts.check_services
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} CELERY_TEST_BROKER_URL=$${CELERY_TEST_BROKER_URL:-$(TEST_REDIS_URL)} \
		$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/python bench/run_all.py

# The load test (bench/load): gunicorn on PostgreSQL under locust, ~5 minutes. LOAD_ARGS="--help".
load: install
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(BIN)/python -m bench.load $(LOAD_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
