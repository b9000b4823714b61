"""Documentos (with their append-only suspension/revocation events) and vehiculos (with their owners)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, exists, select

from domain.documentos import Documento
from domain.vehiculos import Vehiculo
from persistence import mapeo
from persistence.repositorios.base import RepositorioSQL, lotes
from persistence.tablas import documentos, eventos_documento, propietarios_vehiculo, solicitudes, vehiculos


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


class RepositorioVehiculosSQL(RepositorioSQL):
    def agregar(self, vehiculo: Vehiculo) -> None:
        self._insertar(vehiculos, [mapeo.vehiculo_a_fila(vehiculo)])
        self._insertar(propietarios_vehiculo, mapeo.propietarios_a_filas(vehiculo))

    def guardar(self, vehiculo: Vehiculo) -> None:
        self._actualizar_con_version(vehiculos, vehiculo.id, vehiculo.version, mapeo.vehiculo_a_fila(vehiculo))
        # A handful of rows at most, changed only by a traspaso: rewriting them is simpler than diffing.
        self._ejecutar(delete(propietarios_vehiculo).where(propietarios_vehiculo.c.vehiculo_id == vehiculo.id))
        self._insertar(propietarios_vehiculo, mapeo.propietarios_a_filas(vehiculo))
        vehiculo.version += 1

    def por_placa(self, placa: str) -> Vehiculo | None:
        fila = self._ejecutar(select(vehiculos).where(vehiculos.c.placa == placa)).mappings().one_or_none()
        if fila is None:
            return None
        propietarios = self._ejecutar(
            select(propietarios_vehiculo.c.persona_id)
            .where(propietarios_vehiculo.c.vehiculo_id == fila["id"])
            .order_by(propietarios_vehiculo.c.posicion)
        ).scalars()
        return mapeo.vehiculo_de_filas(fila, list(propietarios))
