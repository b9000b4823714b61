"""Signed certificación de firma con fines de apostilla (seed 002 §7): real QR in the PDF, PAdES, /V/1/ page."""

from __future__ import annotations

import io
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
from domain.catalogo import Catalogo
from domain.identidad import parametros_contrasenas
from domain.reloj import RelojFijo
from signing.codigo_qr import VERSION_MAXIMA
from signing.emisor import EmisorFirmado
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
    return Contexto(FakeUnidadDeTrabajo(), FakeAlmacen(), reloj, Catalogo.cargar(),  # type: ignore[arg-type]
                    EmisorFirmado(llavero, URL_BASE, reloj=reloj), VerificadorFirmas(llavero.publico()))


def test_certificacion_firmada_qr_y_pades(ctx: Contexto, llavero: Llavero,
                                         record_property: Callable[[str, object], None]) -> None:
    emitida = certificar_firma(_certificar(ctx, _registrar(ctx)), ctx)
    assert emitida.documento.archivo is not None
    pdf = ctx.almacen.leer(emitida.documento.archivo.sha256)
    [imagen] = list(PdfReader(io.BytesIO(pdf)).pages[0].images)
    [lectura] = zxingcpp.read_barcodes(imagen.image)
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
    texto = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    for fragmento in ("CF-2026-000001", "Marta Lucía Rincón", "Registradora municipal", "§7.3"):
        assert fragmento in texto


@pytest.mark.anyio
async def test_pagina_qr_muestra_el_tipo(ctx: Contexto) -> None:
    emitida = certificar_firma(_certificar(ctx, _registrar(ctx), fecha_firma=HOY - timedelta(days=1)), ctx)
    pdf = ctx.almacen.leer(emitida.documento.archivo.sha256)  # type: ignore[union-attr]
    [imagen] = list(PdfReader(io.BytesIO(pdf)).pages[0].images)
    texto = zxingcpp.read_barcodes(imagen.image)[0].text
    app = Starlette(routes=rutas_publicas(ctx))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        r = await c.get("/" + texto.split("/", 3)[3])
    assert r.status_code == 200
    assert "Certificación de firma con fines de apostilla" in r.text and "CF-2026-000001" in r.text


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
