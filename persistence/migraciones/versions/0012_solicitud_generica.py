"""The generic Solicitud: partes by role, the trámite's datos, a sujeto, per-state counters; the residence
certificate's own columns become its datos and partes.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04

Data migration, in the same transaction (PostgreSQL) / batch copy (SQLite):
- ``destino`` and ``persona_privada_libertad`` → ``datos`` {"destino": …, "persona_privada_libertad": …};
- ``titular_id`` → parte «titular»; ``solicitante_id`` → parte «solicitante» when it differs from the titular
  (a persona privada de la libertad's responsable), and ``rol_notificado`` says who hears of decisions;
- ``entrega`` «recoger_en_alcaldia» → «recoger» in «la alcaldía local»;
- the counters start from one GROUP BY over the existing rows (the last count ever made of the table).
Ids, radicados, documentos and their QR codes are untouched, so every issued certificate still verifies.
Self-contained like 0001: plain SQLAlchemy types, nothing imported from persistence.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LOTE = 5000


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "partes_solicitud",
        sa.Column("solicitud_id", sa.Uuid(), sa.ForeignKey("solicitudes.id", ondelete="CASCADE",
                                                           name="fk_partes_solicitud_solicitud_id_solicitudes"),
                  nullable=False),
        sa.Column("rol", sa.String(60), nullable=False),
        sa.Column("persona_id", sa.Uuid(), sa.ForeignKey("personas.id",
                                                         name="fk_partes_solicitud_persona_id_personas"),
                  nullable=False),
        sa.PrimaryKeyConstraint("solicitud_id", "rol", name="pk_partes_solicitud"),
    )
    op.create_index("ix_partes_solicitud_persona_id", "partes_solicitud", ["persona_id"])
    op.create_table(
        "conteo_solicitudes",
        sa.Column("entidad", sa.String(60), nullable=False),
        sa.Column("tramite", sa.String(60), nullable=False),
        sa.Column("estado", sa.String(30), nullable=False),
        sa.Column("cantidad", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("entidad", "tramite", "estado", name="pk_conteo_solicitudes"),
    )
    with op.batch_alter_table("solicitudes") as tabla:
        tabla.add_column(sa.Column("rol_notificado", sa.String(60), nullable=False, server_default="titular"))
        tabla.add_column(sa.Column("datos", _json(), nullable=False, server_default="{}"))
        tabla.add_column(sa.Column("sujeto_tipo", sa.String(60), nullable=True))
        tabla.add_column(sa.Column("sujeto_id", sa.Uuid(), nullable=True))
        tabla.add_column(sa.Column("sujeto_etiqueta", sa.String(200), nullable=True))
        tabla.add_column(sa.Column("lugar_entrega", sa.String(200), nullable=False, server_default=""))
    _copiar_datos()
    with op.batch_alter_table("solicitudes") as tabla:
        tabla.drop_index("ix_solicitudes_solicitante_id")
        tabla.drop_constraint("fk_solicitudes_solicitante_id_personas", type_="foreignkey")
        tabla.drop_column("solicitante_id")
        tabla.drop_column("persona_privada_libertad")
        tabla.drop_column("destino")
        tabla.alter_column("titular_id", existing_type=sa.Uuid(), nullable=True)
        tabla.create_index("ix_solicitudes_sujeto_id", ["sujeto_id"])
        tabla.create_index("ix_solicitudes_bandeja_estado", ["entidad", "estado", "radicada_en", "id"])
        tabla.create_index("ix_solicitudes_bandeja_tramite", ["entidad", "tramite", "estado", "radicada_en", "id"])
        tabla.create_index("ix_solicitudes_vencimiento", ["entidad", "estado", "fecha_limite_decision"])
    op.execute(
        "INSERT INTO conteo_solicitudes (entidad, tramite, estado, cantidad) "
        "SELECT entidad, tramite, estado, COUNT(*) FROM solicitudes GROUP BY entidad, tramite, estado"
    )


def _copiar_datos() -> None:
    """Old columns → datos and partes, in batches by id (keyset), so millions of rows never sit in memory."""
    conexion = op.get_bind()
    s = sa.table("solicitudes", sa.column("id", sa.Uuid()), sa.column("titular_id", sa.Uuid()),
                 sa.column("solicitante_id", sa.Uuid()), sa.column("persona_privada_libertad", sa.Boolean()),
                 sa.column("destino", sa.String()), sa.column("entrega", sa.String()),
                 sa.column("datos", _json()), sa.column("rol_notificado", sa.String()),
                 sa.column("lugar_entrega", sa.String()))
    partes = sa.table("partes_solicitud", sa.column("solicitud_id", sa.Uuid()), sa.column("rol", sa.String()),
                      sa.column("persona_id", sa.Uuid()))
    ultimo = None
    while True:
        consulta = sa.select(s.c.id, s.c.titular_id, s.c.solicitante_id, s.c.persona_privada_libertad,
                             s.c.destino, s.c.entrega).order_by(s.c.id).limit(LOTE)
        if ultimo is not None:
            consulta = consulta.where(s.c.id > ultimo)
        filas = conexion.execute(consulta).mappings().all()
        if not filas:
            return
        nuevas_partes = []
        for f in filas:
            nuevas_partes.append({"solicitud_id": f["id"], "rol": "titular", "persona_id": f["titular_id"]})
            otro = f["solicitante_id"] is not None and f["solicitante_id"] != f["titular_id"]
            if otro:
                nuevas_partes.append({"solicitud_id": f["id"], "rol": "solicitante", "persona_id": f["solicitante_id"]})
            recoger = f["entrega"] == "recoger_en_alcaldia"
            conexion.execute(
                sa.update(s).where(s.c.id == f["id"]).values(
                    datos=json.loads(json.dumps({"destino": f["destino"],
                                                 "persona_privada_libertad": bool(f["persona_privada_libertad"])})),
                    rol_notificado="solicitante" if otro else "titular",
                    entrega="recoger" if recoger else f["entrega"],
                    lugar_entrega="la alcaldía local" if recoger else "",
                )
            )
        conexion.execute(sa.insert(partes), nuevas_partes)
        ultimo = filas[-1]["id"]


def downgrade() -> None:
    with op.batch_alter_table("solicitudes") as tabla:
        tabla.add_column(sa.Column("solicitante_id", sa.Uuid(), nullable=True))
        tabla.add_column(sa.Column("persona_privada_libertad", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        tabla.add_column(sa.Column("destino", sa.String(60), nullable=False, server_default="general"))
    conexion = op.get_bind()
    conexion.execute(sa.text(
        "UPDATE solicitudes SET solicitante_id = COALESCE((SELECT persona_id FROM partes_solicitud p "
        "WHERE p.solicitud_id = solicitudes.id AND p.rol = 'solicitante'), titular_id)"
    ))
    s = sa.table("solicitudes", sa.column("id", sa.Uuid()), sa.column("datos", _json()),
                 sa.column("destino", sa.String()), sa.column("persona_privada_libertad", sa.Boolean()),
                 sa.column("entrega", sa.String()))
    for f in conexion.execute(sa.select(s.c.id, s.c.datos, s.c.entrega)).mappings().all():
        datos = f["datos"] or {}
        conexion.execute(sa.update(s).where(s.c.id == f["id"]).values(
            destino=datos.get("destino") or "general",
            persona_privada_libertad=bool(datos.get("persona_privada_libertad")),
            entrega="recoger_en_alcaldia" if f["entrega"] == "recoger" else f["entrega"],
        ))
    with op.batch_alter_table("solicitudes") as tabla:
        for indice in ("ix_solicitudes_sujeto_id", "ix_solicitudes_bandeja_estado", "ix_solicitudes_bandeja_tramite",
                       "ix_solicitudes_vencimiento"):
            tabla.drop_index(indice)
        for columna in ("rol_notificado", "datos", "sujeto_tipo", "sujeto_id", "sujeto_etiqueta", "lugar_entrega"):
            tabla.drop_column(columna)
        tabla.create_foreign_key("fk_solicitudes_solicitante_id_personas", "personas", ["solicitante_id"], ["id"])
        tabla.create_index("ix_solicitudes_solicitante_id", ["solicitante_id"])
    op.drop_table("conteo_solicitudes")
    op.drop_index("ix_partes_solicitud_persona_id", table_name="partes_solicitud")
    op.drop_table("partes_solicitud")
