"""The download link of an approval e-mail: ``<url_publica>/descargas/<token>``, a capability URL.

The citizen has no account here (partners download through the API with their credential), so the e-mail carries
a link that is itself the permission: the token names the solicitud and an expiry date, signed (HMAC, itsdangerous)
with the platform's secret key under a purpose of its own. It cannot be forged or stretched, and it is computed
from the notification alone, so a message sent twice carries the same link.
"""

from __future__ import annotations

import html
import uuid
from datetime import date

from itsdangerous import BadSignature, URLSafeSerializer
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from domain.casos_uso import Contexto
from domain.casos_uso.certificados import descargar_certificado
from domain.errores import ErrorDominio
from domain.reloj import hoy_en_colombia

PROPOSITO = "ventanilla.descarga-certificado"
RUTA = "/descargas/{token}"


def _serializador(secreto: str) -> URLSafeSerializer:
    return URLSafeSerializer(secreto, salt=PROPOSITO)


def enlace_descarga(url_publica: str, secreto: str, solicitud_id: uuid.UUID, vence: date) -> str:
    token = _serializador(secreto).dumps({"s": solicitud_id.hex, "v": vence.isoformat()})
    return f"{url_publica.rstrip('/')}/descargas/{token}"


def leer_token(secreto: str, token: str) -> tuple[uuid.UUID, date] | None:
    """The solicitud and expiry the token names, or None if it is not ours (forged, altered, truncated)."""
    try:
        datos = _serializador(secreto).loads(token)
        return uuid.UUID(hex=datos["s"]), date.fromisoformat(datos["v"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


def _pagina(titulo: str, texto: str, status: int) -> HTMLResponse:
    cuerpo = (f'<!doctype html><html lang="es-CO"><head><meta charset="utf-8"><title>{titulo} · Ventanilla</title>'
              f'<meta name="robots" content="noindex"></head><body><h1>{titulo}</h1>'
              f"<p>{html.escape(texto)}</p></body></html>")
    return HTMLResponse(cuerpo, status_code=status, headers={"Cache-Control": "no-store"})


def rutas_descargas(ctx: Contexto, secreto: str) -> list[Route]:
    async def descargar(request: Request) -> Response:
        leido = leer_token(secreto, request.path_params["token"][:1000])
        if leido is None:
            return _pagina("Enlace no válido", "Revise que copió el enlace completo del correo.", 404)
        solicitud_id, vence = leido
        if hoy_en_colombia(ctx.reloj) > vence:
            return _pagina("Enlace vencido", f"Este enlace de descarga venció el {vence:%d/%m/%Y}. Solicite el "
                           "certificado a la entidad o a través del portal donde hizo el trámite.", 410)
        try:
            descarga = await run_in_threadpool(descargar_certificado, solicitud_id, ctx)
        except ErrorDominio as error:
            return _pagina("Certificado no disponible", error.mensaje, 404)
        return Response(descarga.contenido, media_type=descarga.tipo_medio, headers={
            "Content-Disposition": f'attachment; filename="{descarga.nombre}"',
            "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",  # the URL is the permission: never leak it to another site
        })

    return [Route(RUTA, descargar, methods=["GET"], name="descarga_certificado")]
