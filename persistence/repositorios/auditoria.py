"""The audit log (domain.puertos.RegistroAuditoria): append-only rows, keyset pages newest first."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, or_, select

from domain.auditoria import EventoAuditoria
from persistence.repositorios.base import RepositorioSQL
from persistence.tablas_auditoria import eventos_auditoria as t


class RegistroAuditoriaSQL(RepositorioSQL):
    def registrar(self, evento: EventoAuditoria) -> None:
        self._insertar(t, [{
            "id": evento.id, "cuando": evento.cuando, "actor": evento.actor, "accion": evento.accion,
            "objeto": evento.objeto, "entidad": evento.entidad, "detalle": evento.detalle,
        }])

    def listar(
        self, *, entidad: str | None = None, antes_de: tuple[datetime, uuid.UUID] | None = None, limite: int = 50,
        solo_plataforma: bool = False,
    ) -> list[EventoAuditoria]:
        sentencia = select(t)
        if entidad is not None:
            sentencia = sentencia.where(t.c.entidad == entidad)
        if solo_plataforma:
            sentencia = sentencia.where(t.c.entidad.is_(None))
        if antes_de is not None:
            cuando, id_ = antes_de
            # Spelled out rather than a row-value comparison: same plan on PostgreSQL, and SQLite understands it.
            sentencia = sentencia.where(or_(t.c.cuando < cuando, (t.c.cuando == cuando) & (t.c.id < id_)))
        sentencia = sentencia.order_by(t.c.cuando.desc(), t.c.id.desc()).limit(limite)
        return [
            EventoAuditoria(f["id"], f["cuando"], f["actor"], f["accion"], f["objeto"], f["entidad"], f["detalle"])
            for f in self._ejecutar(sentencia).mappings()
        ]

    def contar(self, *, actor: str, accion: str, desde: datetime) -> int:
        # Rare and small (a partner's refused persona links of one day): the (cuando, id) index bounds the scan.
        sentencia = select(func.count()).select_from(t).where(t.c.cuando >= desde, t.c.actor == actor,
                                                              t.c.accion == accion)
        return int(self._ejecutar(sentencia).scalar_one())
