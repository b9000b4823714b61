"""An official's decisions: assign, approve (domain.casos_uso.aprobacion), reject, hand over."""

from __future__ import annotations

from domain.casos_uso import Contexto
from domain.casos_uso.aprobacion import aprobar as aprobar
from domain.casos_uso.aprobacion import funcionario_de
from domain.casos_uso.avisos import avisar_rechazada, dias_subsanacion
from domain.casos_uso.solicitudes import obtener_o_fallar
from domain.comandos import Asignar, Decidir, Rechazar
from domain.errores import NoAutorizado, NoEncontrado
from domain.personas import Rol
from domain.reloj import fecha_en_colombia
from domain.solicitudes import Solicitud


def asignar(cmd: Asignar, ctx: Contexto) -> Solicitud:
    ahora = ctx.reloj.ahora()
    with ctx.uow() as uow:
        solicitud = obtener_o_fallar(uow, cmd.solicitud_id)
        actor = funcionario_de(uow, cmd.funcionario_id, solicitud)
        destino_id = cmd.asignar_a or actor.id
        if destino_id != actor.id:
            if actor.rol is not Rol.COORDINADOR:
                raise NoAutorizado("Solo un coordinador puede asignar solicitudes a otra persona.")
            destino = uow.funcionarios.obtener(destino_id)
            if destino is None:
                raise NoEncontrado("El funcionario a quien asigna no existe.")
            funcionario_de(uow, destino.id, solicitud)
        ocupada = solicitud.asignado_a is not None and solicitud.asignado_a != actor.id
        if ocupada and actor.rol is not Rol.COORDINADOR:
            raise NoAutorizado("La solicitud ya está asignada a otro funcionario; solo un coordinador la reasigna.")
        solicitud.asignar(destino_id, f"funcionario:{actor.usuario}", ahora)
        uow.solicitudes.guardar(solicitud)
        uow.commit()
    return solicitud


def rechazar(cmd: Rechazar, ctx: Contexto) -> Solicitud:
    """Rejection, notified by email, opens the 30-day window to correct (seed 000, paso 8)."""
    ahora = ctx.reloj.ahora()
    with ctx.uow() as uow:
        solicitud = obtener_o_fallar(uow, cmd.solicitud_id)
        funcionario = funcionario_de(uow, cmd.funcionario_id, solicitud)
        tramite = ctx.tramites.version(solicitud.tramite, solicitud.tramite_version)
        solicitud.rechazar(funcionario.id, f"funcionario:{funcionario.usuario}", cmd.motivos, ahora,
                           dias_subsanacion(tramite, fecha_en_colombia(ahora)))
        uow.solicitudes.guardar(solicitud)
        solicitante = uow.personas.obtener(solicitud.solicitante_id) if solicitud.solicitante_id else None
        if solicitante is not None:
            avisar_rechazada(uow, solicitante, solicitud, tramite, ahora)
        uow.commit()
    return solicitud


def entregar(cmd: Decidir, ctx: Contexto) -> Solicitud:
    """The citizen collected the hand-signed Cancillería certificate at the alcaldía local."""
    ahora = ctx.reloj.ahora()
    with ctx.uow() as uow:
        solicitud = obtener_o_fallar(uow, cmd.solicitud_id)
        funcionario = funcionario_de(uow, cmd.funcionario_id, solicitud)
        solicitud.entregar(f"funcionario:{funcionario.usuario}", ahora)
        uow.solicitudes.guardar(solicitud)
        uow.commit()
    return solicitud
