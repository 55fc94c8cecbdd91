# Developer shortcuts for peacebot. `make` (or `make help`) lists them.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ARGS   ?=

.DEFAULT_GOAL := help
.PHONY: help install run test lint

help: ## Show this list of targets
	@echo "Usage: make <target> [ARGS='...']   (PYTHON=$(PYTHON))"
	@echo
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_.\/-]+:.*## / {printf "  %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

install: $(STAMP) ## Create .venv and install peacebot with the dev extra

# Reinstalls whenever pyproject.toml changes (newer than the stamp).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -e '.[dev]'
	touch $@

run: $(STAMP) ## Run the bot (long polling); writes .env with `peacebot init` first if missing
	@if [ ! -f .env ]; then \
		echo "No .env yet: running 'peacebot init' to create one with fresh secrets."; \
		$(BIN)/peacebot init; \
	fi
	$(BIN)/peacebot run

test: $(STAMP) ## Run the tests (pass options with ARGS='-k name -x')
	$(BIN)/pytest $(ARGS)

lint: $(STAMP) ## ruff check, ruff format --check and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
