"""One transaction per use case: commit writes everything, anything else writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from domain.casos_uso import Contexto
from domain.casos_uso.solicitudes import radicar_solicitud
from persistence.tablas import bandeja_salida, metadata, solicitudes
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL
from tests.builders import nueva_persona, radicar_cmd
from tests.integracion import datos
from tests.integracion.conftest import HOY

pytestmark = pytest.mark.db


def _filas(motor: Engine) -> dict[str, int]:
    with motor.connect() as conexion:
        return {
            t.name: conexion.execute(select(func.count()).select_from(t)).scalar_one() for t in metadata.sorted_tables
        }


def test_salir_sin_commit_no_escribe_nada(fabrica: FabricaUnidadDeTrabajoSQL, motor: Engine) -> None:
    titular = datos.persona()
    with fabrica() as uow:
        uow.personas.agregar(titular)
        uow.solicitudes.agregar(datos.solicitud(titular))
        uow.bandeja_salida.agregar(datos.notificacion(None))
        uow.solicitudes.siguiente_consecutivo("RES-2026")
    assert set(_filas(motor).values()) == {0}


def test_una_excepcion_deshace_todo(fabrica: FabricaUnidadDeTrabajoSQL, motor: Engine) -> None:
    with pytest.raises(RuntimeError, match="falla"), fabrica() as uow:
        uow.personas.agregar(datos.persona())
        raise RuntimeError("falla a mitad del caso de uso")
    assert set(_filas(motor).values()) == {0}


def test_rollback_explicito_y_luego_commit(fabrica: FabricaUnidadDeTrabajoSQL, motor: Engine) -> None:
    deshecha, guardada = datos.persona("11111111"), datos.persona("22222222")
    with fabrica() as uow:
        uow.personas.agregar(deshecha)
        uow.rollback()
        uow.personas.agregar(guardada)
        uow.commit()
    with fabrica() as uow:
        assert uow.personas.obtener(deshecha.id) is None
        assert uow.personas.obtener(guardada.id) == guardada


def test_bandeja_de_salida_en_la_misma_transaccion(ctx: Contexto, motor: Engine) -> None:
    titular = nueva_persona(ctx)
    s = radicar_solicitud(radicar_cmd(titular, HOY), ctx)
    with motor.connect() as conexion:
        fila = conexion.execute(select(bandeja_salida)).mappings().one()
        assert fila["solicitud_id"] == s.id and s.radicado in fila["asunto"]
        assert conexion.execute(select(func.count()).select_from(solicitudes)).scalar_one() == 1
    # And without commit neither the change nor its notification exist.
    otra = datos.persona("33333333")
    with ctx.uow() as uow:
        uow.personas.agregar(otra)
        nueva = datos.solicitud(otra)
        uow.solicitudes.agregar(nueva)
        uow.bandeja_salida.agregar(datos.notificacion(nueva.id))
        assert len(uow.bandeja_salida.pendientes()) == 2  # visible inside its own transaction
    assert _filas(motor)["bandeja_salida"] == 1 and _filas(motor)["solicitudes"] == 1


def test_usos_indebidos(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    uow = fabrica()
    with pytest.raises(RuntimeError, match="no está abierta"):
        uow.commit()
    with uow, pytest.raises(RuntimeError, match="ya está abierta"):
        uow.__enter__()
    assert fabrica() is not fabrica()  # a fresh one per use case
