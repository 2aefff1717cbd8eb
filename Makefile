# Set-up on a fresh machine needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)

.PHONY: install setup run test test-quick lint serve

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
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

# The suite on every core (pytest-xdist), in a random order (pytest-randomly).
# PYTEST_ARGS passes more, e.g. PYTEST_ARGS="-p no:randomly" or "--randomly-seed=1234".
WORKERS_TEST ?= auto
test: install
	$(BIN)/python -m pytest -n $(WORKERS_TEST) $(PYTEST_ARGS)

# A developer's run: a tenth of the fuzzing examples (CI always runs them all).
test-quick: install
	TRACKER_QUICK_TESTS=1 $(BIN)/python -m pytest -n $(WORKERS_TEST) $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
