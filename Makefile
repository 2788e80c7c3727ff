# The two commands of the README: `make demo` and `make test`. Both build .venv themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when pyproject.toml changes; the test extras are small, so one environment serves both.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/newsprism analyze examples/ --db newsprism-demo.db --report newsprism-report.html
	@echo "open newsprism-report.html in a browser"

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench train fuzz
	$(BIN)/ruff format --check src tests bench train fuzz

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
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
