"""Issue 9 §4: documents that look issued by their authority, on the real database and real signing keys.

Each document is issued through its use case (approval of a certificado de residencia, preparation of a contraseña
EIS, a certificación de firma, Circular Única RNEC §7.3 and §15.4.2), read back from the file store and checked as
a reader would: the text (pypdf), the drawing (content stream operators, image XObjects), the picture (pdftoppm)
and the signature (pyHanko).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from PIL import Image
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from domain.casos_uso import Contexto
from domain.casos_uso.contrasenas import SolicitarDocumentoIdentidad, solicitar_documento_identidad
from domain.casos_uso.decisiones import aprobar, asignar
from domain.casos_uso.firmas import certificar_firma
from domain.casos_uso.personas import crear_funcionario
from domain.casos_uso.solicitudes import radicar_solicitud
from domain.comandos import Asignar, Decidir
from domain.contrasenas import parametros_contrasenas
from domain.personas import Rol
from domain.reloj import RelojFijo
from signing.contrasena_pdf import EmisorContrasenasFirmadas
from signing.emisor import EmisorFirmado
from signing.llaves import Llavero, cargar_llavero, generar_llaves_entidad
from tests.builders import nueva_persona, radicar_cmd, verificar_todo
from tests.integracion.conftest import HOY
from tests.unit.test_firmas import _certificar, _registrar

pytestmark = pytest.mark.db

URL_BASE = "http://127.0.0.1:8000"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
# PDF path painting after construction: m/l/c build a path, S/f/B stroke or fill it (the seal's rings and star).
TRAZADO = re.compile(rb"[\d.]+ [\d.]+ m\b.*?\b(?:S|s|f|f\*|B|B\*|b)\n", re.DOTALL)


@pytest.fixture(scope="module")
def llavero(tmp_path_factory: pytest.TempPathFactory) -> Llavero:
    carpeta: Path = tmp_path_factory.mktemp("llaves_autoridad")
    desde = datetime(2025, 1, 1, tzinfo=UTC)
    generar_llaves_entidad(carpeta, "SDG-BOGOTA", "Secretaría Distrital de Gobierno de Bogotá", ahora=desde)
    p = parametros_contrasenas()
    generar_llaves_entidad(carpeta, p.entidad, p.entidad_nombre, ahora=desde)
    return cargar_llavero(carpeta)


@pytest.fixture
def firmado(ctx: Contexto, reloj: RelojFijo, llavero: Llavero) -> Contexto:
    return replace(ctx, emisor=EmisorFirmado(llavero, URL_BASE, reloj=reloj),
                   contrasenas=EmisorContrasenasFirmadas(llavero, URL_BASE, reloj=reloj))


def _pdf(ctx: Contexto, documento_id: uuid.UUID) -> bytes:
    with ctx.uow() as uow:
        documento = uow.documentos.obtener(documento_id)
    assert documento is not None and documento.archivo is not None
    return ctx.almacen.leer(documento.archivo.sha256)


def _texto(pdf: bytes) -> str:
    return " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


def _comun(pdf: bytes, numero: str, llavero: Llavero, tmp_path: Path) -> str:
    """What every such document must show and be; returns its text for the document's own checks."""
    texto = _texto(pdf)
    assert numero in texto
    assert not UUID.search(texto), "identificador interno en el documento"
    assert "seed" not in texto.lower()
    assert "CÓMO VERIFICAR ESTE DOCUMENTO" in texto
    pagina = PdfReader(io.BytesIO(pdf)).pages[0]
    # The seal is vector drawing: paths in the content stream, and the QR is the page's only image.
    contenido = pagina.get_contents()
    assert contenido is not None and len(TRAZADO.findall(contenido.get_data())) >= 10
    assert len(list(pagina.images)) == 1
    # The PAdES signature still validates with the entidad's root.
    raices = [asn1_x509.Certificate.load(r.public_bytes(serialization.Encoding.DER)) for r in llavero.raices()]
    estado = validate_pdf_signature(PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0],
                                    ValidationContext(trust_roots=raices))
    assert estado.intact and estado.valid and estado.trusted and estado.bottom_line
    # The page's middle (40 %–70 % of its height) carries ink. Before issue 9 §4 the residence certificate had
    # 2.5 % there (three short paragraphs, then white down to the footer); now it is above 6 %.
    assert _tinta(pdf, tmp_path, (0.4, 0.7)) > 0.045, "el centro de la página está vacío"
    return texto


