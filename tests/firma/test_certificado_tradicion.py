"""Certificados de libertad y tradición, signed (seed 003 §2.3 T-18 and T-33, §5.3 "historial de actuaciones", §6.2).

T-33: "la titularidad del dominio, las características del vehículo, medidas cautelares, limitaciones, gravámenes y
un registro histórico donde se refleja todas las actuaciones y trámites realizados al automotor desde la fecha de
expedición de la matrícula inicial"; T-18, the same for a remolque o semirremolque. Issued on a real database
(SQLite, or PostgreSQL with VENTANILLA_TEST_DATABASE_URL), with real keys: the PAdES signature is checked by pyHanko
and by poppler's pdfsig, the QR is decoded by zxing-cpp from the rendered page and verified, the text is read back.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import cbor2
import httpx
import pytest
import segno
import zxingcpp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from PIL import Image
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader
from starlette.applications import Starlette

from admin import rutas_publicas
from domain.casos_uso import Contexto
from domain.casos_uso.certificados import verificar_en_linea
from domain.casos_uso.revocacion import revocar_documento
from domain.casos_uso.tradicion import emitir_certificado_tradicion
from domain.documentos import Documento
from domain.errores import DatoInvalido
from domain.motor.catalogo import CatalogoTramites
from domain.personas import Persona
from domain.reloj import RelojFijo
from domain.tradicion import CertificadoTradicionAEmitir
from domain.valores import Identificacion
from domain.vehiculos import ClaseVehiculo, Gravamen, MedidaCautelar, Servicio, Vehiculo
from persistence.almacen import AlmacenLocal
from persistence.db import crear_motor
from persistence.inspeccion_archivos import InspectorContenido
from persistence.migrar import migrar
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL
from signing.codigo_qr import VERSION_MAXIMA, renderizar_qr
from signing.emisor import EmisorFirmado
from signing.llaves import Llavero, cargar_llavero, generar_llaves_entidad
from signing.pdf_tradicion import RenderizadorCertificadoTradicion
from signing.reclamos import ReclamosCertificado, ReclamosInvalidos, codificar_reclamos, decodificar_reclamos
from signing.verificacion import VerificadorFirmas
from tests.bd import url_aislada
from tests.fakes import ahora_bogota
from tests.firma.test_firma_pdfsig import _nss_con_raices, _pdfsig
from tests.integracion import datos

pytestmark = pytest.mark.db

URL_BASE = "http://127.0.0.1:8000"
ENTIDAD = "MOVILIDAD-CHIA"
HOY = date(2026, 3, 17)
TRAMITES = CatalogoTramites.cargar()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def llavero(tmp_path_factory: pytest.TempPathFactory) -> Llavero:
    carpeta = tmp_path_factory.mktemp("llaves_movilidad")
    generar_llaves_entidad(carpeta, ENTIDAD, "Secretaría de Movilidad de Chía", ahora=datetime(2026, 1, 1, tzinfo=UTC))
    return cargar_llavero(carpeta)


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory, llavero: Llavero) -> Iterator[Contexto]:
    directorio = tmp_path_factory.mktemp("tradicion")
    url = url_aislada(directorio, "tradicion")
    migrar(url)
    motor = crear_motor(url)
    reloj = RelojFijo(ahora_bogota(HOY.year, HOY.month, HOY.day))
    yield Contexto(FabricaUnidadDeTrabajoSQL.desde_motor(motor), AlmacenLocal(directorio / "archivos"), reloj,
                   TRAMITES, EmisorFirmado(llavero, URL_BASE, reloj=reloj),
                   VerificadorFirmas(llavero.publico()), inspector=InspectorContenido())
    motor.dispose()


@dataclasses.dataclass
class Emision:
    documento: Documento
    pdf: bytes
    vehiculo: Vehiculo
    personas: dict[str, Persona]


def _persona(tipo: str, numero: str, nombres: str, apellidos: str) -> Persona:
    return datos.persona(identificacion=Identificacion.crear(tipo, numero), nombres=nombres, apellidos=apellidos)


def _anotaciones(v: Vehiculo, cuantas: int, serie: str) -> None:
    for i in range(cuantas):
        v.anotar(date(2010 + i // 6, 1 + i % 12, 1 + i % 28), "Traspaso" if i % 2 else "Duplicado de placas",
                 f"MOV-{serie}-{i:05d}", f"Anotación {serie}-{i:02d}: actuación registrada sobre el vehículo.")


def _emitir(ctx: Contexto, *, codigo: str, placa: str, clase: ClaseVehiculo, cuantas: int,
            detalle_largo: str = "") -> Emision:
    """A vehicle with two owners (an empresa after a traspaso), a prenda, an embargo and ``cuantas`` anotaciones."""
    sufijo = str(uuid.uuid4().int)[:6]
    ana = _persona("CC", f"1020{sufijo}", "Ana María", "Pérez Gómez")
    empresa = _persona("NIT", "8001972684" if codigo == "CHIA-T33" else "9003731153", "Transportes La Sabana S.A.S.",
                       "—")
    pedro = _persona("CC", f"79{sufijo}", "Pedro José", "Ramírez Suárez")
    with ctx.uow() as uow:  # the empresa may already be registered (one row per identification)
        empresa = uow.personas.por_identificacion(empresa.identificacion) or empresa
        for p in (ana, empresa, pedro):
            if uow.personas.obtener(p.id) is None:
                uow.personas.agregar(p)
        uow.commit()
    marca = "Fruehauf" if placa.startswith("R") else "Renault"
    motor = "M123456" if clase is ClaseVehiculo.AUTOMOTOR else ""
    v = Vehiculo(uuid.uuid4(), placa, clase, Servicio.PARTICULAR, marca, "Logan", 2018, "Blanco", motor, "C987654",
                 organismo=ENTIDAD, cilindraje=1600 if motor else None)
    v.traspasar([ana.id], date(2018, 6, 1), "MOV-2018-000001")
    v.traspasar([empresa.id], date(2021, 2, 3), "MOV-2021-000002")
    v.inscribir_gravamen(Gravamen(uuid.uuid4(), "prenda", "Banco de Bogotá S.A.", "Contrato de prenda 4471",
                                  date(2021, 2, 4), "MOV-2021-000003"))
    v.medidas.append(MedidaCautelar(uuid.uuid4(), "embargo", "Juzgado 2 Civil Municipal de Chía", "Oficio 1187",
                                    date(2023, 8, 9)))
    _anotaciones(v, cuantas, sufijo)
    if detalle_largo:
        v.anotar(date(2025, 1, 2), "Inscripción de medida cautelar", f"MOV-{sufijo}-LARGA", detalle_largo)
    tramite = TRAMITES.vigente(codigo, HOY)
    solicitud = dataclasses.replace(datos.solicitud(pedro, radicado=f"MOV-2026-{sufijo}", entidad=ENTIDAD),
                                    tramite=codigo, tramite_version=tramite.vigente_desde)
    with ctx.uow() as uow:
        uow.vehiculos.agregar(v)
        uow.solicitudes.agregar(solicitud)
        uow.commit()
    with ctx.uow() as uow:
        leido, titular = uow.vehiculos.por_placa(placa), uow.personas.obtener(pedro.id)
        assert leido is not None and titular is not None
        documento = emitir_certificado_tradicion(uow, ctx, solicitud=solicitud, vehiculo=leido, titular=titular)
        uow.commit()
    assert documento.archivo is not None
    return Emision(documento, ctx.almacen.leer(documento.archivo.sha256), v,
                   {"ana": ana, "empresa": empresa, "pedro": pedro})


@pytest.fixture(scope="module")
def automotor(ctx: Contexto) -> Emision:
    return _emitir(ctx, codigo="CHIA-T33", placa="ABC123", clase=ClaseVehiculo.AUTOMOTOR, cuantas=60)


def _texto(pdf: bytes) -> str:
    """Every page's text in drawing order (a table cell's lines stay together), whitespace collapsed."""
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def _qr_de_la_pagina(pdf: bytes, tmp_path: Path) -> str:
    """Render page 1 as a phone camera would see a print (150 dpi) and decode the QR from the picture."""
    archivo = tmp_path / "certificado.pdf"
    archivo.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(archivo), str(tmp_path / "p")],
                   check=True)
    [png] = sorted(tmp_path.glob("p*.png"))
    [lectura] = zxingcpp.read_barcodes(Image.open(png), formats=zxingcpp.BarcodeFormat.QRCode)
    return str(lectura.text)


def test_t33_documento_numerado_y_guardado(ctx: Contexto, automotor: Emision) -> None:
    d = automotor.documento
    assert d.tipo == "certificado_tradicion" and d.entidad == ENTIDAD
    assert re.fullmatch(r"CT-2026-\d{6}", d.numero)
    assert d.fecha_expedicion == HOY and d.vigente_hasta is None  # T-33 gives it no vigencia
    assert d.archivo is not None and d.archivo.nombre == f"{d.numero.lower()}.pdf"
    with ctx.uow() as uow:
        guardado = uow.documentos.obtener(d.id)
    assert guardado is not None and guardado.numero == d.numero and guardado.clave_firma == d.clave_firma


def test_t33_firma_pades_valida_con_pyhanko(automotor: Emision, llavero: Llavero) -> None:
    firma = PdfFileReader(io.BytesIO(automotor.pdf)).embedded_signatures[0]
    raices = [asn1_x509.Certificate.load(r.public_bytes(serialization.Encoding.DER)) for r in llavero.raices()]
    estado = validate_pdf_signature(firma, ValidationContext(trust_roots=raices))
    assert estado.intact and estado.valid and estado.trusted and estado.bottom_line
    assert firma.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"


@pytest.mark.skipif(not (shutil.which("pdfsig") and shutil.which("certutil")), reason="pdfsig/certutil ausentes")
def test_t33_firma_valida_con_pdfsig_y_alterado_no(automotor: Emision, llavero: Llavero, tmp_path: Path) -> None:
    nss = _nss_con_raices(tmp_path, llavero)
    pdf = tmp_path / "ct.pdf"
    pdf.write_bytes(automotor.pdf)
    salida = _pdfsig(pdf, nss)
    assert "Signature is Valid." in salida and "Certificate is Trusted." in salida, salida
    alterado = bytearray(automotor.pdf)
    alterado[alterado.index(b"stream") + 40] ^= 0x01
    pdf.write_bytes(bytes(alterado))
    assert "Signature is Valid." not in _pdfsig(pdf, nss)


def test_t33_qr_de_la_pagina_verifica_y_lleva_la_placa(ctx: Contexto, automotor: Emision, llavero: Llavero,
                                                      tmp_path: Path) -> None:
    texto = _qr_de_la_pagina(automotor.pdf, tmp_path)
    assert texto.startswith("HTTP://127.0.0.1:8000/V/1/")
    assert int(segno.make(texto, error="m", boost_error=False).version) <= VERSION_MAXIMA  # the plate fits
    verificacion = VerificadorFirmas(llavero.publico()).verificar(texto)
    assert verificacion.valido and verificacion.documento_id == automotor.documento.id
    assert verificacion.reclamos["tipo"] == "certificado_tradicion"
    assert verificacion.reclamos["placa"] == "ABC123"
    assert verificacion.reclamos["numero"] == automotor.documento.numero
    assert verificacion.reclamos["titular"] == "Pedro José Ramírez Suárez"
    resultado = verificar_en_linea(texto, ctx)
    assert (resultado.estado, resultado.placa, resultado.numero) == ("vigente", "ABC123", automotor.documento.numero)
    # One flipped character of the signed payload: no longer authentic.
    cambiado = texto[:-5] + ("A" if texto[-5] != "A" else "B") + texto[-4:]
    assert not VerificadorFirmas(llavero.publico()).verificar(cambiado).valido
    assert verificar_en_linea(cambiado, ctx).estado == "invalido"


def test_t33_contenido_completo_en_varias_paginas(automotor: Emision) -> None:
    """§2.3 T-33: dominio, características, medidas, limitaciones y gravámenes, and every anotación of 60."""
    paginas = len(PdfReader(io.BytesIO(automotor.pdf)).pages)
    assert paginas >= 3
    texto = _texto(automotor.pdf)
    ana, pedro = automotor.personas["ana"], automotor.personas["pedro"]
    esperado = [
        "La Secretaría de Movilidad de Chía certifica que", "placa ABC123",
        "CERTIFICADO DE LIBERTAD Y TRADICIÓN DE UN VEHÍCULO AUTOMOTOR", automotor.documento.numero,
        "Fecha de expedición: 17/03/2026", "Estado de la matrícula: Activa",
        "Renault", "Logan", "2018", "1.600 c.c.", "M123456", "C987654",
        ana.nombre_completo, f"CC {int(ana.identificacion.numero):,}".replace(",", "."), "01/06/2018",
        "Transportes La Sabana S.A.S. NIT 800.197.268-4", "03/02/2021", "Actual",
        "Prenda", "Banco de Bogotá S.A.", "Contrato de prenda 4471", "Vigente",
        "Embargo", "Juzgado 2 Civil Municipal de Chía", "Oficio 1187", "09/08/2023",
        f"Se expide a solicitud de {pedro.nombre_completo}",
        "Resolución 5721 de 2019 de Chía, trámite 33",
        "Cómo verificar este certificado", "http://127.0.0.1:8000/verificar",
        f"Página 1 de {paginas}", f"Página {paginas} de {paginas}",
        "Fin del certificado: 60 anotaciones en el histórico",
    ]
    faltan = [f for f in esperado if f not in texto]
    assert not faltan, faltan
    for anotacion in automotor.vehiculo.historia:
        # Each row exactly once: none lost at a page break, none repeated on the next page.
        assert texto.count(anotacion.radicado) == 1, anotacion.radicado
        assert anotacion.detalle in texto
        assert anotacion.fecha.strftime("%d/%m/%Y") in texto
    assert "seed" not in texto.lower() and ".toml" not in texto
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", texto), "fechas ISO en el certificado"


def test_t18_remolque_con_su_titulo_y_una_anotacion_mas_larga_que_una_pagina(ctx: Contexto) -> None:
    """T-18 prints the same record for a remolque; a single anotación longer than a page is split, not cut."""
    palabras = [f"palabra{i:03d}" for i in range(900)]
    e = _emitir(ctx, codigo="CHIA-T18", placa="R12345", clase=ClaseVehiculo.REMOLQUE, cuantas=3,
                detalle_largo=" ".join(palabras))
    texto = _texto(e.pdf)
    assert "CERTIFICADO DE LIBERTAD Y TRADICIÓN DEL REMOLQUE O SEMIRREMOLQUE" in texto
    assert "Resolución 5721 de 2019 de Chía, trámite 18" in texto and "Remolque" in texto
    assert "NIT 900.373.115-3" in texto and "Banco de Bogotá S.A." in texto
    assert len(PdfReader(io.BytesIO(e.pdf)).pages) >= 3
    assert [p for p in palabras if p not in texto] == []
    assert "Fin del certificado: 4 anotaciones" in texto


def test_consecutivo_y_clase_equivocada(ctx: Contexto, automotor: Emision) -> None:
    """Numbers follow one another; T-18 (remolques) refuses an automotor (seed 003 §2.3)."""
    otro = _emitir(ctx, codigo="CHIA-T33", placa="XYZ987", clase=ClaseVehiculo.AUTOMOTOR, cuantas=1)
    anterior = int(automotor.documento.numero.rsplit("-", 1)[1])
    assert int(otro.documento.numero.rsplit("-", 1)[1]) > anterior
    with pytest.raises(DatoInvalido, match="remolque o semirremolque"):
        _emitir(ctx, codigo="CHIA-T18", placa="JKL456", clase=ClaseVehiculo.AUTOMOTOR, cuantas=1)


@pytest.mark.anyio
async def test_pagina_publica_muestra_el_certificado_y_luego_revocado(ctx: Contexto, tmp_path: Path) -> None:
    e = _emitir(ctx, codigo="CHIA-T33", placa="DEF456", clase=ClaseVehiculo.AUTOMOTOR, cuantas=2)
    ruta = "/" + _qr_de_la_pagina(e.pdf, tmp_path).split("/", 3)[3]
    app = Starlette(routes=rutas_publicas(ctx))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        html = (await c.get(ruta)).text
        assert "<dt>Solicitado por</dt><dd>Pedro José Ramírez Suárez</dd>" in html  # not «Titular»: not the owner
        for fragmento in ("Vigente", "Certificado de libertad y tradición", "Placa del vehículo", "DEF456",
                          e.documento.numero, "Secretaría de Movilidad de Chía", "17/03/2026"):
            assert fragmento in html, fragmento
        coordinador = dataclasses.replace(datos.funcionario("coordinadora_movilidad", ENTIDAD), activo=True)
        with ctx.uow() as uow:
            uow.funcionarios.agregar(coordinador)
            uow.commit()
        revocar_documento(e.documento.id, coordinador.id, "Expedido sobre un registro con error de digitación.", ctx)
        html = (await c.get(ruta)).text
    assert "Revocado" in html and "Expedido sobre un registro con error de digitación." in html


def test_solicitud_de_otro_tramite_no_expide_tradicion(ctx: Contexto, automotor: Emision) -> None:
    solicitud = dataclasses.replace(datos.solicitud(automotor.personas["pedro"], entidad=ENTIDAD),
                                    tramite="CHIA-T21", tramite_version=TRAMITES.vigente("CHIA-T21", HOY).vigente_desde)
    with ctx.uow() as uow, pytest.raises(Exception, match="no expide un certificado de libertad y tradición"):
        emitir_certificado_tradicion(uow, ctx, solicitud=solicitud, vehiculo=automotor.vehiculo,
                                     titular=automotor.personas["pedro"])


def test_reclamo_de_placa_va_y_vuelve_y_solo_cuando_hay_placa() -> None:
    """docs/firma.md §4: "p" is signed only on a vehicle's document; other documents keep their exact claims."""
    base = ReclamosCertificado("MOVILIDAD-CHIA", uuid.uuid4(), datetime(2026, 3, 17, 15, tzinfo=UTC), None,
                               "certificado_tradicion", "CT-2026-000001", "Pedro José Ramírez Suárez",
                               "CC 79111222", HOY, None)
    assert "p" not in cbor2.loads(codificar_reclamos(base))[-70000] and "placa" not in base.como_dict()
    con_placa = dataclasses.replace(base, placa="ABC123")
    assert decodificar_reclamos(codificar_reclamos(con_placa)) == con_placa
    with pytest.raises(ReclamosInvalidos):
        codificar_reclamos(dataclasses.replace(base, placa=""))


