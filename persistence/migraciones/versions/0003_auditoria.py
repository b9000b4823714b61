"""The general audit log: eventos_auditoria (who did what to which object, when, why).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

Self-contained like 0001: plain SQLAlchemy types, nothing imported from persistence.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "eventos_auditoria",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cuando", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("accion", sa.String(60), nullable=False),
        sa.Column("objeto", sa.String(200), nullable=False),
        sa.Column("entidad", sa.String(60), nullable=True),
        sa.Column("detalle", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_eventos_auditoria")),
    )
    op.create_index("ix_eventos_auditoria_entidad_cuando_id", "eventos_auditoria", ["entidad", "cuando", "id"])
    op.create_index("ix_eventos_auditoria_cuando_id", "eventos_auditoria", ["cuando", "id"])


def downgrade() -> None:
    op.drop_table("eventos_auditoria")
