# The two commands of the README: `make demo` and `make test`. Both build .venv themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test check lint typecheck pytest bench messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when pyproject.toml changes. `make demo` installs what newsprism needs to run (no test
# tools, no browser driver, no Dask); `make test` and `make check` add the test extras.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP) $(TEST_STAMP)

demo: $(STAMP)
	$(BIN)/newsprism analyze examples/ --db newsprism-demo.db --report newsprism-report.html
	@echo "open newsprism-report.html in a browser"

test: lint typecheck pytest

# Everyday work: lint, types and the tests that load no model, start no browser and run no
# `newsprism` subprocess (conftest marks those `slow`). CI runs `make test`, everything.
check: lint typecheck
	$(BIN)/pytest -q -m "not slow" -p no:cacheprovider

lint: $(TEST_STAMP)
	$(BIN)/ruff check src tests bench train fuzz
	$(BIN)/ruff format --check src tests bench train fuzz

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

pytest: $(TEST_STAMP)
	$(BIN)/pytest

bench: $(TEST_STAMP)
	$(BIN)/python bench/analysis_speed.py

# The web pages' messages: extract them, then merge them into the Russian catalogue (translate the
# new msgstr "" entries; tests/test_web_i18n.py fails while one is empty). See docs/web.md.
LOCALE := src/newsprism/web/locale
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --project newsprism \
		--copyright-holder newsprism -o $(LOCALE)/messages.pot .
	$(BIN)/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) --no-fuzzy-matching --width 110

clean:
	rm -rf $(VENV) newsprism-demo.db* newsprism-report.html .pytest_cache .mypy_cache .ruff_cache
