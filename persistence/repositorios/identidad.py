"""Identity-document trámites (seed 002 §15.4-15.6): the aggregate, its contraseñas, its append-only events and its
§15.6 replacements (append-only too)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select

from domain.contrasenas import Oficina
from domain.identidad import (
    ClaseTramiteIdentidad,
    EstadoTramiteIdentidad,
    EventoTramiteIdentidad,
    FormatoDocumento,
    TipoDocumentoIdentidad,
    TramiteIdentidad,
)
from domain.reposicion_contrasenas import Reposicion
from persistence.mapeo import Fila
from persistence.repositorios.base import RepositorioSQL, lotes
from persistence.tablas_identidad import (
    contrasenas_tramite_identidad,
    eventos_tramite_identidad,
    reposiciones_contrasena,
    tramites_identidad,
)


def tramite_a_fila(t: TramiteIdentidad) -> dict[str, Any]:
    entrega = t.oficina_entrega
    return {
        "id": t.id, "numero_preparacion": t.numero_preparacion, "tipo_documento": t.tipo_documento.value,
        "formato": t.formato.value, "clase": t.clase.value, "titular_id": t.titular_id,
        "oficina_codigo": t.oficina.codigo, "oficina_nombre": t.oficina.nombre,
        "oficina_es_consulado": t.oficina.es_consulado, "fecha_solicitud": t.fecha_solicitud, "canal": t.canal,
        "estado": t.estado.value,
        "oficina_entrega_codigo": entrega.codigo if entrega else None,
        "oficina_entrega_nombre": entrega.nombre if entrega else None,
        "oficina_entrega_es_consulado": entrega.es_consulado if entrega else None,
        "motivo_rechazo": t.motivo_rechazo, "version": t.version,
    }


def tramite_de_filas(f: Fila, contrasenas: Sequence[Fila], eventos: Sequence[Fila]) -> TramiteIdentidad:
    """``contrasenas``: link rows, each outer-joined with its reposicion row (null columns if not replaced)."""
    reposiciones = contrasenas
    entrega = None
    if f["oficina_entrega_codigo"] is not None:
        entrega = Oficina(f["oficina_entrega_codigo"], f["oficina_entrega_nombre"],
                          bool(f["oficina_entrega_es_consulado"]))
    return TramiteIdentidad(
        id=f["id"], numero_preparacion=f["numero_preparacion"],
        tipo_documento=TipoDocumentoIdentidad(f["tipo_documento"]), formato=FormatoDocumento(f["formato"]),
        clase=ClaseTramiteIdentidad(f["clase"]), titular_id=f["titular_id"],
        oficina=Oficina(f["oficina_codigo"], f["oficina_nombre"], bool(f["oficina_es_consulado"])),
        fecha_solicitud=f["fecha_solicitud"], canal=f["canal"], estado=EstadoTramiteIdentidad(f["estado"]),
        oficina_entrega=entrega, motivo_rechazo=f["motivo_rechazo"],
        contrasenas=[c["documento_id"] for c in contrasenas],
        eventos=[EventoTramiteIdentidad(EstadoTramiteIdentidad(e["estado"]), e["fecha"], e["actor"], e["detalle"])
                 for e in eventos],
        reposiciones=[Reposicion(r["documento_id"], r["nueva_id"], r["causa"], r["fecha"], r["actor"],
                                 r["oficina_codigo"], r["oficina_nombre"])
                      for r in sorted((r for r in reposiciones if r["secuencia"] is not None),
                                      key=lambda r: r["secuencia"])],
        version=f["version"],
    )


def _evento_a_fila(tramite_id: uuid.UUID, secuencia: int, e: EventoTramiteIdentidad) -> dict[str, Any]:
    return {"tramite_id": tramite_id, "secuencia": secuencia, "estado": e.estado.value, "fecha": e.fecha,
            "actor": e.actor, "detalle": e.detalle}


def _reposicion_a_fila(tramite_id: uuid.UUID, secuencia: int, r: Reposicion) -> dict[str, Any]:
    return {"tramite_id": tramite_id, "secuencia": secuencia, "anterior_id": r.anterior_id, "nueva_id": r.nueva_id,
            "causa": r.causa, "fecha": r.fecha, "actor": r.actor, "oficina_codigo": r.oficina_codigo,
            "oficina_nombre": r.oficina_nombre}


class RepositorioTramitesIdentidadSQL(RepositorioSQL):
    def agregar(self, tramite: TramiteIdentidad) -> None:
        self._insertar(tramites_identidad, [tramite_a_fila(tramite)])
        self._insertar(contrasenas_tramite_identidad, [
            {"documento_id": d, "tramite_id": tramite.id, "posicion": i} for i, d in enumerate(tramite.contrasenas)
        ])
        self._insertar(eventos_tramite_identidad,
                       [_evento_a_fila(tramite.id, i, e) for i, e in enumerate(tramite.eventos)])
        self._insertar(reposiciones_contrasena,
                       [_reposicion_a_fila(tramite.id, i, r) for i, r in enumerate(tramite.reposiciones)])

    def guardar(self, tramite: TramiteIdentidad) -> None:
        self._actualizar_con_version(tramites_identidad, tramite.id, tramite.version, tramite_a_fila(tramite))
        guardados = self._eventos_guardados(eventos_tramite_identidad, "tramite_id", tramite.id,
                                            len(tramite.eventos))
        self._insertar(eventos_tramite_identidad, [
            _evento_a_fila(tramite.id, i, e) for i, e in enumerate(tramite.eventos) if i >= guardados
        ])
        # Contraseñas are only ever added (one per issue): insert those not stored yet.
        ya = set(self._ejecutar(
            select(contrasenas_tramite_identidad.c.documento_id)
            .where(contrasenas_tramite_identidad.c.tramite_id == tramite.id)
        ).scalars())
        self._insertar(contrasenas_tramite_identidad, [
            {"documento_id": d, "tramite_id": tramite.id, "posicion": i}
            for i, d in enumerate(tramite.contrasenas) if d not in ya
        ])
        # After the contraseñas: a replacement row references the new receipt's link.
        repuestas = self._eventos_guardados(reposiciones_contrasena, "tramite_id", tramite.id,
                                            len(tramite.reposiciones))
        self._insertar(reposiciones_contrasena, [
            _reposicion_a_fila(tramite.id, i, r) for i, r in enumerate(tramite.reposiciones) if i >= repuestas
        ])
        tramite.version += 1

    def obtener(self, tramite_id: uuid.UUID) -> TramiteIdentidad | None:
        encontrados = self._cargar([tramite_id])
        return encontrados[0] if encontrados else None

    def por_contrasena(self, documento_id: uuid.UUID) -> TramiteIdentidad | None:
        tramite_id = self._ejecutar(
            select(contrasenas_tramite_identidad.c.tramite_id)
            .where(contrasenas_tramite_identidad.c.documento_id == documento_id)
        ).scalar_one_or_none()
        return None if tramite_id is None else self.obtener(tramite_id)

    def listar(
        self,
        *,
        titular_id: uuid.UUID | None = None,
        estados: tuple[EstadoTramiteIdentidad, ...] = (),
        despues_de: tuple[date, uuid.UUID] | None = None,
        limite: int = 50,
    ) -> list[TramiteIdentidad]:
        t = tramites_identidad
        sentencia = select(t.c.id).order_by(t.c.fecha_solicitud.desc(), t.c.id.desc()).limit(limite)
        if titular_id is not None:
            sentencia = sentencia.where(t.c.titular_id == titular_id)
        if estados:
            sentencia = sentencia.where(t.c.estado.in_([e.value for e in estados]))
        if despues_de is not None:
            fecha, ultimo = despues_de
            sentencia = sentencia.where(or_(t.c.fecha_solicitud < fecha,
                                            and_(t.c.fecha_solicitud == fecha, t.c.id < ultimo)))
        return self._cargar(list(self._ejecutar(sentencia).scalars()))

    def _cargar(self, ids: Sequence[uuid.UUID]) -> list[TramiteIdentidad]:
        """Many trámites in three queries, in the order of ``ids``."""
        if not ids:
            return []
        filas = self._ejecutar(select(tramites_identidad).where(tramites_identidad.c.id.in_(ids))).mappings().all()
        contrasenas = self._contrasenas_y_reposiciones(ids)
        eventos = self._hijas_por_padre(eventos_tramite_identidad, "tramite_id", ids, "secuencia")
        por_id = {f["id"]: tramite_de_filas(f, contrasenas[f["id"]], eventos[f["id"]]) for f in filas}
        return [por_id[i] for i in ids if i in por_id]

    def _contrasenas_y_reposiciones(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[Fila]]:
        """The contraseñas of many trámites, each with its §15.6 replacement if any (a comprobante is replaced at
        most once), in one query per batch."""
        c, r = contrasenas_tramite_identidad, reposiciones_contrasena
        grupos: dict[uuid.UUID, list[Fila]] = defaultdict(list)
        for lote in lotes(ids):
            sentencia = (
                select(c.c.tramite_id, c.c.documento_id, c.c.posicion, r.c.secuencia, r.c.nueva_id, r.c.causa,
                       r.c.fecha, r.c.actor, r.c.oficina_codigo, r.c.oficina_nombre)
                .select_from(c.outerjoin(r, r.c.anterior_id == c.c.documento_id))
                .where(c.c.tramite_id.in_(lote))
                .order_by(c.c.tramite_id, c.c.posicion)
            )
            for fila in self._ejecutar(sentencia).mappings():
                grupos[fila["tramite_id"]].append(fila)
        return grupos
