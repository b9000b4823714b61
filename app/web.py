"""The web application factory. ``app.asgi`` holds the module-level instance uvicorn imports."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from admin import crear_admin, rutas_publicas
from admin.seguridad import EncabezadosSeguridad, LimitadorIntentos, encabezados_seguridad
from api import crear_api
from app.composicion import Sistema, clave_sesion, construir
from app.config import Settings
from app.correo import crear_cartero, politica
from app.correo.despachador import DespachadorEnSegundoPlano
from app.descargas import rutas_descargas
from app.publicacion import Publicador, rutas_publicacion
from app.registro import RegistroPeticiones, configurar_logs
from app.tareas import ciclo_de_vida
from persistence import AlmacenLocal


class SinBarraFinal:
    """Serve ``POST /graphql`` in place: Mount would answer 307, and many clients don't re-POST after a redirect."""

    def __init__(self, app: ASGIApp, rutas: tuple[str, ...]) -> None:
        self.app, self.rutas = app, rutas

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] in self.rutas:
            scope = {**scope, "path": scope["path"] + "/", "raw_path": scope["path"].encode() + b"/"}
        await self.app(scope, receive, send)


# /graphql answers JSON only (GraphiQL, in development, sets its own policy): nothing may load, frame or refer.
CSP_API = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


def envolver_api(api: ASGIApp, *, produccion: bool) -> ASGIApp:
    """The API behind the admin's security-headers middleware, with the stricter values of a JSON endpoint: every
    answer carries them, 400 and 413 refusals and masked errors included."""
    encabezados = encabezados_seguridad(produccion=produccion, referrer="no-referrer", csp=CSP_API, marcos="DENY")
    return EncabezadosSeguridad(api, produccion=produccion, prefijo_estaticos=None, encabezados=encabezados)


def create_app(settings: Settings | None = None, sistema: Sistema | None = None) -> Starlette:
    settings = settings or Settings()
    configurar_logs(settings.log_json)
    sistema = sistema or construir(settings)
    ctx = sistema.contexto
    secreto = clave_sesion(settings)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    async def readyz(request: Request) -> Response:
        estado = sistema.listo()
        codigo = 200 if all(v == "ok" for v in estado.values()) else 503
        return JSONResponse(estado, status_code=codigo)

    async def inicio(request: Request) -> Response:
        return RedirectResponse("/admin/", status_code=307)

    rutas = [
        Route("/", inicio),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Mount("/graphql", envolver_api(crear_api(ctx, produccion=settings.produccion,
                                                 max_subida_bytes=settings.max_subida_bytes,
                                                 max_cuerpo_bytes=settings.max_cuerpo_bytes,
                                                 limitador_certificaciones=sistema.limitador_eregistro),
                                       produccion=settings.produccion)),
        Mount("/admin", crear_admin(ctx, secret_key=secreto, produccion=settings.produccion)),
        *rutas_descargas(ctx, secreto),
        *rutas_publicas(ctx, produccion=settings.produccion,
                        limitador=LimitadorIntentos(maximo=settings.verificaciones_por_minuto, ventana=60),
                        # IP addresses and partners ("aliado:<id>") never collide: one limiter for both.
                        limitador_eregistro=sistema.limitador_eregistro),
        *rutas_publicacion(Publicador(sistema.llavero, settings.claves, ctx, url_base=settings.url_publica)),
    ]
    vida = ciclo_de_vida(sistema.motor, AlmacenLocal(settings.archivos), settings.limpieza_almacen_horas)
    aplicacion = Starlette(routes=rutas, lifespan=_juntos(vida, _despacho_de_correo(sistema, secreto)))
    aplicacion.state.sistema = sistema
    aplicacion.add_middleware(SinBarraFinal, rutas=("/graphql",))
    aplicacion.add_middleware(RegistroPeticiones)
    return aplicacion




def _juntos(*ciclos: Callable[[Starlette], AbstractAsyncContextManager[None]]
            ) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """One lifespan from several: entered in order, left in reverse (orphan cleanup, e-mail delivery)."""

    @asynccontextmanager
    async def ciclo(app: Starlette) -> AsyncIterator[None]:
        async with AsyncExitStack() as pila:
            for otro in ciclos:
                await pila.enter_async_context(otro(app))
            yield

    return ciclo


def _despacho_de_correo(sistema: Sistema, secreto: str) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """With VENTANILLA_CORREO_EN_SERVIDOR (``servir`` sets it), deliver the outbox from a thread of this process,
    started with the app and stopped (after the send in flight) when the server shuts down."""

    @asynccontextmanager
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
