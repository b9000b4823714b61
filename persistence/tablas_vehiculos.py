"""The registries' own tables besides ``vehiculos``: the vehicle's history and the driving licences.

Keep ``migraciones/versions/0011_registros_vehiculos.py`` in step.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, Integer, String, Table, Text, Uuid

from persistence.tablas import CODIGO, NOMBRE, metadata

# Append-only: every trámite adds lines, the certificado de tradición prints them all.
historia_vehiculo = Table(
    "historia_vehiculo",
    metadata,
    Column("vehiculo_id", Uuid, ForeignKey("vehiculos.id", ondelete="CASCADE"), primary_key=True),
    Column("secuencia", Integer, primary_key=True),
    Column("fecha", Date, nullable=False),
    Column("tramite", String(NOMBRE), nullable=False),
    Column("radicado", String(CODIGO), nullable=False),
    Column("detalle", Text, nullable=False),
)

licencias = Table(
    "licencias",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("numero", String(20), nullable=False),
    Column("titular_id", Uuid, ForeignKey("personas.id"), nullable=False),
    Column("categoria", String(2), nullable=False),
    Column("servicio", String(20), nullable=False),
    Column("expedida_en", Date, nullable=False),
    Column("vigente_hasta", Date, nullable=False),
    Column("documento_titular", String(10), nullable=False),
    Column("organismo", String(CODIGO), nullable=False),
    Column("estado", String(20), nullable=False),
    Column("reemplaza", Uuid),
    Column("reemplazada_por", Uuid),
    Column("motivo", String(60), nullable=False),
    Column("entregada_anterior", Boolean),
    Column("version", Integer, nullable=False, default=0),
    # "The holder's licences, newest first" (and "the one in force") is one range of this index.
    Index("ix_licencias_titular_id_expedida_en", "titular_id", "expedida_en"),
    Index("ix_licencias_numero", "numero"),
)
