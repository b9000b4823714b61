"""Typed parameters of rules and effects, checked when the catálogo loads.

A rule or effect declares what it takes (``{"dias": Entero(), "partes": Roles()}``); the loader converts each value
the catálogo wrote, or fails with a message naming the parameter, so a misspelt role or a text where a number goes
stops start-up instead of a citizen's filing.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from domain.motor.condiciones import Condicion
from domain.motor.tiempo import Duracion, Unidad


class ErrorParametro(ValueError):
    """The catálogo gave a parameter a value of the wrong kind; the loader adds the file and the line."""

    def __init__(self, mensaje: str, parametro: str | None = None) -> None:
        super().__init__(mensaje)
        self.parametro = parametro


class Entorno(Protocol):
    """What a parameter can be checked against: the trámite being loaded."""

    roles: frozenset[str]
    campos: frozenset[str]
    tablas: frozenset[str]
    requisitos: frozenset[str]

    def condicion(self, texto: str) -> Condicion: ...


class Tipo(ABC):
    descripcion = "un valor"
    opcional = False
    defecto: Any = None

    @abstractmethod
    def convertir(self, valor: Any, entorno: Entorno) -> Any: ...

    def _exigir(self, condicion: bool) -> None:
        if not condicion:
            raise ErrorParametro(f"debe ser {self.descripcion}")


@dataclass
class Entero(Tipo):
    minimo: int = 0
    opcional: bool = False
    defecto: Any = None
    descripcion = "un número entero"

    def convertir(self, valor: Any, entorno: Entorno) -> int:
        self._exigir(isinstance(valor, int) and not isinstance(valor, bool) and valor >= self.minimo)
        return int(valor)


@dataclass
class Texto(Tipo):
    opcional: bool = False
    defecto: Any = None
    descripcion = "un texto no vacío"

    def convertir(self, valor: Any, entorno: Entorno) -> str:
        self._exigir(isinstance(valor, str) and bool(valor.strip()))
        return str(valor)


@dataclass
class Booleano(Tipo):
    opcional: bool = False
    defecto: Any = None
    descripcion = "true o false"

    def convertir(self, valor: Any, entorno: Entorno) -> bool:
        self._exigir(isinstance(valor, bool))
        return bool(valor)


@dataclass
class Textos(Tipo):
    opcional: bool = False
    defecto: Any = ()
    descripcion = "una lista de textos"

    def convertir(self, valor: Any, entorno: Entorno) -> tuple[str, ...]:
        self._exigir(isinstance(valor, list) and all(isinstance(v, str) and v for v in valor))
        return tuple(valor)


@dataclass
class Opciones(Tipo):
    valores: tuple[str, ...] = ()
    opcional: bool = False
    defecto: Any = None

    def convertir(self, valor: Any, entorno: Entorno) -> str:
        if valor not in self.valores:
            raise ErrorParametro(f"debe ser una de: {', '.join(self.valores)}")
        return str(valor)


def _nombres_de(valor: Any, conocidos: frozenset[str], que: str) -> tuple[str, ...]:
    nombres = [valor] if isinstance(valor, str) else valor
    if not isinstance(nombres, list | tuple) or not all(isinstance(v, str) for v in nombres) or not nombres:
        raise ErrorParametro(f"debe nombrar {que}")
    desconocidos = [n for n in nombres if n not in conocidos]
    if desconocidos:
        raise ErrorParametro(f"nombra {que} no declarado: {', '.join(desconocidos)} "
                             f"(declarados: {', '.join(sorted(conocidos)) or 'ninguno'})")
    return tuple(nombres)


@dataclass
class Rol(Tipo):
    opcional: bool = False
    defecto: Any = None

    def convertir(self, valor: Any, entorno: Entorno) -> str:
        if not isinstance(valor, str):
            raise ErrorParametro("debe nombrar un rol de parte")
        return _nombres_de(valor, entorno.roles, "un rol de parte")[0]


@dataclass
class Roles(Tipo):
    opcional: bool = False
    defecto: Any = ("titular",)

    def convertir(self, valor: Any, entorno: Entorno) -> tuple[str, ...]:
        return _nombres_de(valor, entorno.roles, "roles de parte")


@dataclass
class Campo(Tipo):
    opcional: bool = False
    defecto: Any = None

    def convertir(self, valor: Any, entorno: Entorno) -> str:
        if not isinstance(valor, str):
            raise ErrorParametro("debe nombrar un campo de datos")
        return _nombres_de(valor, entorno.campos, "un campo de datos")[0]


@dataclass
class Requisitos(Tipo):
    opcional: bool = False
    defecto: Any = ()

    def convertir(self, valor: Any, entorno: Entorno) -> tuple[str, ...]:
        return _nombres_de(valor, entorno.requisitos, "requisitos")


@dataclass
class Tabla(Tipo):
    opcional: bool = False
    defecto: Any = None

    def convertir(self, valor: Any, entorno: Entorno) -> str:
        if not isinstance(valor, str):
            raise ErrorParametro("debe nombrar una tabla de decisión")
        return _nombres_de(valor, entorno.tablas, "una tabla de decisión")[0]


@dataclass
class Expresion(Tipo):
    opcional: bool = False
    defecto: Any = None
    descripcion = "una condición"

    def convertir(self, valor: Any, entorno: Entorno) -> Condicion:
        self._exigir(isinstance(valor, str))
        return entorno.condicion(valor)


@dataclass
class Plazo(Tipo):
    """``{ meses = 2 }``, ``{ dias = 60 }``, ``{ dias_habiles = 30 }`` or ``{ anios = 5 }``."""

    opcional: bool = False
    defecto: Any = None

    def convertir(self, valor: Any, entorno: Entorno) -> Duracion:
        return duracion(valor)


def duracion(valor: Any) -> Duracion:
    unidades = ", ".join(u.value for u in Unidad)
    if not isinstance(valor, Mapping) or len(valor) != 1:
        raise ErrorParametro(f"debe ser una duración con una sola unidad, p. ej. {{ meses = 2 }} ({unidades})")
    ((unidad, cantidad),) = valor.items()
    try:
        unidad_ok = Unidad(unidad)
    except ValueError:
        raise ErrorParametro(f"usa la unidad «{unidad}»; las válidas son: {unidades}") from None
    if not isinstance(cantidad, int) or isinstance(cantidad, bool) or cantidad < 0:
        raise ErrorParametro("debe tener una cantidad entera no negativa")
    return Duracion(cantidad, unidad_ok)


def convertir_parametros(
    especificacion: Mapping[str, Tipo], valores: Mapping[str, Any], entorno: Entorno
) -> dict[str, Any]:
    """The parameters converted to their types (defaults filled in); ``ErrorParametro`` names the first bad one."""
    sobrantes = sorted(set(valores) - set(especificacion))
    if sobrantes:
        raise ErrorParametro(f"tiene parámetros desconocidos: {', '.join(sobrantes)} "
                             f"(admite: {', '.join(sorted(especificacion)) or 'ninguno'})")
    convertidos: dict[str, Any] = {}
    for nombre, tipo in especificacion.items():
        if nombre not in valores:
            if not tipo.opcional and tipo.defecto is None:
                raise ErrorParametro(f"le falta el parámetro «{nombre}»")
            convertidos[nombre] = tipo.defecto
            continue
        try:
            convertidos[nombre] = tipo.convertir(valores[nombre], entorno)
        except ErrorParametro as e:
            raise ErrorParametro(f"parámetro «{nombre}» {e}", nombre) from None
    return convertidos
