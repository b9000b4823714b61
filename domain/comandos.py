"""Command objects: what the API and the admin pass to the use cases. Plain data, validated by the use case."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class RegistrarPersona:
    tipo_identificacion: str
    numero_identificacion: str
    nombres: str
    apellidos: str
    fecha_nacimiento: date | None = None
    sexo: str | None = None
    nacionalidad: str = "CO"
    direccion: str | None = None
    municipio: str | None = None
    correo: str | None = None
    telefono: str | None = None


@dataclass(frozen=True)
class SoporteEntrada:
    requisito: str
    nombre_archivo: str
    contenido: bytes
    fecha_documento: date | None = None
    subtipo: str | None = None


@dataclass(frozen=True)
class RadicarSolicitud:
    tramite: str
    titular_id: uuid.UUID
    soportes: list[SoporteEntrada]
    destino: str = "general"
    persona_privada_libertad: bool = False
    solicitante_id: uuid.UUID | None = None
    """Required when the titular is a persona privada de la libertad: the responsible person (seed 000)."""


@dataclass(frozen=True)
class SubsanarSolicitud:
    solicitud_id: uuid.UUID
    soportes: list[SoporteEntrada] = field(default_factory=list)


@dataclass(frozen=True)
class Decidir:
    solicitud_id: uuid.UUID
    funcionario_id: uuid.UUID


@dataclass(frozen=True)
class Asignar:
    solicitud_id: uuid.UUID
    funcionario_id: uuid.UUID
    """Who acts."""
    asignar_a: uuid.UUID | None = None
    """Defaults to the acting official (a coordinador may assign to someone else)."""


@dataclass(frozen=True)
class Rechazar:
    solicitud_id: uuid.UUID
    funcionario_id: uuid.UUID
    motivos: list[str]
