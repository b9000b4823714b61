"""Command objects: what the API and the admin pass to the use cases. Plain data, validated by the use case."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final, Literal


class Omitido(enum.Enum):
    """A field the caller did not send: unlike ``None`` (which clears an optional field), it leaves it as it is."""

    OMITIDO = "omitido"

    def __repr__(self) -> str:
        return "OMITIDO"


OMITIDO: Final = Omitido.OMITIDO
_Omitido = Literal[Omitido.OMITIDO]


@dataclass(frozen=True)
class RegistrarPersona:
    """Create a persona, or update the one with this identification.

    On create, omitted fields take the Persona's defaults (``nacionalidad`` = CO); on update they keep their stored
    value. A partner that did not create the persona changes only empty fields, and one that may not read it must
    confirm the identity with ``nombres``, ``apellidos`` and ``fecha_nacimiento`` first (docs/aliados.md).
    """

    tipo_identificacion: str
    numero_identificacion: str
    nombres: str
    apellidos: str
    fecha_nacimiento: date | _Omitido | None = OMITIDO
    sexo: str | _Omitido | None = OMITIDO
    nacionalidad: str | _Omitido = OMITIDO
    direccion: str | _Omitido | None = OMITIDO
    municipio: str | _Omitido | None = OMITIDO
    correo: str | _Omitido | None = OMITIDO
    telefono: str | _Omitido | None = OMITIDO
    aliado_id: uuid.UUID | None = None
    """The partner system registering it (linked to the persona, so it may read it); None for internal callers."""


@dataclass(frozen=True)
class SoporteEntrada:
    requisito: str
    nombre_archivo: str
    contenido: bytes
    fecha_documento: date | None = None
    subtipo: str | None = None


@dataclass(frozen=True)
class RadicarSolicitud:
    """File any trámite of the catálogo: its code, the partes by role, its datos, the sujeto and the soportes."""

    tramite: str
    partes: dict[str, uuid.UUID]
    soportes: list[SoporteEntrada]
    datos: dict[str, Any] = field(default_factory=dict)
    """The trámite's own fields, as sent (converted and checked against the catálogo's declarations)."""
    sujeto: str | None = None
    """What it acts on, as people name it: a vehicle's placa, or the id of a licence or persona."""
    aliado_id: uuid.UUID | None = None
    """The partner system filing it (stored as ``Solicitud.radicada_por``); None when filed otherwise. A partner
    may name as partes only personas it may read."""


@dataclass(frozen=True)
class SubsanarSolicitud:
    solicitud_id: uuid.UUID
    soportes: list[SoporteEntrada] = field(default_factory=list)
    aliado_id: uuid.UUID | None = None
    """The partner system acting: it may correct only what it filed. None for internal callers."""


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


@dataclass(frozen=True)
class VerificarHallazgo:
    """The official marks checklist item ``indice`` (a «Revisar» one) as verified or not (domain/verificaciones.py)."""

    solicitud_id: uuid.UUID
    funcionario_id: uuid.UUID
    indice: int
    resultado: str
    """``verificado`` | ``no_verificado``."""
    observacion: str = ""
    version: int | None = None
    """The solicitud's version the official saw: a later change (another official, a correction) is a conflict."""
    requisito: str | None = None
    regla: str | None = None


@dataclass(frozen=True)
class DecisionFinal:
    """A definitive rejection (``motivos``) or an annulment (one ``motivo`` a line), where the catálogo allows it."""

    solicitud_id: uuid.UUID
    funcionario_id: uuid.UUID
    motivos: list[str]
    version: int | None = None
