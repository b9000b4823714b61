"""Local copies of the external registries: RUNT personas, traffic fines, vehicle tax, SOAT (issue 8 §1).

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-03

Self-contained like 0001: plain SQLAlchemy types, nothing imported from persistence.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _cargado() -> sa.Column[object]:
    return sa.Column("cargado_en", sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    op.create_table(
        "runt_personas",
        sa.Column("tipo_identificacion", sa.String(10), nullable=False),
        sa.Column("numero_identificacion", sa.String(20), nullable=False),
        sa.Column("inscrita_en", sa.Date(), nullable=False),
        _cargado(),
        sa.PrimaryKeyConstraint("tipo_identificacion", "numero_identificacion", name=op.f("pk_runt_personas")),
    )
    op.create_table(
        "multas_transito",
        sa.Column("numero", sa.String(60), nullable=False),
        sa.Column("tipo_identificacion", sa.String(10), nullable=False),
        sa.Column("numero_identificacion", sa.String(20), nullable=False),
        sa.Column("fecha", sa.Date(), nullable=False),
        sa.Column("valor", sa.Numeric(14, 2), nullable=False),
        sa.Column("pagada_en", sa.Date(), nullable=True),
        _cargado(),
        sa.PrimaryKeyConstraint("numero", name=op.f("pk_multas_transito")),
    )
    op.create_index("ix_multas_transito_infractor_pagada", "multas_transito",
                    ["tipo_identificacion", "numero_identificacion", "pagada_en"])
    op.create_table(
        "impuestos_vehiculares",
        sa.Column("placa", sa.String(10), nullable=False),
        sa.Column("vigencia", sa.Integer(), nullable=False),
        sa.Column("pagado_en", sa.Date(), nullable=False),
        _cargado(),
        sa.PrimaryKeyConstraint("placa", "vigencia", name=op.f("pk_impuestos_vehiculares")),
    )
    op.create_table(
        "polizas_soat",
        sa.Column("numero", sa.String(60), nullable=False),
        sa.Column("placa", sa.String(10), nullable=False),
        sa.Column("desde", sa.Date(), nullable=False),
        sa.Column("hasta", sa.Date(), nullable=False),
        sa.Column("aseguradora", sa.String(200), nullable=False),
        _cargado(),
        sa.PrimaryKeyConstraint("numero", name=op.f("pk_polizas_soat")),
    )
    op.create_index("ix_polizas_soat_placa_hasta", "polizas_soat", ["placa", "hasta"])


def downgrade() -> None:
    op.drop_index("ix_polizas_soat_placa_hasta", table_name="polizas_soat")
    op.drop_table("polizas_soat")
    op.drop_table("impuestos_vehiculares")
    op.drop_index("ix_multas_transito_infractor_pagada", table_name="multas_transito")
    op.drop_table("multas_transito")
    op.drop_table("runt_personas")
