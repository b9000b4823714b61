"""CSRF: a synchronizer token kept in the session, required on every state-changing request.

The token travels in the ``X-CSRF-Token`` header (htmx sends it from ``hx-headers`` on <body>) or in a
``csrf_token`` form field (plain forms without JavaScript). A request the browser marks as cross-site
(``Sec-Fetch-Site``) is refused before anything else. Runs inside SessionMiddleware.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import MutableMapping
from typing import Any

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

METODOS_SEGUROS = frozenset({"GET", "HEAD", "OPTIONS"})
CLAVE_SESION = "csrf"
CAMPO = "csrf_token"
ENCABEZADO = "x-csrf-token"
MAX_CUERPO = 256 * 1024  # admin text forms are small
MAX_CUERPO_ARCHIVOS = 12 * 1024 * 1024  # multipart forms carry a file (specimen, record copy: 10 MiB) plus fields
MENSAJE = (
    "No pudimos confirmar que esta acción venga de esta página (token de seguridad ausente o vencido). "
    "Recargue la página e intente de nuevo."
)


def token_csrf(sesion: MutableMapping[str, Any]) -> str:
    """The session's token, created on first use."""
    token = sesion.get(CLAVE_SESION)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        sesion[CLAVE_SESION] = token
    return token


def _rechazo(mensaje: str, status: int = 403) -> HTMLResponse:
    html = f'<div class="alerta alerta-error" role="alert"><p>{mensaje}</p></div>'
    return HTMLResponse(html, status_code=status)


class ProteccionCSRF:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in METODOS_SEGUROS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origen = headers.get("sec-fetch-site")
        if origen is not None and origen not in ("same-origin", "none"):
            await _rechazo("Solicitud rechazada: viene de otro sitio.")(scope, receive, send)
            return
        multipart = headers.get("content-type", "").startswith("multipart/form-data")
        cuerpo = await _leer_cuerpo(receive, MAX_CUERPO_ARCHIVOS if multipart else MAX_CUERPO)
        if cuerpo is None:
            await _rechazo("El formulario es demasiado grande.", 413)(scope, receive, send)
            return
        repetir = _repetidor(cuerpo)
        enviado = headers.get(ENCABEZADO) or await _campo_formulario(scope, repetir(), headers)
        esperado = scope["session"].get(CLAVE_SESION)
        if not (isinstance(esperado, str) and esperado and enviado
                and hmac.compare_digest(esperado.encode(), enviado.encode())):
            await _rechazo(MENSAJE)(scope, receive, send)
            return
        await self.app(scope, repetir(), send)


async def _leer_cuerpo(receive: Receive, maximo: int) -> bytes | None:
    partes: list[bytes] = []
    total = 0
    while True:
        mensaje = await receive()
        if mensaje["type"] != "http.request":
            break
        parte = mensaje.get("body", b"")
        total += len(parte)
        if total > maximo:
            return None
        partes.append(parte)
        if not mensaje.get("more_body", False):
            break
    return b"".join(partes)


def _repetidor(cuerpo: bytes) -> Any:
    """A factory of ``receive`` callables that replay the already-read body to the next reader."""

    def nuevo() -> Receive:
        entregado = False

        async def receive() -> Message:
            nonlocal entregado
            if entregado:
                return {"type": "http.disconnect"}
            entregado = True
            return {"type": "http.request", "body": cuerpo, "more_body": False}

        return receive

    return nuevo


async def _campo_formulario(scope: Scope, receive: Receive, headers: Headers) -> str | None:
    tipo = headers.get("content-type", "")
    if not tipo.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return None
    try:
        async with Request(scope, receive).form() as formulario:
            valor = formulario.get(CAMPO)
    except Exception:  # malformed body: treated as a missing token
        return None
    return valor if isinstance(valor, str) else None
