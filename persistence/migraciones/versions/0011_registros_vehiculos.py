"""The vehicle registry's record (characteristics, matrícula cause, traslado, JSON record, history) and licencias.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03

Existing vehiculos keep their data: the new columns get defaults (an empty record, gasolina, not armoured).
Self-contained like 0001: plain SQLAlchemy types, nothing imported from persistence.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNAS = ("numero_serie", "carroceria", "cilindraje", "combustible", "blindado", "causa_cancelacion", "organismo",
             "organismo_destino", "traslado_iniciado_en", "registro")


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("vehiculos") as tabla:
        tabla.add_column(sa.Column("numero_serie", sa.String(100), nullable=False, server_default=""))
        tabla.add_column(sa.Column("carroceria", sa.String(100), nullable=False, server_default=""))
        tabla.add_column(sa.Column("cilindraje", sa.Integer(), nullable=True))
        tabla.add_column(sa.Column("combustible", sa.String(30), nullable=False, server_default="gasolina"))
        tabla.add_column(sa.Column("blindado", sa.Boolean(), nullable=False, server_default=sa.false()))
        tabla.add_column(sa.Column("causa_cancelacion", sa.String(30), nullable=True))
        tabla.add_column(sa.Column("organismo", sa.String(60), nullable=False, server_default=""))
        tabla.add_column(sa.Column("organismo_destino", sa.String(60), nullable=True))
        tabla.add_column(sa.Column("traslado_iniciado_en", sa.Date(), nullable=True))
        tabla.add_column(sa.Column("registro", _json(), nullable=False, server_default="{}"))
    op.create_table(
        "historia_vehiculo",
        sa.Column("vehiculo_id", sa.Uuid(), nullable=False),
        sa.Column("secuencia", sa.Integer(), nullable=False),
        sa.Column("fecha", sa.Date(), nullable=False),
        sa.Column("tramite", sa.String(200), nullable=False),
        sa.Column("radicado", sa.String(60), nullable=False),
        sa.Column("detalle", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["vehiculo_id"], ["vehiculos.id"], ondelete="CASCADE",
                                name=op.f("fk_historia_vehiculo_vehiculo_id_vehiculos")),
        sa.PrimaryKeyConstraint("vehiculo_id", "secuencia", name=op.f("pk_historia_vehiculo")),
    )
    op.create_table(
        "licencias",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("numero", sa.String(20), nullable=False),
        sa.Column("titular_id", sa.Uuid(), nullable=False),
        sa.Column("categoria", sa.String(2), nullable=False),
        sa.Column("servicio", sa.String(20), nullable=False),
        sa.Column("expedida_en", sa.Date(), nullable=False),
        sa.Column("vigente_hasta", sa.Date(), nullable=False),
        sa.Column("documento_titular", sa.String(10), nullable=False),
        sa.Column("organismo", sa.String(60), nullable=False),
        sa.Column("estado", sa.String(20), nullable=False),
        sa.Column("reemplaza", sa.Uuid(), nullable=True),
        sa.Column("reemplazada_por", sa.Uuid(), nullable=True),
        sa.Column("motivo", sa.String(60), nullable=False),
        sa.Column("entregada_anterior", sa.Boolean(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["titular_id"], ["personas.id"], name=op.f("fk_licencias_titular_id_personas")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licencias")),
    )
    op.create_index("ix_licencias_titular_id_expedida_en", "licencias", ["titular_id", "expedida_en"])
    op.create_index("ix_licencias_numero", "licencias", ["numero"])


def downgrade() -> None:
    op.drop_index("ix_licencias_numero", table_name="licencias")
    op.drop_index("ix_licencias_titular_id_expedida_en", table_name="licencias")
    op.drop_table("licencias")
    op.drop_table("historia_vehiculo")
    with op.batch_alter_table("vehiculos") as tabla:
        for columna in reversed(_COLUMNAS):
            tabla.drop_column(columna)
