"""The worked example in docs/firma.md verifies, so the specification and the code cannot drift apart."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import cbor2
import segno
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pypdf import PdfReader

from signing.codigo_qr import extraer_cose
from signing.cose import decodificar_sign1, verificar_sign1
from signing.cose_qr import decodificar_qr
from signing.emisor import EmisorFirmado
from signing.llaves import ClavePublica, Llavero
from signing.verificacion import MOTIVO_VALIDO, VerificadorFirmas

from .conftest import certificado_residencia

DOCUMENTO = Path(__file__).parents[2] / "docs" / "firma.md"


def test_la_imagen_del_qr_en_el_pdf_es_la_que_describe_el_documento(emisor: EmisorFirmado) -> None:
    (imagen,) = PdfReader(io.BytesIO(emisor.emitir(certificado_residencia()).pdf)).pages[0].images
    assert imagen.indirect_reference is not None
    objeto: Any = imagen.indirect_reference.get_object()
    parametros = objeto["/DecodeParms"]
    assert (objeto["/Filter"], objeto["/BitsPerComponent"], objeto["/ColorSpace"]) == (
        "/CCITTFaxDecode", 1, "/DeviceGray")
    assert (parametros["/K"], parametros["/BlackIs1"]) == (-1, True)
    seccion = DOCUMENTO.read_text(encoding="utf-8").split("## 7.")[1].split("## 8.")[0]
    assert "1-bit image compressed with CCITT Group 4" in seccion and "PNG image" not in seccion


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

    # The byte count and the symbol size the text states are the real ones.
    documento = DOCUMENTO.read_text(encoding="utf-8")
    assert f"decodes to {len(extraer_cose(texto))} bytes of COSE_Sign1" in documento
    simbolo = segno.make(texto, error="m", boost_error=False)
    assert f"This text is {len(texto)} characters: a version {simbolo.version}-M symbol" in documento
    assert decodificar_qr(extraer_cose(texto)).protegido == mensaje.protegido  # deterministic, tagged, profiled

    llavero = Llavero(claves=[ClavePublica(kid, "SDG-BOGOTA", certificado, llave)])  # type: ignore[arg-type]
    resultado = VerificadorFirmas(llavero).verificar(texto.lower())
    assert resultado.motivo == MOTIVO_VALIDO
    assert resultado.reclamos["vigente_hasta"] == date(2025, 8, 30)
    assert resultado.reclamos["expira_en"] == datetime(2025, 8, 31, 5, 0, tzinfo=UTC)
