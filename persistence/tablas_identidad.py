"""Tables of the identity-document trámites (seed 002 §15.4-15.6), on the same ``metadata`` as tablas.py.

Contraseñas are ``documentos`` rows; ``contrasenas_tramite_identidad`` links each one to its trámite. Offices are
stored as a snapshot (code, name, consulate flag): a trámite keeps the office it was prepared in even if the
parameter file changes. Keep ``migraciones/versions/0002_identidad.py`` (and ``0005_contrasenas_papel.py`` for the
§15.6 replacements) in step.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, Integer, String, Table, Text, Uuid

from persistence.tablas import CODIGO, NOMBRE, metadata
from persistence.tipos import FechaHora

tramites_identidad = Table(
    "tramites_identidad",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("numero_preparacion", String(CODIGO), nullable=False, unique=True),
    Column("tipo_documento", String(8), nullable=False),
    Column("formato", String(30), nullable=False),
    Column("clase", String(30), nullable=False),
    Column("titular_id", Uuid, ForeignKey("personas.id"), nullable=False, index=True),
    Column("oficina_codigo", String(CODIGO), nullable=False),
    Column("oficina_nombre", String(NOMBRE), nullable=False),
    Column("oficina_es_consulado", Boolean, nullable=False),
    Column("fecha_solicitud", Date, nullable=False),
    Column("canal", String(8), nullable=False),
    Column("estado", String(30), nullable=False),
    # The delivery office, flattened: the three are null together until the document is available.
    Column("oficina_entrega_codigo", String(CODIGO)),
    Column("oficina_entrega_nombre", String(NOMBRE)),
    Column("oficina_entrega_es_consulado", Boolean),
    Column("motivo_rechazo", Text),
    Column("version", Integer, nullable=False, default=0),
    # Lists go newest first by (fecha_solicitud, id): keyset pagination over this index.
    Index("ix_tramites_identidad_fecha_solicitud_id", "fecha_solicitud", "id"),
)

contrasenas_tramite_identidad = Table(
    "contrasenas_tramite_identidad",
    metadata,
    # A contraseña belongs to one trámite: the primary key makes "which trámite?" a single index lookup.
    Column("documento_id", Uuid, ForeignKey("documentos.id"), primary_key=True),
    Column("tramite_id", Uuid, ForeignKey("tramites_identidad.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("posicion", Integer, nullable=False),
)

eventos_tramite_identidad = Table(
    "eventos_tramite_identidad",
    metadata,
    Column("tramite_id", Uuid, ForeignKey("tramites_identidad.id", ondelete="CASCADE"), primary_key=True),
    Column("secuencia", Integer, primary_key=True),
    Column("estado", String(30), nullable=False),
    Column("fecha", FechaHora(), nullable=False),
    Column("actor", String(NOMBRE), nullable=False),
    Column("detalle", Text, nullable=False),
)

reposiciones_contrasena = Table(
    "reposiciones_contrasena",
    metadata,
    # §15.6: one row per replaced comprobante, append-only like the events (secuencia = position in the list).
    Column("tramite_id", Uuid, ForeignKey("tramites_identidad.id", ondelete="CASCADE"), primary_key=True),
    Column("secuencia", Integer, primary_key=True),
    # A comprobante is replaced at most once.
    Column("anterior_id", Uuid, ForeignKey("documentos.id"), nullable=False, unique=True),
    Column("nueva_id", Uuid, ForeignKey("documentos.id"), nullable=False, index=True),
    Column("causa", String(20), nullable=False),
    Column("fecha", FechaHora(), nullable=False),
    Column("actor", String(NOMBRE), nullable=False),
    Column("oficina_codigo", String(CODIGO), nullable=False),
    Column("oficina_nombre", String(NOMBRE), nullable=False),
)
