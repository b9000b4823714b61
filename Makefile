# Ventanilla — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
APOLLO := tests/sistema/apollo

.PHONY: run test test-postgres test-all bench lint schema clean

# Runtime environment (what `make run` needs).
$(VENV)/.runtime: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip uv
	$(BIN)/uv pip install -q --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	touch $@

# Development environment: runtime + test tools + the Node packages of the Apollo example of docs/api.md.
$(VENV)/.dev: $(VENV)/.runtime requirements-dev.lock $(APOLLO)/node_modules/.package-lock.json
	$(BIN)/uv pip install -q --python $(BIN)/python -r requirements-dev.lock
	touch $@

# The Apollo Client example of docs/api.md (tests/sistema/test_documentacion_api.py) runs on Node 20 with the
# packages pinned in package-lock.json: installed here, from the npm registry, never while the tests run.
$(APOLLO)/node_modules/.package-lock.json: $(APOLLO)/package.json $(APOLLO)/package-lock.json
	command -v npm >/dev/null 2>&1 || bash scripts/instalar-sistema.sh
	cd $(APOLLO) && npm ci --no-audit --no-fund --ignore-scripts

run: $(VENV)/.runtime
	$(BIN)/ventanilla preparar
	$(BIN)/ventanilla servir

test: $(VENV)/.dev
	bash scripts/instalar-sistema.sh
	$(BIN)/python -m pytest -q -p no:cacheprovider

test-postgres: $(VENV)/.dev
	bash scripts/instalar-sistema.sh
	VENTANILLA_TEST_DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest -q -p no:cacheprovider

test-all: test test-postgres

bench: $(VENV)/.dev
	bash scripts/instalar-sistema.sh
	$(BIN)/python -m benchmarks

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/mypy

schema: $(VENV)/.dev
	$(BIN)/python -m api.exportar_esquema

# Regenerate the pinned requirement files from pyproject.toml.
lock: $(VENV)/.runtime
	$(BIN)/uv pip compile -q pyproject.toml -o requirements.lock
	$(BIN)/uv pip compile -q pyproject.toml --extra dev -o requirements-dev.lock

clean:
	rm -rf $(VENV) var .pytest_cache
