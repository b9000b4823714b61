"""The registries of rule and effect functions, by the names the catálogo uses.

A rule is a pure function ``(evaluacion, parametros, objetivo) -> (Resultado, mensaje)``; an effect is a function
``(aplicacion, parametros) -> None`` that changes the sujeto, with a twin that describes the change before approval.
Both declare their parameters' types, which the loader checks; a name the catálogo uses that is not registered here
stops start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from domain.motor.contexto import Evaluacion, SoporteEvaluado
from domain.motor.esquema import RequisitoDef
from domain.motor.parametros import Tipo
from domain.reglas import Resultado

Veredicto = tuple[Resultado, str]


@dataclass(frozen=True)
class Objetivo:
    """What a rule is applied to: the whole solicitud, or one soporte of one requisito."""

    requisito: RequisitoDef | None = None
    soporte: SoporteEvaluado | None = None


FuncionRegla = Callable[[Evaluacion, Mapping[str, Any], Objetivo], Veredicto]


@dataclass(frozen=True)
class DefinicionRegla:
    nombre: str
    funcion: FuncionRegla
    parametros: Mapping[str, Tipo]
    ambito: str  # "soporte": declared under a requisito; "tramite": declared on the trámite


@dataclass(frozen=True)
class DefinicionEfecto:
    nombre: str
    aplicar: Callable[[Any, Mapping[str, Any]], None]
    describir: Callable[[Any, Mapping[str, Any]], str]
    parametros: Mapping[str, Tipo]
    sujetos: frozenset[str]  # sujeto types it can change
    datos_requeridos: tuple[str, ...] = ()  # datos fields the trámite must declare for this effect


REGLAS: dict[str, DefinicionRegla] = {}
EFECTOS: dict[str, DefinicionEfecto] = {}


def regla(nombre: str, *, ambito: str, **parametros: Tipo) -> Callable[[FuncionRegla], FuncionRegla]:
    if ambito not in ("soporte", "tramite"):
        raise ValueError(f"unknown rule scope {ambito!r}")

    def registrar(funcion: FuncionRegla) -> FuncionRegla:
        if nombre in REGLAS:
            raise ValueError(f"rule {nombre!r} registered twice")
        REGLAS[nombre] = DefinicionRegla(nombre, funcion, parametros, ambito)
        return funcion

    return registrar


def efecto(
    nombre: str, *, sujetos: tuple[str, ...], describir: Callable[[Any, Mapping[str, Any]], str],
    datos: tuple[str, ...] = (), **parametros: Tipo
) -> Callable[[Callable[[Any, Mapping[str, Any]], None]], Callable[[Any, Mapping[str, Any]], None]]:
    def registrar(funcion: Callable[[Any, Mapping[str, Any]], None]) -> Callable[[Any, Mapping[str, Any]], None]:
        if nombre in EFECTOS:
            raise ValueError(f"effect {nombre!r} registered twice")
        EFECTOS[nombre] = DefinicionEfecto(nombre, funcion, describir, parametros, frozenset(sujetos), datos)
        return funcion

    return registrar
