# Two entry points: `make demo` builds the bundled corpus; `make test` runs every test.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: demo test install install-test clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'

demo: install
	$(BIN)/kg build corpus --out $(OUT)

test: install-test
	bash scripts/test-deps.sh
	$(BIN)/python -m pytest

clean:
	rm -rf $(OUT) .pytest_cache
