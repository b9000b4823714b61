"""The server loads passphrase-protected signing keys from VENTANILLA_FRASE_CLAVES (the same variable as the CLI)."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from pydantic import SecretStr

from app.composicion import construir
from app.config import Settings
from domain.documentos import CertificadoAEmitir
from signing.llaves import generar_llaves_entidad


def _certificado() -> CertificadoAEmitir:
    return CertificadoAEmitir(uuid.uuid4(), "certificado_residencia", "CERTIFICADO DE RESIDENCIA", "SDG-BOGOTA",
                              "Secretaría Distrital de Gobierno de Bogotá", "RES-2026-000001-C", "Ana Pérez",
                              "CC 1020304050", date(2026, 3, 17), date(2026, 6, 15), ("Texto.",))


def test_claves_cifradas_con_frase(tmp_path: Path) -> None:
    claves = tmp_path / "claves"
    generar_llaves_entidad(claves, "SDG-BOGOTA", "Secretaría Distrital de Gobierno de Bogotá", passphrase=b"frase-123")
    assert b"ENCRYPTED" in next(claves.rglob("firmante*.key.pem")).read_bytes()
    settings = Settings(directorio_datos=tmp_path, directorio_claves=claves, frase_claves=SecretStr("frase-123"))
    emitido = construir(settings).contexto.emisor.emitir(_certificado())
    assert emitido.pdf.startswith(b"%PDF")
    with pytest.raises(Exception, match=r"(?i)password|frase|contraseña|decrypt"):
        construir(Settings(directorio_datos=tmp_path, directorio_claves=claves, frase_claves=SecretStr("otra")))
