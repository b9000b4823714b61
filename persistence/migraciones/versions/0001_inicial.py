"""Initial schema: personas, funcionarios, aliados (+ the personas each one registered), solicitudes (+ soportes,
eventos), documentos (+ eventos), vehiculos (+ propietarios), bandeja de salida and consecutivos.

Revision ID: 0001
Revises:
Create Date: 2026-11-23

Self-contained on purpose (plain SQLAlchemy types, nothing imported from persistence): a revision is history and
must keep producing the same schema when tablas.py moves on. persistence.tipos.FechaHora is a DateTime(timezone=True)
at the database level; Json is JSON, JSONB on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _fecha_hora() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def _version() -> sa.Column[int]:
    return sa.Column("version", sa.Integer(), nullable=False)


def _fk(
    columnas: list[str], tabla: str, destino: list[str], nombre: str, ondelete: str | None = None
) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        columnas, [f"{tabla}.{c}" for c in destino], name=op.f(nombre), ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "personas",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tipo_identificacion", sa.String(8), nullable=False),
        sa.Column("numero_identificacion", sa.String(20), nullable=False),
        sa.Column("nombres", sa.String(200), nullable=False),
        sa.Column("apellidos", sa.String(200), nullable=False),
        sa.Column("fecha_nacimiento", sa.Date(), nullable=True),
        sa.Column("sexo", sa.String(20), nullable=True),
        sa.Column("nacionalidad", sa.String(60), nullable=False),
        sa.Column("direccion", sa.Text(), nullable=True),
        sa.Column("municipio", sa.String(200), nullable=True),
        sa.Column("correo", sa.String(320), nullable=True),
        sa.Column("telefono", sa.String(40), nullable=True),
        _version(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personas")),
        sa.UniqueConstraint(
            "tipo_identificacion",
            "numero_identificacion",
            name=op.f("uq_personas_tipo_identificacion_numero_identificacion"),
        ),
    )

    op.create_table(
        "funcionarios",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("usuario", sa.String(200), nullable=False),
        sa.Column("nombre", sa.String(200), nullable=False),
        sa.Column("entidad", sa.String(60), nullable=False),
        sa.Column("rol", sa.String(30), nullable=False),
        sa.Column("hash_clave", sa.Text(), nullable=False),
        sa.Column("activo", sa.Boolean(), nullable=False),
        _version(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funcionarios")),
        sa.UniqueConstraint("usuario", name=op.f("uq_funcionarios_usuario")),
    )
    op.create_index(op.f("ix_funcionarios_entidad"), "funcionarios", ["entidad"])

    op.create_table(
        "aliados",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("nombre", sa.String(200), nullable=False),
        sa.Column("hash_credencial", sa.String(128), nullable=False),
        sa.Column("alcances", _json(), nullable=False),
        sa.Column("activo", sa.Boolean(), nullable=False),
        _version(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aliados")),
        sa.UniqueConstraint("hash_credencial", name=op.f("uq_aliados_hash_credencial")),
    )

    op.create_table(
        "aliados_persona",
        sa.Column("persona_id", sa.Uuid(), nullable=False),
        sa.Column("aliado_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("persona_id", "aliado_id", name=op.f("pk_aliados_persona")),
        _fk(["persona_id"], "personas", ["id"], "fk_aliados_persona_persona_id_personas"),
        _fk(["aliado_id"], "aliados", ["id"], "fk_aliados_persona_aliado_id_aliados"),
    )

    op.create_table(
        "solicitudes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("radicado", sa.String(60), nullable=False),
        sa.Column("tramite", sa.String(60), nullable=False),
        sa.Column("tramite_version", sa.Date(), nullable=False),
        sa.Column("entidad", sa.String(60), nullable=False),
        sa.Column("titular_id", sa.Uuid(), nullable=False),
        sa.Column("solicitante_id", sa.Uuid(), nullable=False),
        sa.Column("persona_privada_libertad", sa.Boolean(), nullable=False),
        sa.Column("destino", sa.String(60), nullable=False),
        sa.Column("entrega", sa.String(60), nullable=False),
        sa.Column("radicada_en", _fecha_hora(), nullable=False),
        sa.Column("fecha_limite_decision", sa.Date(), nullable=False),
        sa.Column("estado", sa.String(30), nullable=False),
        sa.Column("hallazgos", _json(), nullable=False),
        sa.Column("asignado_a", sa.Uuid(), nullable=True),
        sa.Column("motivos_rechazo", _json(), nullable=False),
        sa.Column("fecha_limite_subsanacion", sa.Date(), nullable=True),
        sa.Column("documento_id", sa.Uuid(), nullable=True),
        sa.Column("radicada_por", sa.Uuid(), nullable=True),
        _version(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_solicitudes")),
        sa.UniqueConstraint("radicado", name=op.f("uq_solicitudes_radicado")),
        _fk(["titular_id"], "personas", ["id"], "fk_solicitudes_titular_id_personas"),
        _fk(["solicitante_id"], "personas", ["id"], "fk_solicitudes_solicitante_id_personas"),
        _fk(["asignado_a"], "funcionarios", ["id"], "fk_solicitudes_asignado_a_funcionarios"),
        _fk(["radicada_por"], "aliados", ["id"], "fk_solicitudes_radicada_por_aliados"),
    )
    for columnas in (["entidad"], ["estado"], ["asignado_a"], ["titular_id"], ["solicitante_id"]):
        op.create_index(op.f(f"ix_solicitudes_{columnas[0]}"), "solicitudes", columnas)
    op.create_index("ix_solicitudes_radicada_en_id", "solicitudes", ["radicada_en", "id"])
    op.create_index(
        "ix_solicitudes_radicada_por_radicada_en_id", "solicitudes", ["radicada_por", "radicada_en", "id"]
    )

    op.create_table(
        "soportes",
        sa.Column("solicitud_id", sa.Uuid(), nullable=False),
        sa.Column("posicion", sa.Integer(), nullable=False),
        sa.Column("requisito", sa.String(60), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("nombre", sa.String(200), nullable=False),
        sa.Column("tipo_medio", sa.String(100), nullable=False),
        sa.Column("tamano", sa.BigInteger(), nullable=False),
        sa.Column("fecha_documento", sa.Date(), nullable=True),
        sa.Column("subtipo", sa.String(60), nullable=True),
        sa.PrimaryKeyConstraint("solicitud_id", "posicion", name=op.f("pk_soportes")),
        _fk(["solicitud_id"], "solicitudes", ["id"], "fk_soportes_solicitud_id_solicitudes", ondelete="CASCADE"),
    )

    op.create_table(
        "eventos_solicitud",
        sa.Column("solicitud_id", sa.Uuid(), nullable=False),
        sa.Column("secuencia", sa.Integer(), nullable=False),
        sa.Column("cuando", _fecha_hora(), nullable=False),
        sa.Column("tipo", sa.String(60), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("detalle", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("solicitud_id", "secuencia", name=op.f("pk_eventos_solicitud")),
        _fk(["solicitud_id"], "solicitudes", ["id"], "fk_eventos_solicitud_solicitud_id_solicitudes"),
    )

    op.create_table(
        "documentos",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("tipo", sa.String(60), nullable=False),
        sa.Column("entidad", sa.String(60), nullable=False),
        sa.Column("titular_id", sa.Uuid(), nullable=False),
        sa.Column("numero", sa.String(100), nullable=False),
        sa.Column("fecha_expedicion", sa.Date(), nullable=False),
        sa.Column("vigente_hasta", sa.Date(), nullable=True),
        sa.Column("archivo_sha256", sa.String(64), nullable=True),
        sa.Column("archivo_nombre", sa.String(200), nullable=True),
        sa.Column("archivo_tipo_medio", sa.String(100), nullable=True),
        sa.Column("archivo_tamano", sa.BigInteger(), nullable=True),
        sa.Column("solicitud_id", sa.Uuid(), nullable=True),
        sa.Column("clave_firma", sa.String(60), nullable=True),
        _version(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documentos")),
        _fk(["titular_id"], "personas", ["id"], "fk_documentos_titular_id_personas"),
        _fk(["solicitud_id"], "solicitudes", ["id"], "fk_documentos_solicitud_id_solicitudes"),
    )
    for columna in ("titular_id", "numero", "solicitud_id"):
        op.create_index(op.f(f"ix_documentos_{columna}"), "documentos", [columna])

    op.create_table(
        "eventos_documento",
        sa.Column("documento_id", sa.Uuid(), nullable=False),
        sa.Column("secuencia", sa.Integer(), nullable=False),
        sa.Column("tipo", sa.String(30), nullable=False),
        sa.Column("fecha", _fecha_hora(), nullable=False),
        sa.Column("motivo", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("documento_id", "secuencia", name=op.f("pk_eventos_documento")),
        _fk(["documento_id"], "documentos", ["id"], "fk_eventos_documento_documento_id_documentos"),
    )

    op.create_table(
        "vehiculos",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("placa", sa.String(10), nullable=False),
        sa.Column("clase", sa.String(30), nullable=False),
        sa.Column("servicio", sa.String(30), nullable=False),
        sa.Column("marca", sa.String(100), nullable=False),
        sa.Column("linea", sa.String(100), nullable=False),
        sa.Column("modelo", sa.Integer(), nullable=False),
        sa.Column("color", sa.String(100), nullable=False),
        sa.Column("numero_motor", sa.String(100), nullable=False),
        sa.Column("numero_chasis", sa.String(100), nullable=False),
        sa.Column("estado_matricula", sa.String(30), nullable=False),
        _version(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vehiculos")),
        sa.UniqueConstraint("placa", name=op.f("uq_vehiculos_placa")),
    )

    op.create_table(
        "propietarios_vehiculo",
        sa.Column("vehiculo_id", sa.Uuid(), nullable=False),
        sa.Column("persona_id", sa.Uuid(), nullable=False),
        sa.Column("posicion", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("vehiculo_id", "persona_id", name=op.f("pk_propietarios_vehiculo")),
        _fk(["vehiculo_id"], "vehiculos", ["id"], "fk_propietarios_vehiculo_vehiculo_id_vehiculos", ondelete="CASCADE"),
        _fk(["persona_id"], "personas", ["id"], "fk_propietarios_vehiculo_persona_id_personas"),
    )
    op.create_index(op.f("ix_propietarios_vehiculo_persona_id"), "propietarios_vehiculo", ["persona_id"])

    op.create_table(
        "bandeja_salida",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("destinatario", sa.String(320), nullable=False),
        sa.Column("asunto", sa.Text(), nullable=False),
        sa.Column("cuerpo", sa.Text(), nullable=False),
        sa.Column("creada_en", _fecha_hora(), nullable=False),
        sa.Column("solicitud_id", sa.Uuid(), nullable=True),
        sa.Column("enviada_en", _fecha_hora(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bandeja_salida")),
        _fk(["solicitud_id"], "solicitudes", ["id"], "fk_bandeja_salida_solicitud_id_solicitudes"),
    )
    op.create_index(op.f("ix_bandeja_salida_solicitud_id"), "bandeja_salida", ["solicitud_id"])
    op.create_index("ix_bandeja_salida_enviada_en_creada_en", "bandeja_salida", ["enviada_en", "creada_en"])

    op.create_table(
        "consecutivos",
        sa.Column("prefijo", sa.String(60), nullable=False),
        sa.Column("valor", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("prefijo", name=op.f("pk_consecutivos")),
    )


def downgrade() -> None:
    # Children before parents; indexes go with their tables.
    for tabla in (
        "consecutivos",
        "bandeja_salida",
        "propietarios_vehiculo",
        "vehiculos",
        "eventos_documento",
        "documentos",
        "eventos_solicitud",
        "soportes",
        "solicitudes",
        "aliados_persona",
        "aliados",
        "funcionarios",
        "personas",
    ):
        op.drop_table(tabla)
