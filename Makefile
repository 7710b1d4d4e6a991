# Dois comandos para quem chega: `make run` e `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CARIMBO := $(VENV)/.instalado

.PHONY: run test bench lint setup clean

$(CARIMBO): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(CARIMBO)

setup: $(CARIMBO)

run: $(CARIMBO)
	$(BIN)/inclusao iniciar --demo

test: $(CARIMBO)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy bot fluxos armazenamento mensagens
	$(BIN)/pytest -q

bench: $(CARIMBO)
	$(BIN)/python bench/preinscricao.py

lint: $(CARIMBO)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) dados .pytest_cache .mypy_cache .ruff_cache
