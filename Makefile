# The README's two commands: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install bench emulator clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# .pyc files now, as a wheel's install writes them: where PYTHONDONTWRITEBYTECODE is set,
	# every start would otherwise compile the package from source.
	$(BIN)/python -m compileall -q primer_tui
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/primer-tui --demo

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

emulator: $(STAMP)
	$(BIN)/primer-tui emulator

clean:
	rm -rf $(VENV) build dist .pytest_cache
