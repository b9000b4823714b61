"""Which database the real-database tests use: SQLite by default, PostgreSQL when VENTANILLA_TEST_DATABASE_URL is set.

On PostgreSQL each caller gets its own fresh schema (via search_path), so suites never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, text

VARIABLE = "VENTANILLA_TEST_DATABASE_URL"
_ESQUEMAS: list[str] = []


def url_postgres() -> str | None:
    return os.environ.get(VARIABLE) or None


def url_aislada(directorio: Path, nombre: str = "ventanilla") -> str:
    """A new, empty database for one test module: a SQLite file, or a fresh PostgreSQL schema."""
    base = url_postgres()
    if base is None:
        return f"sqlite:///{directorio / (nombre + '.sqlite3')}"
    esquema = f"t_{nombre}_{uuid.uuid4().hex[:10]}"
    motor = create_engine(base)
    with motor.begin() as conexion:
        conexion.execute(text(f'CREATE SCHEMA "{esquema}"'))
    motor.dispose()
    _ESQUEMAS.append(esquema)
    separador = "&" if "?" in base else "?"
    return f"{base}{separador}options={quote(f'-csearch_path={esquema}')}"


def nombre_motor() -> str:
    return "postgresql" if url_postgres() else "sqlite"


def borrar_esquemas() -> None:
    """Drop the schemas this run created (called once at the end of the session)."""
    base = url_postgres()
    if base is None or not _ESQUEMAS:
        return
    motor = create_engine(base)
    with motor.begin() as conexion:
        for esquema in _ESQUEMAS:
            conexion.execute(text(f'DROP SCHEMA IF EXISTS "{esquema}" CASCADE'))
    motor.dispose()
    _ESQUEMAS.clear()
