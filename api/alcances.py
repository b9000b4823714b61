"""Scopes on the GraphQL API, checked in one place: every query and mutation declares its scope, or that it is public.

A root field says what it needs with ``extensions=alcance(PERSONAS)`` (authentication, then the scope) or
``extensions=publica()`` (no credential at all, e.g. ``verificarCertificado``). Deny by default: ``construir_esquema``
refuses a schema with a root field that declares neither (``campos_sin_alcance``), and a test walks the schema too.

A missing scope raises the domain's ``NoAutorizado``, so it travels like every other expected error: as data
(``ErrorNoAutorizado``) where the field's payload union has it — every mutation and the ``apostilla`` queries — and
otherwise as a top-level error with ``extensions.code`` NO_AUTORIZADO. A missing credential stays NO_AUTENTICADO.

Scopes gate the entry points; what a field returns follows from it (``Solicitud.titular`` is part of the solicitud).
``node`` needs one of the scopes of the types it returns, and answers null for a type whose scope the partner lacks
(``ALCANCE_DE_NODO``), exactly as for an object it may not read.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions.field_extension import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.types.field import StrawberryField

from api.autenticacion import EsSistemaAliado
from api.ids import DOCUMENTO, PERSONA, SOLICITUD
from domain.alcances import ALCANCES, PERSONAS, SOLICITUDES, mensaje_sin_alcance, tiene_alcance
from domain.errores import NoAutorizado

ALCANCE_DE_NODO = {PERSONA: PERSONAS, SOLICITUD: SOLICITUDES, DOCUMENTO: SOLICITUDES}
"""The scope a partner needs to reach each node type by its global ID (``node``, ``persona``, ``solicitud``)."""


class TieneAlcance(BasePermission):
    """The authenticated partner holds one of ``alcances``; otherwise ``NoAutorizado`` (errors as data)."""

    def __init__(self, *alcances: str) -> None:
        desconocidos = set(alcances) - ALCANCES.keys()
        if not alcances or desconocidos:  # a typo here would lock everyone out: fail when the module is imported
            raise ValueError(f"Alcances no declarados en domain.alcances: {sorted(desconocidos) or 'ninguno'}")
        self.alcances = alcances

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return any(tiene_alcance(info.context.aliado, a) for a in self.alcances)

    def on_unauthorized(self) -> None:
        if len(self.alcances) == 1:
            raise NoAutorizado(mensaje_sin_alcance(self.alcances[0]))
        nombres = ", ".join(f"«{a}»" for a in self.alcances)
        raise NoAutorizado(f"Este sistema aliado no tiene ninguno de los alcances {nombres}.")


class Publica(BasePermission):
    """Declares a field public on purpose (no credential): the declaration the schema walk looks for."""

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return True


def alcance(*alcances: str) -> list[FieldExtension]:
    """Field extensions: a partner credential, then one of ``alcances``."""
    return [PermissionExtension([EsSistemaAliado(), TieneAlcance(*alcances)], use_directives=False)]


def publica() -> list[FieldExtension]:
    return [PermissionExtension([Publica()], use_directives=False)]


def alcance_declarado(campo: StrawberryField) -> tuple[str, ...] | None:
    """The scopes a field requires (any of them), ``()`` if it is public, None if it declares nothing."""
    for extension in campo.extensions:
        if isinstance(extension, PermissionExtension):
            for permiso in extension.permissions:
                if isinstance(permiso, TieneAlcance):
                    return permiso.alcances
                if isinstance(permiso, Publica):
                    return ()
    return None


def campos_sin_alcance(esquema: strawberry.Schema) -> list[str]:
    """``Tipo.campo`` of every root field (queries, mutations, subscriptions) of the schema as served that declares
    no scope and is not declared public."""
    faltan = []
    servido = esquema._schema  # the graphql-core schema strawberry built: exactly what clients can call
    for raiz in (servido.query_type, servido.mutation_type, servido.subscription_type):
        if raiz is None:
            continue
        for nombre, campo in raiz.fields.items():
            definicion = campo.extensions.get("strawberry-definition")
            if not isinstance(definicion, StrawberryField) or alcance_declarado(definicion) is None:
                faltan.append(f"{raiz.name}.{nombre}")
    return faltan


def puede_ver_nodo(info: Any, tipo: str) -> bool:
    alcance_tipo = ALCANCE_DE_NODO.get(tipo)
    return alcance_tipo is not None and tiene_alcance(info.context.aliado, alcance_tipo)
