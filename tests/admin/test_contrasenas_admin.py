"""Contraseñas over HTTP: the Registraduría's admin pages and the public QR page (seed 002 §15.4-15.6)."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import zxingcpp
from pypdf import PdfReader
from starlette.applications import Starlette
from starlette.routing import Mount

from admin import crear_admin, rutas_publicas
from admin.limites_ingreso import LimitesIngreso
from domain.casos_uso import Contexto
from domain.casos_uso.contrasenas import listar_tramites_identidad
from domain.contrasenas import parametros_contrasenas
from domain.motor.catalogo import CatalogoTramites
from domain.reloj import RelojFijo
from persistence.inspeccion_archivos import InspectorContenido
from signing.contrasena_pdf import EmisorContrasenasFirmadas
from signing.llaves import cargar_llavero, generar_llaves_entidad
from signing.verificacion import VerificadorFirmas
from tests.admin.conftest import CLAVE, ingresar, nuevo_funcionario, token_de
from tests.builders import nueva_persona
from tests.fakes import FakeAlmacen, FakeEmisor, FakeUnidadDeTrabajo
from tests.fakes_identidad import FakeEmisorContrasenas

pytestmark = pytest.mark.anyio


@pytest.fixture
def ctx(ctx: Contexto) -> Contexto:
    contexto = replace(ctx, contrasenas=FakeEmisorContrasenas())
    nuevo_funcionario(contexto, "registrador", entidad="RNEC")
    nuevo_funcionario(contexto, "revisora")  # SDG-BOGOTA
    nueva_persona(contexto)
    return contexto


async def _crear(cliente: httpx.AsyncClient, token: str, **campos: str) -> httpx.Response:
    datos = {"csrf_token": token, "identificacion_tipo": "CC", "identificacion_numero": "1020304050",
             "tipo_documento": "CC", "clase": "primera_vez", "oficina": "RNEC-BOG-CENTRO", "canal": "eis", **campos}
    return await cliente.post("/admin/identidad", data=datos)


async def test_funcionario_de_otra_entidad_no_entra(cliente: httpx.AsyncClient) -> None:
    token = await ingresar(cliente, "revisora", CLAVE)
    assert "Documentos de identidad" not in (await cliente.get("/admin/")).text
    assert (await cliente.get("/admin/identidad")).status_code == 403
    assert (await _crear(cliente, token)).status_code == 403


async def test_sin_sesion_va_a_ingresar(cliente: httpx.AsyncClient) -> None:
    r = await cliente.get("/admin/identidad")
    assert r.status_code == 303 and r.headers["location"].endswith("/admin/ingresar")


async def test_post_sin_csrf_se_rechaza(cliente: httpx.AsyncClient, ctx: Contexto) -> None:
    await ingresar(cliente, "registrador", CLAVE)
    r = await _crear(cliente, "token-falso")
    assert r.status_code == 403
    assert listar_tramites_identidad(ctx) == []


async def test_crear_cambiar_estado_y_descargar(cliente: httpx.AsyncClient, ctx: Contexto) -> None:
    token = await ingresar(cliente, "registrador", CLAVE)
    lista = await cliente.get("/admin/identidad")
    assert lista.status_code == 200 and "Aún no hay trámites" in lista.text
    assert "Registraduría Nacional del Estado Civil" in lista.text  # entidad name, though not in the catálogo
    r = await _crear(cliente, token)
    assert r.status_code == 303
    detalle = await cliente.get(r.headers["location"])
    assert detalle.status_code == 200
    assert "Trámite creado" in detalle.text and "RNEC-2026-0000001" in detalle.text
    assert "En producción" in detalle.text and "no certifica" in detalle.text
    enlace = re.search(r'href="(/admin/identidad/contrasenas/[^"]+)"', detalle.text)
    assert enlace
    pdf = await cliente.get(enlace.group(1))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-disposition"].startswith("attachment")
    accion = re.search(r'action="(/admin/identidad/[^"]+/estado)"', detalle.text)
    assert accion
    # Delivered straight from production: refused, shown on the page.
    r = await cliente.post(accion.group(1), data={"csrf_token": token, "estado": "entregado"})
    assert r.status_code == 409 and "no puede pasar a entregado" in r.text
    r = await cliente.post(accion.group(1), data={"csrf_token": token, "estado": "disponible_para_entrega",
                                                  "oficina_entrega": "RNEC-CHIA"})
    assert r.status_code == 303
    pagina = await cliente.get(r.headers["location"])
    assert "Disponible para entrega en Registraduría Municipal de Chía" in pagina.text
    r = await cliente.post(accion.group(1), data={"csrf_token": token, "estado": "entregado"})
    assert r.status_code == 303
    assert "Entregado" in (await cliente.get("/admin/identidad")).text


async def test_errores_del_formulario(cliente: httpx.AsyncClient, ctx: Contexto) -> None:
    token = await ingresar(cliente, "registrador", CLAVE)
    r = await _crear(cliente, token, identificacion_numero="99999999")
    assert r.status_code == 404 and "No hay una persona registrada" in r.text
    assert 'value="99999999"' in r.text  # the form keeps what was typed
    r = await _crear(cliente, token, canal="web", clase="renovacion")
    assert r.status_code == 422 and "solo se solicitan duplicados" in r.text
    r = await _crear(cliente, token, canal="web", clase="duplicado")
    assert r.status_code == 303
    assert (await cliente.get("/admin/identidad/no-es-un-uuid")).status_code == 404


async def test_pagina_publica_de_la_contrasena(cliente: httpx.AsyncClient, ctx: Contexto, reloj: RelojFijo) -> None:
    """§15.4.4: scanning shows the state of the trámite; §15.5: the receipt expires after six months."""
    token = await ingresar(cliente, "registrador", CLAVE)
    await _crear(cliente, token)
    (tramite, _), = listar_tramites_identidad(ctx)
    qr = f"/V/1/QR:{tramite.contrasenas[0]}"
    r = await cliente.get(qr)
    assert r.status_code == 200
    assert "Comprobante de documento en trámite" in r.text
    assert "Vigente hasta el 17/09/2026" in " ".join(r.text.split())
    assert "En producción" in r.text and "Cédula de ciudadanía" in r.text
    assert "no certifica" in r.text and "no es un documento de identificación" in r.text
    assert "1020304050" not in r.text and "Calle 10" not in r.text  # minimal personal data
    reloj.avanzar(days=200)
    r = await cliente.get(qr)
    assert "Vencido: su vigencia de seis meses terminó el 17/09/2026" in " ".join(r.text.split())


async def test_pagina_publica_consulado_nunca_vence(cliente: httpx.AsyncClient, ctx: Contexto,
                                                    reloj: RelojFijo) -> None:
    """§15.5 Nota: consular contraseñas never expire."""
    token = await ingresar(cliente, "registrador", CLAVE)
    await _crear(cliente, token, oficina="CONS-MADRID")
    (tramite, _), = listar_tramites_identidad(ctx)
    reloj.avanzar(days=5 * 365)
    r = await cliente.get(f"/V/1/QR:{tramite.contrasenas[0]}")
    texto = " ".join(r.text.split())
    assert "sin vencimiento (trámite consular)" in texto and "Consulado de Colombia en Madrid" in texto
    assert 'class="estado-vigente"' in r.text


async def test_qr_real_de_contrasena_abre_la_pagina(tmp_path: Path) -> None:
    """The real signer's QR URL (with kind ``contrasena_eis``) opens the contraseña section of the page."""
    p = parametros_contrasenas()
    generar_llaves_entidad(tmp_path, p.entidad, p.entidad_nombre)
    llavero = cargar_llavero(tmp_path)
    reloj = RelojFijo(datetime.now(UTC))
    emisor = EmisorContrasenasFirmadas(llavero, "https://ventanilla.example.gov.co", reloj=reloj)
    ctx = Contexto(FakeUnidadDeTrabajo(), FakeAlmacen(), reloj, CatalogoTramites.predeterminado(), FakeEmisor(),  # type: ignore[arg-type]
                   VerificadorFirmas(llavero), contrasenas=emisor,
                   inspector=InspectorContenido())
    nuevo_funcionario(ctx, "registrador", entidad="RNEC")
    nueva_persona(ctx)
    admin = crear_admin(ctx, secret_key="clave-de-pruebas-" + "x" * 32,
                        limites_ingreso=LimitesIngreso.en_memoria(maximo=3, ventana=60))
    app = Starlette(routes=[Mount("/admin", admin), *rutas_publicas(ctx)])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                 base_url="https://ventanilla.example.gov.co") as c:
        pagina = await c.get("/admin/ingresar")
        await c.post("/admin/ingresar", data={"usuario": "registrador", "clave": CLAVE,
                                              "csrf_token": token_de(pagina.text)})
        token = token_de((await c.get("/admin/identidad")).text)
        assert (await _crear(c, token)).status_code == 303
        (tramite, _), = listar_tramites_identidad(ctx)
        with ctx.uow() as uow:
            documento = uow.documentos.obtener(tramite.contrasenas[0])
        assert documento is not None and documento.archivo is not None
        imagen = next(iter(PdfReader(io.BytesIO(ctx.almacen.leer(documento.archivo.sha256))).pages[0].images))
        qr = zxingcpp.read_barcodes(imagen.image, formats=zxingcpp.BarcodeFormat.QRCode)[0].text
        r = await c.get(qr.removeprefix("HTTPS://VENTANILLA.EXAMPLE.GOV.CO").lower())
    assert 'class="estado-vigente"' in r.text
    assert "Comprobante de documento en trámite" in r.text and "En producción" in r.text
    assert "Registraduría Nacional del Estado Civil" in r.text
