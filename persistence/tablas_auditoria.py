"""The general audit log table, on the same ``metadata`` as tablas.py. Only ever inserted.

Keep ``migraciones/versions/0003_auditoria.py`` in step.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, String, Table, Text, Uuid

from persistence.tablas import CODIGO, NOMBRE, metadata
from persistence.tipos import FechaHora

eventos_auditoria = Table(
    "eventos_auditoria",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("cuando", FechaHora(), nullable=False),
    Column("actor", String(NOMBRE), nullable=False),
    Column("accion", String(CODIGO), nullable=False),
    Column("objeto", String(NOMBRE), nullable=False),
    Column("entidad", String(CODIGO)),
    Column("detalle", Text, nullable=False),
    # The audit page of an entidad pages newest first by (cuando, id): an index range scan, read backwards.
    Index("ix_eventos_auditoria_entidad_cuando_id", "entidad", "cuando", "id"),
    Index("ix_eventos_auditoria_cuando_id", "cuando", "id"),
)
