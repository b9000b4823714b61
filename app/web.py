"""The web application factory. ``app.asgi`` holds the module-level instance uvicorn imports."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from admin import crear_admin, no_encontrada_publica, rutas_publicas
from admin.limites_ingreso import FabricaLimitador, LimitesIngreso
from admin.seguridad import EncabezadosSeguridad, encabezados_seguridad
from api import crear_api
from app.composicion import Sistema, clave_sesion, construir
from app.config import Settings
from app.descargas import rutas_descargas
from app.direccion_cliente import DireccionCliente
from app.publicacion import Publicador, rutas_publicacion
from app.registro import RegistroPeticiones, configurar_logs
from app.tareas import ciclo_de_vida, despacho_de_correo, estadisticas_periodicas, juntos
from domain.limites import Limitador, LimitadorVentanas
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


async def healthz(request: Request) -> Response:
    return PlainTextResponse("ok")


async def readyz(request: Request) -> Response:
    estado = request.app.state.sistema.listo()
    codigo = 200 if all(v == "ok" for v in estado.values()) else 503
    return JSONResponse(estado, status_code=codigo)


async def inicio(request: Request) -> Response:
    return RedirectResponse("/admin/", status_code=307)


def create_app(settings: Settings | None = None, sistema: Sistema | None = None) -> Starlette:
    settings = settings or Settings()
    configurar_logs(settings.log_json)
    sistema = sistema or construir(settings)
    ctx = sistema.contexto
    secreto = clave_sesion(settings)
    rutas = [
        Route("/", inicio),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Mount("/graphql", envolver_api(crear_api(ctx, produccion=settings.produccion,
                                                 max_subida_bytes=settings.max_subida_bytes,
                                                 max_cuerpo_bytes=settings.max_cuerpo_bytes,
                                                 limitador_certificaciones=sistema.limitador_eregistro),
                                       produccion=settings.produccion)),
        Mount("/admin", crear_admin(ctx, secret_key=secreto, produccion=settings.produccion,
                                    limites_ingreso=LimitesIngreso.con(_fabrica_exacta(sistema)))),
        *rutas_descargas(ctx, secreto),
        *rutas_publicas(ctx, produccion=settings.produccion, limitador=limitador_verificaciones(sistema),
                        # IP addresses and partners ("aliado:<id>") never collide: one limiter for both.
                        limitador_eregistro=sistema.limitador_eregistro),
        *rutas_publicacion(Publicador(sistema.llavero, settings.claves, ctx, url_base=settings.url_publica)),
    ]
    vida = ciclo_de_vida(sistema.motor, AlmacenLocal(settings.archivos), settings.limpieza_almacen_horas)
    estadisticas = estadisticas_periodicas(ctx.estadisticas, ctx.reloj, settings.estadisticas_minutos)
    ciclo = juntos(vida, despacho_de_correo(sistema, secreto), estadisticas)
    aplicacion = Starlette(routes=rutas, lifespan=ciclo,
                           exception_handlers={404: no_encontrada_publica(produccion=settings.produccion)})
    aplicacion.state.sistema = sistema
    aplicacion.add_middleware(SinBarraFinal, rutas=("/graphql",))
    aplicacion.add_middleware(RegistroPeticiones)
    # Outermost: every page, limiter, log line and audit record below sees the same client address.
    aplicacion.add_middleware(DireccionCliente, proxies=settings.redes_proxies)
    return aplicacion


def _fabrica_exacta(sistema: Sistema) -> FabricaLimitador:
    """Login limiters: each check reads the shared store and each failure is written before the answer."""

    def fabrica(nombre: str, maximo: int, ventana: int) -> Limitador:
        return LimitadorVentanas(sistema.contadores, nombre, maximo=maximo, ventana=ventana)

    return fabrica


def limitador_verificaciones(sistema: Sistema) -> LimitadorVentanas:
    """The public page's limiter: checks in memory, counts flushed to the shared store every
    ``limitador_intervalo_ms`` (domain/limites.py: the slack that buys the page its throughput)."""
    s = sistema.settings
    return LimitadorVentanas(sistema.contadores, "verificar", maximo=s.verificaciones_por_minuto, ventana=60,
                             intervalo=s.limitador_intervalo_ms / 1000)
