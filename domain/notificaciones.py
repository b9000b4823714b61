"""Notifications to citizens, written to an outbox in the same transaction as the change that causes them.

A notification records *what happened* (``tipo`` and ``datos``: radicado, motivos, deadline…) besides a plain
Spanish ``asunto`` and ``cuerpo``. The mail adapter renders ``tipo`` + ``datos`` with its own templates (text and
HTML); ``cuerpo`` is the fallback for a kind it has no template for, and for rows written before kinds existed.

Delivery states (the dispatcher moves them; see domain/casos_uso/notificaciones.py and docs/notificaciones.md):

    pendiente --claim--> enviando --sent--> enviada
        ^                   |  \\--error, attempts left--> pendiente (later, with backoff)
        |                   |   \\-lease expired (worker died)--> claimable again
        |                   +--too many attempts / permanent error--> fallida (dead letter)
        +------------------- an official retries it ----------------------+
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol


class TipoNotificacion(enum.Enum):
    RADICADA = "radicada"
    RECHAZADA = "rechazada"
    """Rejected with motivos and a window to correct (requiere subsanación)."""
    APROBADA = "aprobada"
    """Approved, certificate issued: the e-mail carries a download link."""
    DESISTIDA = "desistida"
    LISTA_PARA_RECOGER = "lista_para_recoger"
    """Approved, hand-signed certificate waiting at the alcaldía local (Cancillería)."""
    RECHAZADA_DEFINITIVAMENTE = "rechazada_definitivamente"
    """Rejected on the merits, with no window to correct (docs/decisiones.md)."""
    ANULADA = "anulada"
    """Ended without a decision on the merits (withdrawal, duplicate, filed by mistake)."""


class EstadoEnvio(enum.Enum):
    PENDIENTE = "pendiente"
    ENVIANDO = "enviando"
    ENVIADA = "enviada"
    FALLIDA = "fallida"


ETIQUETAS_ENVIO = {
    EstadoEnvio.PENDIENTE: "Pendiente",
    EstadoEnvio.ENVIANDO: "Enviando",
    EstadoEnvio.ENVIADA: "Enviada",
    EstadoEnvio.FALLIDA: "Fallida",
}
ETIQUETAS_TIPO = {
    TipoNotificacion.RADICADA: "Radicada",
    TipoNotificacion.RECHAZADA: "Rechazada (subsanar)",
    TipoNotificacion.APROBADA: "Aprobada",
    TipoNotificacion.DESISTIDA: "Desistida",
    TipoNotificacion.LISTA_PARA_RECOGER: "Lista para recoger",
}


@dataclass
class Notificacion:
    id: uuid.UUID
    destinatario: str
    asunto: str
    cuerpo: str
    creada_en: datetime
    solicitud_id: uuid.UUID | None = None
    enviada_en: datetime | None = None
    tipo: TipoNotificacion | None = None
    """None for rows written before kinds existed: they are sent as their plain ``cuerpo``."""
    datos: dict[str, Any] = field(default_factory=dict)
    """JSON values only (dates as ISO text): what the templates need."""
    entidad: str | None = None
    """Whose officials see it (the solicitud's entidad)."""
    estado: EstadoEnvio = EstadoEnvio.PENDIENTE
    intentos: int = 0
    """Claims so far: incremented when a dispatcher takes it, so a worker that dies mid-send still counts."""
    proximo_intento: datetime | None = None
    """Not before this instant (None: at once)."""
    arriendo_hasta: datetime | None = None
    """While ``enviando``: the claim's lease; after it, another dispatcher may take the message again."""
    ultimo_error: str | None = None


class ErrorEnvio(Exception):
    """A delivery attempt failed. ``permanente``: the server refused for good (SMTP 5xx); ``conexion``: the server
    could not be reached at all, so the other messages of this round would fail the same way."""

    def __init__(self, mensaje: str, *, permanente: bool = False, conexion: bool = False) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje
        self.permanente = permanente
        self.conexion = conexion


class Cartero(Protocol):
    """Delivers one notification (SMTP, a folder of .eml files, the console). Raises ErrorEnvio on failure."""

    descripcion: str
    """Where the messages go, for people: «servidor SMTP smtp.example.org:587», «archivos en var/correo»."""

    def enviar(self, notificacion: Notificacion) -> None: ...
    def cerrar(self) -> None:
        """Release what a round of sends kept open (an SMTP connection)."""
        ...


@dataclass(frozen=True)
class PoliticaReintentos:
    """Exponential backoff with jitter; permanent refusals give up sooner than transient failures."""

    max_intentos: int = 8
    max_intentos_permanente: int = 2
    espera_base: timedelta = timedelta(minutes=1)
    espera_maxima: timedelta = timedelta(hours=6)
    arriendo: timedelta = timedelta(minutes=5)
    """How long a claim lasts: longer than one send can take (the SMTP timeout), so no one reclaims a live send."""

    def espera(self, intentos: int, azar: float) -> timedelta:
        """Delay before attempt ``intentos + 1``: base·2^(n-1), capped, then «equal jitter» (half fixed, half
        random, ``azar`` in [0, 1)) so that messages failed together do not retry together."""
        tope = min(self.espera_maxima, self.espera_base * (2 ** max(intentos - 1, 0)))
        return tope / 2 + tope / 2 * azar

    def se_rinde(self, intentos: int, error: ErrorEnvio) -> bool:
        limite = self.max_intentos_permanente if error.permanente else self.max_intentos
        return intentos >= limite
