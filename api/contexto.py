"""What every resolver sees: the request, the domain's ports, the authenticated partner and per-request loaders."""

from __future__ import annotations

from dataclasses import dataclass

import strawberry
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from api.cargadores import Cargadores
from domain.casos_uso import Contexto
from domain.personas import SistemaAliado


@dataclass
class ContextoApi:
    request: Request | WebSocket
    response: Response | WebSocket
    ctx: Contexto
    aliado: SistemaAliado | None
    cargadores: Cargadores
    max_subida_bytes: int


Info = strawberry.Info[ContextoApi, None]
