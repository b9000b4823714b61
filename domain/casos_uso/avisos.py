"""The notices a solicitud sends its solicitante, written to the outbox inside the caller's unit of work.

Each notice records its kind and the data the mail templates need (app/correo/), plus a plain-text ``cuerpo``
that says the same in a few lines (the fallback when no template exists, and what tests and logs read).
Dates in ``datos`` are ISO text: the outbox stores them as JSON.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from domain.fechas import fecha_larga
from domain.motor.esquema import TramiteDef as Tramite
from domain.motor.tiempo import Duracion, Unidad
from domain.notificaciones import Notificacion, TipoNotificacion
from domain.personas import Persona
from domain.puertos import UnidadDeTrabajo
from domain.reloj import fecha_en_colombia
from domain.solicitudes import Solicitud

# When a trámite's norm sets no window to complete a filing, the general rule applies: one month (Ley 1755 de 2015,
# art. 17, «peticiones incompletas»), after which the petición is understood as desisted. Recorded in docs/.
SUBSANACION_POR_DEFECTO = Duracion(1, Unidad.MESES)


def plazo_subsanacion(tramite: Tramite) -> Duracion:
    return tramite.plazo_subsanacion or SUBSANACION_POR_DEFECTO


def dias_subsanacion(tramite: Tramite, desde: date | None = None) -> int:
    """The window as calendar days from ``desde`` (months have different lengths)."""
    inicio = desde or date.today()
    return (plazo_subsanacion(tramite).desde(inicio) - inicio).days


ASUNTOS = {
    TipoNotificacion.RADICADA: "Solicitud radicada",
    TipoNotificacion.RECHAZADA: "Solicitud rechazada: puede subsanarla",
    TipoNotificacion.APROBADA: "Solicitud aprobada: su certificado está listo",
    TipoNotificacion.DESISTIDA: "Solicitud desistida",
    TipoNotificacion.LISTA_PARA_RECOGER: "Solicitud aprobada: certificado listo para recoger",
    TipoNotificacion.RECHAZADA_DEFINITIVAMENTE: "Solicitud rechazada",
    TipoNotificacion.ANULADA: "Solicitud anulada",
}


def _comunes(persona: Persona, solicitud: Solicitud, tramite: Tramite) -> dict[str, Any]:
    return {
        "nombre": persona.nombre_completo, "radicado": solicitud.radicado, "tramite": tramite.nombre,
        "entidad": tramite.entidad.nombre,
    }


def _encolar(uow: UnidadDeTrabajo, persona: Persona, solicitud: Solicitud, ahora: datetime, tipo: TipoNotificacion,
             cuerpo: str, datos: dict[str, Any]) -> Notificacion | None:
    if not persona.correo:
        return None
    notificacion = Notificacion(
        id=uuid.uuid4(), destinatario=persona.correo, asunto=f"{ASUNTOS[tipo]} — {solicitud.radicado}",
        cuerpo=cuerpo, creada_en=ahora, solicitud_id=solicitud.id, tipo=tipo, datos=datos,
        entidad=solicitud.entidad, proximo_intento=ahora,
    )
    uow.bandeja_salida.agregar(notificacion)
    return notificacion


def avisar_radicada(uow: UnidadDeTrabajo, persona: Persona, solicitud: Solicitud, tramite: Tramite,
                    ahora: datetime) -> None:
    limite = solicitud.fecha_limite_decision
    cuerpo = (f"Su solicitud de {tramite.nombre} quedó radicada con el número {solicitud.radicado}. "
              f"Tendrá respuesta a más tardar el {fecha_larga(limite)}.")
    datos = {**_comunes(persona, solicitud, tramite), "radicada_en": solicitud.radicada_en.isoformat(),
             "fecha_limite_decision": limite.isoformat(),
             "plazo_dias_habiles": tramite.plazo_dias_habiles, "norma": tramite.cita_plazo}
    _encolar(uow, persona, solicitud, ahora, TipoNotificacion.RADICADA, cuerpo, datos)


def avisar_rechazada(uow: UnidadDeTrabajo, persona: Persona, solicitud: Solicitud, tramite: Tramite,
                     ahora: datetime) -> None:
    limite = solicitud.fecha_limite_subsanacion
    assert limite is not None  # rechazar() sets it
    motivos = "\n".join(f"- {m}" for m in solicitud.motivos_rechazo)
    cuerpo = (f"Su solicitud fue rechazada por estos motivos:\n{motivos}\n"
              f"Tiene hasta el {fecha_larga(limite)} para subsanarla; pasado ese plazo se entenderá que desistió "
              "del trámite.")
    datos = {**_comunes(persona, solicitud, tramite), "motivos": list(solicitud.motivos_rechazo),
             "fecha_limite_subsanacion": limite.isoformat(), "plazo": str(plazo_subsanacion(tramite)),
             "plazo_dias": (limite - fecha_en_colombia(ahora)).days, "norma": tramite.cita_subsanacion}
    _encolar(uow, persona, solicitud, ahora, TipoNotificacion.RECHAZADA, cuerpo, datos)


def avisar_aprobada(uow: UnidadDeTrabajo, persona: Persona, solicitud: Solicitud, tramite: Tramite,
                    ahora: datetime) -> None:
    """Approved: either issued for download (the mail adapter adds a signed link) or waiting at the alcaldía."""
    datos = _comunes(persona, solicitud, tramite)
    if solicitud.lista_para_recoger:
        datos["lugar"] = solicitud.lugar_entrega
        datos["nota"] = tramite.entrega.nota
        cuerpo = (f"Su solicitud fue aprobada: el resultado está listo para recoger en {solicitud.lugar_entrega}. "
                  f"{tramite.entrega.nota} Preséntese con su documento de identidad.").replace("  ", " ")
        _encolar(uow, persona, solicitud, ahora, TipoNotificacion.LISTA_PARA_RECOGER, cuerpo, datos)
        return
    datos["documento_id"] = str(solicitud.documento_id) if solicitud.documento_id else None
    if solicitud.documento_id is None:
        cuerpo = f"Su solicitud de {tramite.nombre} fue aprobada y quedó inscrita."
    else:
        cuerpo = "Su certificado fue aprobado y ya puede descargarlo."
    _encolar(uow, persona, solicitud, ahora, TipoNotificacion.APROBADA, cuerpo, datos)


def avisar_desistida(uow: UnidadDeTrabajo, persona: Persona, solicitud: Solicitud, tramite: Tramite,
                     ahora: datetime) -> None:
    limite = solicitud.fecha_limite_subsanacion
    vencio = f"el {fecha_larga(limite)}" if limite else ""
    cuerpo = (f"El plazo para subsanar su solicitud {solicitud.radicado} venció {vencio} sin cambios, por lo que "
              "se entiende que desistió del trámite. Si aún lo necesita, radique una nueva solicitud.")
    datos = {**_comunes(persona, solicitud, tramite), "norma": tramite.cita_subsanacion,
             "fecha_limite_subsanacion": limite.isoformat() if limite else None,
             "plazo": str(plazo_subsanacion(tramite)), "plazo_dias": dias_subsanacion(tramite, limite)}
    _encolar(uow, persona, solicitud, ahora, TipoNotificacion.DESISTIDA, cuerpo, datos)


def avisar_rechazada_definitivamente(uow: UnidadDeTrabajo, persona: Persona, solicitud: Solicitud, tramite: Tramite,
                                     norma: str, ahora: datetime) -> None:
    motivos = "\n".join(f"- {m}" for m in solicitud.motivos_rechazo)
    cuerpo = (f"Su solicitud {solicitud.radicado} fue rechazada de fondo por estos motivos:\n{motivos}\n"
              f"Esta decisión no se subsana con nuevos soportes ({norma}).")
    datos = {**_comunes(persona, solicitud, tramite), "motivos": list(solicitud.motivos_rechazo), "norma": norma}
    _encolar(uow, persona, solicitud, ahora, TipoNotificacion.RECHAZADA_DEFINITIVAMENTE, cuerpo, datos)


def avisar_anulada(uow: UnidadDeTrabajo, persona: Persona, solicitud: Solicitud, tramite: Tramite,
                   motivos: list[str], norma: str, ahora: datetime) -> None:
    lista = "\n".join(f"- {m}" for m in motivos)
    cuerpo = (f"Su solicitud {solicitud.radicado} fue anulada por estos motivos:\n{lista}\n"
              f"Si aún necesita el trámite, puede radicar una nueva solicitud ({norma}).")
    datos = {**_comunes(persona, solicitud, tramite), "motivos": list(motivos), "norma": norma}
    _encolar(uow, persona, solicitud, ahora, TipoNotificacion.ANULADA, cuerpo, datos)
