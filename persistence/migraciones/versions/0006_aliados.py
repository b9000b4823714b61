"""Partner isolation and credentials (issue 7 §1): who created each persona, and the credential's life on aliados.

- ``personas.creada_por``: the partner that registered the persona first owns its data (docs/aliados.md). Existing
  rows get it when exactly one partner is linked to them (that partner registered it; with two or more nobody can
  tell who was first, so the record stays ownerless and every partner may only fill empty fields).
- ``aliados.prefijo_credencial`` (listing without the hash), ``creado_en``, ``rotado_en``, ``revocado_en``.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24

Self-contained like 0001: plain SQLAlchemy types, nothing imported from persistence.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FK = "fk_personas_creada_por_aliados"
_DUENO_UNICO = """
UPDATE personas SET creada_por = (
    SELECT ap.aliado_id FROM aliados_persona ap WHERE ap.persona_id = personas.id
) WHERE (SELECT count(*) FROM aliados_persona ap WHERE ap.persona_id = personas.id) = 1
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite cannot add a constraint to an existing table, but a new column may carry a named REFERENCES clause;
        # batch mode would copy the table, which foreign keys (enforced here) forbid once rows point at personas.
        op.execute(f"ALTER TABLE personas ADD COLUMN creada_por CHAR(32) CONSTRAINT {FK} REFERENCES aliados (id)")
    else:
        op.add_column("personas", sa.Column("creada_por", sa.Uuid(), nullable=True))
        op.create_foreign_key(FK, "personas", "aliados", ["creada_por"], ["id"])
    op.execute(_DUENO_UNICO)
    with op.batch_alter_table("aliados") as lote:
        lote.add_column(sa.Column("prefijo_credencial", sa.String(20), nullable=False, server_default=""))
        lote.add_column(sa.Column("creado_en", sa.DateTime(timezone=True), nullable=True))
        lote.add_column(sa.Column("rotado_en", sa.DateTime(timezone=True), nullable=True))
        lote.add_column(sa.Column("revocado_en", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("aliados") as lote:
        for columna in ("revocado_en", "rotado_en", "creado_en", "prefijo_credencial"):
            lote.drop_column(columna)
    with op.batch_alter_table("personas") as lote:
        if op.get_bind().dialect.name != "sqlite":
            lote.drop_constraint(FK, type_="foreignkey")
        lote.drop_column("creada_por")
