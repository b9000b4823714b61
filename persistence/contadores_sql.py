"""``AlmacenContadores`` on the database (``limitador_ventanas``): the default store of the shared rate limits.

Each flush is one transaction: an UPSERT per counter (``INSERT … ON CONFLICT (clave, ventana) DO UPDATE SET cuenta =
cuenta + excluded.cuenta``, SQLite ≥ 3.24 and PostgreSQL), in key order so that two workers never take row locks in
opposite orders, then one bounded read of the totals. Expired rows are deleted at most once a minute, in batches of
``LOTE_PODA`` (another batch at the next write while a batch comes back full), so the table holds the counters of
the last two windows and a prune never holds the write lock for long.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Mapping
from typing import Any

from sqlalchemy import Engine, delete, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from domain.limites import Ventana
from persistence.db import esta_disponible
from persistence.tablas_limitador import limitador_ventanas as t

LOTE_LECTURA = 400  # keys per IN list: far under SQLite's and PostgreSQL's parameter limits
LOTE_PODA = 5_000
CADA_PODA_S = 60.0


class ContadoresSQL:
    """Thread-safe (no state but the prune schedule); process-safe through the database."""

    def __init__(self, motor: Engine, *, reloj: Callable[[], float] = time.time) -> None:
        self._motor = motor
        self._reloj = reloj
        dialecto: Any = postgresql if motor.dialect.name == "postgresql" else sqlite
        insercion = dialecto.insert(t)
        self._sumar = insercion.on_conflict_do_update(
            index_elements=[t.c.clave, t.c.ventana],
            set_={"cuenta": t.c.cuenta + insercion.excluded.cuenta, "vence": insercion.excluded.vence},
        )
        self._proxima_poda = 0.0

    def sumar_y_leer(self, incrementos: Mapping[Ventana, int], leer: Collection[Ventana], *,
                     duracion: int) -> dict[Ventana, int]:
        leidos: dict[Ventana, int] = {}
        if not incrementos and not leer:
            return leidos
        with self._motor.begin() as conexion:
            if incrementos:
                filas = [{"clave": k, "ventana": i, "cuenta": n, "vence": (i + 2) * duracion}
                         for (k, i), n in sorted(incrementos.items())]
                conexion.execute(self._sumar, filas)
            if leer:
                leidos = _leer(conexion, leer)
        if incrementos and self._reloj() >= self._proxima_poda:
            self.podar()
        return leidos

    def podar(self) -> int:
        """Delete one batch of expired counters; returns how many went."""
        ahora = int(self._reloj())
        vencidas = select(t.c.clave, t.c.ventana).where(t.c.vence < ahora).limit(LOTE_PODA)
        with self._motor.begin() as conexion:
            borradas = conexion.execute(delete(t).where(tuple_(t.c.clave, t.c.ventana).in_(vencidas))).rowcount
        self._proxima_poda = self._reloj() + (0 if borradas >= LOTE_PODA else CADA_PODA_S)
        return int(borradas)

    def borrar(self, ventanas: Collection[Ventana]) -> None:
        claves = sorted({k for k, _ in ventanas})
        indices = {i for _, i in ventanas}
        with self._motor.begin() as conexion:
            for inicio in range(0, len(claves), LOTE_LECTURA):
                conexion.execute(delete(t).where(t.c.clave.in_(claves[inicio:inicio + LOTE_LECTURA]),
                                                 t.c.ventana.in_(indices)))

    def disponible(self) -> bool:
        return esta_disponible(self._motor)


def _leer(conexion: Connection, leer: Collection[Ventana]) -> dict[Ventana, int]:
    """Totals of the asked counters: an index range per batch of keys (primary key: clave, ventana)."""
    pedidas = set(leer)
    claves = sorted({k for k, _ in pedidas})
    desde, hasta = min(i for _, i in pedidas), max(i for _, i in pedidas)
    leidos: dict[Ventana, int] = {}
    for inicio in range(0, len(claves), LOTE_LECTURA):
        sentencia = select(t.c.clave, t.c.ventana, t.c.cuenta).where(
            t.c.clave.in_(claves[inicio:inicio + LOTE_LECTURA]), t.c.ventana >= desde, t.c.ventana <= hasta)
        for clave, ventana, cuenta in conexion.execute(sentencia):
            if (clave, ventana) in pedidas:
                leidos[(clave, ventana)] = int(cuenta)
    return leidos
