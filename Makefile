# Exchange: two commands. `make run` serves the app with demo data; `make test` runs every test.
# Both set up what they need first: the virtualenv, the packages and (for tests) Chromium.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 5000
export FLASK_APP := wsgi

.PHONY: run test install lint format chromium clean db-upgrade demo deliver-mail messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever pyproject.toml changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Browser tests drive Debian's Chromium through Playwright (it cannot download its own here).
chromium:
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || { \
	  echo "Installing Chromium for the browser tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 || \
	  { $$SUDO apt-get update -qq && $$SUDO apt-get install -y --no-install-recommends chromium; }; }

db-upgrade: install
	mkdir -p instance
	$(BIN)/flask db upgrade

demo: db-upgrade
	$(BIN)/flask exchange demo --if-empty

run: demo
	@echo "Exchange is at http://$(HOST):$(PORT)/ (demo accounts are listed in README.md)"
	$(BIN)/flask run --host $(HOST) --port $(PORT)

# One pytest worker per core (pytest-xdist); each worker has its own database and Chromium.
# `make test WORKERS=0` runs everything in one process.
WORKERS ?= 2
test: install chromium
	$(BIN)/python -m pytest -n $(WORKERS) --dist worksteal

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

deliver-mail: install
	$(BIN)/flask exchange deliver-mail

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info

# Collect every string marked for translation into messages.pot (for translators).
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o messages.pot .
