"""What the Chromium tests share: `make run`'s demo served by uvicorn, its logins, the verification paths of the
demo's documents (read back from their stored PDFs' QR codes), and one headless Debian Chromium per module."""

from __future__ import annotations

import shutil
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page
from sqlalchemy import select

from app.cli_qr import ErrorEntrada, qr_de_pdf
from app.composicion import contexto_de_datos
from app.config import Settings
from app.demo import TODOS_LOGINS
from domain.casos_uso.solicitudes import radicar_solicitud
from domain.reloj import hoy_en_colombia
from persistence import crear_motor
from persistence.tablas import documentos, eventos_documento
from tests.builders import nueva_persona, radicar_cmd

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BANDERAS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]
RAIZ_VAR = Path(__file__).resolve().parents[2] / "var"
CLAVES = {usuario: clave for usuario, clave, _, _ in TODOS_LOGINS}


@dataclass(frozen=True)
class DemoEnMarcha:
    base: str
    entorno: dict[str, str]


@dataclass(frozen=True)
class DocumentoDemo:
    tipo: str
    numero: str
    fecha: str
    ruta: str
    """The QR's URL without scheme and host (the server's own), e.g. /V/1/2KCE…"""


def _settings(demo: DemoEnMarcha) -> Settings:
    return Settings(directorio_datos=Path(demo.entorno["VENTANILLA_DIRECTORIO_DATOS"]),
                    database_url=demo.entorno["VENTANILLA_DATABASE_URL"], entorno="pruebas")


@dataclass
class DocumentosDemo:
    """The demo's documents whose PDF carries a QR: in force by tipo, and the revoked and suspended certificados."""

    vigentes: dict[str, list[DocumentoDemo]]
    revocado: DocumentoDemo
    suspendido: DocumentoDemo


def documentos_demo(demo: DemoEnMarcha) -> DocumentosDemo:
    settings = _settings(demo)
    ctx = contexto_de_datos(settings)
    motor = crear_motor(settings.url_base_datos)
    try:
        with motor.connect() as conexion:
            filas = conexion.execute(select(documentos.c.id, documentos.c.tipo, documentos.c.numero,
                                            documentos.c.fecha_expedicion, documentos.c.archivo_sha256)).all()
            eventos = {d: t for d, t in conexion.execute(select(eventos_documento.c.documento_id,
                                                                eventos_documento.c.tipo))}
    finally:
        motor.dispose()
    vigentes: dict[str, list[DocumentoDemo]] = defaultdict(list)
    otros: dict[str, DocumentoDemo] = {}
    for ident, tipo, numero, fecha, sha in filas:
        if sha is None:
            continue
        try:
            url = qr_de_pdf(ctx.almacen.leer(sha))
        except ErrorEntrada:
            continue  # the paper receipts carry no QR (seed 002 §15.4.1, §15.4.3)
        doc = DocumentoDemo(tipo, numero, fecha.isoformat(), urlsplit(url).path)
        evento = str(eventos.get(ident, ""))
        if evento == "revocacion" and tipo == "certificado_residencia":
            otros["revocado"] = doc
        elif evento == "suspension":
            otros["suspendido"] = doc
        elif not evento:
            vigentes[tipo].append(doc)
    return DocumentosDemo(dict(vigentes), otros["revocado"], otros["suspendido"])


def radicar_pendiente(demo: DemoEnMarcha, cedula: str) -> tuple[str, str]:
    """File one more residence solicitud (radicada, unassigned) in the demo's database, as the portal would; returns
    its admin path and radicado. Each browser test that decides a solicitud keeps to its own, whatever the order the
    tests run in."""
    ctx = contexto_de_datos(_settings(demo))
    persona = nueva_persona(ctx, cedula)
    solicitud = radicar_solicitud(radicar_cmd(persona, hoy_en_colombia(ctx.reloj)), ctx)
    return f"/admin/solicitudes/{solicitud.id}", solicitud.radicado


def ingresar(pagina: Page, base: str, usuario: str) -> None:
    pagina.goto(f"{base}/admin/ingresar")
    pagina.fill("#usuario", usuario)
    pagina.fill("#clave", CLAVES[usuario])
    with pagina.expect_navigation():
        pagina.get_by_role("button", name="Ingresar").click()
