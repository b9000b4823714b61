"""Documento: anything with an issuer, a holder, an issue date and a validity.

Its state (vigente, vencido, suspendido, revocado) is derived from dates plus recorded events, never stored as a loose
string, so that a revocation recorded once is seen by every reader at once.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from domain.errores import TransicionInvalida
from domain.reloj import fecha_en_colombia


class EstadoDocumento(enum.Enum):
    VIGENTE = "vigente"
    VENCIDO = "vencido"
    SUSPENDIDO = "suspendido"
    REVOCADO = "revocado"


class TipoEventoDocumento(enum.Enum):
    SUSPENSION = "suspension"
    REACTIVACION = "reactivacion"
    REVOCACION = "revocacion"


@dataclass(frozen=True)
class Archivo:
    """A stored file, addressed by the SHA-256 of its content."""

    sha256: str
    nombre: str
    tipo_medio: str
    tamano: int


@dataclass(frozen=True)
class EventoDocumento:
    tipo: TipoEventoDocumento
    fecha: datetime
    motivo: str
    actor: str


@dataclass
class Documento:
    id: uuid.UUID
    tipo: str
    entidad: str
    titular_id: uuid.UUID
    numero: str
    fecha_expedicion: date
    vigente_hasta: date | None
    archivo: Archivo | None = None
    solicitud_id: uuid.UUID | None = None
    clave_firma: str | None = None
    eventos: list[EventoDocumento] = field(default_factory=list)
    version: int = 0

    def estado(self, hoy: date) -> EstadoDocumento:
        for evento in reversed(self.eventos):
            if evento.tipo is TipoEventoDocumento.REVOCACION:
                return EstadoDocumento.REVOCADO
        ultimo = self.eventos[-1].tipo if self.eventos else None
        if ultimo is TipoEventoDocumento.SUSPENSION:
            return EstadoDocumento.SUSPENDIDO
        if self.vigente_hasta is not None and hoy > self.vigente_hasta:
            return EstadoDocumento.VENCIDO
        return EstadoDocumento.VIGENTE

    def revocar(self, motivo: str, actor: str, cuando: datetime) -> None:
        if any(e.tipo is TipoEventoDocumento.REVOCACION for e in self.eventos):
            raise TransicionInvalida("El documento ya está revocado.")
        self.eventos.append(EventoDocumento(TipoEventoDocumento.REVOCACION, cuando, motivo, actor))

    def suspender(self, motivo: str, actor: str, cuando: datetime) -> None:
        if self.estado(fecha_en_colombia(cuando)) is not EstadoDocumento.VIGENTE:
            raise TransicionInvalida("Solo se puede suspender un documento vigente.")
        self.eventos.append(EventoDocumento(TipoEventoDocumento.SUSPENSION, cuando, motivo, actor))

    def reactivar(self, motivo: str, actor: str, cuando: datetime) -> None:
        """Lift a suspension (a revocation is final)."""
        if self.estado(fecha_en_colombia(cuando)) is not EstadoDocumento.SUSPENDIDO:
            raise TransicionInvalida("Solo se puede reactivar un documento suspendido.")
        self.eventos.append(EventoDocumento(TipoEventoDocumento.REACTIVACION, cuando, motivo, actor))

    def novedad_vigente(self) -> EventoDocumento | None:
        """The event behind a revoked or suspended state (the revocation, else a standing suspension), or None."""
        revocacion = next((e for e in self.eventos if e.tipo is TipoEventoDocumento.REVOCACION), None)
        if revocacion is not None:
            return revocacion
        if self.eventos and self.eventos[-1].tipo is TipoEventoDocumento.SUSPENSION:
            return self.eventos[-1]
        return None


@dataclass(frozen=True)
class Suscriptor:
    """Who answers for a document, as printed under it: a person and her cargo, or the holder of the signing
    certificate and what that certificate is."""

    nombre: str
    cargo: str = ""


def con_articulo(articulo: str, nombre: str) -> str:
    """«La» + «Secretaría Distrital de Gobierno de Bogotá» → «La Secretaría Distrital de Gobierno de Bogotá». The
    article is catalogue data (``entidad_articulo``), never guessed from the name."""
    return f"{articulo.strip()} {nombre}".strip()


@dataclass(frozen=True)
class CertificadoAEmitir:
    """What the signing port needs to render, sign and QR-encode a certificate. Minimal personal data by design."""

    documento_id: uuid.UUID
    tipo: str
    titulo: str
    entidad_codigo: str
    entidad_nombre: str
    numero: str
    titular_nombre: str
    titular_identificacion: str
    fecha_expedicion: date
    vigente_hasta: date | None
    cuerpo: tuple[str, ...]
    """Paragraphs of the certificate's text, in Spanish, already worded."""
    # Keyword-only with defaults, so that subclasses (``CertificacionAEmitir``) keep their own required fields.
    entidad_articulo: str = field(default="", kw_only=True)
    """«La» for «La Secretaría Distrital de Gobierno de Bogotá certifica…» (catalogue data)."""
    aprobado_por: Suscriptor | None = field(default=None, kw_only=True)
    """The official who approved it: name and cargo, printed in the signature block."""
    firma_digital: Suscriptor | None = field(default=None, kw_only=True)
    """The holder of the signing certificate; filled in by the signing port from the certificate it signs with."""

    def placa_qr(self) -> str | None:
        """The vehicle plate the document is about, signed in the QR (claim ``"p"``); None for other documents."""
        return None


@dataclass(frozen=True)
class DocumentoEmitido:
    pdf: bytes
    qr: str
    clave_firma: str
    """Key id (hex) of the signer certificate used."""


MOTIVO_URL_AJENA = "el código no fue emitido para esta dirección"
"""Start of ``VerificacionQR.motivo`` when a genuine-looking QR carries another site's address (docs/firma.md §1.1)."""


@dataclass(frozen=True)
class VerificacionQR:
    """Result of an offline check of a QR text: signature, key and claims; status comes from the registry."""

    valido: bool
    motivo: str
    """Spanish reason when not valid (firma alterada, clave desconocida, formato)."""
    clave_firma: str | None = None
    documento_id: uuid.UUID | None = None
    reclamos: dict[str, object] = field(default_factory=dict)
