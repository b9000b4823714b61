"""Migrations produce exactly tablas.metadata; datetimes keep their instant and zone on both engines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import StatementError

from domain.reloj import ZONA_COLOMBIA
from persistence.db import crear_motor
from persistence.migrar import configuracion, migrar
from persistence.tablas import bandeja_salida, metadata
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL
from tests.integracion import datos
from tests.integracion.conftest import BasesDePrueba

pytestmark = pytest.mark.db


def _diferencias(motor: Engine) -> list[object]:
    with motor.connect() as conexion:
        contexto = MigrationContext.configure(conexion, opts={"compare_type": True})
        return list(compare_metadata(contexto, metadata))


def test_la_base_migrada_coincide_con_las_tablas(motor: Engine) -> None:
    assert _diferencias(motor) == []


def test_migrar_sin_alembic_ini_desde_cualquier_directorio_y_dos_veces(
    bases: BasesDePrueba, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # nothing here: no alembic.ini, no migrations folder
    url = bases.nueva()
    migrar(url)
    migrar(url)  # idempotent
    motor = crear_motor(url)
    try:
        assert _diferencias(motor) == []
        with motor.connect() as conexion:
            assert conexion.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0014"
        command.downgrade(configuracion(url), "base")
        assert set(inspect(motor).get_table_names()) <= {"alembic_version"}
        migrar(url)
        assert _diferencias(motor) == []
    finally:
        motor.dispose()
    assert list(tmp_path.iterdir()) == []  # and nothing was written to the working directory


def test_fechas_se_guardan_en_utc_y_vuelven_con_zona(fabrica: FabricaUnidadDeTrabajoSQL, motor: Engine) -> None:
    bogota = datetime(2026, 3, 17, 22, 30, 15, 500, tzinfo=ZONA_COLOMBIA)  # already the 18th in UTC
    n = datos.notificacion(None, bogota)
    with fabrica() as uow:
        uow.bandeja_salida.agregar(n)
        uow.commit()
    with motor.connect() as conexion:
        if motor.dialect.name == "sqlite":
            crudo = conexion.execute(text("SELECT creada_en FROM bandeja_salida")).scalar_one()
            assert crudo == "2026-03-18 03:30:15.000500"  # UTC text: sorts like the instants it stands for
        vuelta = conexion.execute(select(bandeja_salida.c.creada_en)).scalar_one()
    assert vuelta == bogota and vuelta.utcoffset() == timedelta(hours=-5)
    assert vuelta.astimezone(UTC).day == 18


def test_fecha_sin_zona_se_rechaza(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    n = datos.notificacion(None, datetime(2026, 3, 17, 10, 0))  # naive: ambiguous
    with fabrica() as uow, pytest.raises(StatementError, match="zona horaria"):
        uow.bandeja_salida.agregar(n)


def test_en_postgresql_las_tablas_viven_en_el_esquema_de_la_url(motor: Engine) -> None:
    if motor.dialect.name != "postgresql":
        pytest.skip("solo PostgreSQL")
    with motor.connect() as conexion:
        esquema = conexion.execute(text("SELECT current_schema()")).scalar_one()
        tablas = conexion.execute(
            text("SELECT count(*) FROM information_schema.tables WHERE table_schema = :e"), {"e": esquema}
        ).scalar_one()
    assert esquema.startswith("persistencia_prueba_") and tablas == len(metadata.tables) + 1  # + alembic_version


def test_las_columnas_usan_los_mismos_largos() -> None:
    """domain/textos.py is the one source of the lengths: the domain checks inputs against the columns' sizes."""
    from domain import textos
    from persistence.tablas import personas

    largos = {c.name: getattr(c.type, "length", None) for c in personas.columns}
    assert (largos["nombres"], largos["telefono"], largos["sexo"], largos["correo"]) == (
        textos.NOMBRE, textos.TELEFONO, textos.SEXO, textos.CORREO)
