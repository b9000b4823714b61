"""Ventanilla's GraphQL API for partner systems (Strawberry on Starlette).

``crear_api(ctx)`` returns one ASGI app, meant to be mounted at ``/graphql`` by the composition root. Relative to
the mount it serves:

- ``POST /`` — GraphQL (JSON, or multipart for uploads); ``GET /`` — GraphiQL, only when not in production;
- ``GET /certificados/{id}.pdf`` — the signed certificate of a solicitud (``{id}`` = its global ID), with the
  partner's ``Authorization: Bearer`` credential, exactly the URL that ``Solicitud.certificadoUrl`` returns.

Every partner sees only its own data: the solicitudes it filed (and their certificates) and the personas it
registered or named in them. Anything else answers exactly like something that does not exist. Every operation
needs a scope, declared per field in ``api/alcances.py`` (docs/aliados.md).
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from api.autenticacion import autenticar
from api.cargadores import Cargadores
from api.contexto import ContextoApi
from api.descargas import ruta_descargas
from api.esquema import construir_esquema
from api.limites import LimiteCuerpo
from domain.casos_uso import Contexto
from domain.eregistro import LimitadorConsultas

MB = 1024 * 1024
__all__ = ["construir_esquema", "crear_api"]


class _VistaGraphQL(GraphQL[ContextoApi, None]):
    def __init__(self, ctx: Contexto, *, produccion: bool, max_subida_bytes: int,
                 limitador: LimitadorConsultas | None) -> None:
        super().__init__(
            construir_esquema(produccion=produccion, limitador_certificaciones=limitador),
            graphql_ide=None if produccion else "graphiql",
            allow_queries_via_get=False,  # no query strings in access logs; POST only
            multipart_uploads_enabled=True,  # safe: credentials are bearer tokens, never cookies (no CSRF)
        )
        self._ctx = ctx
        self._max_subida_bytes = max_subida_bytes

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> ContextoApi:
        if isinstance(request, Request) and isinstance(response, Response):
            # Uploads not read (an earlier error) are temporary files: close them once the response is sent.
            response.background = BackgroundTask(request.close)
        aliado = await autenticar(request.headers, self._ctx)
        return ContextoApi(
            request=request, response=response, ctx=self._ctx, aliado=aliado,
            cargadores=Cargadores(self._ctx, aliado.id if aliado else None), max_subida_bytes=self._max_subida_bytes,
        )


def crear_api(
    ctx: Contexto, *, produccion: bool = False, max_subida_bytes: int = 4 * MB, max_cuerpo_bytes: int = 25 * MB,
    limitador_certificaciones: LimitadorConsultas | None = None,
) -> ASGIApp:
    """The partner API as an ASGI app. ``produccion`` turns off introspection, GraphiQL and field suggestions.

    ``limitador_certificaciones`` counts failed e-Register lookups per partner; the composition root passes the
    database-backed one (shared by workers, kept across restarts), tests may leave the in-memory default."""
    if max_subida_bytes <= 0 or max_cuerpo_bytes <= 0:
        raise ValueError("max_subida_bytes and max_cuerpo_bytes must be positive")
    vista = _VistaGraphQL(ctx, produccion=produccion, max_subida_bytes=max_subida_bytes,
                          limitador=limitador_certificaciones)
    return Starlette(
        routes=[Route("/", vista, name="graphql"), ruta_descargas(ctx)],
        middleware=[Middleware(LimiteCuerpo, max_bytes=max_cuerpo_bytes)],
    )
