"""Tables of the registro de firmas and the certificaciones de firma (seed 002 §6-7), on tablas.py's ``metadata``.

A certificación is a ``documentos`` row; ``certificaciones_firma`` links its número (+ fecha, for the e-Register
lookup) to the documento, the registered signature and the kind of civil-registry record. The specimen image and the
uploaded copy live in the content-addressed file store (SHA-256). Keep ``migraciones/versions/0004_firmas.py`` in step.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, ForeignKey, Integer, String, Table, Uuid

from persistence.tablas import CODIGO, NOMBRE, metadata
from persistence.tipos import FechaHora

firmas_registradas = Table(
    "firmas_registradas",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("nombre", String(NOMBRE), nullable=False),
    Column("identificacion", String(CODIGO), nullable=False),
    Column("entidad", String(NOMBRE), nullable=False),
    Column("cargo", String(NOMBRE), nullable=False),
    Column("resolucion_nombramiento", String(NOMBRE), nullable=False),
    Column("fecha_posesion", Date, nullable=False),
    Column("fecha_retiro", Date),
    Column("especimen_sha256", String(64), nullable=False),
    Column("especimen_nombre", String(NOMBRE), nullable=False),
    Column("especimen_tipo_medio", String(CODIGO), nullable=False),
    Column("especimen_tamano", BigInteger, nullable=False),
    Column("huella_certificado", String(64), nullable=False),
    Column("registrada_por", String(NOMBRE), nullable=False),
    Column("registrada_en", FechaHora(), nullable=False),
    Column("version", Integer, nullable=False),
)

certificaciones_firma = Table(
    "certificaciones_firma",
    metadata,
    Column("numero", String(CODIGO), primary_key=True),
    Column("fecha_expedicion", Date, nullable=False),
    Column("documento_id", Uuid, ForeignKey("documentos.id"), nullable=False, unique=True),
    Column("firma_id", Uuid, ForeignKey("firmas_registradas.id"), nullable=False, index=True),
    Column("tipo_registro", String(30), nullable=False),
    Column("fecha_firma", Date, nullable=False),
    Column("copia_sha256", String(64), nullable=False),
)
