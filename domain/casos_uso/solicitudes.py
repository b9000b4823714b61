"""Filing (radicar), correcting (subsanar), reading and expiring solicitudes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from domain.archivos import validar_archivo
from domain.calendario import sumar_dias_habiles
from domain.casos_uso import Contexto
from domain.casos_uso.avisos import avisar_desistida, avisar_radicada
from domain.casos_uso.personas import persona_visible
from domain.catalogo import Tramite
from domain.comandos import RadicarSolicitud, SoporteEntrada, SubsanarSolicitud
from domain.documentos import Archivo
from domain.errores import DatoInvalido, NoEncontrado, PlazoVencido, RequisitoIncumplido
from domain.personas import Persona
from domain.puertos import UnidadDeTrabajo
from domain.redaccion import citar
from domain.reglas import Hallazgo, Resultado, SoporteEvaluado, evaluar
from domain.reloj import hoy_en_colombia
from domain.solicitudes import EstadoSolicitud, Solicitud, Soporte
from domain.textos import CODIGO, texto_opcional

CONDICION_PPL = "persona_privada_libertad"


@dataclass(frozen=True)
class _SoporteValidado:
    entrada: SoporteEntrada
    tipo_medio: str

    def evaluado(self) -> SoporteEvaluado:
        e = self.entrada
        return SoporteEvaluado(e.requisito, self.tipo_medio, e.fecha_documento, e.subtipo)


def _validar_soportes(tramite: Tramite, soportes: list[SoporteEntrada], ctx: Contexto) -> list[_SoporteValidado]:
    validados = []
    for s in soportes:
        if tramite.requisito(s.requisito) is None:
            codigos = ", ".join(r.codigo for r in tramite.requisitos)
            raise DatoInvalido(
                f"El requisito «{s.requisito}» no existe en este trámite; use: {codigos}.", campo="requisito"
            )
        tipo_medio = validar_archivo(s.nombre_archivo, s.contenido, tramite.reglas_archivo, ctx.inspector)
        # A requisito without subtipos still stores what was sent: it must fit its column.
        subtipo = texto_opcional(s.subtipo, "soportes.subtipo", CODIGO, nombre="subtipo")
        validados.append(_SoporteValidado(replace(s, subtipo=subtipo), tipo_medio))
    return validados


def _exigir_sin_bloqueantes(hallazgos: list[Hallazgo]) -> None:
    fallas = [h for h in hallazgos if h.bloqueante and h.resultado is Resultado.NO_CUMPLE]
    if fallas:
        raise RequisitoIncumplido(" ".join(citar(h.mensaje, h.fuente) for h in fallas), campo=fallas[0].requisito)


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


def _persona(uow: UnidadDeTrabajo, persona_id: uuid.UUID, rol: str, aliado_id: uuid.UUID | None) -> Persona:
    # A persona the partner may not read is «no existe», as if it were missing: filing for it would reveal it.
    persona = persona_visible(uow, persona_id, aliado_id)
    if persona is None:
        raise NoEncontrado(f"No existe la persona indicada como {rol}; regístrela primero.", campo=rol)
    return persona


def radicar_solicitud(cmd: RadicarSolicitud, ctx: Contexto) -> Solicitud:
    ahora, hoy = ctx.reloj.ahora(), hoy_en_colombia(ctx.reloj)
    tramite = ctx.catalogo.vigente(cmd.tramite, hoy)
    destino = tramite.destinos.get(cmd.destino)
    if destino is None:
        raise DatoInvalido(f"Destino «{cmd.destino}» no válido; use: {', '.join(tramite.destinos)}.", campo="destino")
    if cmd.persona_privada_libertad and not tramite.admite_persona_privada_libertad:
        raise DatoInvalido("Este trámite no admite solicitudes por personas privadas de la libertad.")
    condiciones = {CONDICION_PPL} if cmd.persona_privada_libertad else set()
    validados = _validar_soportes(tramite, cmd.soportes, ctx)
    hallazgos = evaluar(tramite, [v.evaluado() for v in validados], condiciones, hoy)
    _exigir_sin_bloqueantes(hallazgos)
    with ctx.uow() as uow:
        titular = _persona(uow, cmd.titular_id, "titular", cmd.aliado_id)
        solicitante = _solicitante(uow, cmd, titular)
        soportes = _guardar_archivos(ctx, validados)
        prefijo = f"{tramite.prefijo_radicado}-{hoy.year}"
        radicado = f"{prefijo}-{uow.solicitudes.siguiente_consecutivo(prefijo):06d}"
        solicitud = Solicitud(
            id=uuid.uuid4(), radicado=radicado, tramite=tramite.codigo, tramite_version=tramite.vigente_desde,
            entidad=tramite.entidad, titular_id=titular.id, solicitante_id=solicitante.id,
            persona_privada_libertad=cmd.persona_privada_libertad, destino=destino.codigo, entrega=destino.entrega,
            radicada_en=ahora, fecha_limite_decision=sumar_dias_habiles(hoy, tramite.plazo_decision_dias_habiles),
            soportes=soportes, hallazgos=hallazgos, radicada_por=cmd.aliado_id,
        )
        solicitud._registrar(ahora, "radicada", f"persona:{solicitante.identificacion}")
        uow.solicitudes.agregar(solicitud)
        avisar_radicada(uow, solicitante, solicitud, tramite, ahora)
        uow.commit()
    return solicitud


def _solicitante(uow: UnidadDeTrabajo, cmd: RadicarSolicitud, titular: Persona) -> Persona:
    if not cmd.persona_privada_libertad:
        solicitante = titular
    elif cmd.solicitante_id is None or cmd.solicitante_id == titular.id:
        raise DatoInvalido(
            "Para una persona privada de la libertad, indique como solicitante a la persona responsable (seed 000).",
            campo="solicitante",
        )
    else:
        solicitante = _persona(uow, cmd.solicitante_id, "solicitante", cmd.aliado_id)
    if not solicitante.correo:
        raise DatoInvalido(
            "El solicitante debe tener un correo electrónico registrado: por él se notifica la decisión "
            "(seed 000, paso 8).",
            campo="correo",
        )
    return solicitante


def desistir_y_avisar(uow: UnidadDeTrabajo, solicitud: Solicitud, ctx: Contexto, ahora: datetime) -> None:
    """Declare it desistida and tell the solicitante, in the caller's unit of work (which commits)."""
    solicitud.desistir(ahora)
    uow.solicitudes.guardar(solicitud)
    solicitante = uow.personas.obtener(solicitud.solicitante_id)
    if solicitante is not None:
        tramite = ctx.catalogo.version(solicitud.tramite, solicitud.tramite_version)
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
        tramite = ctx.catalogo.version(solicitud.tramite, solicitud.tramite_version)
        condiciones = {CONDICION_PPL} if solicitud.persona_privada_libertad else set()
        validados = _validar_soportes(tramite, cmd.soportes, ctx)
        nuevos = {v.entrada.requisito for v in validados}
        conservados = [
            SoporteEvaluado(s.requisito, s.archivo.tipo_medio, s.fecha_documento, s.subtipo)
            for s in solicitud.soportes if s.requisito not in nuevos
        ]
        hallazgos = evaluar(tramite, conservados + [v.evaluado() for v in validados], condiciones, hoy)
        _exigir_sin_bloqueantes(hallazgos)
        limite = sumar_dias_habiles(hoy, tramite.plazo_decision_dias_habiles)
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
