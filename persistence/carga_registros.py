"""Writing validated registry rows: upserts by natural key, in batches, all in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Table
from sqlalchemy.dialects import postgresql, sqlite

from persistence.tablas_registros import impuestos_vehiculares, multas_transito, polizas_soat, runt_personas

TABLAS: dict[str, Table] = {"runt": runt_personas, "multas": multas_transito, "impuestos": impuestos_vehiculares,
                            "soat": polizas_soat}
LOTE = 1000


def guardar_filas(motor: Engine, registro: str, filas: Sequence[dict[str, Any]], cargado_en: datetime,
                  avance: Callable[[int], None] = lambda n: None) -> int:
    """Insert or replace every row (a reloaded fine that is now paid updates ``pagada_en``); one transaction."""
    tabla = TABLAS[registro]
    claves = [c.name for c in tabla.primary_key.columns]
    dialecto = postgresql if motor.dialect.name == "postgresql" else sqlite
    with motor.begin() as conexion:
        for inicio in range(0, len(filas), LOTE):
            lote = [{**f, "cargado_en": cargado_en} for f in filas[inicio:inicio + LOTE]]
            sentencia = dialecto.insert(tabla).values(lote)
            cambios = {c: sentencia.excluded[c] for c in lote[0] if c not in claves}
            conexion.execute(sentencia.on_conflict_do_update(index_elements=claves, set_=cambios))
            avance(len(lote))
    return len(filas)
