"""Every inbox filter is served by an index (issue 8 §4: millions of rows are coming).

The repository's own statements are captured and explained on the real engine: the plan must name the index, on
SQLite and on PostgreSQL (with sequential scans disabled, since a near-empty table would be scanned anyway).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from domain.solicitudes import ABIERTAS, EstadoSolicitud
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL

pytestmark = pytest.mark.db


@contextlib.contextmanager
def _capturar(motor: Engine) -> Iterator[list[tuple[str, Any]]]:
    capturadas: list[tuple[str, Any]] = []

    def anotar(_con: object, _cursor: object, sql: str, parametros: Any, *_args: object) -> None:
        capturadas.append((sql, parametros))

    event.listen(motor, "before_cursor_execute", anotar)
    try:
        yield capturadas
    finally:
        event.remove(motor, "before_cursor_execute", anotar)


def _plan(motor: Engine, sql: str, parametros: Any) -> str:
    with motor.connect() as c:
        if motor.dialect.name == "sqlite":
            return " ".join(str(f[-1]) for f in c.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, parametros))
        c.exec_driver_sql("SET enable_seqscan = off")
        return " ".join(str(f[0]) for f in c.exec_driver_sql("EXPLAIN " + sql, parametros))


@pytest.mark.parametrize("filtros", [
    {},
    {"estados": tuple(ABIERTAS)},
    {"estados": (EstadoSolicitud.APROBADA,), "tramite": "CHIA-T21"},
    {"tramite": "CHIA-T21"},
    {"estados": tuple(ABIERTAS), "vencidas_al": date(2026, 3, 17)},
])
def test_cada_filtro_de_la_bandeja_usa_un_indice(
    fabrica: FabricaUnidadDeTrabajoSQL, motor: Engine, filtros: dict[str, Any]
) -> None:
    """Which index the planner picks on an empty table says little; that one of ours serves the entidad's rows,
    never a scan of the whole table, is what holds at every size."""
    with _capturar(motor) as capturadas, fabrica() as uow:
        uow.solicitudes.listar(entidad="MOVILIDAD-CHIA", limite=26, **filtros)
    sql, parametros = next((s, p) for s, p in capturadas if "FROM solicitudes" in s)
    plan = _plan(motor, sql, parametros)
    assert "ix_solicitudes_" in plan, plan
    assert "SCAN solicitudes" not in plan.replace("SCAN solicitudes USING", "") and "Seq Scan" not in plan, plan


def test_los_totales_leen_los_contadores_y_las_vencidas_un_rango(
    fabrica: FabricaUnidadDeTrabajoSQL, motor: Engine
) -> None:
    with _capturar(motor) as capturadas, fabrica() as uow:
        uow.solicitudes.contar_por_estado("MOVILIDAD-CHIA", "CHIA-T21")
        uow.solicitudes.contar_vencidas("MOVILIDAD-CHIA", date(2026, 3, 17))
    conteo, vencidas = capturadas[-2:]
    assert "FROM conteo_solicitudes" in conteo[0] and "FROM solicitudes" not in conteo[0]
    assert "ix_solicitudes_vencimiento" in _plan(motor, *vencidas)