def test_sin_fuente_incrustada_tambien_pagina(automotor: Emision) -> None:
    """The core-font fallback (no DejaVu installed) draws the same multi-page certificate."""
    c = CertificadoTradicionAEmitir(
        documento_id=uuid.uuid4(), tipo="certificado_tradicion", titulo="Certificado de libertad y tradición",
        entidad_codigo=ENTIDAD, entidad_nombre="Secretaría de Movilidad de Chía", numero="CT-2026-999999",
        titular_nombre="Pedro", titular_identificacion="CC 79111222", fecha_expedicion=HOY, vigente_hasta=None,
        cuerpo=("La Secretaría de Movilidad de Chía certifica…",), entidad_articulo="La", placa="ABC123",
        clase="automotor", estado_matricula="Cancelada por hurto", caracteristicas=(("Placa", "ABC123"),),
        propietarios=(), gravamenes=(), medidas=(), historia=tuple(automotor.vehiculo.historia), radicado="MOV-1",
        fuente="Resolución 5721 de 2019 de Chía, trámite 33")
    png = renderizar_qr("HTTP://127.0.0.1:8000/V/1/ABC").png
    pdf = RenderizadorCertificadoTradicion(None).renderizar(c, png, URL_BASE + "/verificar")
    texto = _texto(pdf)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2
    assert "Estado de la matrícula: Cancelada por hurto" in texto
    assert "El vehículo no tiene limitaciones ni gravámenes vigentes." in texto
    assert all(a.radicado in texto for a in automotor.vehiculo.historia)
