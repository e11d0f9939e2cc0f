# The README's two commands: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install bench emulator lock clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
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

# constraints.txt from the newest versions pyproject.toml allows, resolved in a scratch venv.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet '.[dev]'
	{ sed -n '/^#/p' constraints.txt; .venv-lock/bin/python -m pip freeze | grep -v '^primer-tui'; } > constraints.new
	mv constraints.new constraints.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) build dist .pytest_cache
