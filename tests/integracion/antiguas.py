"""Rows as earlier migrations left them, written with plain SQL: tests of a migration cannot use today's mappers."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Column, Date, Engine, Integer, MetaData, String, Table, Uuid, insert

from persistence.tipos import FechaHora

# The solicitudes table before migration 0012 (the residence certificate's own columns).
SOLICITUDES_0011 = Table(
    "solicitudes", MetaData(), Column("id", Uuid), Column("radicado", String), Column("tramite", String),
    Column("tramite_version", Date), Column("entidad", String), Column("titular_id", Uuid),
    Column("solicitante_id", Uuid), Column("persona_privada_libertad", Boolean), Column("destino", String),
    Column("entrega", String), Column("radicada_en", FechaHora()), Column("fecha_limite_decision", Date),
    Column("estado", String), Column("hallazgos", JSON), Column("asignado_a", Uuid), Column("motivos_rechazo", JSON),
    Column("fecha_limite_subsanacion", Date), Column("documento_id", Uuid), Column("radicada_por", Uuid),
    Column("version", Integer),
)


def insertar_solicitud_0011(
    motor: Engine, titular_id: uuid.UUID, *, radicado: str, radicada_en: datetime,
    solicitante_id: uuid.UUID | None = None, destino: str = "general", estado: str = "radicada",
    entrega: str = "descarga", documento_id: uuid.UUID | None = None,
) -> uuid.UUID:
    solicitud_id = uuid.uuid4()
    with motor.begin() as conexion:
        conexion.execute(insert(SOLICITUDES_0011), {
            "id": solicitud_id, "radicado": radicado, "tramite": "SDG-CERT-RESIDENCIA",
            "tramite_version": date(2024, 1, 1), "entidad": "SDG-BOGOTA", "titular_id": titular_id,
            "solicitante_id": solicitante_id or titular_id, "persona_privada_libertad": solicitante_id is not None,
            "destino": destino, "entrega": entrega, "radicada_en": radicada_en,
            "fecha_limite_decision": date(2026, 3, 18), "estado": estado, "hallazgos": [], "asignado_a": None,
            "motivos_rechazo": [], "fecha_limite_subsanacion": None, "documento_id": documento_id,
            "radicada_por": None, "version": 3,
        })
    return solicitud_id
