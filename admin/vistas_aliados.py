"""Partner systems (API credentials) for coordinadores: list, create, rotate, revoke; recent platform activity.

Partners are platform-wide, so any active coordinador may manage them (the use cases check it; docs/aliados.md).
A new or rotated credential is shown once, on the page that answers the POST (no redirect: it is never stored in
clear, so it could not be shown again), with ``Cache-Control: no-store``. Plain forms that work without JavaScript,
CSRF on every POST (the middleware); revoking asks for an explicit confirmation box.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from admin.comun import con_funcionario, contexto_base, status_de
from admin.plantillas import renderizar, url
from admin.presentacion import fila_auditoria
from domain.alcances import ALCANCES
from domain.casos_uso import Contexto
from domain.casos_uso.aliados import (
    SOLO_COORDINADOR,
    actividad_plataforma,
    crear_aliado,
    listar_aliados,
    revocar_aliado,
    rotar_credencial,
)
from domain.casos_uso.referencias import Referencias, resolver_referencias
from domain.errores import DatoInvalido, ErrorDominio
from domain.personas import Funcionario, Rol, SistemaAliado

AVISOS = {"revocado": "Sistema aliado revocado: su credencial ya no funciona."}
SIN_CACHE = {"Cache-Control": "no-store"}


def rutas_aliados(ctx: Contexto) -> list[Route]:
    async def _pagina(request: Request, yo: Funcionario, status_code: int = 200, *,
                      nueva: tuple[SistemaAliado, str] | None = None, **extra: Any) -> Response:
        def leer() -> tuple[list[SistemaAliado], list[Any], Referencias]:
            eventos = actividad_plataforma(ctx, yo.id)
            refs = resolver_referencias(ctx, actores=[e.actor for e in eventos], objetos=[e.objeto for e in eventos])
            return listar_aliados(ctx, yo.id), eventos, refs

        try:
            aliados, eventos, refs = await run_in_threadpool(leer)
        except ErrorDominio as error:
            return renderizar(request, "error.html", {**contexto_base(request, ctx, yo), "error": error.mensaje},
                              bloque="panel", status_code=status_de(error))
        actividad = [fila_auditoria(e, refs) for e in eventos]
        datos = {**contexto_base(request, ctx, yo), "aliados": aliados, "alcances": ALCANCES, "actividad": actividad,
                 "nueva": nueva, "error": "", "formulario": {"nombre": "", "alcances": []},
                 "aviso": AVISOS.get(request.query_params.get("aviso", ""), ""), **extra}
        return renderizar(request, "aliados.html", datos, bloque="panel", status_code=status_code,
                          headers=SIN_CACHE if nueva else None)

    def _solo_coordinador(request: Request, yo: Funcionario) -> Response | None:
        """Refuse early, before reading any form: the use cases check again."""
        if yo.rol is Rol.COORDINADOR:
            return None
        return renderizar(request, "error.html", {**contexto_base(request, ctx, yo), "error": SOLO_COORDINADOR},
                          bloque="panel", status_code=403)

    @con_funcionario(ctx)
    async def lista(request: Request, yo: Funcionario) -> Response:
        return _solo_coordinador(request, yo) or await _pagina(request, yo)

    @con_funcionario(ctx)
    async def crear(request: Request, yo: Funcionario) -> Response:
        if (prohibido := _solo_coordinador(request, yo)) is not None:
            return prohibido
        async with request.form(max_files=0, max_fields=20) as formulario:
            nombre = str(formulario.get("nombre", ""))
            alcances = [str(a) for a in formulario.getlist("alcance")]
        try:
            nueva = await run_in_threadpool(
                lambda: crear_aliado(nombre, alcances, ctx, funcionario_id=yo.id))
        except ErrorDominio as error:
            return await _pagina(request, yo, status_de(error), error=error.mensaje,
                                 formulario={"nombre": nombre, "alcances": alcances})
        return await _pagina(request, yo, nueva=nueva, aviso="Sistema aliado creado.")

    @con_funcionario(ctx)
    async def rotar(request: Request, yo: Funcionario) -> Response:
        if (prohibido := _solo_coordinador(request, yo)) is not None:
            return prohibido
        try:
            nueva = await run_in_threadpool(
                lambda: rotar_credencial(request.path_params["id"], ctx, funcionario_id=yo.id))
        except ErrorDominio as error:
            return await _pagina(request, yo, status_de(error), error=error.mensaje)
        return await _pagina(request, yo, nueva=nueva, aviso="Credencial rotada: la anterior ya no funciona.")

    @con_funcionario(ctx)
    async def revocar(request: Request, yo: Funcionario) -> Response:
        if (prohibido := _solo_coordinador(request, yo)) is not None:
            return prohibido
        async with request.form(max_files=0, max_fields=5) as formulario:
            confirmado = formulario.get("confirmo") == "si"
        try:
            if not confirmado:
                raise DatoInvalido("Marque la casilla para confirmar la revocación: no se puede deshacer.")
            await run_in_threadpool(lambda: revocar_aliado(request.path_params["id"], ctx, funcionario_id=yo.id))
        except ErrorDominio as error:
            return await _pagina(request, yo, status_de(error), error=error.mensaje)
        return RedirectResponse(url(request, "aliados", {"aviso": "revocado"}), status_code=303)

    return [
        Route("/aliados", lista, methods=["GET"], name="aliados"),
        Route("/aliados", crear, methods=["POST"], name="aliados_crear"),
        Route("/aliados/{id}/rotar", rotar, methods=["POST"], name="aliado_rotar"),
        Route("/aliados/{id}/revocar", revocar, methods=["POST"], name="aliado_revocar"),
    ]
