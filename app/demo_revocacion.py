"""Demo data for revocation (issue #3 §3): two more certificados de residencia, issued and then one revoked and one
suspended by the coordinador, each with a motivo and audited — through the same use cases the admin calls — so the
public page ``/V/1/…``, ``/admin/auditoria`` and the signed revocation list show them.

Idempotent: a case whose certificate is revoked or suspended already is left alone; the verification URLs are read
back from the stored PDFs (their QR) on every run, so ``ventanilla demo`` can print them again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from app.cli_qr import ErrorEntrada, qr_de_pdf
from domain.casos_uso import Contexto
from domain.casos_uso.consultas import detalle_solicitud
from domain.casos_uso.decisiones import aprobar, asignar
from domain.casos_uso.decisiones_finales import verificar_hallazgo
from domain.casos_uso.personas import funcionario_por_usuario, registrar_persona
from domain.casos_uso.revocacion import revocar_documento, suspender_documento
from domain.casos_uso.solicitudes import radicar_solicitud
from domain.comandos import Asignar, Decidir, RadicarSolicitud, RegistrarPersona, SoporteEntrada, VerificarHallazgo
from domain.documentos import Documento
from domain.errores import ErrorDominio
from domain.reloj import hoy_en_colombia
from domain.valores import Identificacion
from domain.verificaciones import pendientes

TRAMITE = "SDG-CERT-RESIDENCIA"
Soportes = Callable[[str, str, str, date, str], list[SoporteEntrada]]
"""``app.demo._soportes``: (nombre, cédula, dirección, fecha del recibo, subtipo) → the two soportes."""


@dataclass(frozen=True)
class CasoRevocacion:
    cedula: str
    nombres: str
    apellidos: str
    nacimiento: date
    sexo: str
    direccion: str
    correo: str
    estado: str  # "revocado" | "suspendido"
    motivo: str


CASOS = (
    CasoRevocacion("19444555", "Pedro Pablo", "Niño Ruiz", date(1970, 5, 12), "M", "Carrera 13 # 63-40, Chapinero",
                   "pedro.nino@example.org", "revocado",
                   "Soporte adulterado: la empresa de energía certificó que el recibo aportado no corresponde a la "
                   "dirección declarada."),
    CasoRevocacion("39666777", "Sandra Milena", "Ortega Paz", date(1977, 5, 13), "F", "Calle 45 # 19-08, Teusaquillo",
                   "sandra.ortega@example.org", "suspendido",
                   "Suspendido mientras se verifica una denuncia de suplantación del titular."),
)


@dataclass(frozen=True)
class CertificadoDemo:
    """A revoked or suspended demo certificate and the URL its QR carries (None if it cannot be read back)."""

    estado: str
    numero: str
    titular: str
    cedula: str
    url: str | None


def cargar_demo_revocacion(ctx: Contexto, soportes: Soportes,
                           aliado_id: uuid.UUID | None = None) -> tuple[list[CertificadoDemo], str | None]:
    """Issue, then revoke / suspend (as the coordinador) the two certificates of ``CASOS`` unless already there.

    Returns the certificates with their verification URLs, and a warning if something could not be done."""
    certificados = _certificados(ctx)
    hechos = {c.cedula for c in certificados}
    pendientes = [caso for caso in CASOS if caso.cedula not in hechos]
    if not pendientes:
        return certificados, None
    aviso = _crear(ctx, pendientes, soportes, aliado_id)
    return _certificados(ctx), aviso


def _titular(ctx: Contexto, cedula: str) -> uuid.UUID | None:
    with ctx.uow() as uow:
        persona = uow.personas.por_identificacion(Identificacion.crear("CC", cedula))
    return persona.id if persona else None


def _crear(ctx: Contexto, casos: list[CasoRevocacion], soportes: Soportes, aliado_id: uuid.UUID | None) -> str | None:
    revisora = funcionario_por_usuario("revisora", ctx)
    coordinador = funcionario_por_usuario("coordinador", ctx)
    if revisora is None or coordinador is None:
        return "Faltan los funcionarios de demostración de la Secretaría de Gobierno."
    hoy = hoy_en_colombia(ctx.reloj)
    try:
        for i, caso in enumerate(casos):
            documento_id = _emitir(ctx, caso, soportes(f"{caso.nombres} {caso.apellidos}", caso.cedula, caso.direccion,
                                                       hoy - timedelta(days=4 + i), "energia"),
                                   revisora.id, aliado_id)
            cambiar = revocar_documento if caso.estado == "revocado" else suspender_documento
            cambiar(documento_id, coordinador.id, caso.motivo, ctx)  # audited as funcionario:coordinador
    except ErrorDominio as error:  # e.g. no SDG-BOGOTA signing key: run `ventanilla claves generar`
        return error.mensaje
    return None


def verificar_revisables(ctx: Contexto, solicitud_id: uuid.UUID, funcionario_id: uuid.UUID) -> None:
    """The demo official looked at every soporte: each «Revisar» item is marked verified, as approval requires."""
    detalle = detalle_solicitud(solicitud_id, ctx)
    if detalle is None:
        raise ErrorDominio("La solicitud de demostración no existe.")
    s = detalle.solicitud
    for indice in pendientes(s.hallazgos, s.verificaciones):
        verificar_hallazgo(VerificarHallazgo(solicitud_id, funcionario_id, indice, "verificado"), ctx)


def _emitir(ctx: Contexto, caso: CasoRevocacion, soportes: list[SoporteEntrada], revisora_id: uuid.UUID,
            aliado_id: uuid.UUID | None) -> uuid.UUID:
    """Register the titular, file, assign and approve: the certificate is issued; returns its documento id."""
    persona, _ = registrar_persona(RegistrarPersona(
        "CC", caso.cedula, caso.nombres, caso.apellidos, caso.nacimiento, caso.sexo, "CO", caso.direccion,
        "Bogotá D.C.", caso.correo, aliado_id=aliado_id), ctx)
    cmd = RadicarSolicitud(TRAMITE, {"titular": persona.id}, soportes, aliado_id=aliado_id)
    solicitud = radicar_solicitud(cmd, ctx)
    asignar(Asignar(solicitud.id, revisora_id), ctx)
    verificar_revisables(ctx, solicitud.id, revisora_id)
    aprobada = aprobar(Decidir(solicitud.id, revisora_id), ctx)
    if aprobada.documento_id is None:
        raise ErrorDominio("La solicitud de demostración no quedó con certificado emitido.")
    return aprobada.documento_id


def _certificados(ctx: Contexto) -> list[CertificadoDemo]:
    """The scenario's certificates already revoked or suspended, in the order of ``CASOS``."""
    titulares = {t: caso for caso in CASOS if (t := _titular(ctx, caso.cedula)) is not None}
    with ctx.uow() as uow:
        documentos = [d for d in uow.documentos.con_eventos()
                      if d.titular_id in titulares and d.solicitud_id is not None]
    certificados = []
    for d in documentos:
        caso = titulares[d.titular_id]
        certificados.append(CertificadoDemo(caso.estado, d.numero, f"{caso.nombres} {caso.apellidos}", caso.cedula,
                                            _url(ctx, d)))
    orden = [caso.cedula for caso in CASOS]
    return sorted(certificados, key=lambda c: orden.index(c.cedula))


def _url(ctx: Contexto, documento: Documento) -> str | None:
    """The URL of the certificate's QR, read from its stored PDF (None if there is none, e.g. with fake signing)."""
    if documento.archivo is None:
        return None
    try:
        return qr_de_pdf(ctx.almacen.leer(documento.archivo.sha256))
    except ErrorEntrada:
        return None
