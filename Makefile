# Dois comandos para quem chega: `make run` e `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CARIMBO := $(VENV)/.instalado

.PHONY: run test test-sqlite test-pg verificar bench lint setup clean

$(CARIMBO): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(CARIMBO)

setup: $(CARIMBO)

run: $(CARIMBO)
	$(BIN)/inclusao iniciar --demo

# A suíte roda duas vezes: no SQLite e no PostgreSQL (INCLUSAO_TESTE_PG_URL, padrão
# postgresql://postgres@127.0.0.1:5432/test). Sem PostgreSQL alcançável, a segunda passada
# é pulada com uma linha dizendo por quê. As duas rodam mesmo se a primeira falhar.
test: verificar
	@falhou=0; \
	$(MAKE) --no-print-directory test-sqlite || falhou=1; \
	$(MAKE) --no-print-directory test-pg || falhou=1; \
	exit $$falhou

verificar: $(CARIMBO)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy bot fluxos armazenamento mensagens

test-sqlite: $(CARIMBO)
	@echo "== passada 1/2: pytest no SQLite =="
	INCLUSAO_TESTE_BANCO=sqlite $(BIN)/pytest -q -rs

test-pg: $(CARIMBO)
	@echo "== passada 2/2: pytest no PostgreSQL =="
	INCLUSAO_TESTE_BANCO=postgresql $(BIN)/pytest -q -rs

bench: $(CARIMBO)
	$(BIN)/python bench/preinscricao.py
	$(BIN)/python bench/lembretes.py
	$(BIN)/python bench/envio.py
	$(BIN)/python bench/queda_banco.py
	$(BIN)/python bench/chamada.py
	$(BIN)/python bench/whatsapp.py

lint: $(CARIMBO)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) dados .pytest_cache .mypy_cache .ruff_cache
