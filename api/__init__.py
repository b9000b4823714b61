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

import base64
import hashlib
import re

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData

from api.autenticacion import autenticar
from api.cargadores import Cargadores
from api.contexto import ContextoApi
from api.descargas import ruta_descargas
from api.errores import registro, respuesta_error
from api.esquema import construir_esquema
from api.limites import LimiteCuerpo
from api.peticion import CODIGO_PETICION_INVALIDA, PeticionInvalida, leer_cuerpo_json, leer_multipart
from domain.casos_uso import Contexto
from domain.eregistro import LimitadorConsultas

MB = 1024 * 1024
__all__ = ["construir_esquema", "crear_api"]

# Strawberry's own refusals (method, GraphiQL off, a document without operations), in Spanish.
_RECHAZOS = {
    404: ("NO_ENCONTRADO", "No existe esa dirección en la API."),
    405: ("METODO_NO_PERMITIDO", "La API GraphQL solo recibe peticiones POST."),
}
_RECHAZO_GENERICO = (CODIGO_PETICION_INVALIDA, "La petición GraphQL no es válida.")


def _csp_graphiql(html: str) -> str:
    """GraphiQL (development only) loads React and GraphiQL from unpkg.com, pinned by integrity hashes, and runs
    one inline script, allowed here by its own hash: no other script may run."""
    guiones = re.findall(r"<script>(.*?)</script>", html, flags=re.DOTALL)
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(g.encode()).digest()).decode()}'" for g in guiones)
    return (f"default-src 'none'; script-src https://unpkg.com {hashes}; style-src https://unpkg.com "
            "'unsafe-inline'; img-src 'self' data:; font-src https://unpkg.com data:; connect-src 'self'; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'none'")


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

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Strawberry's, answering its refusals and ours as JSON in the API's error shape instead of plain text."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        peticion = Request(scope, receive=receive)
        try:
            respuesta = await self.run(peticion)
        except PeticionInvalida as e:
            registro.info("Petición rechazada antes de GraphQL: %s", e.mensaje)
            respuesta = respuesta_error(e.estado, e.codigo, e.mensaje, _encabezados_rechazo(e.estado))
        except HTTPException as e:
            registro.info("Petición rechazada por Strawberry (%s): %s", e.status_code, e.reason)
            codigo, mensaje = _RECHAZOS.get(e.status_code, _RECHAZO_GENERICO)
            respuesta = respuesta_error(e.status_code, codigo, mensaje, _encabezados_rechazo(e.status_code))
        if respuesta.background is None:
            respuesta.background = BackgroundTask(peticion.close)  # uploads already spooled to temporary files
        await respuesta(scope, receive, send)

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData:
        """``api.peticion`` instead of Strawberry's parsing: POST only, JSON or multipart, every part checked."""
        if request.method != "POST":
            raise PeticionInvalida("La API GraphQL solo recibe peticiones POST.", estado=405,
                                   codigo="METODO_NO_PERMITIDO")
        tipo = (request.content_type or "").split(";")[0].strip().lower()  # media types are case-insensitive
        if tipo == "application/json":
            return leer_cuerpo_json(await request.get_body())
        if tipo == "multipart/form-data":
            return leer_multipart(await self._formulario(request))
        raise PeticionInvalida("Envíe la petición como application/json o, si lleva archivos, como "
                               "multipart/form-data.", estado=415, codigo="TIPO_NO_ADMITIDO")

    @staticmethod
    async def _formulario(request: AsyncHTTPRequestAdapter) -> FormData:
        try:
            return (await request.get_form_data()).form  # type: ignore[return-value]
        except (StarletteHTTPException, MultiPartException, ValueError):
            raise PeticionInvalida("El cuerpo multipart de la petición no se pudo leer.") from None

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        html = self.graphql_ide_html
        return HTMLResponse(html, headers={"Content-Security-Policy": _csp_graphiql(html)})

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> ContextoApi:
        if isinstance(request, Request) and isinstance(response, Response):
            # Uploads not read (an earlier error) are temporary files: close them once the response is sent.
            response.background = BackgroundTask(request.close)
        aliado = await autenticar(request.headers, self._ctx)
        return ContextoApi(
            request=request, response=response, ctx=self._ctx, aliado=aliado,
            cargadores=Cargadores(self._ctx, aliado.id if aliado else None), max_subida_bytes=self._max_subida_bytes,
        )


def _encabezados_rechazo(estado: int) -> dict[str, str] | None:
    return {"Allow": "POST"} if estado == 405 else None


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
