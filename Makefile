# The README's two commands: `make run` and `make test`. Both work on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
ADDRESS ?= 127.0.0.1
export LITERATURE_DB ?= data/literature.db

.PHONY: run test install install-dev sample lint notebooks bench clean fetch

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Import the bundled sample into the database if it holds no records yet.
sample: install
	$(BIN)/python -m fetchers load-sample

## Set up, load the sample into an empty database, and serve the dashboard on loopback
## (ADDRESS=0.0.0.0 serves every interface: read-only until sign-in is set up; see README).
run: sample
	$(BIN)/streamlit run app.py --server.headless true --server.port $(PORT) \
		--server.address $(ADDRESS) --browser.gatherUsageStats false

## Set up and run the whole test suite.
test: install-dev
	$(BIN)/python -m pytest

## A nightly-style fetch (needs NCBI_EMAIL; see README).
fetch: install
	$(BIN)/python -m fetchers run

lint: install-dev
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

notebooks: install-dev
	$(BIN)/pip install --quiet -r requirements-notebooks.txt
	$(BIN)/jupyter lab notebooks/

bench: install-dev
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache
