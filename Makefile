# The README's two commands: `make run` and `make test`. Both install into .venv first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install chromium run test lint bench train messages compile-messages

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

# The browser tests drive Debian's chromium through Playwright (never `playwright install`).
$(BIN)/.chromium:
	command -v chromium >/dev/null || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium)
	mkdir -p $(@D) && touch $@

chromium: $(BIN)/.chromium

# The console's words (gettext, Babel): `messages` extracts the English of the templates and
# code and merges it into each language's catalogue, where new entries are translated; the
# compiled .mo the console reads are committed, and compiled again before running or testing.
LOCALE := api/console/locale
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k _ --no-wrap --sort-by-file --add-location=file \
		--project=Amparo --version=1 --copyright-holder=Amparo -o $(LOCALE)/console.pot .
	$(BIN)/pybabel update -i $(LOCALE)/console.pot -d $(LOCALE) -D console --no-wrap --ignore-obsolete

compile-messages: install
	$(BIN)/pybabel compile -d $(LOCALE) -D console

# Your own machine: development allows the placeholder SECRET_KEY (production refuses it).
run: install compile-messages
	ENVIRONMENT=$${ENVIRONMENT:-development} $(BIN)/amparo serve

# The production-mode and fault tests' Redis and PostgreSQL come with the dev extra (pip).
test: install $(BIN)/.chromium compile-messages
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/nlu_eval.py

train: install
	$(BIN)/amparo train
