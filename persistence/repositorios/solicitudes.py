"""Solicitudes: the aggregate row, its soportes (rewritten when they change) and its append-only event log."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, Uuid, bindparam, delete, func, select, tuple_

from domain.solicitudes import ABIERTAS, EstadoSolicitud, Solicitud
from persistence import mapeo
from persistence.repositorios.base import RepositorioSQL
from persistence.tablas import (
    consecutivos,
    conteo_solicitudes,
    eventos_solicitud,
    partes_solicitud,
    solicitudes,
    soportes,
)
from persistence.tipos import FechaHora

_ORDEN = (solicitudes.c.radicada_en, solicitudes.c.id)


class RepositorioSolicitudesSQL(RepositorioSQL):
    def agregar(self, solicitud: Solicitud) -> None:
        self._insertar(solicitudes, [mapeo.solicitud_a_fila(solicitud)])
        self._insertar(partes_solicitud, mapeo.partes_a_filas(solicitud))
        self._contar(solicitud.entidad, solicitud.tramite, solicitud.estado.value, 1)
        self._insertar(soportes, mapeo.soportes_a_filas(solicitud))
        self._insertar(
            eventos_solicitud,
            [mapeo.evento_solicitud_a_fila(solicitud.id, i, e) for i, e in enumerate(solicitud.eventos)],
        )

    def guardar(self, solicitud: Solicitud) -> None:
        """Optimistic lock on the row first: once it succeeds nobody else can touch the children until commit.

        The estado read just before is the stored one whenever the versioned UPDATE succeeds (a writer in between
        would have moved the version), so the per-state counters move exactly once per change.
        """
        anterior = self._ejecutar(
            select(solicitudes.c.estado).where(solicitudes.c.id == solicitud.id)
        ).scalar_one_or_none()
        self._actualizar_con_version(solicitudes, solicitud.id, solicitud.version, mapeo.solicitud_a_fila(solicitud))
        if anterior is not None and anterior != solicitud.estado.value:
            self._contar(solicitud.entidad, solicitud.tramite, anterior, -1)
            self._contar(solicitud.entidad, solicitud.tramite, solicitud.estado.value, 1)
        self._reescribir_soportes(solicitud)
        guardados = self._eventos_guardados(eventos_solicitud, "solicitud_id", solicitud.id, len(solicitud.eventos))
        self._insertar(
            eventos_solicitud,
            [
                mapeo.evento_solicitud_a_fila(solicitud.id, i, e)
                for i, e in enumerate(solicitud.eventos)
                if i >= guardados
            ],
        )
        solicitud.version += 1

    def _reescribir_soportes(self, solicitud: Solicitud) -> None:
        # Most transitions (asignar, aprobar, rechazar) leave soportes alone: compare before rewriting, which spares
        # a DELETE + INSERT (and the dead tuples they leave on PostgreSQL) on every decision.
        nuevos = mapeo.soportes_a_filas(solicitud)
        sentencia = select(soportes).where(soportes.c.solicitud_id == solicitud.id).order_by(soportes.c.posicion)
        actuales = [dict(f) for f in self._ejecutar(sentencia).mappings()]
        if actuales == nuevos:
            return
        self._ejecutar(delete(soportes).where(soportes.c.solicitud_id == solicitud.id))
        self._insertar(soportes, nuevos)

    def obtener(self, solicitud_id: uuid.UUID) -> Solicitud | None:
        encontradas = self._cargar([solicitudes.c.id == solicitud_id])
        return encontradas[0] if encontradas else None

    def radicados(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
        """Radicado by id, in one statement: what the audit log shows instead of an id."""
        if not ids:
            return {}
        sentencia = select(solicitudes.c.id, solicitudes.c.radicado).where(solicitudes.c.id.in_(sorted(set(ids))))
        return {f["id"]: f["radicado"] for f in self._ejecutar(sentencia).mappings()}

    def por_radicado(self, radicado: str) -> Solicitud | None:
        encontradas = self._cargar([solicitudes.c.radicado == radicado])
        return encontradas[0] if encontradas else None

    def _contar(self, entidad: str, tramite: str, estado: str, delta: int) -> None:
        """One upsert on the (entidad, trámite, estado) counter, in the caller's transaction."""
        t = conteo_solicitudes
        sentencia = self._insercion_con_conflicto(t).values(
            entidad=entidad, tramite=tramite, estado=estado, cantidad=delta,
        ).on_conflict_do_update(index_elements=[t.c.entidad, t.c.tramite, t.c.estado],
                                set_={"cantidad": t.c.cantidad + delta})
        self._ejecutar(sentencia)

    def siguiente_consecutivo(self, prefijo: str) -> int:
        """Next radicado number for ``prefijo``: 1, 2, 3... with no gaps and no repeats, even under concurrency.

        One upsert statement: PostgreSQL's ``ON CONFLICT DO UPDATE`` locks the counter row until this transaction
        ends, so concurrent filings of the same prefix queue up instead of reading the same value; SQLite has a
        single writer per database. If the filing rolls back, so does the increment: numbers are not lost, unlike
        with a sequence.
        """
        sentencia = (
            self._insercion_con_conflicto(consecutivos).values(prefijo=prefijo, valor=1)
            .on_conflict_do_update(index_elements=[consecutivos.c.prefijo], set_={"valor": consecutivos.c.valor + 1})
            .returning(consecutivos.c.valor)
        )
        return int(self._ejecutar(sentencia).scalar_one())

    def listar(
        self,
        *,
        entidad: str | None = None,
        estados: Sequence[EstadoSolicitud] = (),
        tramite: str | None = None,
        vencidas_al: date | None = None,
        asignado_a: uuid.UUID | None = None,
        radicada_por: uuid.UUID | None = None,
        despues_de: tuple[datetime, uuid.UUID] | None = None,
        limite: int = 50,
    ) -> list[Solicitud]:
        """Keyset page ordered by (radicada_en, id): ``WHERE (radicada_en, id) > cursor ORDER BY ... LIMIT n``.

        Unlike OFFSET, the cost does not grow with the page number, and rows filed meanwhile neither repeat nor
        disappear between pages.
        """
        if limite <= 0:
            return []
        filtros: list[ColumnElement[bool]] = []
        if entidad is not None:
            filtros.append(solicitudes.c.entidad == entidad)
        if estados:
            filtros.append(solicitudes.c.estado.in_([e.value for e in estados]))
        if tramite is not None:
            filtros.append(solicitudes.c.tramite == tramite)
        if vencidas_al is not None:
            filtros.append(solicitudes.c.fecha_limite_decision < vencidas_al)
        if asignado_a is not None:
            filtros.append(solicitudes.c.asignado_a == asignado_a)
        if radicada_por is not None:
            filtros.append(solicitudes.c.radicada_por == radicada_por)
        if despues_de is not None:
            cuando, ultimo_id = despues_de
            # Typed parameters, so the cursor's datetime goes through FechaHora (UTC) like the stored values.
            cursor = tuple_(
                bindparam("cursor_radicada_en", cuando, type_=FechaHora()),
                bindparam("cursor_id", ultimo_id, type_=Uuid()),
            )
            filtros.append(tuple_(*_ORDEN) > cursor)
        return self._cargar(filtros, limite=limite)

    def con_subsanacion_vencida(self, hoy: date) -> list[Solicitud]:
        return self._cargar(
            [
                solicitudes.c.estado == EstadoSolicitud.REQUIERE_SUBSANACION.value,
                solicitudes.c.fecha_limite_subsanacion < hoy,
            ]
        )

    def contar_por_estado(
        self, entidad: str | None = None, tramite: str | None = None
    ) -> dict[EstadoSolicitud, int]:
        """From the maintained counters (a few rows per entidad), never from the solicitudes themselves."""
        t = conteo_solicitudes
        sentencia = select(t.c.estado, func.sum(t.c.cantidad).label("n")).group_by(t.c.estado)
        if entidad is not None:
            sentencia = sentencia.where(t.c.entidad == entidad)
        if tramite is not None:
            sentencia = sentencia.where(t.c.tramite == tramite)
        return {EstadoSolicitud(f["estado"]): int(f["n"]) for f in self._ejecutar(sentencia).mappings() if f["n"]}

    def contar_vencidas(self, entidad: str, hoy: date, tramite: str | None = None) -> int:
        """Open solicitudes past their deadline: a range count on ix_solicitudes_vencimiento (only the overdue)."""
        filtros = [solicitudes.c.entidad == entidad,
                   solicitudes.c.estado.in_([e.value for e in ABIERTAS]),
                   solicitudes.c.fecha_limite_decision < hoy]
        if tramite is not None:
            filtros.append(solicitudes.c.tramite == tramite)
        return int(self._ejecutar(select(func.count()).select_from(solicitudes).where(*filtros)).scalar_one())

    def de_sujeto(self, sujeto_id: uuid.UUID, estados: Sequence[EstadoSolicitud] = ()) -> list[Solicitud]:
        filtros = [solicitudes.c.sujeto_id == sujeto_id]
        if estados:
            filtros.append(solicitudes.c.estado.in_([e.value for e in estados]))
        return self._cargar(filtros)

    def _cargar(self, filtros: Sequence[ColumnElement[bool]], limite: int | None = None) -> list[Solicitud]:
        """Whole aggregates in four queries, however many: rows, then all their soportes, events and partes."""
        sentencia = select(solicitudes).where(*filtros).order_by(*_ORDEN)
        if limite is not None:
            sentencia = sentencia.limit(limite)
        filas = self._ejecutar(sentencia).mappings().all()
        if not filas:
            return []
        ids = [f["id"] for f in filas]
        soportes_de = self._hijas_por_padre(soportes, "solicitud_id", ids, "posicion")
        eventos_de = self._hijas_por_padre(eventos_solicitud, "solicitud_id", ids, "secuencia")
        partes_de = self._hijas_por_padre(partes_solicitud, "solicitud_id", ids, "rol")
        return [mapeo.solicitud_de_filas(f, soportes_de[f["id"]], eventos_de[f["id"]], partes_de[f["id"]])
                for f in filas]
