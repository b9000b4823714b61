"""What every authenticated admin view shares: the current official, the base template context, error statuses."""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from admin.csrf import token_csrf
from admin.inicio import inicio, secciones
from admin.plantillas import es_htmx, url
from domain.casos_uso import Contexto
from domain.casos_uso.personas import obtener_funcionario
from domain.contrasenas import parametros_contrasenas
from domain.errores import (
    ConflictoConcurrencia,
    DatoInvalido,
    ErrorDominio,
    NoAutorizado,
    NoEncontrado,
    PlazoVencido,
    TransicionInvalida,
)
from domain.personas import Funcionario

# Errors defined outside domain/ (signing/, persistence/) are known here only by their stable code.
STATUS_POR_CODIGO = {"CLAVE_FIRMA_NO_DISPONIBLE": 503}
DURACION_SESION = 8 * 60 * 60  # one working day; then log in again
SESION_FUNCIONARIO = "funcionario"
SESION_DESDE = "desde"

Vista = Callable[[Request, Funcionario], Awaitable[Response]]
Endpoint = Callable[[Request], Awaitable[Response]]


async def funcionario_actual(request: Request, ctx: Contexto) -> Funcionario | None:
    """The logged-in, still active official; an expired or stale session is cleared."""
    sesion = request.session
    crudo, desde = sesion.get(SESION_FUNCIONARIO), sesion.get(SESION_DESDE)
    if not isinstance(crudo, str) or not isinstance(desde, int | float):
        return None
    if time.time() - desde > DURACION_SESION:
        sesion.clear()
        return None
    try:
        funcionario_id = uuid.UUID(crudo)
    except ValueError:
        sesion.clear()
        return None
    funcionario = await run_in_threadpool(obtener_funcionario, funcionario_id, ctx)
    if funcionario is None or not funcionario.activo:
        sesion.clear()
        return None
    return funcionario


def a_ingresar(request: Request) -> Response:
    destino = url(request, "ingresar")
    if es_htmx(request):  # htmx follows HX-Redirect with a full navigation
        return Response(status_code=401, headers={"HX-Redirect": destino})
    return RedirectResponse(destino, status_code=303)


def con_funcionario(ctx: Contexto) -> Callable[[Vista], Endpoint]:
    """Decorator: run the view only with a logged-in official, else send the browser to the login page."""

    def decorar(vista: Vista) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            funcionario = await funcionario_actual(request, ctx)
            if funcionario is None:
                return a_ingresar(request)
            return await vista(request, funcionario)

        endpoint.__name__ = vista.__name__
        return endpoint

    return decorar


def nombre_entidad(ctx: Contexto, codigo: str) -> str:
    rnec = parametros_contrasenas()  # the Registraduría issues contraseñas, not catálogo trámites
    otras = {rnec.entidad: rnec.entidad_nombre}
    return next((t.entidad.nombre for t in ctx.tramites.todos() if t.entidad.codigo == codigo),
                otras.get(codigo, codigo))


def contexto_base(request: Request, ctx: Contexto, funcionario: Funcionario | None) -> dict[str, Any]:
    return {
        "funcionario": funcionario,
        "entidad_nombre": nombre_entidad(ctx, funcionario.entidad) if funcionario else "",
        # The sections of the official's entidad (admin/inicio.py): the header links to them and to the landing page.
        "secciones": secciones(ctx, funcionario.entidad) if funcionario else (),
        "inicio": inicio(ctx, funcionario) if funcionario else "bandeja",
        "csrf_token": token_csrf(request.session),
    }


def status_de(error: ErrorDominio) -> int:
    """HTTP status of a domain error: 404 missing, 403 not allowed, 409 state conflicts, 422 invalid data."""
    if isinstance(error, NoEncontrado):
        return 404
    if isinstance(error, NoAutorizado):
        return 403
    if isinstance(error, TransicionInvalida | ConflictoConcurrencia | PlazoVencido):
        return 409
    if isinstance(error, DatoInvalido):
        return 422
    return STATUS_POR_CODIGO.get(error.codigo, 400)


async def campos_texto(request: Request, max_fields: int = 20) -> dict[str, str]:
    """The text fields of a posted form (no files: the forms that upload have their own reader)."""
    async with request.form(max_files=0, max_fields=max_fields) as formulario:
        return {k: v for k, v in formulario.items() if isinstance(v, str)}


def uuid_o_none(texto: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(texto)
    except ValueError:
        return None
