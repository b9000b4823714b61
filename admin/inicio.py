"""Where an official's work is: the admin sections their entidad has, read from the catálogos, and the one they land
on after logging in (issue 9 §5: a registrador lands on identity trámites, not on an empty residence inbox).

Nothing here names an entidad: the catálogo of trámites (domain/catalogo/tramites/<entidad>/) says who has an inbox
and which entidades' trámites act on vehicles or licences (organismos de tránsito keep those registries); the
contraseñas parameters (domain/catalogo/identidad/contrasenas.toml) say who prepares identity documents.
"""

from __future__ import annotations

from collections.abc import Callable

from domain.casos_uso import Contexto
from domain.contrasenas import parametros_contrasenas
from domain.personas import Funcionario

BANDEJA = "bandeja"
IDENTIDAD = "identidad"
VEHICULOS = "vehiculos"


def _con_solicitudes(ctx: Contexto) -> frozenset[str]:
    return frozenset(t.entidad.codigo for t in ctx.tramites.todos())


def _con_identidad(ctx: Contexto) -> frozenset[str]:
    return frozenset({parametros_contrasenas().entidad})


def _con_registros(ctx: Contexto) -> frozenset[str]:
    return frozenset(t.entidad.codigo for t in ctx.tramites.todos() if t.sujeto.tipo in ("vehiculo", "licencia"))


SECCIONES: tuple[tuple[str, Callable[[Contexto], frozenset[str]]], ...] = (
    (BANDEJA, _con_solicitudes),
    (IDENTIDAD, _con_identidad),
    (VEHICULOS, _con_registros),
)
"""Each work section (a route name) and the entidades that have it, in order of preference for the landing page."""


def secciones(ctx: Contexto, entidad: str) -> tuple[str, ...]:
    """The work sections of ``entidad``, in the order of ``SECCIONES`` (the catálogos are in memory: a few dozen
    trámites to look through per page)."""
    return tuple(nombre for nombre, entidades in SECCIONES if entidad in entidades(ctx))


def inicio(ctx: Contexto, funcionario: Funcionario) -> str:
    """The route an official lands on: their entidad's first work section; the inbox when none applies."""
    return next(iter(secciones(ctx, funcionario.entidad)), BANDEJA)
