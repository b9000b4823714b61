"""The admin ASGI app: officials' pages behind a session login, CSRF and security headers."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from admin.comun import DURACION_SESION, contexto_base, funcionario_actual
from admin.csrf import ProteccionCSRF
from admin.limites_ingreso import Dispositivos, LimitesIngreso
from admin.plantillas import ESTATICOS, renderizar
from admin.seguridad import EncabezadosSeguridad
from admin.vistas_aliados import rutas_aliados
from admin.vistas_archivos import rutas_archivos
from admin.vistas_auditoria import rutas_auditoria
from admin.vistas_bandeja import rutas_bandeja
from admin.vistas_catalogo import rutas_catalogo
from admin.vistas_estadisticas import rutas_estadisticas
from admin.vistas_firmas import rutas_firmas
from admin.vistas_identidad import rutas_identidad
from admin.vistas_notificaciones import rutas_notificaciones
from admin.vistas_registros import rutas_registros
from admin.vistas_sesion import rutas_sesion
from admin.vistas_solicitud import rutas_solicitud
from domain.casos_uso import Contexto


def crear_admin(
    ctx: Contexto,
    *,
    secret_key: str,
    produccion: bool = False,
    limites_ingreso: LimitesIngreso | None = None,
    ruta_cookie: str = "/admin",
) -> Starlette:
    """The admin, to mount at ``/admin``: its own session cookie, CSRF check and static files (``/admin/static``).
    ``limites_ingreso``: the login limits (in memory when omitted; the composition root passes shared ones)."""
    if produccion and len(secret_key) < 32:
        raise ValueError("La clave de sesión debe tener al menos 32 caracteres en producción.")
    limites = limites_ingreso or LimitesIngreso.en_memoria()
    dispositivos = Dispositivos(secret_key, ruta=ruta_cookie + "/ingresar", seguro=produccion)

    async def no_encontrada(request: Request, exc: Exception) -> Response:
        funcionario = await funcionario_actual(request, ctx)
        return renderizar(request, "error.html", {**contexto_base(request, ctx, funcionario),
                                                  "error": "La página que busca no existe."},
                          bloque="panel", status_code=404)

    rutas = [
        *rutas_sesion(ctx, limites, dispositivos),
        *rutas_bandeja(ctx),
        *rutas_solicitud(ctx),
        *rutas_archivos(ctx),
        *rutas_identidad(ctx),
        *rutas_firmas(ctx),
        *rutas_auditoria(ctx),
        *rutas_catalogo(),
        *rutas_registros(),
        *rutas_estadisticas(),
        *rutas_aliados(ctx),
        *rutas_notificaciones(ctx),
        Mount("/static", StaticFiles(directory=ESTATICOS), name="static"),
    ]
    middleware = [
        Middleware(EncabezadosSeguridad, produccion=produccion),
        Middleware(
            SessionMiddleware, secret_key=secret_key, session_cookie="ventanilla_admin", max_age=DURACION_SESION,
            path=ruta_cookie, same_site="lax", https_only=produccion,
        ),
        Middleware(ProteccionCSRF),
    ]
    aplicacion = Starlette(routes=rutas, middleware=middleware, exception_handlers={404: no_encontrada})
    aplicacion.state.contexto = ctx  # module-level views read the use-case context from here
    return aplicacion
