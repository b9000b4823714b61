"""Read-only lookups for the public verification page: one statement on a pooled connection, no unit of work.

The page a phone opens when it scans a QR is the platform's hottest path. It changes nothing, so it needs neither
a Session nor a transaction of its own: a documento and its suspension/revocation events come back from a single
LEFT OUTER JOIN, which is what keeps "revoked" visible at once without a cache to invalidate.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Engine, bindparam, select

from domain.documentos import Documento
from persistence import mapeo
from persistence.tablas import documentos, eventos_documento

_EVENTO = {c.name: c.label(f"evento_{c.name}") for c in eventos_documento.c if c.name != "documento_id"}
_DOCUMENTO_CON_EVENTOS = (
    select(documentos, *_EVENTO.values())
    .outerjoin(eventos_documento, eventos_documento.c.documento_id == documentos.c.id)
    .where(documentos.c.id == bindparam("id"))
    .order_by(eventos_documento.c.secuencia)
)


class LecturaDocumentosSQL:
    """``LecturaDocumentos`` port: the documento as the registry holds it now, in one round trip."""

    def __init__(self, motor: Engine) -> None:
        self._motor = motor
        # SQLite in WAL mode: readers never wait for the writer, and the file is local. A server engine's read
        # waits on a socket and must stay off the event loop.
        self.local = motor.dialect.name == "sqlite"

    def documento(self, documento_id: uuid.UUID) -> Documento | None:
        with self._motor.connect() as conexion:
            filas = conexion.execute(_DOCUMENTO_CON_EVENTOS, {"id": documento_id}).mappings().all()
        if not filas:
            return None
        eventos = [
            {nombre: fila[columna.name] for nombre, columna in _EVENTO.items()}
            for fila in filas
            if fila[_EVENTO["secuencia"].name] is not None
        ]
        return mapeo.documento_de_filas(filas[0], eventos)
