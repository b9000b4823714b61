"""Replacements of comprobantes de documento en trámite (seed 002 §15.6): reposiciones_contrasena.

The paper kinds of §15.4.1 and §15.4.3 need no schema change (they are ``documentos`` rows linked by
``contrasenas_tramite_identidad``; a paper trámite's ``canal`` is "papel").

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

Self-contained like 0001: plain SQLAlchemy types, nothing imported from persistence.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reposiciones_contrasena",
        sa.Column("tramite_id", sa.Uuid(), nullable=False),
        sa.Column("secuencia", sa.Integer(), nullable=False),
        sa.Column("anterior_id", sa.Uuid(), nullable=False),
        sa.Column("nueva_id", sa.Uuid(), nullable=False),
        sa.Column("causa", sa.String(20), nullable=False),
        sa.Column("fecha", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("oficina_codigo", sa.String(60), nullable=False),
        sa.Column("oficina_nombre", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("tramite_id", "secuencia", name=op.f("pk_reposiciones_contrasena")),
        sa.ForeignKeyConstraint(
            ["tramite_id"], ["tramites_identidad.id"], ondelete="CASCADE",
            name=op.f("fk_reposiciones_contrasena_tramite_id_tramites_identidad"),
        ),
        sa.ForeignKeyConstraint(
            ["anterior_id"], ["documentos.id"], name=op.f("fk_reposiciones_contrasena_anterior_id_documentos")
        ),
        sa.ForeignKeyConstraint(
            ["nueva_id"], ["documentos.id"], name=op.f("fk_reposiciones_contrasena_nueva_id_documentos")
        ),
        sa.UniqueConstraint("anterior_id", name=op.f("uq_reposiciones_contrasena_anterior_id")),
    )
    op.create_index(op.f("ix_reposiciones_contrasena_nueva_id"), "reposiciones_contrasena", ["nueva_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_reposiciones_contrasena_nueva_id"), table_name="reposiciones_contrasena")
    op.drop_table("reposiciones_contrasena")
