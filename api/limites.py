"""Limits: query shape (depth, aliases, tokens), request body size and per-file upload size.

The depth and alias rules are built ONCE, here, and handed to ``AddValidationRules``: ``QueryDepthLimiter(...)``
builds a new validator class each time it is instantiated, and a per-request instance would change the
``ValidationCache`` key on every request, silently turning the cache off (anchors-perf-reliability A4).
"""

from __future__ import annotations

from typing import Protocol

from graphql import ASTValidationRule
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter

from api.errores import respuesta_error
from domain.errores import ArchivoInvalido

PROFUNDIDAD_MAXIMA = 10
ALIAS_MAXIMOS = 15
TOKENS_MAXIMOS = 2000
TAMANO_CACHE = 512
CODIGO_CUERPO_GRANDE = "CUERPO_DEMASIADO_GRANDE"
_MB = 1024 * 1024

REGLAS_VALIDACION: list[type[ASTValidationRule]] = [
    *QueryDepthLimiter(max_depth=PROFUNDIDAD_MAXIMA).validation_rules,
    *MaxAliasesLimiter(max_alias_count=ALIAS_MAXIMOS).validation_rules,
]


def _megas(n: int) -> str:
    return f"{n / _MB:.1f}".rstrip("0").rstrip(".")


class _CuerpoDemasiadoGrande(Exception):
    pass


class LimiteCuerpo:
    """ASGI middleware: 413 with a Spanish JSON message when the body exceeds ``max_bytes``.

    It checks ``Content-Length`` first and then counts the bytes actually received (chunked uploads, or a client
    that lies), aborting the read as soon as the limit is passed, so a huge body is never buffered.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        largo = dict(scope["headers"]).get(b"content-length")
        if largo is not None and (not largo.isdigit() or int(largo) > self.max_bytes):
            await self._rechazar(scope, receive, send)
            return
        recibidos = 0
        respuesta_iniciada = False

        async def recibir() -> Message:
            nonlocal recibidos
            mensaje = await receive()
            if mensaje["type"] == "http.request":
                recibidos += len(mensaje.get("body", b""))
                if recibidos > self.max_bytes:
                    raise _CuerpoDemasiadoGrande
            return mensaje

        async def enviar(mensaje: Message) -> None:
            nonlocal respuesta_iniciada
            respuesta_iniciada = respuesta_iniciada or mensaje["type"] == "http.response.start"
            await send(mensaje)

        try:
            await self.app(scope, recibir, enviar)
        except _CuerpoDemasiadoGrande:
            if respuesta_iniciada:
                raise
            await self._rechazar(scope, receive, send)

    async def _rechazar(self, scope: Scope, receive: Receive, send: Send) -> None:
        mensaje = (f"La petición supera el tamaño máximo permitido ({_megas(self.max_bytes)} MB en total); "
                   "reduzca el tamaño o la cantidad de los archivos.")
        await respuesta_error(413, CODIGO_CUERPO_GRANDE, mensaje, {"Connection": "close"})(scope, receive, send)


class ArchivoSubido(Protocol):
    """What strawberry hands a resolver for an ``Upload`` (a Starlette ``UploadFile``)."""

    filename: str | None

    async def read(self, size: int = -1) -> bytes: ...
    async def close(self) -> None: ...


async def leer_subida(archivo: object, limite: int, campo: str) -> tuple[str, bytes]:
    """(file name, content) of an upload, refusing it as soon as it passes ``limite`` bytes."""
    if not hasattr(archivo, "read") or not hasattr(archivo, "close"):
        raise ArchivoInvalido(
            "El soporte debe enviarse como archivo, con una petición multipart (GraphQL multipart request).",
            campo=campo,
        )
    subido: ArchivoSubido = archivo  # type: ignore[assignment]
    nombre = subido.filename or ""
    partes: list[bytes] = []
    total = 0
    try:
        while parte := await subido.read(64 * 1024):
            total += len(parte)
            if total > limite:
                raise ArchivoInvalido(
                    f"El archivo «{nombre}» supera el tamaño máximo de {_megas(limite)} MB por archivo.", campo=campo
                )
            partes.append(parte)
    finally:
        await subido.close()
    return nombre, b"".join(partes)
