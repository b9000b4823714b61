"""Jobs the server runs on its own while it lives: the file store's orphan cleanup (docs/archivos.md), the
e-mail outbox delivery (docs/notificaciones.md) and the statistics fold (docs/estadisticas.md), each a Starlette
lifespan; ``juntos`` runs several.

Every worker process runs it; that is harmless (deleting is idempotent and race-free against uploads, see
persistence/limpieza_almacen.py). The first run waits a whole period, so a restart loop never turns into a
cleanup loop. Deployments that prefer cron set ``VENTANILLA_LIMPIEZA_ALMACEN_HORAS=0`` and run
``ventanilla almacen limpiar``.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any, TypeVar

import structlog
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool

from app.composicion import Sistema
from app.correo import crear_cartero, politica
from app.correo.despachador import DespachadorEnSegundoPlano
from domain.casos_uso.estadisticas import actualizar_estadisticas
from domain.puertos_estadisticas import AlmacenEstadisticas
from domain.reloj import Reloj
from persistence import AlmacenLocal
from persistence.limpieza_almacen import ResultadoLimpieza, limpiar_almacen

T = TypeVar("T")

Ciclo = Callable[[Starlette], AbstractAsyncContextManager[None]]


def juntos(*ciclos: Ciclo) -> Ciclo:
    """One lifespan from several: entered in order, left in reverse."""

    @contextlib.asynccontextmanager
    async def ciclo(app: Starlette) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as pila:
            for otro in ciclos:
                await pila.enter_async_context(otro(app))
            yield

    return ciclo


def despacho_de_correo(sistema: Sistema, secreto: str) -> Ciclo:
    """With VENTANILLA_CORREO_EN_SERVIDOR (``servir`` sets it), deliver the outbox from a thread of this process,
    started with the app and stopped (after the send in flight) when the server shuts down."""

    @contextlib.asynccontextmanager
    async def ciclo(app: Starlette) -> AsyncIterator[None]:
        settings = sistema.settings
        if not settings.correo_en_servidor:
            yield
            return
        ctx = sistema.contexto
        despachador = DespachadorEnSegundoPlano(ctx.uow, ctx.reloj, crear_cartero(settings, secreto),
                                                politica(settings), settings.correo_intervalo_s)
        despachador.iniciar()
        try:
            yield
        finally:
            await run_in_threadpool(despachador.detener)  # waits for the send in flight, off the event loop

    return ciclo


def _periodica(segundos: float, trabajo: Callable[[], T], anotar: Callable[[T], None], fallo: str,
               log: Any) -> Ciclo:
    """A lifespan that runs ``trabajo`` in a worker thread every ``segundos`` (none when 0) and stops with the
    server. The first run waits a whole period; a failed run is logged and never stops the next ones."""

    async def cada() -> None:
        while True:
            await asyncio.sleep(segundos)
            try:
                resultado = await run_in_threadpool(trabajo)
            except Exception:  # database down, disk error…
                log.exception(fallo)
                continue
            anotar(resultado)

    @contextlib.asynccontextmanager
    async def ciclo(_app: Starlette) -> AsyncIterator[None]:
        tarea = asyncio.create_task(cada()) if segundos > 0 else None
        try:
            yield
        finally:
            if tarea is not None:
                tarea.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await tarea

    return ciclo


def estadisticas_periodicas(almacen: AlmacenEstadisticas | None, reloj: Reloj, minutos: float) -> Ciclo:
    """Fold the solicitudes' new events into the statistics every ``minutos`` (docs/estadisticas.md); none when 0.
    Every worker may run it: the watermark's row lock serialises the folds and each event is folded once."""
    log = structlog.get_logger("ventanilla.estadisticas")

    def anotar(n: int) -> None:
        if n:
            log.info("estadisticas.actualizadas", eventos=n)

    if almacen is None:
        return _periodica(0, lambda: 0, anotar, "", log)
    return _periodica(minutos * 60, lambda: actualizar_estadisticas(almacen, reloj), anotar,
                      "estadisticas.actualizacion_fallida", log)


def ciclo_de_vida(motor: Engine, almacen: AlmacenLocal, cada_horas: float) -> Ciclo:
    """Starlette ``lifespan``: starts the periodic cleanup (none when ``cada_horas`` is 0) and stops it on exit."""
    log = structlog.get_logger("ventanilla.almacen")

    def anotar(r: ResultadoLimpieza) -> None:
        log.info("almacen.limpieza", revisados=r.revisados, borrados=len(r.borrados),
                 bytes_liberados=r.bytes_liberados, temporales=r.temporales)

    return _periodica(max(cada_horas, 0) * 3600, lambda: limpiar_almacen(motor, almacen), anotar,
                      "almacen.limpieza_fallida", log)
