"""Filing (radicar), correcting (subsanar), reading and expiring solicitudes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from domain.archivos import validar_archivo
from domain.calendario import sumar_dias_habiles
from domain.casos_uso import Contexto
from domain.casos_uso.avisos import avisar_desistida, avisar_radicada
from domain.casos_uso.evaluacion_solicitud import (
    cargar_partes,
    cargar_sujeto,
    con_datos,
    datos_a_json,
    evaluacion,
    exigir_placas_libres,
    personas_de_partes,
    referencia_sujeto,
    resolver_sujeto,
    soportes_evaluados,
)
from domain.comandos import RadicarSolicitud, SoporteEntrada, SubsanarSolicitud
from domain.documentos import Archivo
from domain.errores import ArchivoInvalido, DatoInvalido, NoEncontrado, PlazoVencido, RequisitoIncumplido
from domain.motor.contexto import SoporteEvaluado
from domain.motor.esquema import TramiteDef
from domain.motor.evaluador import evaluar
from domain.personas import Persona
from domain.puertos import UnidadDeTrabajo
from domain.redaccion import citar
from domain.reglas import Hallazgo, Resultado
from domain.reloj import hoy_en_colombia
from domain.solicitudes import EstadoSolicitud, Solicitud, Soporte
from domain.textos import CODIGO, texto_opcional


@dataclass(frozen=True)
class _SoporteValidado:
    entrada: SoporteEntrada
    tipo_medio: str

    def evaluado(self) -> SoporteEvaluado:
        e = self.entrada
        return SoporteEvaluado(e.requisito, self.tipo_medio, e.fecha_documento, e.subtipo)


def _validar_soportes(tramite: TramiteDef, soportes: list[SoporteEntrada], ctx: Contexto) -> list[_SoporteValidado]:
    """Every file checked with the entidad's file rules; each error names its place: ``soportes.N.archivo``."""
    validados = []
    for n, s in enumerate(soportes):
        if tramite.requisito(s.requisito) is None:
            codigos = ", ".join(r.codigo for r in tramite.requisitos)
            raise DatoInvalido(f"El requisito «{s.requisito}» no existe en este trámite; use: {codigos}.",
                               campo=f"soportes.{n}.requisito", requisito=s.requisito)
        try:
            tipo_medio = validar_archivo(s.nombre_archivo, s.contenido, tramite.entidad.archivos, ctx.inspector)
        except ArchivoInvalido as error:
            raise ArchivoInvalido(error.mensaje, campo=f"soportes.{n}.archivo", requisito=s.requisito) from None
        # A requisito without subtipos still stores what was sent: it must fit its column.
        subtipo = texto_opcional(s.subtipo, f"soportes.{n}.subtipo", CODIGO, nombre="subtipo")
        validados.append(_SoporteValidado(replace(s, subtipo=subtipo), tipo_medio))
    return validados


def exigir_sin_bloqueantes(hallazgos: list[Hallazgo]) -> None:
    fallas = [h for h in hallazgos if h.bloqueante and h.resultado is Resultado.NO_CUMPLE]
    if fallas:
        primera = fallas[0]
        # A finding about a parte (regla «parte.<rol>») points at that parte; the others at their requisito.
        campo = f"partes.{primera.regla.split('.', 1)[1]}" if primera.regla.startswith("parte.") else primera.requisito
        raise RequisitoIncumplido(" ".join(citar(h.mensaje, h.fuente) for h in fallas), campo=campo)


def _guardar_archivos(ctx: Contexto, validados: list[_SoporteValidado]) -> list[Soporte]:
    # Files go to the content-addressed store before the commit: if the commit fails, an orphan blob is harmless
    # (same bytes, same name; `ventanilla almacen limpiar` collects it) while a committed solicitud pointing at a
    # missing file would not be.
    soportes = []
    for v in validados:
        e = v.entrada
        archivo = Archivo(ctx.almacen.guardar(e.contenido), e.nombre_archivo, v.tipo_medio, len(e.contenido))
        soportes.append(Soporte(e.requisito, archivo, e.fecha_documento, e.subtipo))
    return soportes


def _notificado(tramite: TramiteDef, personas: dict[str, Persona]) -> str:
    rol = tramite.rol_notificado(personas)
    persona = personas.get(rol) if rol else None
    if tramite.exige_correo and (persona is None or not persona.correo):
        raise DatoInvalido(
            "Quien solicita debe tener un correo electrónico registrado: por él se le notifica la decisión "
            f"({tramite.cita_subsanacion}).",
            campo="correo",
        )
    return rol or "titular"


