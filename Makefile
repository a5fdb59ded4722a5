# Two commands on a fresh machine: `make run` and `make test`. Both create .venv as needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-all check lint bench fuzz wheel translations clean postgres-server libreoffice

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the project's metadata changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/forge-desktop

# Tests keep their compiled modules (__pycache__) even where the machine says not to write
# bytecode (PYTHONDONTWRITEBYTECODE): each of the two workers would compile them all again.
PYTEST := PYTHONDONTWRITEBYTECODE= QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# The core suite runs on PostgreSQL too: the tests start a throwaway server from Debian's
# postgresql package (installed here when missing, as root); without it that half is skipped,
# loudly, with the reason (see README "Team database").
postgres-server:
	@if command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing PostgreSQL for the tests (apt-get install postgresql)"; \
	  (apt-get install -y -qq postgresql >/dev/null 2>&1 || \
	   { apt-get update -qq && apt-get install -y -qq postgresql; }) >/dev/null \
	  || echo "could not install PostgreSQL: its half of the suite will be skipped"; \
	else echo "no PostgreSQL server binaries and no root to install them: its half of the suite will be skipped"; fi

# The spreadsheet tests convert our files with the real LibreOffice Calc (headless) and read
# Calc's own back; installed here when missing, as root; without it they are skipped, saying why.
libreoffice:
	@if command -v soffice >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing LibreOffice Calc, headless, for the tests (apt-get install libreoffice-calc-nogui)"; \
	  (apt-get install -y -qq libreoffice-calc-nogui >/dev/null 2>&1 || \
	   { apt-get update -qq && apt-get install -y -qq libreoffice-calc-nogui; }) >/dev/null \
	  || echo "could not install LibreOffice: the spreadsheet round-trip tests will be skipped"; \
	else echo "no LibreOffice and no root to install it: the spreadsheet round-trip tests will be skipped"; fi

# The checks first (architecture contracts, lint, types), so pytest's summary closes the run.
test: check postgres-server libreoffice
	$(PYTEST) -q -n 2

# Everything, the slow tests too (a million generated rows).
test-all: check postgres-server libreoffice
	$(PYTEST) -q -n 2 -m ""

check: $(STAMP)
	$(BIN)/lint-imports --no-cache
	$(BIN)/ruff check .
	$(BIN)/mypy

lint: check

bench: $(STAMP) postgres-server
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.run
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.launch
	$(BIN)/python -m benchmarks.editing
	$(BIN)/python -m benchmarks.postgres_search
	$(PYTEST) -q -m slow

# The importer's long fuzz run: 10,000 generated hostile files through the real import (the
# quick profile runs in `make test`); crashing files go to /tmp/forge-fuzz-crashes/.
fuzz: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -W ignore::UserWarning -m benchmarks.fuzz_imports --files 10000

# Collect every wrapped string into resources/translations/forge_desktop_$(LANG_CODE).ts (kept
# translations are merged), then compile the .qm the app loads: make translations LANG_CODE=ru
translations: $(STAMP)
	@test -n "$(LANG_CODE)" || { echo "say which language: make translations LANG_CODE=ru"; exit 2; }
	mkdir -p resources/translations
	$(BIN)/pyside6-lupdate $$(find forge_desktop -name '*.py') -ts resources/translations/forge_desktop_$(LANG_CODE).ts -no-obsolete
	$(BIN)/pyside6-lrelease resources/translations/forge_desktop_$(LANG_CODE).ts -qm resources/translations/forge_desktop_$(LANG_CODE).qm
	$(BIN)/pyside6-lupdate $$(find forge_desktop -name '*.py') -ts resources/translations/forge_desktop_en.ts -no-obsolete -pluralonly -target-language en
	$(BIN)/python resources/translations/english_plurals.py resources/translations/forge_desktop_en.ts
	$(BIN)/pyside6-lrelease resources/translations/forge_desktop_en.ts -qm resources/translations/forge_desktop_en.qm

wheel: $(STAMP)
	$(BIN)/python -m pip wheel --quiet --no-deps -w dist .

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
