"""An official's decisions: assign, approve (issuing the certificate at once), reject, hand over."""

from __future__ import annotations

import uuid

from domain.casos_uso import Contexto
from domain.casos_uso.avisos import avisar_aprobada, avisar_rechazada
from domain.casos_uso.certificados import emitir_certificado
from domain.casos_uso.solicitudes import obtener_o_fallar
from domain.comandos import Asignar, Decidir, Rechazar
from domain.errores import NoAutorizado, NoEncontrado
from domain.personas import Funcionario, Rol
from domain.puertos import UnidadDeTrabajo
from domain.solicitudes import Solicitud


def _funcionario_de(uow: UnidadDeTrabajo, funcionario_id: uuid.UUID, solicitud: Solicitud) -> Funcionario:
    funcionario = uow.funcionarios.obtener(funcionario_id)
    if funcionario is None or not funcionario.puede_actuar_en(solicitud.entidad):
        raise NoAutorizado("No tiene permiso para actuar sobre solicitudes de esta entidad.")
    return funcionario


def asignar(cmd: Asignar, ctx: Contexto) -> Solicitud:
    ahora = ctx.reloj.ahora()
    with ctx.uow() as uow:
        solicitud = obtener_o_fallar(uow, cmd.solicitud_id)
        actor = _funcionario_de(uow, cmd.funcionario_id, solicitud)
        destino_id = cmd.asignar_a or actor.id
        if destino_id != actor.id:
            if actor.rol is not Rol.COORDINADOR:
                raise NoAutorizado("Solo un coordinador puede asignar solicitudes a otra persona.")
            destino = uow.funcionarios.obtener(destino_id)
            if destino is None:
                raise NoEncontrado("El funcionario a quien asigna no existe.")
            _funcionario_de(uow, destino.id, solicitud)
        ocupada = solicitud.asignado_a is not None and solicitud.asignado_a != actor.id
        if ocupada and actor.rol is not Rol.COORDINADOR:
            raise NoAutorizado("La solicitud ya está asignada a otro funcionario; solo un coordinador la reasigna.")
        solicitud.asignar(destino_id, f"funcionario:{actor.usuario}", ahora)
        uow.solicitudes.guardar(solicitud)
        uow.commit()
    return solicitud


def aprobar(cmd: Decidir, ctx: Contexto) -> Solicitud:
    """Approval issues the certificate at once, except the Cancillería variant, which is signed by hand (seed 000)."""
    ahora = ctx.reloj.ahora()
    with ctx.uow() as uow:
        solicitud = obtener_o_fallar(uow, cmd.solicitud_id)
        funcionario = _funcionario_de(uow, cmd.funcionario_id, solicitud)
        actor = f"funcionario:{funcionario.usuario}"
        solicitud.aprobar(funcionario.id, actor, ahora)
        solicitante = uow.personas.obtener(solicitud.solicitante_id)
        if solicitud.entrega == "descarga":
            documento = emitir_certificado(uow, solicitud, ctx, aprobado_por=funcionario)
            solicitud.registrar_emision(documento.id, actor, ahora)
        uow.solicitudes.guardar(solicitud)
        if solicitante is not None:
            tramite = ctx.catalogo.version(solicitud.tramite, solicitud.tramite_version)
            avisar_aprobada(uow, solicitante, solicitud, tramite, ahora)
        uow.commit()
    return solicitud


def rechazar(cmd: Rechazar, ctx: Contexto) -> Solicitud:
    """Rejection, notified by email, opens the 30-day window to correct (seed 000, paso 8)."""
    ahora = ctx.reloj.ahora()
    with ctx.uow() as uow:
        solicitud = obtener_o_fallar(uow, cmd.solicitud_id)
        funcionario = _funcionario_de(uow, cmd.funcionario_id, solicitud)
        tramite = ctx.catalogo.version(solicitud.tramite, solicitud.tramite_version)
        solicitud.rechazar(funcionario.id, f"funcionario:{funcionario.usuario}", cmd.motivos, ahora,
                           tramite.plazo_subsanacion_dias)
        uow.solicitudes.guardar(solicitud)
        solicitante = uow.personas.obtener(solicitud.solicitante_id)
        if solicitante is not None:
            avisar_rechazada(uow, solicitante, solicitud, tramite, ahora)
        uow.commit()
    return solicitud


def entregar(cmd: Decidir, ctx: Contexto) -> Solicitud:
    """The citizen collected the hand-signed Cancillería certificate at the alcaldía local."""
    ahora = ctx.reloj.ahora()
    with ctx.uow() as uow:
        solicitud = obtener_o_fallar(uow, cmd.solicitud_id)
        funcionario = _funcionario_de(uow, cmd.funcionario_id, solicitud)
        solicitud.entregar(f"funcionario:{funcionario.usuario}", ahora)
        uow.solicitudes.guardar(solicitud)
        uow.commit()
    return solicitud
