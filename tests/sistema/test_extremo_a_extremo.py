"""Seed 000 end to end through the composition root: partner over GraphQL, official in the admin, third party on the
QR — on a real database (SQLite, or PostgreSQL when VENTANILLA_TEST_DATABASE_URL is set) with real signing keys."""

from __future__ import annotations

import base64
import io
import json
import re
import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pypdf
import pytest
import zxingcpp
from PIL import Image

from admin.seguridad import hash_clave
from app.composicion import Sistema
from app.config import Settings
from app.web import CSP_API, create_app
from domain.casos_uso.personas import crear_aliado, crear_funcionario
from domain.personas import Rol
from signing.llaves import cargar_llavero
from signing.verificacion import VerificadorFirmas
from tests.admin.conftest import verificar_por_formulario
from tests.builders import PDF_MINIMO, PNG_MINIMO
from tests.sistema.conftest import sistema_nuevo

pytestmark = [pytest.mark.db, pytest.mark.anyio]
CREDENCIAL = "vnt_sistema_" + uuid.uuid4().hex
CLAVE = "Clave-de-prueba-2026"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def sistema(tmp_path_factory: pytest.TempPathFactory) -> Sistema:
    s = sistema_nuevo(tmp_path_factory, "sistema")
    crear_funcionario("revisora", "Laura Revisora", "SDG-BOGOTA", Rol.REVISOR, hash_clave(CLAVE, barato=True),
                      s.contexto)
    crear_aliado("Portal ciudadano", frozenset({"personas", "solicitudes"}), s.contexto, credencial=CREDENCIAL)
    return s


@pytest.fixture
async def cliente(sistema: Sistema) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(sistema.settings, sistema)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        yield c


async def gql(c: httpx.AsyncClient, query: str, variables: dict[str, Any], archivos: dict[str, Any] | None = None
              ) -> dict[str, Any]:
    auth = {"Authorization": f"Bearer {CREDENCIAL}"}
    if archivos is None:
        r = await c.post("/graphql", json={"query": query, "variables": variables}, headers=auth)
    else:
        mapa = {clave: [ruta] for clave, (ruta, _) in archivos.items()}
        r = await c.post("/graphql", headers=auth, data={
            "operations": json.dumps({"query": query, "variables": variables}), "map": json.dumps(mapa)},
            files={clave: contenido for clave, (_, contenido) in archivos.items()})
    assert r.status_code == 200, r.text
    # The composition root mounts the API behind the security headers (app.web.envolver_api).
    assert r.headers["Content-Security-Policy"] == CSP_API and r.headers["X-Frame-Options"] == "DENY"
    cuerpo = r.json()
    assert "errors" not in cuerpo, cuerpo
    return cuerpo["data"]  # type: ignore[no-any-return]


REGISTRAR = """mutation($input: RegistrarPersonaInput!) { registrarPersona(input: $input) {
  __typename ... on RegistrarPersonaOk { persona { id } } ... on Error { codigo mensaje } } }"""
RADICAR = """mutation($input: RadicarSolicitudInput!) { radicarSolicitud(input: $input) {
  __typename ... on RadicarSolicitudOk { solicitud { id radicado estado } } ... on Error { codigo mensaje } } }"""
CONSULTAR = """query($id: ID!) { solicitud(id: $id) { estado certificadoUrl hallazgos { regla resultado fuente } } }"""


async def _radicar(c: httpx.AsyncClient) -> dict[str, Any]:
    persona = await gql(c, REGISTRAR, {"input": {
        "tipoIdentificacion": "CC", "numeroIdentificacion": "1020304050", "nombres": "Ana María",
        "apellidos": "Pérez Gómez", "direccion": "Calle 10 # 5-20", "municipio": "Bogotá D.C.",
        "correo": "ana@example.org"}})
    titular = persona["registrarPersona"]["persona"]["id"]
    fecha = (date.today() - timedelta(days=5)).isoformat()
    variables = {"input": {"tramite": "SDG-CERT-RESIDENCIA", "titularId": titular, "soportes": [
        {"requisito": "documento_identidad", "archivo": None},
        {"requisito": "recibo_servicio_publico", "archivo": None, "fechaDocumento": fecha, "subtipo": "energia"}]}}
    archivos = {"0": ("variables.input.soportes.0.archivo", ("cedula.pdf", PDF_MINIMO, "application/pdf")),
                "1": ("variables.input.soportes.1.archivo", ("recibo-luz.png", PNG_MINIMO, "image/png"))}
    datos = await gql(c, RADICAR, variables, archivos)
    assert datos["radicarSolicitud"]["__typename"] == "RadicarSolicitudOk", datos
    return datos["radicarSolicitud"]["solicitud"]  # type: ignore[no-any-return]


