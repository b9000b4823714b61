"""Signed contraseñas (seed 002 §15.4.2 Contraseña EIS, §15.4.4 verde con QR): page size, real QR, PAdES."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import segno
import zxingcpp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from domain.contrasenas import ContrasenaAEmitir, parametros_contrasenas
from domain.documentos import DocumentoEmitido
from domain.puertos_identidad import EmisorContrasenas
from domain.reloj import RelojFijo
from signing.codigo_qr import VERSION_MAXIMA
from signing.contrasena_pdf import EIS_ALTO, EIS_ANCHO, WEB_ALTO, WEB_ANCHO, EmisorContrasenasFirmadas
from signing.llaves import Llavero, cargar_llavero, generar_llaves_entidad
from signing.verificacion import VerificadorFirmas

URL_BASE = "http://127.0.0.1:8000"
INSTANTE = datetime(2026, 3, 17, 15, 0, tzinfo=UTC)
PUNTOS_POR_MM = 72 / 25.4


@pytest.fixture(scope="module")
def llavero(tmp_path_factory: pytest.TempPathFactory) -> Llavero:
    carpeta: Path = tmp_path_factory.mktemp("llaves_rnec")
    p = parametros_contrasenas()
    generar_llaves_entidad(carpeta, p.entidad, p.entidad_nombre, ahora=datetime(2026, 1, 1, tzinfo=UTC))
    return cargar_llavero(carpeta)


@pytest.fixture(scope="module")
def emisor(llavero: Llavero) -> EmisorContrasenasFirmadas:
    return EmisorContrasenasFirmadas(llavero, URL_BASE, reloj=RelojFijo(INSTANTE))


def contrasena(tipo: str = "contrasena_eis", **cambios: object) -> ContrasenaAEmitir:
    p = parametros_contrasenas()
    base = ContrasenaAEmitir(
        documento_id=uuid.UUID("7d3915fd-58da-489b-8eba-ef5eceb30a04"), tipo=tipo, titulo=p.tipos[tipo].titulo,
        entidad_codigo=p.entidad, entidad_nombre=p.entidad_nombre, numero_preparacion="RNEC-2026-0000001-E1",
        titular_nombre="María Fernanda Gómez Restrepo", titular_identificacion="CC 1020304050",
        tipo_documento="Cédula de ciudadanía (amarilla con hologramas)", clase_tramite="Primera vez",
        oficina="Registraduría Auxiliar de Teusaquillo (Bogotá D.C.)", fecha_tramite=date(2026, 3, 17),
        fecha_expedicion=date(2026, 3, 17), vigente_hasta=date(2026, 9, 17),
        nota_no_certifica=p.nota_no_certifica, nota_no_identifica=p.nota_no_identifica,
    )
    return replace(base, **cambios)  # type: ignore[arg-type]


def _contexto(llavero: Llavero) -> ValidationContext:
    raices = [asn1_x509.Certificate.load(r.public_bytes(serialization.Encoding.DER)) for r in llavero.raices()]
    return ValidationContext(trust_roots=raices)


@pytest.mark.parametrize(("tipo", "ancho", "alto"), [("contrasena_eis", 80, 160), ("contrasena_web", 110, 70)])
def test_tamano_de_pagina(emisor: EmisorContrasenasFirmadas, tipo: str, ancho: float, alto: float) -> None:
    """§15.4.2: "formato PDF imprimible tamaño 8 cm x 16 cm"; the web one is the 11 × 7 cm green format."""
    caja = PdfReader(io.BytesIO(emisor.emitir_contrasena(contrasena(tipo)).pdf)).pages[0].mediabox
    assert float(caja.width) == pytest.approx(ancho * PUNTOS_POR_MM, abs=0.05)
    assert float(caja.height) == pytest.approx(alto * PUNTOS_POR_MM, abs=0.05)
    t = parametros_contrasenas().tipos[tipo]
    assert (t.ancho_mm, t.alto_mm) == (ancho, alto)
    assert (EIS_ANCHO, EIS_ALTO, WEB_ANCHO, WEB_ALTO) == (80, 160, 110, 70)


@pytest.mark.parametrize("tipo", ["contrasena_eis", "contrasena_web"])
def test_qr_extraido_verifica_y_dice_que_es_contrasena(
    emisor: EmisorContrasenasFirmadas, llavero: Llavero, tipo: str, record_property: Callable[[str, object], None]
) -> None:
    emitido = emisor.emitir_contrasena(contrasena(tipo))
    imagenes = list(PdfReader(io.BytesIO(emitido.pdf)).pages[0].images)
    assert len(imagenes) == 1
    lecturas = zxingcpp.read_barcodes(imagenes[0].image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [x.text for x in lecturas] == [emitido.qr]
    assert lecturas[0].ec_level == "M"
    assert emitido.qr.startswith("HTTP://127.0.0.1:8000/V/1/")
    verificacion = VerificadorFirmas(llavero.publico()).verificar(lecturas[0].text)
    assert verificacion.valido and verificacion.documento_id == contrasena().documento_id
    assert verificacion.reclamos["tipo"] == tipo  # the page knows it is a contraseña
    version = int(segno.make(emitido.qr, error="m", boost_error=False).version)
    record_property(f"qr_version_m_{tipo}", version)
    assert version <= VERSION_MAXIMA


def test_consulado_qr_sin_expiracion(emisor: EmisorContrasenasFirmadas, llavero: Llavero) -> None:
    """§15.5 Nota: consular contraseñas never expire: no ``exp`` nor ``v`` claim, "Sin vencimiento" printed."""
    emitido = emisor.emitir_contrasena(contrasena(vigente_hasta=None, oficina="Consulado de Colombia en Madrid"))
    verificacion = VerificadorFirmas(llavero.publico()).verificar(emitido.qr)
    assert verificacion.valido and verificacion.reclamos.get("vigente_hasta") is None
    texto = PdfReader(io.BytesIO(emitido.pdf)).pages[0].extract_text()
    assert "Sin vencimiento" in texto


@pytest.mark.parametrize("tipo", ["contrasena_eis", "contrasena_web"])
def test_pades_valida_y_textos_de_la_circular(emisor: EmisorContrasenasFirmadas, llavero: Llavero,
                                              tipo: str) -> None:
    emitido: DocumentoEmitido = emisor.emitir_contrasena(contrasena(tipo))
    firma = PdfFileReader(io.BytesIO(emitido.pdf)).embedded_signatures[0]
    estado = validate_pdf_signature(firma, _contexto(llavero))
    assert estado.intact and estado.valid and estado.trusted and estado.bottom_line
    assert firma.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    texto = " ".join(PdfReader(io.BytesIO(emitido.pdf)).pages[0].extract_text().split())
    for fragmento in ("REGISTRADURÍA NACIONAL DEL ESTADO CIVIL", "RNEC-2026-0000001-E1", "CC 1.020.304.050",
                      "María Fernanda Gómez Restrepo", "17 de septiembre de 2026", "no certifica",
                      "no es un documento de identificación"):
        assert fragmento in texto
    if tipo == "contrasena_eis":
        assert "CONTRASEÑA" in texto and "FOTOGRAFÍA" in texto and "FIRMA DEL TITULAR" in texto
    else:
        assert "DUPLICADO WEB" in texto


def test_cumple_el_puerto(emisor: EmisorContrasenasFirmadas) -> None:
    puerto: EmisorContrasenas = emisor
    assert puerto is emisor


def test_la_registraduria_recibe_claves_como_las_demas_entidades(tmp_path: Path) -> None:
    """RNEC is not a catálogo entidad, yet it signs contraseñas: both key generators include it."""
    from app.cli_claves import _entidades_del_catalogo
    from app.composicion import asegurar_claves
    from app.config import Settings
    from domain.motor.catalogo import CatalogoTramites

    assert "RNEC" in asegurar_claves(Settings(directorio_datos=tmp_path), CatalogoTramites.predeterminado())
    assert cargar_llavero(tmp_path / "claves").firmante("RNEC", "contrasena_eis").entidad_codigo == "RNEC"
    nombre, tipos = _entidades_del_catalogo()["RNEC"]
    assert nombre == "Registraduría Nacional del Estado Civil"
    assert tipos == {"contrasena_blanca", "contrasena_eis", "contrasena_verde", "contrasena_web",
                     "certificacion_firma"}


@pytest.mark.parametrize(("tipo", "ancho", "alto"), [("contrasena_blanca", 87, 78), ("contrasena_verde", 110, 70)])
def test_contrasenas_de_papel_tamano_reverso_sin_qr_y_pades(emisor: EmisorContrasenasFirmadas, llavero: Llavero,
                                                            tipo: str, ancho: float, alto: float) -> None:
    """§15.4.1 (white, 8.7 × 7.8 cm) and §15.4.3 (green, 11 × 7 cm): titular data on the front, photo and right
    index (or principal) fingerprint boxes on the back, no QR; signed like the others."""
    p = parametros_contrasenas()
    emitido = emisor.emitir_contrasena(contrasena(tipo, titulo=p.tipos[tipo].titulo, con_qr=False,
                                                  numero_preparacion="RNEC-2026-0000001-V2"))
    assert emitido.qr == ""
    lector = PdfReader(io.BytesIO(emitido.pdf))
    assert len(lector.pages) == 2
    for pagina in lector.pages:
        assert float(pagina.mediabox.width) == pytest.approx(ancho * PUNTOS_POR_MM, abs=0.05)
        assert float(pagina.mediabox.height) == pytest.approx(alto * PUNTOS_POR_MM, abs=0.05)
        assert list(pagina.images) == []  # no QR anywhere
    anverso = " ".join(lector.pages[0].extract_text().split())
    for fragmento in ("REGISTRADURÍA NACIONAL DEL ESTADO CIVIL", "RNEC-2026-0000001-V2", "CC 1.020.304.050",
                      "María Fernanda Gómez Restrepo", "17 de septiembre de 2026", "no certifica",
                      "no es un documento de identificación"):
        assert fragmento in anverso
    reverso = " ".join(lector.pages[1].extract_text().split())
    assert "FOTOGRAFÍA" in reverso and "HUELLA ÍNDICE DERECHO" in reverso
    assert "huella indicada como principal" in reverso
    firma = PdfFileReader(io.BytesIO(emitido.pdf)).embedded_signatures[0]
    estado = validate_pdf_signature(firma, _contexto(llavero))
    assert estado.intact and estado.valid and estado.trusted and estado.bottom_line


def test_reposicion_impresa_en_la_verde(emisor: EmisorContrasenasFirmadas) -> None:
    """§15.6: the replacement is a green no-QR receipt that says which one it replaces."""
    nota = "Reposición de la contraseña RNEC-2026-0000001-E1 por pérdida."
    emitido = emisor.emitir_contrasena(contrasena("contrasena_verde", con_qr=False, nota_reposicion=nota))
    texto = " ".join(PdfReader(io.BytesIO(emitido.pdf)).pages[0].extract_text().split())
    assert "REPOSICIÓN" in texto and "RNEC-2026-0000001-E1 por pérdida" in texto
