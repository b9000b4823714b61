"""Revoking, suspending and reactivating an issued document (seed: issue #3 §3), always with a motivo, audited.

Who may: a COORDINADOR of the issuing entidad (admin), or a partner system holding the ``revocacion`` scope for a
documento issued for a solicitud it filed (API). The state itself is derived by ``Documento.estado`` from the
recorded events, so the public verification page shows the change at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from domain import alcances, textos
from domain.auditoria import EventoAuditoria
from domain.casos_uso import Contexto
from domain.documentos import Documento, EstadoDocumento, TipoEventoDocumento
from domain.errores import DatoInvalido, NoAutorizado, NoEncontrado
from domain.personas import Rol, SistemaAliado
from domain.puertos import UnidadDeTrabajo

ALCANCE_REVOCACION = alcances.REVOCACION
"""The SistemaAliado scope that lets a partner system revoke, suspend and reactivate over the API."""
MOTIVO_MAXIMO = textos.MOTIVO
"""The signed revocation list carries motivos of up to 500 characters (docs/lista-revocados.md)."""

ACCION_REVOCAR = "documento.revocar"
ACCION_SUSPENDER = "documento.suspender"
ACCION_REACTIVAR = "documento.reactivar"


@dataclass(frozen=True)
class DocumentoRevocado:
    """One line of the revocation list: a documento revoked or (still) suspended, when and why."""

    documento_id: uuid.UUID
    estado: str  # "revocado" | "suspendido"
    fecha: datetime
    motivo: str


def _motivo_valido(motivo: str) -> str:
    if textos.tiene_controles(motivo or "", multilinea=True):
        raise DatoInvalido("El motivo contiene caracteres de control o no imprimibles; escríbalo sin ellos.",
                           campo="motivo")
    limpio = (motivo or "").strip()
    if not limpio:
        raise DatoInvalido("El motivo es obligatorio.", campo="motivo")
    if len(limpio) > MOTIVO_MAXIMO:
        raise DatoInvalido(f"El motivo no puede superar {MOTIVO_MAXIMO} caracteres.", campo="motivo")
    return limpio


def _autorizar(uow: UnidadDeTrabajo, documento_id: uuid.UUID, funcionario_id: uuid.UUID | None,
               aliado: SistemaAliado | None) -> tuple[Documento, str]:
    """The documento and the actor's name, or NoAutorizado / NoEncontrado."""
    if aliado is not None:
        alcances.exigir_alcance(aliado, ALCANCE_REVOCACION)
        visibles = uow.documentos.varios([documento_id], visibles_para=aliado.id)
        if not visibles:
            raise NoEncontrado("El documento no existe.")
        return visibles[0], f"aliado:{aliado.nombre}"
    if funcionario_id is None:
        raise NoAutorizado("Se requiere un funcionario o un sistema aliado autorizado.")
    funcionario = uow.funcionarios.obtener(funcionario_id)
    documento = uow.documentos.obtener(documento_id)
    if documento is None:
        raise NoEncontrado("El documento no existe.")
    if funcionario is None or not funcionario.puede_actuar_en(documento.entidad):
        raise NoAutorizado("No tiene permiso para actuar sobre documentos de esta entidad.")
    if funcionario.rol is not Rol.COORDINADOR:
        raise NoAutorizado("Solo un coordinador de la entidad emisora puede revocar, suspender o reactivar documentos.")
    return documento, f"funcionario:{funcionario.usuario}"


def _cambiar(documento_id: uuid.UUID, funcionario_id: uuid.UUID | None, motivo: str, ctx: Contexto,
             aliado: SistemaAliado | None, accion: str,
             operacion: Callable[[Documento, str, str, datetime], None]) -> Documento:
    limpio = _motivo_valido(motivo)
    ahora = ctx.reloj.ahora()
    with ctx.uow() as uow:
        documento, actor = _autorizar(uow, documento_id, funcionario_id, aliado)
        operacion(documento, limpio, actor, ahora)
        uow.documentos.guardar(documento)
        uow.auditoria.registrar(EventoAuditoria.nuevo(
            ahora, actor, accion, f"documento:{documento.id}", documento.entidad,
            f"{documento.numero}: {limpio}",
        ))
        uow.commit()
    return documento


def revocar_documento(documento_id: uuid.UUID, funcionario_id: uuid.UUID | None, motivo: str, ctx: Contexto,
                      *, aliado: SistemaAliado | None = None) -> Documento:
    """Revoke for good (TransicionInvalida if already revoked)."""
    return _cambiar(documento_id, funcionario_id, motivo, ctx, aliado, ACCION_REVOCAR,
                    lambda d, m, a, t: d.revocar(m, a, t))


def suspender_documento(documento_id: uuid.UUID, funcionario_id: uuid.UUID | None, motivo: str, ctx: Contexto,
                        *, aliado: SistemaAliado | None = None) -> Documento:
    """Suspend a vigente documento (TransicionInvalida otherwise)."""
    return _cambiar(documento_id, funcionario_id, motivo, ctx, aliado, ACCION_SUSPENDER,
                    lambda d, m, a, t: d.suspender(m, a, t))


def reactivar_documento(documento_id: uuid.UUID, funcionario_id: uuid.UUID | None, motivo: str, ctx: Contexto,
                        *, aliado: SistemaAliado | None = None) -> Documento:
    """Suspended → vigente (or vencido, if its validity ended meanwhile)."""
    return _cambiar(documento_id, funcionario_id, motivo, ctx, aliado, ACCION_REACTIVAR,
                    lambda d, m, a, t: d.reactivar(m, a, t))


def documentos_revocados(ctx: Contexto) -> list[DocumentoRevocado]:
    """Revoked and currently suspended documentos, with date and motivo: the content of the signed revocation list."""
    with ctx.uow() as uow:
        documentos = uow.documentos.con_eventos()
    revocados = []
    for documento in documentos:
        evento = documento.novedad_vigente()
        if evento is None:
            continue
        revocado = evento.tipo is TipoEventoDocumento.REVOCACION
        estado = EstadoDocumento.REVOCADO if revocado else EstadoDocumento.SUSPENDIDO
        revocados.append(DocumentoRevocado(documento.id, estado.value, evento.fecha, evento.motivo))
    return sorted(revocados, key=lambda r: str(r.documento_id))


def consultar_auditoria(funcionario_id: uuid.UUID, ctx: Contexto, *,
                        antes_de: tuple[datetime, uuid.UUID] | None = None, limite: int = 50) -> list[EventoAuditoria]:
    """A keyset page of the audit log of the official's entidad, newest first; coordinadores only."""
    with ctx.uow() as uow:
        funcionario = uow.funcionarios.obtener(funcionario_id)
        if funcionario is None or not funcionario.activo or funcionario.rol is not Rol.COORDINADOR:
            raise NoAutorizado("Solo un coordinador puede consultar el registro de auditoría.")
        return uow.auditoria.listar(entidad=funcionario.entidad, antes_de=antes_de, limite=limite)
