"""The public page's read (persistence/lectura.py): one statement, no unit of work, always the current state."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine

from domain.documentos import Documento
from persistence import FabricaUnidadDeTrabajoSQL
from persistence.lectura import LecturaDocumentosSQL, crear_motor_lectura

from . import datos
from .conftest import contar_sentencias


def _documento_guardado(fabrica: FabricaUnidadDeTrabajoSQL) -> Documento:
    titular = datos.persona()
    s = datos.solicitud(titular)
    d = datos.documento(titular, s.id)
    with fabrica() as uow:
        uow.personas.agregar(titular)
        uow.solicitudes.agregar(s)
        uow.documentos.agregar(d)
        uow.commit()
    return d


def test_documento_con_sus_eventos_en_una_sola_sentencia(fabrica: FabricaUnidadDeTrabajoSQL, motor: Engine) -> None:
    d = _documento_guardado(fabrica)
    lectura = LecturaDocumentosSQL(motor)
    with contar_sentencias(motor) as sentencias:
        assert lectura.documento(d.id) == d
        assert lectura.documento(uuid.uuid4()) is None
    assert len([x for x in sentencias if x.lstrip().upper().startswith("SELECT")]) == 2  # one per lookup

    # Suspended then reactivated then revoked: the next read shows it, events in order (no cache to invalidate).
    with fabrica() as uow:
        cargado = uow.documentos.obtener(d.id)
        assert cargado is not None
        cargado.suspender("Verificación en curso", "funcionario:x", datos.INSTANTE + timedelta(days=1))
        cargado.reactivar("Verificado", "funcionario:x", datos.INSTANTE + timedelta(days=2))
        cargado.revocar("Fraude", "funcionario:x", datos.INSTANTE + timedelta(days=3))
        uow.documentos.guardar(cargado)
        uow.commit()
    leido = lectura.documento(d.id)
    assert leido is not None and len(leido.eventos) == len(d.eventos) + 3
    assert [e.motivo for e in leido.eventos][-3:] == ["Verificación en curso", "Verificado", "Fraude"]
    assert leido.estado(date(2026, 3, 20)).value == "revocado"
    with fabrica() as uow:
        assert leido == uow.documentos.obtener(d.id)


def test_solo_sqlite_se_lee_en_el_bucle(motor: Engine) -> None:
    # SQLite in WAL mode is a local page-cache read; a server engine waits on a socket (admin/publico.py).
    assert LecturaDocumentosSQL(motor).local is (motor.dialect.name == "sqlite")


def test_en_postgresql_la_lectura_publica_no_deja_transacciones_y_sobrevive_una_conexion_caida(
    fabrica: FabricaUnidadDeTrabajoSQL, motor: Engine,
) -> None:
    url = motor.url.render_as_string(hide_password=False)
    lectura_motor = crear_motor_lectura(url)
    if motor.dialect.name != "postgresql":
        assert lectura_motor is None  # SQLite: the page reads through the main engine, on the event loop
        pytest.skip("solo PostgreSQL: pool propio en autocommit")
    assert lectura_motor is not None
    d = _documento_guardado(fabrica)
    lectura = LecturaDocumentosSQL(lectura_motor)
    try:
        assert lectura.documento(d.id) == d
        # Autocommit: the pooled connection is idle, not "idle in transaction" holding a snapshot.
        with lectura_motor.connect() as c:
            pid = c.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
        with motor.connect() as otra:
            estado = otra.exec_driver_sql(
                "SELECT state FROM pg_stat_activity WHERE pid = %(pid)s", {"pid": pid}).scalar_one()
            assert estado == "idle"
            # The server drops the pooled connection (a restart, an idle timeout): the next read still answers.
            assert otra.exec_driver_sql("SELECT pg_terminate_backend(%(pid)s)", {"pid": pid}).scalar_one()
        assert lectura.documento(d.id) == d
    finally:
        lectura_motor.dispose()
