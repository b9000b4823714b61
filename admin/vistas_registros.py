"""Registry pages: a vehicle's file (características, owners, limitations, matrícula, history) and a holder's
licences. Read-only: the registries change only through approved trámites."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from admin.comun import a_ingresar, contexto_base, funcionario_actual, status_de
from admin.plantillas import renderizar
from domain.casos_uso import Contexto
from domain.casos_uso.registros import ficha_licencias, ficha_vehiculo
from domain.errores import ErrorDominio


def _contexto(request: Request) -> Contexto:
    return request.app.state.contexto  # type: ignore[no-any-return]


async def vehiculo(request: Request) -> Response:
    ctx = _contexto(request)
    yo = await funcionario_actual(request, ctx)
    if yo is None:
        return a_ingresar(request)
    placa = request.query_params.get("placa", "").strip()[:20]
    datos = {**contexto_base(request, ctx, yo), "placa": placa, "ficha": None, "error": None}
    if placa:
        try:
            datos["ficha"] = await run_in_threadpool(ficha_vehiculo, placa, yo.id, ctx)
        except ErrorDominio as error:
            return renderizar(request, "vehiculo.html", {**datos, "error": error.mensaje},
                              status_code=status_de(error))
    return renderizar(request, "vehiculo.html", datos)


async def licencias(request: Request) -> Response:
    ctx = _contexto(request)
    yo = await funcionario_actual(request, ctx)
    if yo is None:
        return a_ingresar(request)
    tipo = request.query_params.get("tipo", "CC")[:5]
    numero = request.query_params.get("numero", "").strip()[:20]
    datos = {**contexto_base(request, ctx, yo), "tipo": tipo, "numero": numero, "ficha": None, "error": None}
    if numero:
        try:
            datos["ficha"] = await run_in_threadpool(ficha_licencias, tipo, numero, yo.id, ctx)
        except ErrorDominio as error:
            return renderizar(request, "licencias.html", {**datos, "error": error.mensaje},
                              status_code=status_de(error))
    return renderizar(request, "licencias.html", datos)


def rutas_registros() -> list[Route]:
    return [Route("/vehiculos", vehiculo, methods=["GET"], name="vehiculos"),
            Route("/licencias", licencias, methods=["GET"], name="licencias")]
