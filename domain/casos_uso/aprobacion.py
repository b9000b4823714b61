"""Approving any trámite: the catálogo's effects on the registries, the result document, in one unit of work.

The sujeto is re-read and its blocking rules re-evaluated in the approval's transaction: a filing that another
approval has since made impossible (the vehicle sold, cancelled) is refused with the rule it breaks now. Its
effects change it through its own methods and it is saved with its version check. So two concurrent approvals on
one vehicle (a traspaso and a cancelación) cannot both apply: the second finds the version moved and gets
ConflictoConcurrencia, and nothing of it — neither the approval nor a half-applied effect — is written.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from domain.casos_uso import Contexto
from domain.casos_uso.avisos import avisar_aprobada
from domain.casos_uso.evaluacion_solicitud import (
    cargar_partes,
    cargar_sujeto,
    con_datos,
    evaluacion,
    exigir_placas_libres,
    referencia_sujeto,
    soportes_evaluados,
)
from domain.casos_uso.resultados import emitir_resultado
from domain.casos_uso.solicitudes import exigir_sin_bloqueantes, obtener_o_fallar
from domain.comandos import Decidir
from domain.errores import DatoInvalido, NoAutorizado, RequisitoIncumplido
from domain.licencias import Licencia
from domain.motor.aplicacion import Aplicacion, aplicar_efectos
from domain.motor.evaluador import evaluar
from domain.personas import Funcionario
from domain.puertos import UnidadDeTrabajo
from domain.reloj import fecha_en_colombia, hoy_en_colombia
from domain.solicitudes import Solicitud
from domain.vehiculos import Vehiculo


def funcionario_de(uow: UnidadDeTrabajo, funcionario_id: uuid.UUID, solicitud: Solicitud) -> Funcionario:
    funcionario = uow.funcionarios.obtener(funcionario_id)
    if funcionario is None or not funcionario.puede_actuar_en(solicitud.entidad):
        raise NoAutorizado("No tiene permiso para actuar sobre solicitudes de esta entidad.")
    return funcionario


def aplicacion_de(ctx: Contexto, uow: UnidadDeTrabajo, solicitud: Solicitud) -> Aplicacion:
    tramite = ctx.tramites.version(solicitud.tramite, solicitud.tramite_version)
    hoy = hoy_en_colombia(ctx.reloj)
    personas, sujeto = cargar_partes(uow, solicitud), cargar_sujeto(uow, solicitud)
    ev = con_datos(evaluacion(ctx, uow, tramite, personas, sujeto, soportes_evaluados(solicitud), hoy,
                              solicitud.id), solicitud.datos)
    return Aplicacion(tramite, solicitud.radicado, hoy, ev.datos, personas, sujeto, tramite.entidad.codigo, ev)


def _exigir_vigentes(ctx: Contexto, uow: UnidadDeTrabajo, solicitud: Solicitud, ap: Aplicacion) -> None:
    """The blocking rules again, on the registry as it is now: another approval since the filing may have sold,
    cancelled or encumbered the sujeto (the seller who filed two traspasos sells once). Evaluated on the date the
    filing was last evaluated (radicada or subsanada), so a term counted then — a soporte's age, the sixty días
    hábiles of a traslado — is not counted again; and the placa a trámite assigns must still be free."""
    evaluada = max((e.cuando for e in solicitud.eventos if e.tipo in ("radicada", "subsanada")),
                   default=solicitud.radicada_en)
    ev = con_datos(evaluacion(ctx, uow, ap.tramite, ap.personas, ap.sujeto, soportes_evaluados(solicitud),
                              fecha_en_colombia(evaluada), solicitud.id), solicitud.datos)
    exigir_placas_libres(uow, ap.tramite, ev.datos, ap.sujeto)
    try:
        exigir_sin_bloqueantes(evaluar(ev))
    except RequisitoIncumplido as error:
        raise RequisitoIncumplido(f"No se puede aprobar: {error.mensaje}", campo=error.campo) from None


def _guardar(uow: UnidadDeTrabajo, agregado: Any, nuevo: bool) -> None:
    if isinstance(agregado, Vehiculo):
        (uow.vehiculos.agregar if nuevo else uow.vehiculos.guardar)(agregado)
    elif isinstance(agregado, Licencia):
        (uow.licencias.agregar if nuevo else uow.licencias.guardar)(agregado)
    elif agregado is not None:
        raise DatoInvalido(f"El efecto produjo un registro que la plataforma no sabe guardar: {type(agregado)}.")


def _inscribir(uow: UnidadDeTrabajo, ap: Aplicacion, original: Any) -> None:
    nuevos = {id(a) for a in ap.nuevos}
    for agregado in ap.nuevos:
        _guardar(uow, agregado, nuevo=True)
    cambiados = [original, *ap.reemplazados] if original is not None else list(ap.reemplazados)
    for agregado in cambiados:
        if id(agregado) not in nuevos:
            _guardar(uow, agregado, nuevo=False)


def aprobar(cmd: Decidir, ctx: Contexto) -> Solicitud:
    """Approve, apply the effects, issue the result: all or nothing (see the module docstring)."""
    ahora: datetime = ctx.reloj.ahora()
    with ctx.uow() as uow:
        solicitud = obtener_o_fallar(uow, cmd.solicitud_id)
        funcionario = funcionario_de(uow, cmd.funcionario_id, solicitud)
        actor = f"funcionario:{funcionario.usuario}"
        solicitud.aprobar(funcionario.id, actor, ahora)
        ap = aplicacion_de(ctx, uow, solicitud)
        _exigir_vigentes(ctx, uow, solicitud, ap)
        original = ap.sujeto
        hechos = aplicar_efectos(ap)
        _inscribir(uow, ap, original)
        if solicitud.sujeto is None and ap.sujeto is not None:
            solicitud.sujeto = referencia_sujeto(ap.tramite.sujeto.tipo, ap.sujeto)  # a matrícula created it
        if hechos:
            solicitud._registrar(ahora, "efectos_inscritos", actor, "\n".join(hechos))
        _entregar_resultado(uow, ctx, solicitud, ap, funcionario, ahora)
        uow.solicitudes.guardar(solicitud)
        notificado = uow.personas.obtener(solicitud.solicitante_id) if solicitud.solicitante_id else None
        if notificado is not None:
            avisar_aprobada(uow, notificado, solicitud, ap.tramite, ahora)
        uow.commit()
    return solicitud


def _entregar_resultado(uow: UnidadDeTrabajo, ctx: Contexto, solicitud: Solicitud, ap: Aplicacion,
                        funcionario: Funcionario, ahora: datetime) -> None:
    actor = f"funcionario:{funcionario.usuario}"
    if solicitud.entrega == "descarga" and ap.tramite.documento_resultado is not None:
        documento = emitir_resultado(uow, ctx, solicitud, ap.tramite, ap.sujeto, funcionario)
        solicitud.registrar_emision(documento.id, actor, ahora)
    elif solicitud.entrega == "ninguna":
        solicitud.finalizar_sin_entrega(actor, ahora)