def _token(html: str) -> str:
    encontrado = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert encontrado
    return encontrado.group(1)


async def _aprobar_en_admin(c: httpx.AsyncClient, solicitud_id: str) -> None:
    pagina = await c.get("/admin/ingresar")
    r = await c.post("/admin/ingresar", data={"usuario": "revisora", "clave": CLAVE, "csrf_token": _token(pagina.text)})
    assert r.status_code == 303
    detalle = await c.get(f"/admin/solicitudes/{solicitud_id}")
    assert "Recibo de servicio público" in detalle.text
    r = await c.post(f"/admin/solicitudes/{solicitud_id}/asignarme", data={"csrf_token": _token(detalle.text)})
    assert r.status_code in (200, 303), r.text
    # The official marks each «Revisar» item verified before approval is offered (docs/decisiones.md).
    assert await verificar_por_formulario(c, solicitud_id, _token(detalle.text)) == 3
    r = await c.post(f"/admin/solicitudes/{solicitud_id}/aprobar", data={"csrf_token": _token(detalle.text)})
    assert r.status_code in (200, 303), r.text


def _qr_del_pdf(pdf: bytes) -> str:
    imagenes = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].images
    for imagen in imagenes:
        leidos = zxingcpp.read_barcodes(Image.open(io.BytesIO(imagen.data)), formats=zxingcpp.BarcodeFormat.QRCode)
        if leidos:
            return str(leidos[0].text)
    raise AssertionError("el PDF no tiene un QR legible")


async def test_residencia_de_extremo_a_extremo(cliente: httpx.AsyncClient, sistema: Sistema) -> None:
    """Seed 000: radicar con soportes → estudio → aprobación que emite el certificado → descarga → verificación."""
    solicitud = await _radicar(cliente)
    assert solicitud["estado"] == "RADICADA" and re.fullmatch(r"RES-\d{4}-\d{6}", solicitud["radicado"])
    uuid_solicitud = base64.b64decode(solicitud["id"]).decode().split(":", 1)[1]
    await _aprobar_en_admin(cliente, uuid_solicitud)

    leida = (await gql(cliente, CONSULTAR, {"id": solicitud["id"]}))["solicitud"]
    assert leida["estado"] == "FINALIZADA"
    assert any(h["fuente"].startswith("Guía «Pasos para gestionar exitosamente un Certificado de Residencia»")
               for h in leida["hallazgos"])
    assert not any("seed" in h["fuente"].lower() for h in leida["hallazgos"])  # the norm, never our file names
    pdf = await cliente.get(leida["certificadoUrl"], headers={"Authorization": f"Bearer {CREDENCIAL}"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    qr = _qr_del_pdf(pdf.content)
    assert qr.startswith("HTTP://TESTSERVER/V/1/")
    pagina = await cliente.get(qr.replace("HTTP://TESTSERVER", ""))
    assert pagina.status_code == 200 and "vigente" in pagina.text.lower()
    # Pasted whole, the text must carry this deployment's own address (docs/firma.md §1.1).
    pegado = await cliente.post("/verificar", data={"qr": qr.lower()})
    assert 'class="estado-vigente"' in pegado.text
    ajeno = await cliente.post("/verificar", data={"qr": qr.replace("HTTP://TESTSERVER", "HTTPS://EVIL.EXAMPLE")})
    assert 'class="estado-invalido"' in ajeno.text and "no fue emitido para esta dirección" in ajeno.text

    # Offline, with only the published certificates (no private key): the same text verifies.
    publico = cargar_llavero(Path(sistema.settings.claves))
    assert VerificadorFirmas(publico).verificar(qr).valido
    alterado = qr[:-3] + ("A" if qr[-3] != "A" else "B") + qr[-2:]
    assert not VerificadorFirmas(publico).verificar(alterado).valido


async def test_salud_y_preparacion(cliente: httpx.AsyncClient) -> None:
    assert (await cliente.get("/healthz")).text == "ok"
    r = await cliente.get("/readyz")
    assert r.status_code == 200 and r.json() == {"base_de_datos": "ok", "claves_firma": "ok"}


async def test_readyz_503_sin_base_de_datos(tmp_path: Path, sistema: Sistema) -> None:
    settings = Settings(directorio_datos=tmp_path, directorio_claves=sistema.settings.claves,
                        database_url="postgresql+psycopg://nadie@127.0.0.1:9/x?connect_timeout=1")
    app = create_app(settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        r = await c.get("/readyz")
    assert r.status_code == 503 and r.json()["base_de_datos"] != "ok"