def radicar_solicitud(cmd: RadicarSolicitud, ctx: Contexto) -> Solicitud:
    """File any trámite: datos typed, partes and sujeto resolved, every rule evaluated; blocking findings refuse."""
    ahora, hoy = ctx.reloj.ahora(), hoy_en_colombia(ctx.reloj)
    tramite = ctx.tramites.vigente(cmd.tramite, hoy)
    validados = _validar_soportes(tramite, cmd.soportes, ctx)
    with ctx.uow() as uow:
        personas = personas_de_partes(uow, tramite, cmd.partes, cmd.aliado_id)
        sujeto = resolver_sujeto(uow, tramite, cmd.sujeto)
        ev = con_datos(evaluacion(ctx, uow, tramite, personas, sujeto, tuple(v.evaluado() for v in validados),
                                  hoy), cmd.datos)
        exigir_placas_libres(uow, tramite, ev.datos, sujeto)
        hallazgos = evaluar(ev)
        exigir_sin_bloqueantes(hallazgos)
        rol_notificado = _notificado(tramite, personas)
        soportes = _guardar_archivos(ctx, validados)
        prefijo = f"{tramite.prefijo}-{hoy.year}"
        radicado = f"{prefijo}-{uow.solicitudes.siguiente_consecutivo(prefijo):06d}"
        recoger = tramite.entrega.recoger_si is not None and tramite.entrega.recoger_si(ev)
        solicitud = Solicitud(
            id=uuid.uuid4(), radicado=radicado, tramite=tramite.codigo, tramite_version=tramite.vigente_desde,
            entidad=tramite.entidad.codigo, partes={rol: p.id for rol, p in personas.items()},
            radicada_en=ahora, fecha_limite_decision=sumar_dias_habiles(hoy, tramite.plazo_dias_habiles),
            entrega="recoger" if recoger else tramite.entrega.modo, lugar_entrega=tramite.entrega.lugar,
            datos=datos_a_json(ev.datos), sujeto=referencia_sujeto(tramite.sujeto.tipo, sujeto),
            rol_notificado=rol_notificado, soportes=soportes, hallazgos=hallazgos, radicada_por=cmd.aliado_id,
        )
        notificado = personas[rol_notificado]
        solicitud._registrar(ahora, "radicada", f"persona:{notificado.identificacion}")
        uow.solicitudes.agregar(solicitud)
        avisar_radicada(uow, notificado, solicitud, tramite, ahora)
        uow.commit()
    return solicitud


def desistir_y_avisar(uow: UnidadDeTrabajo, solicitud: Solicitud, ctx: Contexto, ahora: datetime) -> None:
    """Declare it desistida and tell the solicitante, in the caller's unit of work (which commits)."""
    solicitud.desistir(ahora)
    uow.solicitudes.guardar(solicitud)
    solicitante = uow.personas.obtener(solicitud.solicitante_id) if solicitud.solicitante_id else None
    if solicitante is not None:
        tramite = ctx.tramites.version(solicitud.tramite, solicitud.tramite_version)
        avisar_desistida(uow, solicitante, solicitud, tramite, ahora)


def subsanar_solicitud(cmd: SubsanarSolicitud, ctx: Contexto) -> Solicitud:
    """Correct a rejected solicitud within its window; after it, the solicitud is desistida (seed 000, paso 8).

    A partner may correct only what it filed: another partner's solicitud is «no existe» (checked first, so a
    stranger can neither learn its state nor trigger its desistimiento).
    """
    ahora, hoy = ctx.reloj.ahora(), hoy_en_colombia(ctx.reloj)
    with ctx.uow() as uow:
        solicitud = obtener_o_fallar(uow, cmd.solicitud_id, cmd.aliado_id)
        if solicitud.estado is EstadoSolicitud.REQUIERE_SUBSANACION and solicitud.subsanacion_vencida(hoy):
            desistir_y_avisar(uow, solicitud, ctx, ahora)
            uow.commit()
            raise PlazoVencido(
                f"El plazo para subsanar venció el {solicitud.fecha_limite_subsanacion:%d/%m/%Y}: la solicitud "
                f"{solicitud.radicado} quedó desistida y debe radicar una nueva."
            )
        tramite = ctx.tramites.version(solicitud.tramite, solicitud.tramite_version)
        validados = _validar_soportes(tramite, cmd.soportes, ctx)
        nuevos = {v.entrada.requisito for v in validados}
        conservados = tuple(s for s in soportes_evaluados(solicitud) if s.requisito not in nuevos)
        ev = con_datos(evaluacion(ctx, uow, tramite, cargar_partes(uow, solicitud), cargar_sujeto(uow, solicitud),
                                  conservados + tuple(v.evaluado() for v in validados), hoy, solicitud.id),
                       solicitud.datos)
        hallazgos = evaluar(ev)
        exigir_sin_bloqueantes(hallazgos)
        limite = sumar_dias_habiles(hoy, tramite.plazo_dias_habiles)
        solicitud.subsanar(_guardar_archivos(ctx, validados), hallazgos, "ciudadano", ahora, limite)
        uow.solicitudes.guardar(solicitud)
        uow.commit()
    return solicitud


def obtener_o_fallar(uow: UnidadDeTrabajo, solicitud_id: uuid.UUID, aliado_id: uuid.UUID | None = None) -> Solicitud:
    """The solicitud, or NoEncontrado if it is missing or (with ``aliado_id``) another partner's: same message."""
    solicitud = uow.solicitudes.obtener(solicitud_id)
    if solicitud is None or not solicitud.visible_para(aliado_id):
        raise NoEncontrado("La solicitud no existe.")
    return solicitud


def obtener_solicitud(
    solicitud_id: uuid.UUID, ctx: Contexto, aliado_id: uuid.UUID | None = None
) -> Solicitud | None:
    """None if it does not exist or, with ``aliado_id``, if that partner did not file it."""
    with ctx.uow() as uow:
        solicitud = uow.solicitudes.obtener(solicitud_id)
    return solicitud if solicitud is not None and solicitud.visible_para(aliado_id) else None


def declarar_desistimientos(ctx: Contexto) -> list[Solicitud]:
    """Mark as desistidas the solicitudes whose 30-day window has passed (run daily by the CLI)."""
    ahora = ctx.reloj.ahora()
    with ctx.uow() as uow:
        vencidas = uow.solicitudes.con_subsanacion_vencida(hoy_en_colombia(ctx.reloj))
        for solicitud in vencidas:
            desistir_y_avisar(uow, solicitud, ctx, ahora)
        uow.commit()
    return vencidas
