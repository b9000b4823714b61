"""Partner authentication: ``Authorization: Bearer <credencial>``, checked by the domain (hashed at rest)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.concurrency import run_in_threadpool
from strawberry.permission import BasePermission

from domain.casos_uso import Contexto
from domain.casos_uso.personas import autenticar_aliado
from domain.personas import SistemaAliado

CODIGO_NO_AUTENTICADO = "NO_AUTENTICADO"
MENSAJE_NO_AUTENTICADO = (
    "Falta una credencial válida de sistema aliado: envíe el encabezado «Authorization: Bearer <credencial>»."
)
DESAFIO = {"WWW-Authenticate": 'Bearer realm="ventanilla"'}
"""RFC 6750 §3: what a 401 announces, the same on GraphQL and on the certificate downloads."""
_LARGO_MAXIMO = 512  # real credentials are ~47 characters; anything longer is not worth hashing


def credencial_de(encabezados: Mapping[str, str]) -> str | None:
    valor = encabezados.get("authorization", "")
    esquema, _, credencial = valor.strip().partition(" ")
    credencial = credencial.strip()
    if esquema.lower() != "bearer" or not credencial or len(credencial) > _LARGO_MAXIMO:
        return None
    return credencial


async def autenticar(encabezados: Mapping[str, str], ctx: Contexto) -> SistemaAliado | None:
    """The active partner behind the request's credential, or None (no header, malformed, unknown or inactive)."""
    credencial = credencial_de(encabezados)
    if credencial is None:
        return None
    return await run_in_threadpool(autenticar_aliado, credencial, ctx)


class EsSistemaAliado(BasePermission):
    """Only authenticated partner systems; the error goes to the top-level ``errors`` with code NO_AUTENTICADO.

    The answer is then HTTP 401 with ``WWW-Authenticate`` (GraphQL over HTTP lets a server use the status for a
    request it refuses as a whole): a client or gateway sees a missing or revoked credential without reading the
    body. The body stays the same JSON. Errors of an authenticated partner remain errors as data, with HTTP 200.
    """

    message = MENSAJE_NO_AUTENTICADO
    error_extensions = {"code": CODIGO_NO_AUTENTICADO}  # noqa: RUF012 (strawberry's own class attribute)

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        if info.context.aliado is not None:
            return True
        respuesta = info.context.response  # Strawberry copies its status and headers onto the HTTP response
        respuesta.status_code = 401
        respuesta.headers.update(DESAFIO)
        return False
