"""Registro de firmas and certificaciones de firma (seed 002 §6-7): firmas_registradas, certificaciones_firma.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

Self-contained like 0001: plain SQLAlchemy types, nothing imported from persistence.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "firmas_registradas",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("nombre", sa.String(200), nullable=False),
        sa.Column("identificacion", sa.String(60), nullable=False),
        sa.Column("entidad", sa.String(200), nullable=False),
        sa.Column("cargo", sa.String(200), nullable=False),
        sa.Column("resolucion_nombramiento", sa.String(200), nullable=False),
        sa.Column("fecha_posesion", sa.Date(), nullable=False),
        sa.Column("fecha_retiro", sa.Date(), nullable=True),
        sa.Column("especimen_sha256", sa.String(64), nullable=False),
        sa.Column("especimen_nombre", sa.String(200), nullable=False),
        sa.Column("especimen_tipo_medio", sa.String(60), nullable=False),
        sa.Column("especimen_tamano", sa.BigInteger(), nullable=False),
        sa.Column("huella_certificado", sa.String(64), nullable=False),
        sa.Column("registrada_por", sa.String(200), nullable=False),
        sa.Column("registrada_en", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_firmas_registradas")),
    )
    op.create_table(
        "certificaciones_firma",
        sa.Column("numero", sa.String(60), nullable=False),
        sa.Column("fecha_expedicion", sa.Date(), nullable=False),
        sa.Column("documento_id", sa.Uuid(), nullable=False),
        sa.Column("firma_id", sa.Uuid(), nullable=False),
        sa.Column("tipo_registro", sa.String(30), nullable=False),
        sa.Column("fecha_firma", sa.Date(), nullable=False),
        sa.Column("copia_sha256", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["documento_id"], ["documentos.id"],
                                name=op.f("fk_certificaciones_firma_documento_id_documentos")),
        sa.ForeignKeyConstraint(["firma_id"], ["firmas_registradas.id"],
                                name=op.f("fk_certificaciones_firma_firma_id_firmas_registradas")),
        sa.PrimaryKeyConstraint("numero", name=op.f("pk_certificaciones_firma")),
        sa.UniqueConstraint("documento_id", name=op.f("uq_certificaciones_firma_documento_id")),
    )
    op.create_index("ix_certificaciones_firma_firma_id", "certificaciones_firma", ["firma_id"])


def downgrade() -> None:
    op.drop_table("certificaciones_firma")
    op.drop_table("firmas_registradas")
