# The two commands of the README: `make demo` and `make test`. Both build .venv themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench clean

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

clean:
	rm -rf $(VENV) newsprism-demo.db* newsprism-report.html .pytest_cache .mypy_cache .ruff_cache
