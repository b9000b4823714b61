"""Documentos, with their append-only suspension/revocation events."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import exists, select

from domain.documentos import Documento
from persistence import mapeo
from persistence.repositorios.base import RepositorioSQL, lotes
from persistence.tablas import documentos, eventos_documento, solicitudes


class RepositorioDocumentosSQL(RepositorioSQL):
    def agregar(self, documento: Documento) -> None:
        self._insertar(documentos, [mapeo.documento_a_fila(documento)])
        self._insertar(
            eventos_documento,
            [mapeo.evento_documento_a_fila(documento.id, i, e) for i, e in enumerate(documento.eventos)],
        )

    def guardar(self, documento: Documento) -> None:
        self._actualizar_con_version(documentos, documento.id, documento.version, mapeo.documento_a_fila(documento))
        guardados = self._eventos_guardados(eventos_documento, "documento_id", documento.id, len(documento.eventos))
        self._insertar(
            eventos_documento,
            [
                mapeo.evento_documento_a_fila(documento.id, i, e)
                for i, e in enumerate(documento.eventos)
                if i >= guardados
            ],
        )
        documento.version += 1

    def obtener(self, documento_id: uuid.UUID) -> Documento | None:
        encontrados = self.varios([documento_id])
        return encontrados[0] if encontrados else None

    def con_eventos(self) -> list[Documento]:
        """Documentos with at least one suspension/revocation event (a few; read for the revocation list)."""
        ids = list(self._ejecutar(select(eventos_documento.c.documento_id).distinct()).scalars())
        return [d for lote in lotes(ids) for d in self.varios(lote)]

    def varios(self, ids: Sequence[uuid.UUID], *, visibles_para: uuid.UUID | None = None) -> list[Documento]:
        """Many documentos in two queries, in the order of ``ids`` (for the API's loaders); with ``visibles_para``,
        only those issued for solicitudes that partner filed."""
        unicos = list(dict.fromkeys(ids))
        if not unicos:
            return []
        sentencia = select(documentos).where(documentos.c.id.in_(unicos))
        if visibles_para is not None:
            propia = exists().where(
                solicitudes.c.id == documentos.c.solicitud_id, solicitudes.c.radicada_por == visibles_para
            )
            sentencia = sentencia.where(propia)
        filas = self._ejecutar(sentencia).mappings().all()
        eventos_de = self._hijas_por_padre(eventos_documento, "documento_id", [f["id"] for f in filas], "secuencia")
        por_id = {f["id"]: mapeo.documento_de_filas(f, eventos_de[f["id"]]) for f in filas}
        return [por_id[i] for i in unicos if i in por_id]

