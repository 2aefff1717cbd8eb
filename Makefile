# Set-up on a fresh machine needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)

.PHONY: install setup run test test-quick lint serve

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# A .venv made before pyicu-wheels has PyICU, which owns the same icu package.
	$(BIN)/python -m pip uninstall -q -y --disable-pip-version-check PyICU 2>/dev/null || true
	$(BIN)/python -m pip install -q --disable-pip-version-check -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

setup: install
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_units --map 2023
	$(BIN)/python manage.py load_units --map 2025
	$(BIN)/python manage.py load_succession
	$(BIN)/python manage.py load_fixtures
	$(BIN)/python manage.py create_demo_accounts
	$(BIN)/python manage.py collectstatic --noinput -v0

run: setup
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production: gunicorn on PostgreSQL. Needs DATABASE_URL, SECRET_KEY and ALLOWED_HOSTS.
WORKERS ?= 3
BIND ?= 127.0.0.1:$(PORT)
# A worker answering longer than this is killed; a document's rendering and its PDF
# conversion (TRACKER_TEMPLATE_WALL_SECONDS + TRACKER_PDF_TIMEOUT_SECONDS) stay below it.
WORKER_TIMEOUT ?= 60
serve: install
	@test -n "$$DATABASE_URL" || { echo "DATABASE_URL chưa đặt (PostgreSQL)."; exit 2; }
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_units --map 2023
	$(BIN)/python manage.py load_units --map 2025
	$(BIN)/python manage.py load_succession
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/gunicorn tracker.wsgi --bind $(BIND) --workers $(WORKERS) --timeout $(WORKER_TIMEOUT) --access-logfile -

# axe-core for the browser tests' accessibility check (tests/browser/package.json), installed
# again when the lock file changes; without npm those tests skip, as they say.
AXE_STAMP := tests/browser/node_modules/.package-lock.json
$(AXE_STAMP): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error && touch $@; \
	else \
	  echo "npm không có: kiểm thử trợ năng (axe-core) sẽ bị bỏ qua."; \
	fi

# The suite on every core (pytest-xdist), in a random order (pytest-randomly).
# PYTEST_ARGS passes more, e.g. PYTEST_ARGS="-p no:randomly" or "--randomly-seed=1234".
WORKERS_TEST ?= auto
test: install $(AXE_STAMP)
	$(BIN)/python -m pytest -n $(WORKERS_TEST) $(PYTEST_ARGS)

# A developer's run: a tenth of the fuzzing examples (CI always runs them all).
test-quick: install $(AXE_STAMP)
	TRACKER_QUICK_TESTS=1 $(BIN)/python -m pytest -n $(WORKERS_TEST) $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
