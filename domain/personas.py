"""Persona (the citizen), and the people who act on the platform: officials and partner systems."""

from __future__ import annotations

import enum
import unicodedata
import uuid
from dataclasses import dataclass, field, fields
from datetime import date, datetime

from domain.errores import DatoInvalido
from domain.valores import Identificacion

# The seed (000, "Tenga en cuenta") says only tipo and número de identificación cannot be edited; who created the
# record is bookkeeping, never data.
CAMPOS_NO_EDITABLES = frozenset({"id", "identificacion", "version", "creada_por"})
DATOS_PERSONA = ("nombres", "apellidos", "fecha_nacimiento", "sexo", "nacionalidad", "direccion", "municipio",
                 "correo", "telefono")
"""The editable data of a persona, in the order forms show it."""


@dataclass
class Persona:
    id: uuid.UUID
    identificacion: Identificacion
    nombres: str
    apellidos: str
    fecha_nacimiento: date | None = None
    sexo: str | None = None
    nacionalidad: str = "CO"
    direccion: str | None = None
    municipio: str | None = None
    correo: str | None = None
    telefono: str | None = None
    version: int = 0
    creada_por: uuid.UUID | None = None
    """The partner system that registered it first (None: an official, the demo, or before migration 0006). That
    partner owns the record's data; any other may only fill what is empty (docs/aliados.md)."""

    def __post_init__(self) -> None:
        self._validar()

    @property
    def nombre_completo(self) -> str:
        return f"{self.nombres} {self.apellidos}".strip()

    def actualizar(self, **cambios: object) -> None:
        """Update any editable field; tipo and número de identificación are fixed (seed 000)."""
        prohibidos = CAMPOS_NO_EDITABLES & cambios.keys()
        if prohibidos:
            raise DatoInvalido(
                "El tipo y el número de identificación no se pueden editar.", campo="identificacion"
            )
        conocidos = {f.name for f in fields(self)}
        for nombre, valor in cambios.items():
            if nombre not in conocidos:
                raise DatoInvalido(f"Campo desconocido: {nombre}.", campo=nombre)
            setattr(self, nombre, valor)
        self._validar()

    def _validar(self) -> None:
        if not self.nombres.strip():
            raise DatoInvalido("Los nombres son obligatorios.", campo="nombres")
        if not self.apellidos.strip():
            raise DatoInvalido("Los apellidos son obligatorios.", campo="apellidos")
        if self.correo is not None and ("@" not in self.correo or " " in self.correo.strip()):
            raise DatoInvalido(f"El correo «{self.correo}» no es válido.", campo="correo")


def normalizar_nombre(texto: str) -> str:
    """For comparing names as people write them: «Pérez Gómez» equals «PEREZ  gomez» (accents, case, spaces)."""
    sin_tildes = "".join(c for c in unicodedata.normalize("NFKD", texto) if not unicodedata.combining(c))
    return " ".join(sin_tildes.casefold().split())


def identidad_coincide(persona: Persona, nombres: str, apellidos: str, fecha_nacimiento: date | None) -> bool:
    """What a citizen's identity document shows: the same names and the same birth date. A record without a birth
    date can never be confirmed this way (names alone are too easy to know)."""
    return (
        persona.fecha_nacimiento is not None
        and fecha_nacimiento == persona.fecha_nacimiento
        and normalizar_nombre(nombres) == normalizar_nombre(persona.nombres)
        and normalizar_nombre(apellidos) == normalizar_nombre(persona.apellidos)
    )


def cambios_de_no_propietario(persona: Persona, cambios: dict[str, object]) -> tuple[dict[str, object], list[str]]:
    """What a partner that did not create the persona may apply: only values for fields that are empty now.

    Returns (applicable, not applied): the second lists the sent fields that differ from the stored value and were
    left alone (names compared as ``normalizar_nombre`` does). Sending ``None`` never clears anything.
    """
    aplicables: dict[str, object] = {}
    no_aplicados: list[str] = []
    for campo, valor in cambios.items():
        actual = getattr(persona, campo)
        if valor is not None and actual is None:
            aplicables[campo] = valor
        elif not _igual(campo, valor, actual):
            no_aplicados.append(campo)
    return aplicables, no_aplicados


def _igual(campo: str, valor: object, actual: object) -> bool:
    if campo in ("nombres", "apellidos") and isinstance(valor, str) and isinstance(actual, str):
        return normalizar_nombre(valor) == normalizar_nombre(actual)
    return valor == actual


class Rol(enum.Enum):
    """Officials' roles, always scoped to one entidad."""

    REVISOR = "revisor"  # studies, approves and rejects what is assigned to her
    COORDINADOR = "coordinador"  # also assigns to others and sees the whole entidad


@dataclass
class Funcionario:
    id: uuid.UUID
    usuario: str
    nombre: str
    entidad: str
    rol: Rol
    hash_clave: str
    activo: bool = True
    version: int = 0

    def puede_actuar_en(self, entidad: str) -> bool:
        return self.activo and self.entidad == entidad


@dataclass
class SistemaAliado:
    """A partner system (e.g. the city's citizen portal) calling the API with a credential, hashed at rest.

    Revoking sets ``activo`` to False for good; rotating replaces the hash (the old credential stops working at once).
    """

    id: uuid.UUID
    nombre: str
    hash_credencial: str
    alcances: frozenset[str] = field(default_factory=frozenset)
    activo: bool = True
    prefijo_credencial: str = ""
    """The first characters of the clear credential, to tell credentials apart in listings (never enough to use)."""
    creado_en: datetime | None = None
    rotado_en: datetime | None = None
    revocado_en: datetime | None = None
    version: int = 0

    @property
    def estado(self) -> str:
        return "activo" if self.activo else "revocado"
