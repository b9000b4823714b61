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

from api.alcances import campos_sin_alcance
from api.consultas import Consulta
from api.errores import MANEJADORES, ErroresSeguros, registrar_errores
from api.firmas import ATRIBUTO_LIMITADOR, MANEJADORES_FIRMAS, ConsultaFirmas, LimitadorPorEsquema
from api.identidad import ConsultaIdentidad
from api.limites import REGLAS_VALIDACION, TAMANO_CACHE, TOKENS_MAXIMOS
from api.mutaciones import Mutacion
from api.registros import ConsultaRegistros
from api.revocacion import MutacionRevocacion
from api.tipos import TIPOS_NODO
from api.tramites import ConsultaTramites
from domain.eregistro import LimitadorConsultas

_DESCRIPCION = (get_object_definition(Consulta, strict=True).description or "").replace(
    "salvo `verificarCertificado`", "salvo `verificarCertificado` y `verificarContrasena`"
)


@strawberry.type(name="Query", description=_DESCRIPCION)
class _ConsultaConIdentidad(Consulta, ConsultaIdentidad, ConsultaFirmas, ConsultaTramites, ConsultaRegistros):
    """The root query plus the identity-document fields (api/identidad.py, seed 002 §15.4-15.6) and the registro de
    firmas / e-Register fields (api/firmas.py, seed 002 §6-7) and the vehicle and licence registries
    (api/registros.py)."""


_DESCRIPCION_MUTACION = (get_object_definition(Mutacion, strict=True).description or "") + (
    " No hay mutación para emitir certificaciones de firma con fines de apostilla: un funcionario de la "
    "Registraduría debe verificar en ventanilla la estampilla de recaudo (Circular Única RNEC 2021, §7.3)."
)


@strawberry.type(name="Mutation", description=_DESCRIPCION_MUTACION)
class _MutacionConRevocacion(Mutacion, MutacionRevocacion):
    """The root mutation plus revocarDocumento / suspenderDocumento / reactivarDocumento (api/revocacion.py)."""


class _Esquema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        registrar_errores(errors)  # instead of strawberry's: every validation or auth error at ERROR level


def construir_esquema(
    *, produccion: bool = False, limitador_certificaciones: LimitadorConsultas | None = None
) -> strawberry.Schema:
    """Extensions are factories (a fresh instance per request); the validation rules they add are built once
    (``REGLAS_VALIDACION``), so the key of the ``ValidationCache`` is the same on every request.

    ``limitador_certificaciones`` counts failed e-Register lookups per partner (``certificacionFirma``); by
    default one in memory per schema, on the context's clock, with the public page's thresholds."""
    extensiones: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        ErroresSeguros,
        lambda: ParserCache(maxsize=TAMANO_CACHE),
        lambda: ValidationCache(maxsize=TAMANO_CACHE),
        lambda: AddValidationRules(REGLAS_VALIDACION),
        lambda: MaxTokensLimiter(max_token_count=TOKENS_MAXIMOS),
    ]
    if produccion:
        extensiones.append(DisableIntrospection)
    esquema = _Esquema(
        query=_ConsultaConIdentidad,
        mutation=_MutacionConRevocacion,
        types=TIPOS_NODO,
        config=StrawberryConfig(disable_field_suggestions=produccion),
        extensions=extensiones,
        exception_handlers=(*MANEJADORES_FIRMAS, *MANEJADORES),  # ConsultaBloqueada before its base NoAutorizado
    )
    sin_alcance = campos_sin_alcance(esquema)
    if sin_alcance:  # deny by default: an operation nobody decided who may call is not served at all
        raise RuntimeError(f"Campos sin alcance declarado (api/alcances.py): {', '.join(sin_alcance)}")
    setattr(esquema, ATRIBUTO_LIMITADOR, LimitadorPorEsquema(limitador_certificaciones))
    return esquema


schema = construir_esquema()
"""For tools: ``strawberry export-schema api.esquema:schema`` (or ``python -m api.exportar_esquema``)."""
