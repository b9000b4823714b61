"""Identity-document trámites (seed 002 §15.4-15.6): tramites_identidad, the contraseñas issued for each one (links to
documentos) and their state events.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Self-contained like 0001: plain SQLAlchemy types, nothing imported from persistence.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tramites_identidad",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("numero_preparacion", sa.String(60), nullable=False),
        sa.Column("tipo_documento", sa.String(8), nullable=False),
        sa.Column("formato", sa.String(30), nullable=False),
        sa.Column("clase", sa.String(30), nullable=False),
        sa.Column("titular_id", sa.Uuid(), nullable=False),
        sa.Column("oficina_codigo", sa.String(60), nullable=False),
        sa.Column("oficina_nombre", sa.String(200), nullable=False),
        sa.Column("oficina_es_consulado", sa.Boolean(), nullable=False),
        sa.Column("fecha_solicitud", sa.Date(), nullable=False),
        sa.Column("canal", sa.String(8), nullable=False),
        sa.Column("estado", sa.String(30), nullable=False),
        sa.Column("oficina_entrega_codigo", sa.String(60), nullable=True),
        sa.Column("oficina_entrega_nombre", sa.String(200), nullable=True),
        sa.Column("oficina_entrega_es_consulado", sa.Boolean(), nullable=True),
        sa.Column("motivo_rechazo", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tramites_identidad")),
        sa.ForeignKeyConstraint(
            ["titular_id"], ["personas.id"], name=op.f("fk_tramites_identidad_titular_id_personas")
        ),
        sa.UniqueConstraint("numero_preparacion", name=op.f("uq_tramites_identidad_numero_preparacion")),
    )
    op.create_index(op.f("ix_tramites_identidad_titular_id"), "tramites_identidad", ["titular_id"])
    op.create_index(
        op.f("ix_tramites_identidad_fecha_solicitud_id"), "tramites_identidad", ["fecha_solicitud", "id"]
    )

    op.create_table(
        "contrasenas_tramite_identidad",
        sa.Column("documento_id", sa.Uuid(), nullable=False),
        sa.Column("tramite_id", sa.Uuid(), nullable=False),
        sa.Column("posicion", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("documento_id", name=op.f("pk_contrasenas_tramite_identidad")),
        sa.ForeignKeyConstraint(
            ["documento_id"], ["documentos.id"], name=op.f("fk_contrasenas_tramite_identidad_documento_id_documentos")
        ),
        sa.ForeignKeyConstraint(
            ["tramite_id"], ["tramites_identidad.id"], ondelete="CASCADE",
            name=op.f("fk_contrasenas_tramite_identidad_tramite_id_tramites_identidad"),
        ),
    )
    op.create_index(
        op.f("ix_contrasenas_tramite_identidad_tramite_id"), "contrasenas_tramite_identidad", ["tramite_id"]
    )

    op.create_table(
        "eventos_tramite_identidad",
        sa.Column("tramite_id", sa.Uuid(), nullable=False),
        sa.Column("secuencia", sa.Integer(), nullable=False),
        sa.Column("estado", sa.String(30), nullable=False),
        sa.Column("fecha", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("detalle", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("tramite_id", "secuencia", name=op.f("pk_eventos_tramite_identidad")),
        sa.ForeignKeyConstraint(
            ["tramite_id"], ["tramites_identidad.id"], ondelete="CASCADE",
            name=op.f("fk_eventos_tramite_identidad_tramite_id_tramites_identidad"),
        ),
    )


def downgrade() -> None:
    for tabla in ("eventos_tramite_identidad", "contrasenas_tramite_identidad", "tramites_identidad"):
        op.drop_table(tabla)
