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
    """Only authenticated partner systems; the error goes to the top-level ``errors`` with code NO_AUTENTICADO."""

    message = MENSAJE_NO_AUTENTICADO
    error_extensions = {"code": CODIGO_NO_AUTENTICADO}  # noqa: RUF012 (strawberry's own class attribute)

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return info.context.aliado is not None
