"""Persona (the citizen), and the people who act on the platform: officials and partner systems."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field, fields
from datetime import date

from domain.errores import DatoInvalido
from domain.valores import Identificacion

# The seed (000, "Tenga en cuenta") says only tipo and número de identificación cannot be edited.
CAMPOS_NO_EDITABLES = frozenset({"id", "identificacion", "version"})


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
    """A partner system (e.g. the city's citizen portal) calling the API with a credential, hashed at rest."""

    id: uuid.UUID
    nombre: str
    hash_credencial: str
    alcances: frozenset[str] = field(default_factory=frozenset)
    activo: bool = True
