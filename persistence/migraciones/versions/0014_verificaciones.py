"""The official's verifications of the checklist items marked «Revisar»: a JSON list on solicitudes.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04

Existing solicitudes start with no verification (``[]``): an open one waits for its official to verify before
approval, as a new one does. Self-contained like 0001: plain SQLAlchemy types, nothing imported from persistence.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    # A plain ADD COLUMN (with its constant default) on both engines: a batch copy of the table would DROP it on
    # SQLite, which its foreign keys (soportes, documentos, eventos) refuse once there are rows.
    op.add_column("solicitudes", sa.Column("verificaciones", _json(), nullable=False, server_default="[]"))


def downgrade() -> None:
    op.drop_column("solicitudes", "verificaciones")  # SQLite ≥ 3.35 drops a plain column in place
