# `make run` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install system-deps run test lint bench clean

install: $(STAMP)

# Re-install only when the dependency list changes; the package itself is editable.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

system-deps:
	bash scripts/install-system-deps.sh

run: install
	$(BIN)/hark serve --host 127.0.0.1 --port 8000

test: install system-deps
	bash scripts/test.sh

lint: install
	$(BIN)/mypy src/hark

bench: install
	$(BIN)/python bench/extraction.py
	$(BIN)/python bench/synthesis.py

clean:
	rm -rf $(VENV) hark-data test-artifacts
