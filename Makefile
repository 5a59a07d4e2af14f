# Two commands for a fresh machine (see README): `make serve` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres

# Debian packages: CJK fonts and Pango for the PDF documents, poppler for the PDF text checks,
# Chromium for the browser tests. Installed only when missing (needs root, as on the CI machine).
DEBS := fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 poppler-utils chromium chromium-driver

.PHONY: install system-deps serve test test-sqlite test-postgres lint bench

system-deps:
	@missing=$$(for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "安装系统软件包: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "请先安装: sudo apt-get install $$missing"; exit 1; fi; \
	fi

$(BIN)/jiuzhu: pyproject.toml requirements.lock | system-deps
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
	$(BIN)/pytest -q -n 2
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -n 2

test-sqlite: install
	$(BIN)/pytest -q -n 2

test-postgres: install
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -n 2

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install
	$(BIN)/python bench/bench_policy.py
	$(BIN)/python bench/bench_web.py
