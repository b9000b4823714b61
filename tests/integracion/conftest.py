"""Fixtures for tests on a real database.

SQLite (a temporary file) by default; PostgreSQL when VENTANILLA_TEST_DATABASE_URL is set, e.g.
``postgresql+psycopg://postgres@127.0.0.1:5432/test``. On PostgreSQL each test session (each xdist worker) gets
its own schema, dropped at the end, so concurrent runs by other people or CI jobs never see each other's rows.
The schema is migrated with ``migrar`` (what production runs), and tables are emptied before each test.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from domain.casos_uso import Contexto
from domain.motor.catalogo import CatalogoTramites
from domain.reloj import RelojFijo
from persistence.almacen import AlmacenLocal
from persistence.db import crear_motor, normalizar_url
from persistence.inspeccion_archivos import InspectorContenido
from persistence.migrar import migrar
from persistence.tablas import metadata
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL
from tests.fakes import FakeEmisor, FakeVerificador, ahora_bogota

URL_PG = os.environ.get("VENTANILLA_TEST_DATABASE_URL")
HOY = date(2026, 3, 17)
PREFIJO_ESQUEMA = "persistencia_prueba_"


def es_postgresql() -> bool:
    return bool(URL_PG)


class BasesDePrueba:
    """Hands out empty databases: SQLite files, or fresh schemas of the PostgreSQL test database."""

    def __init__(self, directorio: Path) -> None:
        self.directorio = directorio
        self.esquemas: list[str] = []
        self._admin: Engine | None = None
        if URL_PG:
            self._admin = create_engine(normalizar_url(URL_PG), isolation_level="AUTOCOMMIT", poolclass=NullPool)
            self._borrar_esquemas_huerfanos()

    def nueva(self) -> str:
        if self._admin is None:
            return f"sqlite:///{self.directorio / f'{uuid.uuid4().hex}.sqlite3'}"
        esquema = f"{PREFIJO_ESQUEMA}{os.getpid()}_{uuid.uuid4().hex[:8]}"
        with self._admin.connect() as conexion:
            conexion.execute(text(f'CREATE SCHEMA "{esquema}"'))
        self.esquemas.append(esquema)
        # libpq's "options" puts every connection of that URL in the schema: the application code does not know.
        url = normalizar_url(str(URL_PG)).update_query_dict({"options": f"-csearch_path={esquema}"})
        return url.render_as_string(hide_password=False)

    def cerrar(self) -> None:
        if self._admin is None:
            return
        with self._admin.connect() as conexion:
            for esquema in self.esquemas:
                conexion.execute(text(f'DROP SCHEMA IF EXISTS "{esquema}" CASCADE'))
        self._admin.dispose()

    def _borrar_esquemas_huerfanos(self) -> None:
        """Schemas left by a session that was killed (its process no longer exists on this machine)."""
        assert self._admin is not None
        with self._admin.connect() as conexion:
            nombres = conexion.execute(
                text("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, :p)"), {"p": PREFIJO_ESQUEMA}
            ).scalars()
            for esquema in list(nombres):
                pid = esquema.removeprefix(PREFIJO_ESQUEMA).split("_")[0]
                if pid.isdigit() and not _proceso_vivo(int(pid)):
                    conexion.execute(text(f'DROP SCHEMA IF EXISTS "{esquema}" CASCADE'))


def _proceso_vivo(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@pytest.fixture(scope="session")
def bases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BasesDePrueba]:
    fabrica = BasesDePrueba(tmp_path_factory.mktemp("bases"))
    yield fabrica
    fabrica.cerrar()


@pytest.fixture(scope="session")
def url_bd(bases: BasesDePrueba) -> str:
    """The session's database, migrated once with ``migrar`` exactly as production does."""
    url = bases.nueva()
    migrar(url)
    return url


@pytest.fixture(scope="session")
def motor_sesion(url_bd: str) -> Iterator[Engine]:
    motor = crear_motor(url_bd)
    yield motor
    motor.dispose()


def vaciar(motor: Engine) -> None:
    tablas = list(reversed(metadata.sorted_tables))
    with motor.begin() as conexion:
        if motor.dialect.name == "postgresql":
            nombres = ", ".join(f'"{t.name}"' for t in tablas)
            conexion.execute(text(f"TRUNCATE TABLE {nombres} RESTART IDENTITY CASCADE"))
        else:
            for tabla in tablas:
                conexion.execute(tabla.delete())


@pytest.fixture
def motor(motor_sesion: Engine) -> Engine:
    """The session's engine, with every table empty."""
    vaciar(motor_sesion)
    return motor_sesion


@pytest.fixture
def fabrica(motor: Engine) -> FabricaUnidadDeTrabajoSQL:
    return FabricaUnidadDeTrabajoSQL.desde_motor(motor)


@pytest.fixture
def reloj() -> RelojFijo:
    # Tuesday 2026-03-17 (HOY), as in tests/unit: the Monday before (San José, observed) is a holiday.
    return RelojFijo(ahora_bogota(HOY.year, HOY.month, HOY.day))


@pytest.fixture
def almacen(tmp_path: Path) -> AlmacenLocal:
    return AlmacenLocal(tmp_path / "archivos")


@pytest.fixture
def ctx(fabrica: FabricaUnidadDeTrabajoSQL, almacen: AlmacenLocal, reloj: RelojFijo) -> Contexto:
    return Contexto(fabrica, almacen, reloj, CatalogoTramites.predeterminado(), FakeEmisor(), FakeVerificador(),
                    inspector=InspectorContenido())


@contextlib.contextmanager
def contar_sentencias(motor: Engine) -> Iterator[list[str]]:
    """Collects the SQL statements run on ``motor`` inside the block."""
    sentencias: list[str] = []

    def anotar(_con: object, _cursor: object, sql: str, *_args: object) -> None:
        sentencias.append(sql)

    event.listen(motor, "before_cursor_execute", anotar)
    try:
        yield sentencias
    finally:
        event.remove(motor, "before_cursor_execute", anotar)
