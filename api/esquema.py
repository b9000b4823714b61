"""The GraphQL schema, with the hardening built in: caches, limits, masked errors, and production switches."""

from __future__ import annotations

from collections.abc import Callable

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext
from strawberry.types.base import get_object_definition

from api.consultas import Consulta
from api.errores import MANEJADORES, ErroresSeguros, registrar_errores
from api.identidad import ConsultaIdentidad
from api.limites import REGLAS_VALIDACION, TAMANO_CACHE, TOKENS_MAXIMOS
from api.mutaciones import Mutacion
from api.revocacion import MutacionRevocacion
from api.tipos import TIPOS_NODO

_DESCRIPCION = (get_object_definition(Consulta, strict=True).description or "").replace(
    "salvo `verificarCertificado`", "salvo `verificarCertificado` y `verificarContrasena`"
)


@strawberry.type(name="Query", description=_DESCRIPCION)
class _ConsultaConIdentidad(Consulta, ConsultaIdentidad):
    """The root query plus the identity-document fields (api/identidad.py, seed 002 §15.4-15.6)."""


@strawberry.type(name="Mutation", description=get_object_definition(Mutacion, strict=True).description)
class _MutacionConRevocacion(Mutacion, MutacionRevocacion):
    """The root mutation plus revocarDocumento / suspenderDocumento / reactivarDocumento (api/revocacion.py)."""


class _Esquema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        registrar_errores(errors)  # instead of strawberry's: every validation or auth error at ERROR level


def construir_esquema(*, produccion: bool = False) -> strawberry.Schema:
    """Extensions are factories (a fresh instance per request); the validation rules they add are built once
    (``REGLAS_VALIDACION``), so the key of the ``ValidationCache`` is the same on every request."""
    extensiones: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        ErroresSeguros,
        lambda: ParserCache(maxsize=TAMANO_CACHE),
        lambda: ValidationCache(maxsize=TAMANO_CACHE),
        lambda: AddValidationRules(REGLAS_VALIDACION),
        lambda: MaxTokensLimiter(max_token_count=TOKENS_MAXIMOS),
    ]
    if produccion:
        extensiones.append(DisableIntrospection)
    return _Esquema(
        query=_ConsultaConIdentidad,
        mutation=_MutacionConRevocacion,
        types=TIPOS_NODO,
        config=StrawberryConfig(disable_field_suggestions=produccion),
        extensions=extensiones,
        exception_handlers=MANEJADORES,
    )


schema = construir_esquema()
"""For tools: ``strawberry export-schema api.esquema:schema`` (or ``python -m api.exportar_esquema``)."""
