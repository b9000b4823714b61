"""The e-Register block derived from the audit log (anchors-mission §5; seed 002 §7): it survives a restart and is
shared by every context (worker, process) on the same database. SQLite and PostgreSQL
(VENTANILLA_TEST_DATABASE_URL)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, event
from starlette.applications import Starlette

from admin import rutas_publicas
from app.composicion import construir
from app.config import Settings
from domain.casos_uso import Contexto
from domain.casos_uso.firmas import ConsultaBloqueada, certificar_firma, consultar_certificacion
from domain.eregistro import ACCION_CONSULTA_BLOQUEADA, ACCION_CONSULTA_FALLIDA
from domain.motor.catalogo import CatalogoTramites
from domain.reloj import RelojFijo
from persistence.almacen import AlmacenLocal
from persistence.db import crear_motor
from persistence.inspeccion_archivos import InspectorContenido
from persistence.limitador_consultas import LimitadorConsultasSQL, limitador_eregistro_sql
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL
from tests.fakes import FakeEmisor, FakeVerificador
from tests.integracion.conftest import HOY
from tests.unit.test_firmas import _certificar, _registrar

pytestmark = pytest.mark.db
IP = "198.51.100.7"
MAL = HOY - timedelta(days=1)  # right number, wrong date: a failure that reveals nothing


@pytest.fixture
def otro_proceso(url_bd: str, motor: Engine, almacen: AlmacenLocal) -> Iterator[tuple[Contexto, Engine]]:
    """Another worker (or the app after a restart): its own engine, unit of work, clock and limiter, same data."""
    suyo = crear_motor(url_bd)
    reloj = RelojFijo(datetime(2000, 1, 1).astimezone())  # set by each test
    ctx = Contexto(FabricaUnidadDeTrabajoSQL.desde_motor(suyo), almacen, reloj, CatalogoTramites.predeterminado(),
                   FakeEmisor(),
                   FakeVerificador(), inspector=InspectorContenido())
    yield ctx, suyo
    suyo.dispose()


def _emitida(ctx: Contexto) -> str:
    return certificar_firma(_certificar(ctx, _registrar(ctx)), ctx).documento.numero


def _fallar(ctx: Contexto, limitador: LimitadorConsultasSQL, numero: str, veces: int) -> None:
    for _ in range(veces):
        assert consultar_certificacion(numero, MAL, IP, limitador, ctx) is None


def test_el_bloqueo_sobrevive_a_un_reinicio(ctx: Contexto, reloj: RelojFijo, motor: Engine,
                                            otro_proceso: tuple[Contexto, Engine]) -> None:
    numero = _emitida(ctx)
    limitador = limitador_eregistro_sql(motor, reloj)
    _fallar(ctx, limitador, numero, 4)
    inicio = reloj.ahora()
    with pytest.raises(ConsultaBloqueada):  # the fifth failure within 15 minutes starts the block
        consultar_certificacion(numero, MAL, IP, limitador, ctx)
    # Restart: nothing in memory is kept; a new engine, context and limiter read the audit log.
    nuevo, suyo = otro_proceso
    assert isinstance(nuevo.reloj, RelojFijo)
    nuevo.reloj.instante = inicio + timedelta(hours=3)
    despues = limitador_eregistro_sql(suyo, nuevo.reloj)
    assert despues.bloqueada_hasta(IP) == inicio + timedelta(hours=24)
    with pytest.raises(ConsultaBloqueada):  # even the right pair, while blocked
        consultar_certificacion(numero, HOY, IP, despues, nuevo)
    assert consultar_certificacion(numero, HOY, "198.51.100.8", despues, nuevo) is not None  # another address
    nuevo.reloj.instante = inicio + timedelta(hours=24, minutes=1)
    assert despues.bloqueada_hasta(IP) is None  # blocked lookups did not extend it
    assert consultar_certificacion(numero, HOY, IP, despues, nuevo) is not None


def test_el_bloqueo_es_compartido_entre_contextos(ctx: Contexto, reloj: RelojFijo, motor: Engine,
                                                  otro_proceso: tuple[Contexto, Engine]) -> None:
    """Two workers on one database count the same failures: 3 here and 2 there make 5 within 15 minutes."""
    numero = _emitida(ctx)
    otro, suyo = otro_proceso
    assert isinstance(otro.reloj, RelojFijo)
    aqui, alla = limitador_eregistro_sql(motor, reloj), limitador_eregistro_sql(suyo, otro.reloj)
    for i in range(4):
        reloj.avanzar(minutes=2)
        otro.reloj.instante = reloj.ahora()
        ctx_i, lim_i = (ctx, aqui) if i % 2 == 0 else (otro, alla)
        _fallar(ctx_i, lim_i, numero, 1)
    reloj.avanzar(minutes=2)
    otro.reloj.instante = reloj.ahora()
    with pytest.raises(ConsultaBloqueada):
        consultar_certificacion(numero, MAL, IP, alla, otro)
    assert aqui.bloqueada_hasta(IP) == alla.bloqueada_hasta(IP) == reloj.ahora() + timedelta(hours=24)
    with pytest.raises(ConsultaBloqueada):
        consultar_certificacion(numero, HOY, IP, aqui, ctx)
    with ctx.uow() as uow:
        propios = [e.accion for e in uow.auditoria.listar(limite=100) if e.actor == f"publico:{IP}"]
    assert sorted(propios) == [ACCION_CONSULTA_BLOQUEADA] + [ACCION_CONSULTA_FALLIDA] * 5


def test_fallos_fuera_de_la_ventana_no_bloquean(ctx: Contexto, reloj: RelojFijo, motor: Engine) -> None:
    """anchors-mission §5: five failures within 15 minutes; four, then one 16 minutes later, do not block."""
    numero = _emitida(ctx)
    limitador = limitador_eregistro_sql(motor, reloj)
    _fallar(ctx, limitador, numero, 4)
    reloj.avanzar(minutes=16)
    _fallar(ctx, limitador, numero, 1)
    assert limitador.bloqueada_hasta(IP) is None


def test_una_consulta_acotada_por_el_indice(reloj: RelojFijo, motor: Engine) -> None:
    """One bounded statement per check, an index range scan on the audit log's time (last 24 h 15 min)."""
    limitador = limitador_eregistro_sql(motor, reloj)
    capturadas: list[tuple[str, Any]] = []

    def anotar(_con: object, _cursor: object, sql: str, parametros: Any, *_args: object) -> None:
        capturadas.append((sql, parametros))

    event.listen(motor, "before_cursor_execute", anotar)
    try:
        assert limitador.bloqueada_hasta(IP) is None
    finally:
        event.remove(motor, "before_cursor_execute", anotar)
    [(sql, parametros)] = capturadas
    assert "eventos_auditoria" in sql and "LIMIT" in sql.upper()
    with motor.begin() as conexion:
        if motor.dialect.name == "sqlite":
            filas = conexion.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, parametros).all()
            plan = " ".join(str(f[-1]) for f in filas)
        else:  # an empty table would be scanned: ask whether the index can serve the query at all
            conexion.exec_driver_sql("SET LOCAL enable_seqscan = off")
            plan = " ".join(str(f[0]) for f in conexion.exec_driver_sql("EXPLAIN " + sql, parametros).all())
    # Either audit index bounds the scan by time (the planner picks by statistics); never a full scan.
    assert re.search(r"ix_eventos_auditoria_(entidad_)?cuando_id", plan) and "cuando" in plan, plan
    assert "Seq Scan" not in plan and "SCAN eventos_auditoria" not in plan  # SQLite says SEARCH for a range


