# Two commands for a fresh machine (see README): `make serve` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: install serve test test-sqlite test-postgres lint bench

$(BIN)/jiuzhu: pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11 ($(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-cache-dir -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $(BIN)/jiuzhu

install: $(BIN)/jiuzhu

serve: install
	$(BIN)/jiuzhu serve

# The whole suite on the embedded SQLite database, then on PostgreSQL.
test: install
	$(BIN)/ruff check .
	$(BIN)/pytest -n 2 -p no:cacheprovider
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2 -p no:cacheprovider

test-sqlite: install
	$(BIN)/pytest -n 2

test-postgres: install
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n 2

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install
	$(BIN)/python bench/bench_policy.py
	$(BIN)/python bench/bench_web.py
