"""Demo data for ``make run``: officials, partner credentials (the citizen portal; a Cancillería partner with the
``apostilla`` scope), personas and solicitudes in several states, and issued certificates one of which is revoked and
one suspended (``app/demo_revocacion.py``).

Idempotent: a second run finds the officials and changes nothing. At the end it prints the apostilla partner's
credential and the verification URLs of the revoked and suspended certificates.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from fpdf import FPDF
from rich.console import Console

from admin.seguridad import hash_clave
from app.config import Settings
from app.demo_firmas import ALIADO_APOSTILLA, ARCHIVO_CREDENCIAL_APOSTILLA, aliado_apostilla, cargar_demo_firmas
from app.demo_identidad import LOGIN_RNEC, cargar_demo_identidad
from app.demo_movilidad import LOGIN_MOVILIDAD, cargar_demo_movilidad
from app.demo_revocacion import CertificadoDemo, cargar_demo_revocacion, verificar_revisables
from domain import alcances
from domain.casos_uso import Contexto
from domain.casos_uso.decisiones import aprobar, asignar, rechazar
from domain.casos_uso.personas import (
    crear_aliado,
    crear_funcionario,
    funcionario_por_usuario,
    registrar_persona,
)
from domain.casos_uso.solicitudes import radicar_solicitud
from domain.comandos import Asignar, Decidir, RadicarSolicitud, Rechazar, RegistrarPersona, SoporteEntrada
from domain.personas import Rol
from domain.reloj import hoy_en_colombia

ENTIDAD = "SDG-BOGOTA"
TRAMITE = "SDG-CERT-RESIDENCIA"
LOGINS = (("revisora", "Revisora-Demo-2026", "Laura Revisora", Rol.REVISOR),
          ("coordinador", "Coordinador-Demo-2026", "Carlos Coordinador", Rol.COORDINADOR))
TODOS_LOGINS = (*LOGINS, LOGIN_RNEC, LOGIN_MOVILIDAD)
"""Every demo official (SDG, Registraduría, Movilidad de Chía): what ``servir`` lists and ``demo`` counts."""
PORTAL = "Portal ciudadano de Bogotá"
ALCANCES_PORTAL = (alcances.PERSONAS, alcances.SOLICITUDES)
ARCHIVO_CREDENCIAL_PORTAL = "demo_credencial.txt"


@dataclass(frozen=True)
class CredencialDemo:
    """A demo partner's credential with who holds it and what it may call, so a printed Bearer is never a riddle."""

    aliado: str
    alcances: tuple[str, ...]
    credencial: str

    def linea(self) -> str:
        return (f"Credencial API de «{self.aliado}» (alcances: {', '.join(self.alcances)}):  "
                f"Authorization: Bearer {self.credencial}")


def credenciales_guardadas(directorio_datos: Path) -> list[CredencialDemo]:
    """The demo partners' credentials kept in the data folder (mode 0600) by ``ventanilla demo``."""
    guardadas = [(PORTAL, ALCANCES_PORTAL, ARCHIVO_CREDENCIAL_PORTAL),
                 (ALIADO_APOSTILLA, (alcances.APOSTILLA,), ARCHIVO_CREDENCIAL_APOSTILLA)]
    return [CredencialDemo(aliado, alcances_, (directorio_datos / archivo).read_text().strip())
            for aliado, alcances_, archivo in guardadas if (directorio_datos / archivo).exists()]


@dataclass(frozen=True)
class DatosDemo:
    logins: tuple[tuple[str, str, str], ...]
    credencial: str
    credencial_apostilla: str = ""
    """The ``apostilla``-scoped partner's credential (generated at demo time, kept in the data folder)."""
    revocados: tuple[CertificadoDemo, ...] = ()
    """The revoked and the suspended certificate, with the verification URL of their QR."""
    avisos: tuple[str, ...] = ()

    def credenciales(self) -> list[CredencialDemo]:
        return [CredencialDemo(PORTAL, ALCANCES_PORTAL, self.credencial),
                CredencialDemo(ALIADO_APOSTILLA, (alcances.APOSTILLA,), self.credencial_apostilla)]


