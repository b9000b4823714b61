"""The outbox: notifications written in the use case's transaction, claimed and sent later by dispatchers."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select, update

from domain.errores import NoEncontrado
from domain.notificaciones import EstadoEnvio, Notificacion
from persistence import mapeo
from persistence.repositorios.base import RepositorioSQL
from persistence.tablas import bandeja_salida as t

CANDIDATOS = 8
"""Rows looked at per claim: a few, so that on SQLite a row another dispatcher just took is skipped quickly."""


def _vencidas(ahora: datetime) -> ColumnElement[bool]:
    """Due now: waiting and its time has come, or claimed by a dispatcher whose lease lapsed (it died mid-send)."""
    return or_(
        and_(t.c.estado == EstadoEnvio.PENDIENTE.value, t.c.proximo_intento <= ahora),
        and_(t.c.estado == EstadoEnvio.ENVIANDO.value, t.c.arriendo_hasta <= ahora),
    )


def _mia(notificacion_id: uuid.UUID, intentos: int) -> ColumnElement[bool]:
    """Still our claim: nobody re-claimed it (that would have raised ``intentos``) nor settled it."""
    return and_(t.c.id == notificacion_id, t.c.estado == EstadoEnvio.ENVIANDO.value, t.c.intentos == intentos)


class BandejaSalidaSQL(RepositorioSQL):
    def agregar(self, notificacion: Notificacion) -> None:
        self._insertar(t, [mapeo.notificacion_a_fila(notificacion)])

    def pendientes(self, limite: int = 100) -> list[Notificacion]:
        sentencia = (
            select(t).where(t.c.estado == EstadoEnvio.PENDIENTE.value)
            .order_by(t.c.creada_en, t.c.id).limit(max(limite, 0))
        )
        return [mapeo.notificacion_de_fila(f) for f in self._ejecutar(sentencia).mappings()]

    def reclamar(self, ahora: datetime, arriendo_hasta: datetime) -> Notificacion | None:
        """SELECT a few due ids, then a conditional UPDATE per id until one matches.

        The UPDATE re-checks the due condition, so it is the atomic claim on both engines: on PostgreSQL a
        concurrent claimer waits for the row lock and then matches zero rows (READ COMMITTED re-evaluates WHERE);
        on SQLite writers are serialised. SKIP LOCKED (PostgreSQL only) just spares the waiting.
        """
        candidatos = (
            select(t.c.id).where(_vencidas(ahora)).order_by(t.c.proximo_intento, t.c.id).limit(CANDIDATOS)
            .with_for_update(skip_locked=True)
        )
        for notificacion_id in list(self._ejecutar(candidatos).scalars()):
            tomada = self._ejecutar(
                update(t).where(t.c.id == notificacion_id, _vencidas(ahora))
                .values(estado=EstadoEnvio.ENVIANDO.value, arriendo_hasta=arriendo_hasta, intentos=t.c.intentos + 1)
            )
            if tomada.rowcount == 1:
                return self.obtener(notificacion_id)
        return None

    def marcar_enviada(self, notificacion_id: uuid.UUID, cuando: datetime) -> None:
        """Unconditional: a message the server accepted is sent, even if our lease lapsed meanwhile."""
        resultado = self._ejecutar(
            update(t).where(t.c.id == notificacion_id).values(
                estado=EstadoEnvio.ENVIADA.value, enviada_en=cuando, arriendo_hasta=None, ultimo_error=None,
            )
        )
        if resultado.rowcount != 1:
            raise NoEncontrado("La notificación no existe.")

    def reprogramar(self, notificacion_id: uuid.UUID, intentos: int, proximo: datetime, error: str) -> bool:
        resultado = self._ejecutar(
            update(t).where(_mia(notificacion_id, intentos)).values(
                estado=EstadoEnvio.PENDIENTE.value, proximo_intento=proximo, arriendo_hasta=None, ultimo_error=error,
            )
        )
        return bool(resultado.rowcount == 1)

    def marcar_fallida(self, notificacion_id: uuid.UUID, intentos: int, error: str) -> bool:
        resultado = self._ejecutar(
            update(t).where(_mia(notificacion_id, intentos)).values(
                estado=EstadoEnvio.FALLIDA.value, arriendo_hasta=None, ultimo_error=error,
            )
        )
        return bool(resultado.rowcount == 1)

    def reabrir(self, notificacion_id: uuid.UUID, ahora: datetime) -> bool:
        resultado = self._ejecutar(
            update(t).where(t.c.id == notificacion_id, t.c.estado == EstadoEnvio.FALLIDA.value).values(
                estado=EstadoEnvio.PENDIENTE.value, intentos=0, proximo_intento=ahora,
            )
        )
        return bool(resultado.rowcount == 1)

    def obtener(self, notificacion_id: uuid.UUID) -> Notificacion | None:
        fila = self._ejecutar(select(t).where(t.c.id == notificacion_id)).mappings().first()
        return mapeo.notificacion_de_fila(fila) if fila is not None else None

    def listar(
        self, *, entidad: str, estados: Sequence[EstadoEnvio] = (),
        antes_de: tuple[datetime, uuid.UUID] | None = None, limite: int = 50,
    ) -> list[Notificacion]:
        sentencia = select(t).where(t.c.entidad == entidad)
        if estados:
            sentencia = sentencia.where(t.c.estado.in_([e.value for e in estados]))
        if antes_de is not None:
            cuando, id_ = antes_de
            sentencia = sentencia.where(or_(t.c.creada_en < cuando, (t.c.creada_en == cuando) & (t.c.id < id_)))
        sentencia = sentencia.order_by(t.c.creada_en.desc(), t.c.id.desc()).limit(max(limite, 0))
        return [mapeo.notificacion_de_fila(f) for f in self._ejecutar(sentencia).mappings()]

    def contar_por_estado(self, entidad: str) -> dict[EstadoEnvio, int]:
        sentencia = select(t.c.estado, func.count().label("n")).where(t.c.entidad == entidad).group_by(t.c.estado)
        return {EstadoEnvio(f["estado"]): int(f["n"]) for f in self._ejecutar(sentencia).mappings()}
