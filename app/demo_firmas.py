"""Demo data for the registro de firmas and one certificación de firma con fines de apostilla (seed 002 §6-7), and a
partner system with the ``apostilla`` scope that may look them up over GraphQL.

Idempotent: if any signature is registered already, nothing changes; the partner's credential is kept in a file.
Called by ``app.demo.cargar_demo`` after ``cargar_demo_identidad`` (it needs the Registraduría's coordinator and a
registered persona).
"""

from __future__ import annotations

import hashlib
import io
from datetime import date, timedelta
from pathlib import Path

from fpdf import FPDF
from PIL import Image, ImageDraw

from app.demo_identidad import LOGIN_RNEC
from domain.casos_uso import Contexto
from domain.casos_uso.contrasenas import buscar_titular
from domain.casos_uso.firmas import CertificarFirma, RegistrarFirma, certificar_firma, listar_firmas, registrar_firma
from domain.casos_uso.firmas_consultas import ALCANCE_APOSTILLA
from domain.casos_uso.personas import crear_aliado, funcionario_por_usuario
from domain.errores import ErrorDominio
from domain.reloj import hoy_en_colombia

ALIADO_APOSTILLA = "Cancillería – apostilla en línea (demostración)"
ARCHIVO_CREDENCIAL_APOSTILLA = "demo_credencial_apostilla.txt"


def _especimen() -> bytes:
    imagen = Image.new("RGB", (240, 80), "white")
    trazo = ImageDraw.Draw(imagen)
    trazo.line([(10, 60), (40, 20), (70, 55), (100, 25), (130, 50), (170, 30), (220, 45)], fill="navy", width=3)
    salida = io.BytesIO()
    imagen.save(salida, format="PNG")
    return salida.getvalue()


def _copia_registro() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(0, 10, "Registro civil de nacimiento - copia de demostracion")
    return bytes(pdf.output())


def cargar_demo_firmas(ctx: Contexto) -> str | None:
    """A registered signature (Registradora de Chía) and one certificación; returns a warning on failure."""
    if listar_firmas(ctx, limite=1):
        return None
    coordinador = funcionario_por_usuario(LOGIN_RNEC[0], ctx)
    solicitante = buscar_titular("CC", "1032456789", ctx)
    if coordinador is None or solicitante is None:
        return "Faltan los datos de demostración de la Registraduría."
    hoy = hoy_en_colombia(ctx.reloj)
    try:
        firma = registrar_firma(RegistrarFirma(
            funcionario_id=coordinador.id, nombre="Marta Lucía Rincón Vargas", identificacion="CC 52123456",
            entidad="Registraduría Municipal de Chía", cargo="Registradora municipal del estado civil",
            resolucion_nombramiento="Resolución 1234 de 2020", fecha_posesion=date(2020, 2, 1),
            especimen_nombre="especimen-rincon.png", especimen=_especimen(),
            huella_certificado=hashlib.sha256(b"certificado de demostracion de Marta Rincon").hexdigest()), ctx)
        certificar_firma(CertificarFirma(
            funcionario_id=coordinador.id, solicitante_id=solicitante.id, firma_id=firma.id,
            tipo_registro="nacimiento", fecha_firma=hoy - timedelta(days=12), tiene_recaudo=True,
            copia_nombre="registro-nacimiento.pdf", copia=_copia_registro()), ctx)
    except ErrorDominio as error:  # e.g. no RNEC signing key: run `ventanilla claves generar`
        return error.mensaje
    return None


def aliado_apostilla(ctx: Contexto, directorio_datos: Path) -> str:
    """The partner with the ``apostilla`` scope (``certificacionFirma``, ``firmasRegistradas``). Its credential is
    generated here, at demo time, kept next to the portal's (``demo_credencial.txt``, mode 0600, under the git-ignored
    data folder — never in the repository) and returned so the demo can print it."""
    archivo = directorio_datos / ARCHIVO_CREDENCIAL_APOSTILLA
    if archivo.exists():
        return archivo.read_text().strip()
    _, credencial = crear_aliado(ALIADO_APOSTILLA, frozenset({ALCANCE_APOSTILLA}), ctx)
    archivo.touch(mode=0o600)
    archivo.write_text(credencial)
    archivo.chmod(0o600)
    return credencial
