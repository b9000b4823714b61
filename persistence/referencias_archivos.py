"""Every column that names a blob of the file store, in one place: what the orphan cleanup must never delete.

A new table that keeps a file adds its column here. ``tests/integracion/test_limpieza_almacen.py`` fails when a
column that looks like a hash (name or 64-character width) is neither here nor in ``NO_SON_ARCHIVOS``.
"""

from __future__ import annotations

from sqlalchemy import Column, Engine, select, union

from persistence.tablas import documentos, soportes
from persistence.tablas_firmas import certificaciones_firma, firmas_registradas

COLUMNAS_ARCHIVO: tuple[Column[str], ...] = (
    soportes.c.sha256,  # soportes of solicitudes (radicación, subsanación)
    documentos.c.archivo_sha256,  # issued PDFs: certificados, contraseñas, certificaciones de firma
    firmas_registradas.c.especimen_sha256,  # signature specimens of the registro de firmas
    certificaciones_firma.c.copia_sha256,  # the copy of the civil-registry record a certificación was asked for
)

NO_SON_ARCHIVOS: dict[str, str] = {
    "funcionarios.hash_clave": "argon2 hash of an official's password",
    "aliados.hash_credencial": "hash of a partner system's API credential",
    "firmas_registradas.huella_certificado": "SHA-256 fingerprint of a signer's X.509 certificate",
}
"""Hash-looking columns that do not name a stored file, each with the reason."""


def sha256_referenciados(motor: Engine) -> set[str]:
    """Every blob some row references, read in one statement (one snapshot on both engines, so a row moving a
    reference from one table to another between two reads can not be missed)."""
    consulta = union(*(select(c.label("sha256")).where(c.is_not(None)) for c in COLUMNAS_ARCHIVO))
    with motor.connect() as conexion:
        return {fila.lower() for fila in conexion.execute(consulta).scalars()}
