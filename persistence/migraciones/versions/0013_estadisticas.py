"""Statistics aggregates folded from the event log (estadisticas_*), and the two indexes the page needs.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-10

The aggregates start empty: the first ``ventanilla estadisticas actualizar`` (or the server's periodic task) folds
the whole event log. Self-contained like 0001: plain SQLAlchemy types, nothing imported from persistence.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CONTADORES = ("radicadas", "decididas", "aprobadas", "rechazadas", "a_tiempo", "desistidas", "anuladas")


def _contador(nombre: str) -> sa.Column[int]:
    return sa.Column(nombre, sa.Integer(), nullable=False, server_default="0")


def _clave() -> list[sa.Column[object]]:
    return [sa.Column("entidad", sa.String(60), nullable=False), sa.Column("tramite", sa.String(60), nullable=False),
            sa.Column("semana", sa.Date(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "estadisticas_marca",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("cuando", sa.DateTime(timezone=True), nullable=True),
        sa.Column("solicitud_id", sa.Uuid(), nullable=True),
        sa.Column("secuencia", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("actualizada_en", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_estadisticas_marca")),
    )
    op.create_table(
        "estadisticas_solicitudes",
        sa.Column("solicitud_id", sa.Uuid(), nullable=False),
        sa.Column("secuencia", sa.Integer(), nullable=False),
        sa.Column("inicio_ciclo", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("solicitud_id", name=op.f("pk_estadisticas_solicitudes")),
    )
    op.create_table(
        "estadisticas_semanas",
        *_clave(),
        *(_contador(c) for c in _CONTADORES),
        sa.PrimaryKeyConstraint("entidad", "tramite", "semana", name=op.f("pk_estadisticas_semanas")),
    )
    op.create_index("ix_estadisticas_semanas_entidad_semana", "estadisticas_semanas", ["entidad", "semana"])
    op.create_table(
        "estadisticas_tiempos",
        *_clave(),
        sa.Column("dias", sa.Integer(), nullable=False),
        _contador("cuenta"),
        sa.PrimaryKeyConstraint("entidad", "tramite", "semana", "dias", name=op.f("pk_estadisticas_tiempos")),
    )
    op.create_table(
        "estadisticas_motivos",
        *_clave(),
        sa.Column("motivo", sa.String(200), nullable=False),
        _contador("cuenta"),
        sa.PrimaryKeyConstraint("entidad", "tramite", "semana", "motivo", name=op.f("pk_estadisticas_motivos")),
    )
    op.create_index("ix_eventos_solicitud_cuando_solicitud_id_secuencia", "eventos_solicitud",
                    ["cuando", "solicitud_id", "secuencia"])


def downgrade() -> None:
    op.drop_index("ix_eventos_solicitud_cuando_solicitud_id_secuencia", table_name="eventos_solicitud")
    op.drop_table("estadisticas_motivos")
    op.drop_table("estadisticas_tiempos")
    op.drop_index("ix_estadisticas_semanas_entidad_semana", table_name="estadisticas_semanas")
    op.drop_table("estadisticas_semanas")
    op.drop_table("estadisticas_solicitudes")
    op.drop_table("estadisticas_marca")
