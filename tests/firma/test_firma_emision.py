"""Full issuance: the QR read back out of the signed PDF, the PAdES signature checked by pyHanko's validator."""

from __future__ import annotations

import asyncio
import io
import re
import threading
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
import segno
import zxingcpp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from domain.documentos import DocumentoEmitido
from domain.errores import DatoInvalido
from domain.puertos import EmisorDocumentos
from domain.reloj import RelojFijo
from signing.codigo_qr import VERSION_MAXIMA
from signing.emisor import EmisorFirmado
from signing.llaves import ClaveFirmaNoDisponible, Llavero
from signing.pdf import TRAZO_NEGRITA, CertificadoDemasiadoLargo, RenderizadorPdf
from signing.verificacion import VerificadorFirmas

from .conftest import ENTIDAD, URL_BASE, certificado_residencia


@pytest.fixture(scope="module")
def emitido(emisor: EmisorFirmado) -> DocumentoEmitido:
    return emisor.emitir(certificado_residencia())


def _contexto(llavero: Llavero) -> ValidationContext:
    raices = [asn1_x509.Certificate.load(r.public_bytes(serialization.Encoding.DER)) for r in llavero.raices()]
    return ValidationContext(trust_roots=raices)


def test_qr_extraido_del_pdf_es_el_emitido_y_verifica(emitido: DocumentoEmitido, llavero: Llavero) -> None:
    pagina = PdfReader(io.BytesIO(emitido.pdf)).pages[0]
    imagenes = list(pagina.images)
    assert len(imagenes) == 1

    lecturas = zxingcpp.read_barcodes(imagenes[0].image, formats=zxingcpp.BarcodeFormat.QRCode)

    assert [lectura.text for lectura in lecturas] == [emitido.qr]
    assert lecturas[0].format == zxingcpp.BarcodeFormat.QRCode
    assert lecturas[0].ec_level == "M"
    assert VerificadorFirmas(llavero.publico()).verificar(lecturas[0].text).valido


def test_qr_alfanumerico_y_pequeno(emitido: DocumentoEmitido, record_property: Callable[[str, object], None]) -> None:
    simbolo = segno.make(emitido.qr, error="m", boost_error=False)
    record_property("qr_version_m", simbolo.version)  # shown in --junitxml; also printed by benchmarks.firma
    record_property("qr_caracteres", len(emitido.qr))
    assert simbolo.mode == "alphanumeric"
    assert int(simbolo.version) <= VERSION_MAXIMA
    assert emitido.qr.startswith("HTTP://127.0.0.1:8000/V/1/")
    assert emitido.qr == emitido.qr.upper()


def test_clave_firma_es_el_kid(emitido: DocumentoEmitido, llavero: Llavero) -> None:
    assert emitido.clave_firma == llavero.firmante(ENTIDAD).kid.hex()


def test_firma_pades_valida_integra_y_confiable(emitido: DocumentoEmitido, llavero: Llavero) -> None:
    firma = PdfFileReader(io.BytesIO(emitido.pdf)).embedded_signatures[0]
    estado = validate_pdf_signature(firma, _contexto(llavero))

    assert estado.intact and estado.valid and estado.trusted
    assert estado.bottom_line
    assert estado.md_algorithm == "sha256"
    assert firma.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    # The CMS carries the signer and its root, so a validator needs nothing but the trust anchor.
    assert len(firma.signed_data["certificates"]) == 2


def test_un_byte_cambiado_invalida_la_firma(emitido: DocumentoEmitido, llavero: Llavero) -> None:
    posicion = emitido.pdf.index(b"/Title (") + len(b"/Title (")
    alterado = bytearray(emitido.pdf)
    alterado[posicion] ^= 0x20  # 'C' <-> 'c': still a well-formed PDF
    firma = PdfFileReader(io.BytesIO(bytes(alterado))).embedded_signatures[0]

    estado = validate_pdf_signature(firma, _contexto(llavero))

    assert not estado.intact
    assert not estado.bottom_line


def test_firma_no_confiable_con_otras_raices(emitido: DocumentoEmitido) -> None:
    firma = PdfFileReader(io.BytesIO(emitido.pdf)).embedded_signatures[0]
    estado = validate_pdf_signature(firma, ValidationContext(trust_roots=[]))
    assert estado.intact and not estado.trusted


def test_texto_con_tildes_y_fuente_incrustada(emitido: DocumentoEmitido) -> None:
    lector = PdfReader(io.BytesIO(emitido.pdf))
    texto = lector.pages[0].extract_text()

    for fragmento in ("SECRETARÍA DISTRITAL DE GOBIERNO DE BOGOTÁ", "CERTIFICADO DE RESIDENCIA", "RES-2025-000123",
                      "María Fernanda Gómez Restrepo", "Identificación", "30 de agosto de 2025",
                      "CÓMO VERIFICAR ESTE DOCUMENTO", "Escanee el código QR con la cámara de un celular", "http://127.0.0.1:8000/verificar"):
        assert fragmento in texto
    fuentes = lector.pages[0]["/Resources"]["/Font"]  # type: ignore[index]
    assert any("DejaVu" in str(f.get_object()["/BaseFont"]) for f in fuentes.values())