def _tinta(pdf: bytes, tmp_path: Path, banda: tuple[float, float]) -> float:
    """Share of non-white pixels in a horizontal band of page 1 (fractions of the height), rendered by poppler."""
    assert shutil.which("pdftoppm"), "poppler-utils: bash scripts/instalar-sistema.sh"
    entrada, salida = tmp_path / "doc.pdf", tmp_path / "pagina"
    entrada.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-singlefile", "-f", "1", str(entrada), str(salida)], check=True)
    with Image.open(f"{salida}.png") as imagen:
        gris = imagen.convert("L")
        ancho, alto = gris.size
        franja = gris.crop((0, int(alto * banda[0]), ancho, int(alto * banda[1])))
        pixeles = list(franja.tobytes())  # one byte per pixel in mode L
    return sum(1 for p in pixeles if p < 200) / len(pixeles)


def test_certificado_de_residencia(firmado: Contexto, llavero: Llavero, tmp_path: Path) -> None:
    titular = nueva_persona(firmado)  # CC 1020304050
    s = radicar_solicitud(radicar_cmd(titular, HOY), firmado)
    revisora = crear_funcionario("apc", "Ana Lucía Pérez Cárdenas", "SDG-BOGOTA", Rol.REVISOR, "hash-" + "x" * 20,
                                 firmado)
    asignar(Asignar(s.id, revisora.id), firmado)
    verificar_todo(firmado, s.id, revisora.id)
    s = aprobar(Decidir(s.id, revisora.id), firmado)
    assert s.documento_id is not None
    with firmado.uow() as uow:
        documento = uow.documentos.obtener(s.documento_id)
    assert documento is not None
    texto = _comun(_pdf(firmado, s.documento_id), documento.numero, llavero, tmp_path)
    assert "La Secretaría Distrital de Gobierno de Bogotá certifica que" in texto
    assert "CC 1.020.304.050" in texto and "1020304050" not in texto
    # The official who approved it with her cargo (catalogue: certificado_residencia.toml [cargos].revisor) ...
    assert "APROBÓ Ana Lucía Pérez Cárdenas Profesional de certificados de residencia" in texto
    # ... and the holder of the digital signature, as the signing certificate names it.
    kid = llavero.firmante("SDG-BOGOTA").kid.hex().upper()
    assert f"FIRMA DIGITAL Secretaría Distrital de Gobierno de Bogotá Certificado de firma digital {kid}" in texto
    assert f"Número del documento: {documento.numero}" in texto


def test_contrasena_eis(firmado: Contexto, llavero: Llavero, tmp_path: Path) -> None:
    titular = nueva_persona(firmado, "1020345678")
    oficial = crear_funcionario("jrm", "Jorge Ramírez Mejía", "RNEC", Rol.REVISOR, "hash-" + "x" * 20, firmado)
    cmd = SolicitarDocumentoIdentidad(titular.id, "CC", "primera_vez", "RNEC-BOG-CENTRO", oficial.id)
    _, documento = solicitar_documento_identidad(cmd, firmado)
    texto = _comun(_pdf(firmado, documento.id), documento.numero, llavero, tmp_path)
    assert "La Registraduría Nacional del Estado Civil expide este comprobante" in texto
    assert "CC 1.020.345.678" in texto
    # Catalogue: identidad/contrasenas.toml [cargos].revisor.
    assert "Expidió: Jorge Ramírez Mejía, Servidor(a) de registro civil e identificación." in texto
    assert "Firma digital: Registraduría Nacional del Estado Civil. Certificado de firma digital" in texto


def test_certificacion_de_firma(firmado: Contexto, llavero: Llavero, tmp_path: Path) -> None:
    emitida = certificar_firma(_certificar(firmado, _registrar(firmado)), firmado)
    texto = _comun(_pdf(firmado, emitida.documento.id), emitida.documento.numero, llavero, tmp_path)
    assert "La Registraduría Nacional del Estado Civil certifica que la firma" in texto
    assert "Identificación: CC 52.123.456" in texto
    # The RNEC official who issued it ("certificador", a revisor) and the signature holder.
    assert "APROBÓ Certificador Servidor(a) de registro civil e identificación" in texto
    assert "FIRMA DIGITAL Registraduría Nacional del Estado Civil Certificado de firma digital" in texto
