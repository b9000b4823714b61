"""The catálogo viewer: every trámite of every entidad as the engine loaded it — what officials and partners can
rely on (requisitos and when they apply, datos, rules with their norms, decision tables, fees, effects)."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from admin.comun import a_ingresar, contexto_base, funcionario_actual
from admin.plantillas import renderizar
from domain.casos_uso import Contexto
from domain.motor.catalogo import CatalogoTramites

# Paths of the condition language, as an official reads them.
_LECTURAS = [
    (r"'(\w+)' in partes", r"actúa \1"),
    (r"partes\.(\w+)\.es_menor", r"\1 es menor de edad"),
    (r"partes\.(\w+)\.es_extranjero", r"\1 es extranjero"),
    (r"partes\.(\w+)\.es_juridica", r"\1 es persona jurídica"),
    (r"partes\.(\w+)\.naturaleza", r"naturaleza de \1"),
    (r"partes\.(\w+)\.edad", r"edad de \1"),
    (r"datos\.(\w+)", r"\1"), (r"sujeto\.(\w+)", r"\1 del vehículo"), (r"tablas\.(\w+)\.(\w+)", r"\2 (tabla \1)"),
    (r"\band\b", "y"), (r"\bor\b", "o"), (r"\bnot\b", "no"), (r"==", "es"), (r"!=", "no es"),
    (r">=", "≥"), (r"<=", "≤"), (r"\bTrue\b", "sí"), (r"\bFalse\b", "no"), ("_", " "),
]


def leer_condicion(texto: str) -> str:
    for patron, reemplazo in _LECTURAS:
        texto = re.sub(patron, reemplazo, texto)
    return texto


def _contexto(request: Request) -> Contexto:
    return request.app.state.contexto  # type: ignore[no-any-return]


def _catalogo(ctx: Contexto) -> CatalogoTramites:
    return ctx.tramites


async def lista(request: Request) -> Response:
    ctx = _contexto(request)
    yo = await funcionario_actual(request, ctx)
    if yo is None:
        return a_ingresar(request)
    tramites = sorted(_catalogo(ctx).todos(), key=lambda t: (t.entidad.nombre, t.numero or 0, t.codigo))
    return renderizar(request, "catalogo.html", {**contexto_base(request, ctx, yo), "tramites": tramites})


async def detalle(request: Request) -> Response:
    ctx = _contexto(request)
    yo = await funcionario_actual(request, ctx)
    if yo is None:
        return a_ingresar(request)
    codigo = request.path_params["codigo"]
    tramite = next((t for t in _catalogo(ctx).todos() if t.codigo == codigo), None)
    base = contexto_base(request, ctx, yo)
    if tramite is None:
        return renderizar(request, "error.html", {**base, "error": f"El trámite «{codigo[:40]}» no existe."},
                          bloque="panel", status_code=404)
    return renderizar(request, "catalogo_tramite.html", {**base, "t": tramite, "leer": leer_condicion})


def rutas_catalogo() -> list[Route]:
    return [Route("/catalogo", lista, methods=["GET"], name="catalogo"),
            Route("/catalogo/{codigo}", detalle, methods=["GET"], name="catalogo_tramite")]