@pytest.mark.anyio
async def test_la_pagina_publica_sigue_bloqueada_tras_reiniciar_la_app(
        ctx: Contexto, reloj: RelojFijo, motor: Engine, otro_proceso: tuple[Contexto, Engine]) -> None:
    """Over HTTP: a block set through one app instance is enforced by a new one on the same database."""
    numero = _emitida(ctx)
    primera = Starlette(routes=rutas_publicas(ctx, limitador_eregistro=limitador_eregistro_sql(motor, reloj)))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=primera), base_url="http://testserver") as c:
        for _ in range(4):
            r = await c.post("/verificar-certificacion", data={"numero": numero, "fecha": MAL.isoformat()})
            assert r.status_code == 404
        r = await c.post("/verificar-certificacion", data={"numero": numero, "fecha": MAL.isoformat()})
        assert r.status_code == 429
    nuevo, suyo = otro_proceso
    assert isinstance(nuevo.reloj, RelojFijo)
    nuevo.reloj.instante = reloj.ahora() + timedelta(minutes=30)
    segunda = Starlette(routes=rutas_publicas(
        nuevo, limitador_eregistro=limitador_eregistro_sql(suyo, nuevo.reloj)))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=segunda), base_url="http://testserver") as c:
        r = await c.post("/verificar-certificacion", data={"numero": numero, "fecha": HOY.isoformat()})
    assert r.status_code == 429 and "Demasiadas consultas fallidas" in r.text
    assert "de marzo de 2026" in r.text and "hora de Colombia" in r.text


def test_la_composicion_usa_el_limitador_persistente(tmp_path: Path, url_bd: str) -> None:
    sistema = construir(Settings(directorio_datos=tmp_path, directorio_claves=tmp_path / "claves",
                                 database_url=url_bd))
    try:
        assert isinstance(sistema.limitador_eregistro, LimitadorConsultasSQL)
    finally:
        sistema.motor.dispose()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
