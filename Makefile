# Ventanilla — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: run test test-postgres test-all bench lint schema clean

# Runtime environment (what `make run` needs).
$(VENV)/.runtime: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip uv
	$(BIN)/uv pip install -q --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	touch $@

# Development environment: runtime + test tools + the Debian packages the tests use (Chromium, fonts, poppler).
$(VENV)/.dev: $(VENV)/.runtime requirements-dev.lock
	$(BIN)/uv pip install -q --python $(BIN)/python -r requirements-dev.lock
	touch $@

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
