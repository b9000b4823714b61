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
from persistence.limpieza_almacen import limpiar_almacen

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


def estadisticas_periodicas(almacen: AlmacenEstadisticas | None, reloj: Reloj, minutos: float) -> Ciclo:
    """Fold the solicitudes' new events into the statistics every ``minutos`` (docs/estadisticas.md); none when 0.
    Every worker may run it: the watermark's row lock serialises the folds and each event is folded once."""

    @contextlib.asynccontextmanager
    async def ciclo(_app: Starlette) -> AsyncIterator[None]:
        if minutos <= 0 or almacen is None:
            yield
            return
        tarea = asyncio.create_task(_actualizar_cada(almacen, reloj, minutos * 60))
        try:
            yield
        finally:
            tarea.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await tarea

    return ciclo


async def _actualizar_cada(almacen: AlmacenEstadisticas, reloj: Reloj, segundos: float) -> None:
    log = structlog.get_logger("ventanilla.estadisticas")
    while True:
        await asyncio.sleep(segundos)
        try:
            n = await run_in_threadpool(actualizar_estadisticas, almacen, reloj)
        except Exception:  # a failed run (database down) must not stop the next ones
            log.exception("estadisticas.actualizacion_fallida")
            continue
        if n:
            log.info("estadisticas.actualizadas", eventos=n)


def ciclo_de_vida(
    motor: Engine, almacen: AlmacenLocal, cada_horas: float
) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """Starlette ``lifespan``: starts the periodic cleanup (none when ``cada_horas`` is 0) and stops it on exit."""

    @contextlib.asynccontextmanager
    async def vida(_app: Starlette) -> AsyncIterator[None]:
        tarea = asyncio.create_task(_limpiar_cada(motor, almacen, cada_horas * 3600)) if cada_horas > 0 else None
        try:
            yield
        finally:
            if tarea is not None:
                tarea.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await tarea

    return vida


async def _limpiar_cada(motor: Engine, almacen: AlmacenLocal, segundos: float) -> None:
    log = structlog.get_logger("ventanilla.almacen")
    while True:
        await asyncio.sleep(segundos)
        try:
            r = await run_in_threadpool(limpiar_almacen, motor, almacen)
        except Exception:  # a failed run (database down, disk error) must not stop the next ones
            log.exception("almacen.limpieza_fallida")
            continue
        log.info("almacen.limpieza", revisados=r.revisados, borrados=len(r.borrados),
                 bytes_liberados=r.bytes_liberados, temporales=r.temporales)