def _pdf(titulo: str, *lineas: str) -> bytes:
    """A readable one-page PDF, so the admin's soporte preview shows something real."""
    pdf = FPDF(format=(148, 210))  # A5 in mm
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 10, titulo, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    for linea in lineas:
        pdf.multi_cell(0, 7, linea, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _soportes(nombre: str, cedula: str, direccion: str, fecha_recibo: date, subtipo: str) -> list[SoporteEntrada]:
    recibo = _pdf(f"Recibo de servicio publico ({subtipo})", f"Suscriptor: {nombre}", f"Direccion: {direccion}",
                  f"Fecha de facturacion: {fecha_recibo:%d/%m/%Y}", "Valor: $ 85.400")
    cedula_pdf = _pdf("Cedula de ciudadania", f"Numero: {cedula}", f"Nombre: {nombre}")
    return [SoporteEntrada("documento_identidad", f"cedula_{cedula}.pdf", cedula_pdf),
            SoporteEntrada("recibo_servicio_publico", f"recibo_{subtipo}.pdf", recibo, fecha_recibo, subtipo)]


_PERSONAS = (
    ("1020304050", "Ana María", "Pérez Gómez", "Calle 10 # 5-20, La Candelaria", "ana.perez@example.org"),
    ("79111222", "Luis Alberto", "Rodríguez Díaz", "Carrera 7 # 45-10, Chapinero", "luis.rodriguez@example.org"),
    ("52333444", "Marta Lucía", "Gómez Ruiz", "Avenida 68 # 22-15, Kennedy", "marta.gomez@example.org"),
    ("1098765432", "Jorge Iván", "Castro León", "Calle 170 # 9-30, Usaquén", "jorge.castro@example.org"),
)


def cargar_demo(ctx: Contexto, settings: Settings, *, consola: Console | None = None) -> DatosDemo:
    """Load everything (idempotent) and print the apostilla credential and the revocation scenario's URLs."""
    archivo_credencial = settings.directorio_datos / ARCHIVO_CREDENCIAL_PORTAL
    logins = tuple((u, c, n) for u, c, n, _ in TODOS_LOGINS)
    cargar_demo_identidad(ctx)  # the Registraduría's trámites and contraseñas (app/demo_identidad.py)
    cargar_demo_movilidad(ctx, settings)  # Chía's vehicle and licence registries (app/demo_movilidad.py)
    cargar_demo_firmas(ctx)  # registro de firmas and a certificación de firma (app/demo_firmas.py)
    portal_id = None
    if funcionario_por_usuario("revisora", ctx) is not None and archivo_credencial.exists():
        credencial = archivo_credencial.read_text().strip()
    else:
        portal_id, credencial = _cargar_residencia(ctx, archivo_credencial)
    apostilla = aliado_apostilla(ctx, settings.directorio_datos)
    revocados, aviso = cargar_demo_revocacion(ctx, _soportes, portal_id)  # app/demo_revocacion.py
    datos = DatosDemo(logins, credencial, apostilla, tuple(revocados), (aviso,) if aviso else ())
    imprimir_resumen(datos, consola or Console(soft_wrap=True))  # soft_wrap: never split a credential or URL
    return datos


def imprimir_resumen(datos: DatosDemo, consola: Console) -> None:
    for credencial in datos.credenciales():
        consola.print(credencial.linea())
    if datos.revocados:
        consola.print("Revocación — verifique estos certificados en la página pública:")
    for certificado in datos.revocados:
        consola.print(f"Certificado {certificado.estado} ({certificado.numero}, {certificado.titular}): "
                      f"{certificado.url or 'sin URL de verificación legible'}")
    for aviso in datos.avisos:
        consola.print(f"[yellow]Aviso[/]: {aviso}")


def _cargar_residencia(ctx: Contexto, archivo_credencial: Path) -> tuple[uuid.UUID, str]:
    """SDG officials, the citizen portal (its credential written to ``archivo_credencial``) and five solicitudes."""
    ids = {}
    for usuario, clave, nombre, rol in LOGINS:
        ids[usuario] = crear_funcionario(usuario, nombre, ENTIDAD, rol, hash_clave(clave), ctx).id
    # The demo's people and solicitudes come "through the portal", so its credential sees them in the API.
    # Only what a citizen portal needs: no `revocacion` (officials revoke), no `apostilla`, no `identidad`.
    portal, credencial = crear_aliado(PORTAL, set(ALCANCES_PORTAL), ctx)
    archivo_credencial.write_text(credencial)
    archivo_credencial.chmod(0o600)
    hoy = hoy_en_colombia(ctx.reloj)
    solicitudes = []
    for i, (cedula, nombres, apellidos, direccion, correo) in enumerate(_PERSONAS):
        persona, _ = registrar_persona(RegistrarPersona("CC", cedula, nombres, apellidos, date(1980 + i * 5, 3, 1 + i),
                                                        "F" if i % 2 == 0 else "M", "CO", direccion, "Bogotá D.C.",
                                                        correo, f"30012345{i:02d}", aliado_id=portal.id), ctx)
        soportes = _soportes(f"{nombres} {apellidos}", cedula, direccion, hoy - timedelta(days=5 + 7 * i),
                             ("energia", "gas", "acueducto", "energia")[i])
        destino = "cancilleria" if i == 3 else "general"
        solicitudes.append(radicar_solicitud(RadicarSolicitud(TRAMITE, {"titular": persona.id}, soportes,
                                                              {"destino": destino}, aliado_id=portal.id), ctx))
    revisora = ids["revisora"]
    # One stays radicada (solicitudes[0]); one en estudio; one rejected; the Cancillería one approved for pick-up.
    asignar(Asignar(solicitudes[1].id, revisora), ctx)
    asignar(Asignar(solicitudes[2].id, revisora), ctx)
    rechazar(Rechazar(solicitudes[2].id, revisora, ["El recibo no muestra la fecha oportuna de pago."]), ctx)
    asignar(Asignar(solicitudes[3].id, revisora), ctx)
    verificar_revisables(ctx, solicitudes[3].id, revisora)
    aprobar(Decidir(solicitudes[3].id, revisora), ctx)
    # And one more, approved and issued: a certificate ready to download and verify.
    persona = registrar_persona(RegistrarPersona("CC", "41555666", "Rosa Elena", "Martínez Vargas", date(1975, 8, 9),
                                                 "F", "CO", "Calle 26 # 13-19, Santa Fe", "Bogotá D.C.",
                                                 "rosa.martinez@example.org", aliado_id=portal.id), ctx)[0]
    emitida = radicar_solicitud(RadicarSolicitud(TRAMITE, {"titular": persona.id}, _soportes(
        "Rosa Elena Martínez Vargas", "41555666", "Calle 26 # 13-19", hoy - timedelta(days=3), "energia"),
        aliado_id=portal.id), ctx)
    asignar(Asignar(emitida.id, revisora), ctx)
    verificar_revisables(ctx, emitida.id, revisora)
    aprobar(Decidir(emitida.id, revisora), ctx)
    return portal.id, credencial
