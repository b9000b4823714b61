"""Rate-limit counters shared by every worker: limitador_ventanas (admin login, public verification page).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24

Self-contained like 0001: plain SQLAlchemy types, nothing imported from persistence.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "limitador_ventanas",
        sa.Column("clave", sa.String(300), nullable=False),
        sa.Column("ventana", sa.BigInteger(), nullable=False),
        sa.Column("cuenta", sa.Integer(), nullable=False),
        sa.Column("vence", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("clave", "ventana", name=op.f("pk_limitador_ventanas")),
    )
    op.create_index("ix_limitador_ventanas_vence", "limitador_ventanas", ["vence"])


def downgrade() -> None:
    op.drop_index("ix_limitador_ventanas_vence", table_name="limitador_ventanas")
    op.drop_table("limitador_ventanas")
