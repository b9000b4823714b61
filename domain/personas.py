"""Persona (the citizen), and the people who act on the platform: officials and partner systems."""

from __future__ import annotations

import enum
import re
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime

from domain import textos
from domain.documentos import Suscriptor
from domain.errores import DatoInvalido
from domain.valores import Identificacion

# The seed (000, "Tenga en cuenta") says only tipo and número de identificación cannot be edited; who created the
# record is bookkeeping, never data.
CAMPOS_NO_EDITABLES = frozenset({"id", "identificacion", "version", "creada_por"})
DATOS_PERSONA = ("nombres", "apellidos", "fecha_nacimiento", "sexo", "nacionalidad", "direccion", "municipio",
                 "correo", "telefono")
"""The editable data of a persona, in the order forms show it."""

SEXOS = {"F": "femenino", "M": "masculino", "NB": "no binario"}
"""The sexo as the registro civil and the cédula write it: F or M (seed 002 §1.7.4), and NB (non-binary) since
the Constitutional Court's ruling T-033 de 2022."""
# Text fields of a persona: (maximum length = the column's, the name a person reads in an error).
_TEXTOS = {
    "nombres": (textos.NOMBRE, "nombres"),
    "apellidos": (textos.NOMBRE, "apellidos"),
    "direccion": (textos.DIRECCION, "dirección"),
    "municipio": (textos.NOMBRE, "municipio"),
    "correo": (textos.CORREO, "correo electrónico"),
    "telefono": (textos.TELEFONO, "teléfono"),
}


def validar_datos(datos: Mapping[str, object]) -> dict[str, object]:
    """The data fields of a persona as a caller sends them (any subset), checked and normalized before anything is
    stored: lengths within their columns, no control characters, ``sexo`` one of ``SEXOS`` and ``nacionalidad`` an
    ISO 3166-1 alfa-2 code (both in capitals). Stored personas are not re-checked when read."""
    limpios = dict(datos)
    for campo, (maximo, nombre) in _TEXTOS.items():
        if isinstance(valor := limpios.get(campo), str):
            limpios[campo] = textos.texto(valor, campo, maximo, nombre=nombre)
    if isinstance(sexo := limpios.get("sexo"), str):
        limpios["sexo"] = _sexo(sexo)
    if isinstance(nacionalidad := limpios.get("nacionalidad"), str):
        limpios["nacionalidad"] = _nacionalidad(nacionalidad)
    return limpios


def _sexo(valor: str) -> str | None:
    codigo = valor.strip().upper()  # str.strip() also eats the separators \x1c–\x1f: check controls first
    if not codigo and not textos.tiene_controles(valor):
        return None
    if codigo not in SEXOS:
        opciones = ", ".join(f"{c} ({n})" for c, n in SEXOS.items())
        raise DatoInvalido(f"El sexo «{textos.muestra(valor)}» no es válido; use {opciones}, como figura en el "
                           "documento de identidad.", campo="sexo")
    return codigo


def _nacionalidad(valor: str) -> str:
    codigo = valor.strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", codigo):
        raise DatoInvalido(f"La nacionalidad «{textos.muestra(valor)}» no es válida: use el código de dos letras del "
                           "país (ISO 3166-1), p. ej. CO o VE.", campo="nacionalidad")
    return codigo


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
        for nombre in cambios:
            if nombre not in conocidos:
                raise DatoInvalido(f"Campo desconocido: {nombre}.", campo=nombre)
        for nombre, valor in validar_datos(cambios).items():
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

    def como_suscriptor(self, cargos: Mapping[str, str]) -> Suscriptor:
        """Name and cargo as a document prints them under her approval. The cargo is how the entidad's catalogue
        titles her role (``cargos``, data): the platform keeps roles, not payroll titles."""
        return Suscriptor(self.nombre, cargos.get(self.rol.value, ""))


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
