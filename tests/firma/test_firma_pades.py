"""The CMS template is pyHanko's own structure; signing works sync, async and from a running loop."""

from __future__ import annotations

import asyncio
import hashlib
import io

import pytest
import segno
from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from signing.cms import PlantillaCms, PlantillaNoApta
from signing.llaves import Llavero
from signing.pades import FirmadorPades, _FirmanteEnMemoria
from signing.pdf import RenderizadorPdf

from .conftest import ENTIDAD, URL_BASE, certificado_residencia


@pytest.fixture(scope="module")
def firmador(llavero: Llavero) -> FirmadorPades:
    return FirmadorPades(llavero.firmante(ENTIDAD))


@pytest.fixture(scope="module")
def pdf() -> bytes:
    salida = io.BytesIO()
    segno.make("HTTP://X/V/1/AAAA").save(salida, kind="png", scale=2)
    return RenderizadorPdf().renderizar(certificado_residencia(), salida.getvalue(), URL_BASE)


def _sin_firma(contenido: cms.ContentInfo) -> dict[str, bytes]:
    datos = contenido["content"]
    firmante = datos["signer_infos"][0]
    return {
        "atributos": firmante["signed_attrs"].dump(),
        "sid": firmante["sid"].dump(),
        "algoritmos": firmante["digest_algorithm"].dump() + firmante["signature_algorithm"].dump(),
        "certificados": datos["certificates"].dump(),
        "encapsulado": datos["encap_content_info"].dump(),
        "version": datos["version"].dump() + firmante["version"].dump(),
    }


def test_plantilla_reproduce_la_estructura_de_pyhanko(llavero: Llavero) -> None:
    firmante = llavero.firmante(ENTIDAD)
    signer = _FirmanteEnMemoria(firmante)
    plantilla = asyncio.run(signer.plantilla())
    resumen = hashlib.sha256(b"documento").digest()

    propio = cms.ContentInfo.load(plantilla.firmar(resumen, signer.firmar_crudo))
    de_pyhanko = asyncio.run(
        signer.async_sign(resumen, "sha256", use_pades=True, signed_attr_settings=PdfCMSSignedAttributes())
    )

    assert _sin_firma(propio) == _sin_firma(de_pyhanko)
    info = propio["content"]["signer_infos"][0]
    atributos = {a["type"].native: a["values"][0].native for a in info["signed_attrs"]}
    assert atributos["message_digest"] == resumen
    # The signature is over the DER of the signed attributes as a SET (RFC 5652 §5.4).
    firmante.llave_privada.public_key().verify(
        info["signature"].native, cms.CMSAttributes.load(b"\x31" + info["signed_attrs"].dump()[1:]).dump(),
        ec.ECDSA(hashes.SHA256()),
    )


def test_plantilla_rechaza_estructuras_inesperadas() -> None:
    with pytest.raises(PlantillaNoApta):
        PlantillaCms.desde(b"\x30\x03\x02\x01\x01", bytes(32))
    with pytest.raises(PlantillaNoApta):
        PlantillaCms.desde(b"\x30\x80", bytes(32))


def test_firma_sincrona_y_asincrona(firmador: FirmadorPades, pdf: bytes, llavero: Llavero) -> None:
    raices = [asn1_x509.Certificate.load(r.public_bytes(serialization.Encoding.DER)) for r in llavero.raices()]
    for firmado in (firmador.firmar(pdf), asyncio.run(firmador.firmar_async(pdf))):
        firma = PdfFileReader(io.BytesIO(firmado)).embedded_signatures[0]
        assert validate_pdf_signature(firma, ValidationContext(trust_roots=raices)).bottom_line


def test_firma_sincrona_dentro_de_un_bucle_en_curso(firmador: FirmadorPades, pdf: bytes) -> None:
    async def dentro() -> bytes:
        return firmador.firmar(pdf)

    firmado = asyncio.run(dentro())
    assert firmado.startswith(pdf[:8]) and len(firmado) > len(pdf)


def test_espacio_reservado_alcanza(firmador: FirmadorPades, pdf: bytes) -> None:
    firmado = firmador.firmar(pdf)
    firma = PdfFileReader(io.BytesIO(firmado)).embedded_signatures[0]
    usado = len(firma.sig_object["/Contents"].original_bytes) * 2  # type: ignore[attr-defined]
    assert usado <= firmador.bytes_reservados
    assert firmador.bytes_reservados - len(firma.signed_data.dump()) * 2 >= 1024