def test_negrita_sintetica_escribe_el_trazo_esperado() -> None:
    # fpdf2 2.8 writes the text stroke width unscaled (points); if that changes, bold would turn 2.8x heavier.
    pagina = RenderizadorPdf().renderizar(certificado_residencia(), _png_minimo(), URL_BASE)
    contenido = PdfReader(io.BytesIO(pagina)).pages[0].get_contents()
    assert contenido is not None
    trazos = re.findall(rb"2 Tr ([0-9.]+) w", contenido.get_data())
    assert trazos and all(abs(float(t) - 16 * TRAZO_NEGRITA) < 0.4 for t in trazos)


def test_sin_dejavu_usa_helvetica() -> None:
    certificado = certificado_residencia(titular_nombre="Łukasz Żółć Núñez")
    pagina = RenderizadorPdf(None).renderizar(certificado, _png_minimo(), URL_BASE)
    texto = PdfReader(io.BytesIO(pagina)).pages[0].extract_text()
    assert "Núñez" in texto and "?ukasz" in texto


def test_cuerpo_demasiado_largo() -> None:
    certificado = certificado_residencia(cuerpo=("Texto largo del certificado. " * 40,) * 5)
    with pytest.raises(CertificadoDemasiadoLargo):
        RenderizadorPdf().renderizar(certificado, _png_minimo(), URL_BASE)


def test_nombre_largo_se_parte_en_renglones() -> None:
    nombre = "María de los Ángeles Fernanda Guadalupe del Socorro Gómez de la Espriella Restrepo Santamaría"
    pagina = RenderizadorPdf().renderizar(certificado_residencia(titular_nombre=nombre), _png_minimo(), URL_BASE)
    texto = PdfReader(io.BytesIO(pagina)).pages[0].extract_text()
    assert "Santamaría" in texto and "María de los Ángeles" in texto


def test_entidad_sin_llaves(emisor: EmisorFirmado) -> None:
    with pytest.raises(ClaveFirmaNoDisponible):
        emisor.emitir(certificado_residencia(entidad_codigo="NO-EXISTE"))


def test_no_firma_con_un_certificado_vencido(llavero: Llavero) -> None:
    emisor = EmisorFirmado(llavero, URL_BASE, reloj=RelojFijo(datetime(2030, 1, 1, tzinfo=UTC)))
    with pytest.raises(ClaveFirmaNoDisponible, match="no está vigente"):
        emisor.emitir(certificado_residencia())


def test_datos_que_no_caben_en_el_qr(emisor: EmisorFirmado) -> None:
    with pytest.raises(DatoInvalido):
        emisor.emitir(certificado_residencia(titular_nombre="Nombre Muy Largo " * 20))


def test_sin_vencimiento(emisor: EmisorFirmado, llavero: Llavero) -> None:
    emitido = emisor.emitir(certificado_residencia(vigente_hasta=None))
    resultado = VerificadorFirmas(llavero).verificar(emitido.qr)
    assert resultado.valido
    assert resultado.reclamos["vigente_hasta"] is None and resultado.reclamos["expira_en"] is None


def test_emitir_desde_un_hilo_con_un_bucle_asyncio_corriendo(emisor: EmisorFirmado, llavero: Llavero) -> None:
    verificador = VerificadorFirmas(llavero)

    async def aplicacion() -> list[DocumentoEmitido]:
        # The way a Starlette handler would do it (worker thread), and the careless way (in the loop thread).
        en_hilo = await asyncio.to_thread(emisor.emitir, certificado_residencia())
        en_bucle = emisor.emitir(certificado_residencia())
        varios = await asyncio.gather(*(asyncio.to_thread(emisor.emitir, certificado_residencia()) for _ in range(4)))
        return [en_hilo, en_bucle, *varios]

    for documento in asyncio.run(aplicacion()):
        assert verificador.verificar(documento.qr).valido
        estado = validate_pdf_signature(
            PdfFileReader(io.BytesIO(documento.pdf)).embedded_signatures[0], _contexto(llavero)
        )
        assert estado.bottom_line


def test_emitir_desde_un_hilo_mientras_otro_hilo_corre_un_bucle(emisor: EmisorFirmado) -> None:
    listo = threading.Event()
    fin = threading.Event()

    async def bucle_ocupado() -> None:
        listo.set()
        while not fin.is_set():
            await asyncio.sleep(0.001)

    hilo = threading.Thread(target=asyncio.run, args=(bucle_ocupado(),))
    hilo.start()
    try:
        listo.wait(5)
        assert emisor.emitir(certificado_residencia()).pdf.startswith(b"%PDF-")
    finally:
        fin.set()
        hilo.join(5)


def test_el_emisor_cumple_el_puerto(emisor: EmisorFirmado) -> None:
    puerto: EmisorDocumentos = emisor
    assert isinstance(puerto.emitir(certificado_residencia()), DocumentoEmitido)


def _png_minimo() -> bytes:
    salida = io.BytesIO()
    segno.make("HTTP://X/V/1/AAAA").save(salida, kind="png", scale=2)
    return salida.getvalue()
