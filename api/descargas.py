"""Certificate download: a plain authenticated GET inside the API app, next to the GraphQL endpoint.

Mounted at ``/graphql`` the route is ``GET /graphql/certificados/{id}.pdf`` where ``{id}`` is the solicitud's
global ID (URL-encoded). GraphQL returns it ready to use in ``Solicitud.certificadoUrl``. A PDF is a file, not a
graph: streaming it through GraphQL (base64 in JSON) would cost a third more bytes and the whole file in memory.
"""

from __future__ import annotations

import uuid
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.routing import Route

from api.autenticacion import CODIGO_NO_AUTENTICADO, DESAFIO, MENSAJE_NO_AUTENTICADO, autenticar
from api.errores import estado_http, respuesta_error
from api.ids import SOLICITUD, exigir_id, id_global
from domain.alcances import SOLICITUDES, exigir_alcance
from domain.casos_uso import Contexto
from domain.casos_uso.certificados import descargar_certificado
from domain.errores import ErrorDominio

RUTA = "/certificados/{solicitud_id}.pdf"


def url_certificado(conexion: HTTPConnection, solicitud_id: uuid.UUID) -> str:
    """Absolute URL of the download, built from the request (so it honours the mount point and proxies)."""
    raiz = conexion.scope.get("root_path", "")
    ruta = f"{raiz}/certificados/{quote(id_global(SOLICITUD, solicitud_id), safe='')}.pdf"
    return str(conexion.url.replace(path=ruta, query="", fragment=""))


def ruta_descargas(ctx: Contexto) -> Route:
    async def descargar(request: Request) -> Response:
        aliado = await autenticar(request.headers, ctx)
        if aliado is None:
            return respuesta_error(401, CODIGO_NO_AUTENTICADO, MENSAJE_NO_AUTENTICADO, DESAFIO)
        try:
            exigir_alcance(aliado, SOLICITUDES)  # the same scope as the solicitud that carries the URL
            solicitud_id = exigir_id(request.path_params["solicitud_id"], SOLICITUD, "solicitudId")
            # Another partner's solicitud is a 404 with the same body as a missing one.
            descarga = await run_in_threadpool(descargar_certificado, solicitud_id, ctx, aliado.id)
        except ErrorDominio as e:
            return respuesta_error(estado_http(e), e.codigo, e.mensaje)
        return Response(
            descarga.contenido,
            media_type=descarga.tipo_medio,
            headers={
                "Content-Disposition": f'attachment; filename="{descarga.nombre}"',
                "Cache-Control": "private, no-store",
                "X-Content-Type-Options": "nosniff",
            },
        )

    return Route(RUTA, descargar, methods=["GET"], name="descargar_certificado")
