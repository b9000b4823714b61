"""Local copies of the external registries the trámites consult (RUNT, SIMIT fines, vehicle tax, SOAT).

Loaded by officials and the CLI (``ventanilla registros cargar``); read by ``RegistrosExternosSQL``. Each lookup
is by its natural key and served by the primary key or one index. Keep ``migraciones/versions/0010_registros.py``
in step.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, Index, Integer, Numeric, String, Table

from persistence.tablas import CODIGO, NOMBRE, metadata
from persistence.tipos import FechaHora

runt_personas = Table(
    "runt_personas",
    metadata,
    Column("tipo_identificacion", String(10), primary_key=True),
    Column("numero_identificacion", String(20), primary_key=True),
    Column("inscrita_en", Date, nullable=False),
    Column("cargado_en", FechaHora(), nullable=False),
)

multas_transito = Table(
    "multas_transito",
    metadata,
    Column("numero", String(CODIGO), primary_key=True),  # comparendo or resolución number
    Column("tipo_identificacion", String(10), nullable=False),
    Column("numero_identificacion", String(20), nullable=False),
    Column("fecha", Date, nullable=False),
    Column("valor", Numeric(14, 2), nullable=False),
    Column("pagada_en", Date),
    Column("cargado_en", FechaHora(), nullable=False),
    # "¿tiene multas pendientes?" is one range of this index.
    Index("ix_multas_transito_infractor_pagada", "tipo_identificacion", "numero_identificacion", "pagada_en"),
)

impuestos_vehiculares = Table(
    "impuestos_vehiculares",
    metadata,
    Column("placa", String(10), primary_key=True),
    Column("vigencia", Integer, primary_key=True),
    Column("pagado_en", Date, nullable=False),
    Column("cargado_en", FechaHora(), nullable=False),
)

polizas_soat = Table(
    "polizas_soat",
    metadata,
    Column("numero", String(CODIGO), primary_key=True),
    Column("placa", String(10), nullable=False),
    Column("desde", Date, nullable=False),
    Column("hasta", Date, nullable=False),
    Column("aseguradora", String(NOMBRE), nullable=False),
    Column("cargado_en", FechaHora(), nullable=False),
    Index("ix_polizas_soat_placa_hasta", "placa", "hasta"),
)
