"""The notices a solicitud sends its solicitante, written to the outbox inside the caller's unit of work.

Each notice records its kind and the data the mail templates need (app/correo/), plus a plain-text ``cuerpo``
that says the same in a few lines (the fallback when no template exists, and what tests and logs read).
Dates in ``datos`` are ISO text: the outbox stores them as JSON.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from domain.catalogo import Tramite
from domain.fechas import fecha_larga
from domain.notificaciones import Notificacion, TipoNotificacion
from domain.personas import Persona
from domain.puertos import UnidadDeTrabajo
from domain.solicitudes import Solicitud

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
        "entidad": tramite.entidad_nombre,
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
             "plazo_dias_habiles": tramite.plazo_decision_dias_habiles, "norma": tramite.norma_plazo_decision}
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
             "fecha_limite_subsanacion": limite.isoformat(), "plazo_dias": tramite.plazo_subsanacion_dias,
             "norma": tramite.norma_subsanacion}
    _encolar(uow, persona, solicitud, ahora, TipoNotificacion.RECHAZADA, cuerpo, datos)


def avisar_aprobada(uow: UnidadDeTrabajo, persona: Persona, solicitud: Solicitud, tramite: Tramite,
                    ahora: datetime) -> None:
    """Approved: either issued for download (the mail adapter adds a signed link) or waiting at the alcaldía."""
    datos = _comunes(persona, solicitud, tramite)
    if solicitud.lista_para_recoger:
        destino = tramite.destinos.get(solicitud.destino)
        datos["destino"] = destino.nombre if destino else solicitud.destino
        datos["nota"] = destino.nota if destino else ""
        cuerpo = ("Su certificado fue aprobado: está listo para recoger, con firma a mano alzada, en la alcaldía "
                  "local. Preséntese con su documento de identidad.")
        _encolar(uow, persona, solicitud, ahora, TipoNotificacion.LISTA_PARA_RECOGER, cuerpo, datos)
        return
    datos["documento_id"] = str(solicitud.documento_id) if solicitud.documento_id else None
    cuerpo = "Su certificado fue aprobado y ya puede descargarlo."
    _encolar(uow, persona, solicitud, ahora, TipoNotificacion.APROBADA, cuerpo, datos)


def avisar_desistida(uow: UnidadDeTrabajo, persona: Persona, solicitud: Solicitud, tramite: Tramite,
                     ahora: datetime) -> None:
    limite = solicitud.fecha_limite_subsanacion
    vencio = f"el {fecha_larga(limite)}" if limite else ""
    cuerpo = (f"El plazo para subsanar su solicitud {solicitud.radicado} venció {vencio} sin cambios, por lo que "
              "se entiende que desistió del trámite. Si aún lo necesita, radique una nueva solicitud.")
    datos = {**_comunes(persona, solicitud, tramite), "norma": tramite.norma_subsanacion,
             "fecha_limite_subsanacion": limite.isoformat() if limite else None,
             "plazo_dias": tramite.plazo_subsanacion_dias}
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
