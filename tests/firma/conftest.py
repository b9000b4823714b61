"""Shared fixtures: keys are generated in temporary folders, never committed."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from domain.documentos import CertificadoAEmitir
from domain.reloj import RelojFijo
from signing.emisor import EmisorFirmado
from signing.llaves import Llavero, cargar_llavero, generar_llaves_entidad

URL_BASE = "http://127.0.0.1:8000"
ENTIDAD = "SDG-BOGOTA"
ENTIDAD_NOMBRE = "Secretaría Distrital de Gobierno de Bogotá"
OTRA_ENTIDAD = "REG-CHIA"
INSTANTE = datetime(2025, 6, 1, 15, 30, tzinfo=UTC)


def certificado_residencia(**cambios: object) -> CertificadoAEmitir:
    """A realistic residence certificate, as the domain would hand it to the signing port."""
    datos: dict[str, object] = {
        "documento_id": uuid.UUID("0f5e8a52-2f4b-4c1e-9a57-6f0d3c2b1a90"),
        "tipo": "certificado_residencia",
        "titulo": "Certificado de residencia",
        "entidad_codigo": ENTIDAD,
        "entidad_nombre": ENTIDAD_NOMBRE,
        "numero": "RES-2025-000123",
        "titular_nombre": "María Fernanda Gómez Restrepo",
        "titular_identificacion": "CC 1020304050",
        "fecha_expedicion": date(2025, 6, 1),
        "vigente_hasta": date(2025, 8, 30),
        "cuerpo": (
            "Que, según la información aportada y verificada por esta Secretaría, la persona identificada como "
            "aparece abajo reside en la Calle 45 # 12-34, barrio Teusaquillo, de Bogotá D.C.",
            "La presente certificación se expide a solicitud de la interesada, para trámites de uso general, y no "
            "acredita la propiedad del inmueble.",
            "Este certificado tiene una vigencia de noventa (90) días contados desde su fecha de expedición.",
        ),
    }
    datos.update(cambios)
    return CertificadoAEmitir(**datos)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def carpeta_llaves(tmp_path_factory: pytest.TempPathFactory) -> Path:
    carpeta = tmp_path_factory.mktemp("llaves")
    ahora = datetime(2025, 1, 1, tzinfo=UTC)
    generar_llaves_entidad(carpeta, ENTIDAD, ENTIDAD_NOMBRE, ahora=ahora)
    generar_llaves_entidad(carpeta, OTRA_ENTIDAD, "Registraduría de Chía", ahora=ahora)
    return carpeta


@pytest.fixture(scope="session")
def llavero(carpeta_llaves: Path) -> Llavero:
    return cargar_llavero(carpeta_llaves)


@pytest.fixture(scope="session")
def emisor(llavero: Llavero) -> EmisorFirmado:
    return EmisorFirmado(llavero, URL_BASE, reloj=RelojFijo(INSTANTE))
