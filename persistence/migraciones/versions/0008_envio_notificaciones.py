"""Delivering the outbox: kind and data of each notification, its entidad, and the delivery state machine.

Existing rows become ``enviada`` when they have ``enviada_en``, ``pendiente`` otherwise (due at their creation
time); their entidad is the solicitud's. They keep ``tipo`` null: the dispatcher sends their plain ``cuerpo``.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24

Self-contained like 0001: plain SQLAlchemy types, nothing imported from persistence.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLA = "bandeja_salida"


def upgrade() -> None:
    op.add_column(TABLA, sa.Column("tipo", sa.String(40), nullable=True))
    op.add_column(TABLA, sa.Column("datos", sa.JSON().with_variant(postgresql.JSONB(), "postgresql")))
    op.add_column(TABLA, sa.Column("entidad", sa.String(60), nullable=True))
    op.add_column(TABLA, sa.Column("estado", sa.String(20), nullable=False, server_default="pendiente"))
    op.add_column(TABLA, sa.Column("intentos", sa.Integer(), nullable=False, server_default="0"))
    op.add_column(TABLA, sa.Column("proximo_intento", sa.DateTime(timezone=True), nullable=True))
    op.add_column(TABLA, sa.Column("arriendo_hasta", sa.DateTime(timezone=True), nullable=True))
    op.add_column(TABLA, sa.Column("ultimo_error", sa.Text(), nullable=True))
    op.execute(
        f"UPDATE {TABLA} SET estado = CASE WHEN enviada_en IS NULL THEN 'pendiente' ELSE 'enviada' END, "
        "proximo_intento = creada_en, "
        f"entidad = (SELECT s.entidad FROM solicitudes s WHERE s.id = {TABLA}.solicitud_id)"
    )
    with op.batch_alter_table(TABLA) as lote:  # SQLite cannot ALTER COLUMN: batch copies the table there
        lote.alter_column("proximo_intento", existing_type=sa.DateTime(timezone=True), nullable=False)
    op.drop_index("ix_bandeja_salida_enviada_en_creada_en", table_name=TABLA)
    op.create_index("ix_bandeja_salida_estado_proximo_intento", TABLA, ["estado", "proximo_intento"])
    op.create_index("ix_bandeja_salida_entidad_estado_creada_en", TABLA, ["entidad", "estado", "creada_en", "id"])


def downgrade() -> None:
    op.drop_index("ix_bandeja_salida_entidad_estado_creada_en", table_name=TABLA)
    op.drop_index("ix_bandeja_salida_estado_proximo_intento", table_name=TABLA)
    op.create_index("ix_bandeja_salida_enviada_en_creada_en", TABLA, ["enviada_en", "creada_en"])
    with op.batch_alter_table(TABLA) as lote:
        for columna in ("ultimo_error", "arriendo_hasta", "proximo_intento", "intentos", "estado", "entidad",
                        "datos", "tipo"):
            lote.drop_column(columna)
