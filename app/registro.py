"""Structured logs (structlog): JSON in production, readable console in development; one line per request."""

from __future__ import annotations

import logging
import time
import uuid

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def configurar_logs(json: bool) -> None:
    procesadores: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer = structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    structlog.configure(
        processors=[*procesadores, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(logging.INFO),
        cache_logger_on_first_use=True,
    )


_SILENCIOSAS = ("/healthz", "/readyz", "/admin/static/")
_CON_DATOS_PERSONALES = ("/V/", "/v/")


def ruta_para_log(ruta: str) -> str:
    """QR verification paths carry the signed payload (names, identification): never write it to the logs."""
    if ruta.startswith(_CON_DATOS_PERSONALES):
        return ruta[:5] + "…"
    return ruta


class RegistroPeticiones:
    """Binds a request id to every log line of the request and logs method, path, status and duration."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.log = structlog.get_logger("ventanilla.http")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        peticion_id = uuid.uuid4().hex[:16]
        structlog.contextvars.bind_contextvars(peticion_id=peticion_id)
        inicio, estado = time.perf_counter(), 500

        async def enviar(mensaje: Message) -> None:
            nonlocal estado
            if mensaje["type"] == "http.response.start":
                estado = mensaje["status"]
                mensaje.setdefault("headers", []).append((b"x-request-id", peticion_id.encode()))
            await send(mensaje)

        try:
            await self.app(scope, receive, enviar)
        finally:
            ruta = ruta_para_log(scope.get("path", ""))
            if not ruta.startswith(_SILENCIOSAS) or estado >= 400:
                self.log.info("peticion", metodo=scope.get("method"), ruta=ruta, estado=estado,
                              ms=round((time.perf_counter() - inicio) * 1000, 2))
            structlog.contextvars.unbind_contextvars("peticion_id")
