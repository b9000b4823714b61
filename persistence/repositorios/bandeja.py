"""The outbox: notifications written in the use case's transaction, sent later by a dispatcher."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select, update

from domain.errores import NoEncontrado
from domain.notificaciones import Notificacion
from persistence import mapeo
from persistence.repositorios.base import RepositorioSQL
from persistence.tablas import bandeja_salida


class BandejaSalidaSQL(RepositorioSQL):
    def agregar(self, notificacion: Notificacion) -> None:
        self._insertar(bandeja_salida, [mapeo.notificacion_a_fila(notificacion)])

    def pendientes(self, limite: int = 100) -> list[Notificacion]:
        """Oldest unsent first.

        On PostgreSQL the rows are locked with SKIP LOCKED until the unit of work ends, so several dispatchers can
        run at once without sending the same message twice (SQLite ignores the clause: it has a single writer).
        """
        sentencia = (
            select(bandeja_salida)
            .where(bandeja_salida.c.enviada_en.is_(None))
            .order_by(bandeja_salida.c.creada_en, bandeja_salida.c.id)
            .limit(max(limite, 0))
            .with_for_update(skip_locked=True)
        )
        return [mapeo.notificacion_de_fila(f) for f in self._ejecutar(sentencia).mappings()]

    def marcar_enviada(self, notificacion_id: uuid.UUID, cuando: datetime) -> None:
        """Not in the port yet: without it a dispatcher cannot record what it sent (see the report)."""
        resultado = self._ejecutar(
            update(bandeja_salida).where(bandeja_salida.c.id == notificacion_id).values(enviada_en=cuando)
        )
        if resultado.rowcount != 1:
            raise NoEncontrado("La notificación no existe.")
