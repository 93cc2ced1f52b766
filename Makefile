# Two commands for a new user: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RAW    ?= data/raw
OUT    ?= data/processed

.PHONY: run test install install-dev docs screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The stamp files re-install only when the project's dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/manifesto run $(RAW) --out $(OUT)

# The committed datasets must be current: regenerate them with `make run` and commit.
test: install-dev
	$(BIN)/python -m pytest
	$(BIN)/manifesto run $(RAW) --out $(OUT) --check
	$(BIN)/manifesto validate $(OUT)

# Retrain the pledge classifier (models/pledges/classifier*, about 10 minutes) from
# data/training/pledges and the INC sentences of ../shared/dev: see docs/pledges.md.
pledge-model: install
	$(BIN)/python -m manifesto.extractors.pledge_classifier

docs: install
	$(BIN)/manifesto docs --out docs/data_dictionary.md

# The README's pictures of `manifesto report` (headless Chromium; installed with apt when missing).
screenshots: install
	$(BIN)/python -m manifesto.pipeline.report.browser $(OUT) docs/img

clean:
	rm -rf $(VENV) .pytest_cache
