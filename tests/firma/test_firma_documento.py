"""The worked example in docs/firma.md verifies, so the specification and the code cannot drift apart."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime
from pathlib import Path

import cbor2
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from signing.codigo_qr import extraer_cose
from signing.cose import decodificar_sign1, verificar_sign1
from signing.llaves import ClavePublica, Llavero
from signing.verificacion import MOTIVO_VALIDO, VerificadorFirmas

DOCUMENTO = Path(__file__).parents[2] / "docs" / "firma.md"


def _bloque(lenguaje: str) -> str:
    encontrado = re.search(rf"```{lenguaje}\n(.*?)```", DOCUMENTO.read_text(encoding="utf-8"), re.DOTALL)
    assert encontrado, lenguaje
    return encontrado.group(1).strip()


def test_el_ejemplo_del_documento_verifica() -> None:
    texto = _bloque("text")
    certificado = x509.load_pem_x509_certificate(_bloque("pem").encode())
    kid = hashlib.sha256(certificado.public_bytes(serialization.Encoding.DER)).digest()[:8]
    llave = certificado.public_key()
    assert kid.hex() == "b6a9aec7c9dcadd4"

    mensaje = decodificar_sign1(extraer_cose(texto))
    verificar_sign1(mensaje, llave)  # type: ignore[arg-type]
    assert mensaje.protegido == {1: -7, 4: kid}
    assert cbor2.loads(mensaje.carga)[6] == int(datetime(2025, 6, 1, 15, 30, tzinfo=UTC).timestamp())

    llavero = Llavero(claves=[ClavePublica(kid, "SDG-BOGOTA", certificado, llave)])  # type: ignore[arg-type]
    resultado = VerificadorFirmas(llavero).verificar(texto.lower())
    assert resultado.motivo == MOTIVO_VALIDO
    assert resultado.reclamos["vigente_hasta"] == date(2025, 8, 30)
    assert resultado.reclamos["expira_en"] == datetime(2025, 8, 31, 5, 0, tzinfo=UTC)
