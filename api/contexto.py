"""What every resolver sees: the request, the domain's ports, the authenticated partner and per-request loaders."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import strawberry
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from api.cargadores import Cargadores
from domain.casos_uso import Contexto
from domain.errores import NoAutorizado
from domain.personas import SistemaAliado


@dataclass
class ContextoApi:
    request: Request | WebSocket
    response: Response | WebSocket
    ctx: Contexto
    aliado: SistemaAliado | None
    cargadores: Cargadores
    """Scoped to ``aliado``: they load only what that partner may read (nothing without a partner)."""
    max_subida_bytes: int

    @property
    def aliado_id(self) -> uuid.UUID:
        """The authenticated partner's id, which every use case called by the API receives to scope its reads.

        Resolvers behind ``alcance(...)`` (api/alcances.py) always have one; without it, refuse rather than read
        unscoped.
        """
        if self.aliado is None:
            raise NoAutorizado("Falta una credencial válida de sistema aliado.")
        return self.aliado.id


Info = strawberry.Info[ContextoApi, None]
