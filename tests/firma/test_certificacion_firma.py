"""Signed certificación de firma con fines de apostilla (seed 002 §7): real QR in the PDF, PAdES, /V/1/ page."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import segno
import zxingcpp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader
from starlette.applications import Starlette

from admin import rutas_publicas
from domain.casos_uso import Contexto
from domain.casos_uso.firmas import certificar_firma
from domain.contrasenas import parametros_contrasenas
from domain.firmas import TIPO_CERTIFICACION_FIRMA
from domain.motor.catalogo import CatalogoTramites
from domain.reloj import RelojFijo
from persistence.inspeccion_archivos import InspectorContenido
from signing.certificacion_pdf import RenderizadorCertificacionFirma
from signing.codigo_qr import VERSION_MAXIMA
from signing.emisor import EmisorFirmado, renderizadores_por_tipo
from signing.llaves import Llavero, cargar_llavero, generar_llaves_entidad
from signing.verificacion import VerificadorFirmas
from tests.fakes import FakeAlmacen, FakeUnidadDeTrabajo, ahora_bogota
from tests.unit.test_firmas import HOY, _certificar, _registrar

URL_BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def llavero(tmp_path_factory: pytest.TempPathFactory) -> Llavero:
    carpeta: Path = tmp_path_factory.mktemp("llaves_rnec_firmas")
    p = parametros_contrasenas()
    generar_llaves_entidad(carpeta, p.entidad, p.entidad_nombre, ahora=datetime(2026, 1, 1, tzinfo=UTC))
    return cargar_llavero(carpeta)


@pytest.fixture
def ctx(llavero: Llavero) -> Contexto:
    reloj = RelojFijo(ahora_bogota(2026, 3, 17))
    return Contexto(FakeUnidadDeTrabajo(), FakeAlmacen(), reloj, CatalogoTramites.predeterminado(),  # type: ignore[arg-type]
                    EmisorFirmado(llavero, URL_BASE, reloj=reloj), VerificadorFirmas(llavero.publico()),
                    inspector=InspectorContenido())


def test_certificacion_firmada_qr_y_pades(ctx: Contexto, llavero: Llavero,
                                         record_property: Callable[[str, object], None]) -> None:
    emitida = certificar_firma(_certificar(ctx, _registrar(ctx)), ctx)
    assert emitida.documento.archivo is not None
    pdf = ctx.almacen.leer(emitida.documento.archivo.sha256)
    [imagen] = list(PdfReader(io.BytesIO(pdf)).pages[0].images)
    [lectura] = zxingcpp.read_barcodes(imagen.image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert lectura.ec_level == "M" and lectura.text.startswith("HTTP://127.0.0.1:8000/V/1/")
    verificacion = VerificadorFirmas(llavero.publico()).verificar(lectura.text)
    assert verificacion.valido and verificacion.documento_id == emitida.documento.id
    assert verificacion.reclamos["tipo"] == "certificacion_firma"
    version = int(segno.make(lectura.text, error="m", boost_error=False).version)
    record_property("qr_version_m_certificacion_firma", version)
    assert version <= VERSION_MAXIMA
    firma = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    raices = [asn1_x509.Certificate.load(r.public_bytes(serialization.Encoding.DER)) for r in llavero.raices()]
    estado = validate_pdf_signature(firma, ValidationContext(trust_roots=raices))
    assert estado.intact and estado.valid and estado.trusted and estado.bottom_line
    texto = _texto(pdf)
    for fragmento in ("CF-2026-000001", "Marta Lucía Rincón", "Registradora municipal", "§7.3"):
        assert fragmento in texto


def _texto(pdf: bytes) -> str:
    return " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


def test_certificacion_con_formato_propio(ctx: Contexto) -> None:
    """Seed 002 §7.3: the page names the certified official (not a "Titular"), the record and its signing date,
    the requester, the checks that passed and the e-Register hint; dates are written out in Spanish."""
    emitida = certificar_firma(_certificar(ctx, _registrar(ctx)), ctx)
    with ctx.uow() as uow:
        solicitante = uow.personas.obtener(emitida.documento.titular_id)
    assert solicitante is not None
    texto = _texto(ctx.almacen.leer(emitida.documento.archivo.sha256))  # type: ignore[union-attr]
    esperado = [
        "CERTIFICACIÓN DE FIRMA CON FINES DE APOSTILLA", "No. CF-2026-000001",
        "firmado el 7 de marzo de 2026 corresponde a Marta Lucía Rincón", "posesión: 1 de febrero de 2020",
        "FIRMA CERTIFICADA", "Nombre: Marta Lucía Rincón", "Identificación: CC 52.123.456",
        "Cargo: Registradora municipal", "Entidad: Registraduría Municipal de Chía",
        # Registro civil and solicitante sit side by side; the text is drawn (and extracted) column by column.
        "REGISTRO CIVIL", "Clase de registro: Registro civil de nacimiento", "Fecha de firma: 7 de marzo de 2026",
        "SOLICITANTE", f"Nombre: {solicitante.nombre_completo}",
        f"Identificación: {solicitante.identificacion.legible}",
        "VERIFICACIONES (CIRCULAR ÚNICA RNEC 2021, §7.3)", "• El funcionario verificó la estampilla de recaudo.",
        "• La firma de Marta Lucía Rincón estaba registrada y activa el 7 de marzo de 2026.",
        "• Expedido hace 10 días (máximo 90).",
        "Fecha de expedición: 17 de marzo de 2026", "Vigencia: sin fecha de vencimiento",
        "Consulta tipo e-Register: en http://127.0.0.1:8000/verificar-certificacion escriba el número "
        "CF-2026-000001 y la fecha de expedición (17 de marzo de 2026)",
    ]
    posiciones = [texto.find(fragmento) for fragmento in esperado]
    assert all(p >= 0 for p in posiciones), [f for f, p in zip(esperado, posiciones, strict=True) if p < 0]
    assert posiciones == sorted(posiciones)  # in this order on the page
    assert "Titular" not in texto
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", texto), "fechas ISO en la certificación"


def test_el_renderizador_se_elige_por_tipo(llavero: Llavero) -> None:
    """The generic page keeps its layout; the certificación's renderer refuses any other kind of document."""
    from tests.firma.conftest import certificado_residencia

    p = parametros_contrasenas()
    residencia = certificado_residencia(entidad_codigo=p.entidad, entidad_nombre=p.entidad_nombre,
                                        tipo="constancia_generica")
    emisor = EmisorFirmado(llavero, URL_BASE, reloj=RelojFijo(ahora_bogota(2026, 3, 17)))
    with pytest.raises(TypeError):
        RenderizadorCertificacionFirma(None).renderizar(residencia, b"", URL_BASE)
    assert isinstance(renderizadores_por_tipo(None, URL_BASE)[TIPO_CERTIFICACION_FIRMA],
                      RenderizadorCertificacionFirma)
    generico = _texto(emisor.emitir(residencia).pdf)
    assert "Titular: María Fernanda Gómez Restrepo" in generico and "FIRMA CERTIFICADA" not in generico


@pytest.mark.anyio
async def test_pagina_qr_muestra_el_tipo(ctx: Contexto) -> None:
    emitida = certificar_firma(_certificar(ctx, _registrar(ctx), fecha_firma=HOY - timedelta(days=1)), ctx)
    pdf = ctx.almacen.leer(emitida.documento.archivo.sha256)  # type: ignore[union-attr]
    [imagen] = list(PdfReader(io.BytesIO(pdf)).pages[0].images)
    texto = zxingcpp.read_barcodes(imagen.image, formats=zxingcpp.BarcodeFormat.QRCode)[0].text
    app = Starlette(routes=rutas_publicas(ctx))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        r = await c.get("/" + texto.split("/", 3)[3])
    assert r.status_code == 200
    assert "Certificación de firma con fines de apostilla" in r.text and "CF-2026-000001" in r.text


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
