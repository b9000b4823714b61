"""The audit log of the official's entidad (coordinadores only): newest first, keyset-paginated."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from admin.comun import con_funcionario, contexto_base, status_de
from admin.plantillas import renderizar
from admin.presentacion import fila_auditoria
from admin.vistas_bandeja import cursor_a_texto, texto_a_cursor
from domain.casos_uso import Contexto
from domain.casos_uso.referencias import resolver_referencias
from domain.casos_uso.revocacion import consultar_auditoria
from domain.errores import ErrorDominio
from domain.personas import Funcionario

TAMANO_PAGINA = 50


def rutas_auditoria(ctx: Contexto) -> list[Route]:
    @con_funcionario(ctx)
    async def auditoria(request: Request, yo: Funcionario) -> Response:
        despues = request.query_params.get("despues", "")[:200]
        cursor = texto_a_cursor(despues) if despues else None
        base = contexto_base(request, ctx, yo)
        try:
            # One more than a page tells whether there is a next one.
            eventos = await run_in_threadpool(
                lambda: consultar_auditoria(yo.id, ctx, antes_de=cursor, limite=TAMANO_PAGINA + 1)
            )
        except ErrorDominio as error:
            return renderizar(request, "error.html", {**base, "error": error.mensaje}, bloque="panel",
                              status_code=status_de(error))
        pagina = eventos[:TAMANO_PAGINA]
        siguiente = cursor_a_texto((pagina[-1].cuando, pagina[-1].id)) if len(eventos) > TAMANO_PAGINA else None
        refs = await run_in_threadpool(lambda: resolver_referencias(
            ctx, actores=[e.actor for e in pagina], objetos=[e.objeto for e in pagina]))
        filas = [fila_auditoria(e, refs) for e in pagina]
        return renderizar(request, "auditoria.html", {
            **base, "filas": filas, "siguiente": siguiente, "continua": cursor is not None,
        }, bloque="filas" if cursor is not None else None)

    return [Route("/auditoria", auditoria, methods=["GET"], name="auditoria")]
