# Everything here does its own set-up on a fresh Debian machine.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install services services-down test lint check demo run doctor bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first, so the CPU wheel is used and nothing pulls a CUDA build
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

services:
	scripts/services.sh up

services-down:
	scripts/services.sh down

test: install services
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

check: lint test

demo: install services
	$(BIN)/jobbot migrate
	$(BIN)/jobbot demo

run: install services
	$(BIN)/jobbot migrate
	$(BIN)/jobbot run

doctor: install
	$(BIN)/jobbot doctor

clean:
	rm -rf $(VENV) var
