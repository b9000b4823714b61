"""Estadísticas: the official's entidad's solicitudes per trámite and week, deadline compliance, decision times and
rejection reasons, as server-rendered SVG with data tables; the same figures as CSV. Reads only the aggregates
(docs/estadisticas.md); the entidad is always the official's own, never a parameter."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from babel.numbers import format_decimal
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from admin.comun import a_ingresar, contexto_base, funcionario_actual
from admin.graficos_estadisticas import cumplimiento, grafico_barras, grafico_semanas
from admin.plantillas import LOCALE, renderizar
from domain.casos_uso import Contexto
from domain.casos_uso.estadisticas import Estadisticas, al_dia, consultar_estadisticas, periodo
from domain.personas import Funcionario
from domain.puertos_estadisticas import AlmacenEstadisticas
from domain.reloj import hoy_en_colombia

FRESCURA = timedelta(minutes=5)
"""Older aggregates are brought up to date when the page opens, if what waits is one batch (else the server's
periodic task or ``ventanilla estadisticas actualizar`` does it)."""
ENCABEZADOS_CSV = ("Semana (lunes)", "Código del trámite", "Trámite", "Radicadas", "Decididas", "Aprobadas",
                   "Rechazadas", "Decididas a tiempo", "Desistidas", "Anuladas")


def _contexto(request: Request) -> Contexto:
    return request.app.state.contexto  # type: ignore[no-any-return]


def _fecha(texto: str | None) -> date | None:
    try:
        return date.fromisoformat((texto or "")[:10])
    except ValueError:
        return None


def nombres_tramites(ctx: Contexto, entidad: str, codigos: list[str]) -> dict[str, str]:
    """Code → name of the entidad's trámites in the catálogo, and any with figures (e.g. a retired one)."""
    nombres = {t.codigo: t.nombre for t in ctx.tramites.de_entidad(entidad)}
    return {**{c: c for c in codigos}, **nombres}


def _leer(ctx: Contexto, almacen: AlmacenEstadisticas, yo: Funcionario,
          q: QueryParams) -> tuple[Estadisticas, dict[str, str], bool]:
    """All the page's reads, in one worker thread."""
    al_dia_ahora = al_dia(almacen, ctx.reloj, cada=FRESCURA)
    nombres = nombres_tramites(ctx, yo.entidad, almacen.tramites(yo.entidad))
    tramite = q.get("tramite", "")
    per = periodo(_fecha(q.get("desde")), _fecha(q.get("hasta")), hoy_en_colombia(ctx.reloj))
    est = consultar_estadisticas(almacen, ctx.reloj, yo.entidad, tramite if tramite in nombres else None, per)
    return est, nombres, al_dia_ahora


def _porcentaje(valor: float | None) -> str:
    return "—" if valor is None else f"{format_decimal(valor, '#,##0.0', locale=LOCALE)} %"


def _decimal(valor: float | None) -> str:
    return "—" if valor is None else format_decimal(valor, "#,##0.#", locale=LOCALE)


async def estadisticas(request: Request) -> Response:
    ctx = _contexto(request)
    yo = await funcionario_actual(request, ctx)
    if yo is None:
        return a_ingresar(request)
    base = contexto_base(request, ctx, yo)
    if ctx.estadisticas is None:
        return renderizar(request, "error.html", {**base, "error": "Las estadísticas no están disponibles."},
                          status_code=404)
    est, nombres, actual = await run_in_threadpool(_leer, ctx, ctx.estadisticas, yo, request.query_params)
    t = est.totales
    filtros = {"tramite": est.tramite or "", "desde": est.periodo.desde.isoformat(),
               "hasta": est.periodo.hasta.isoformat()}
    return renderizar(request, "estadisticas.html", {
        **base, "est": est, "nombres": nombres, "al_dia": actual, "filtros": filtros,
        "semanas": grafico_semanas(est.periodo.semanas, est.filas, nombres),
        "cumplimiento": cumplimiento(t.a_tiempo, t.decididas),
        "motivos": grafico_barras(est.motivos),
        "porcentaje": _porcentaje(est.porcentaje_a_tiempo), "mediana": _decimal(est.mediana_dias),
        "tramites_opciones": sorted(nombres.items(), key=lambda kv: kv[1]),
    }, bloque="resultados")


async def estadisticas_csv(request: Request) -> Response:
    ctx = _contexto(request)
    yo = await funcionario_actual(request, ctx)
    if yo is None:
        return a_ingresar(request)
    if ctx.estadisticas is None:
        return Response("Las estadísticas no están disponibles.", status_code=404)
    est, nombres, _ = await run_in_threadpool(_leer, ctx, ctx.estadisticas, yo, request.query_params)
    salida = io.StringIO()
    # «;» because Excel with Colombian regional settings splits on the list separator, which is «;» where the
    # decimal mark is «,». Figures are plain integers (no thousands marks) so every spreadsheet reads them.
    escritor = csv.writer(salida, delimiter=";", lineterminator="\r\n")
    escritor.writerow(ENCABEZADOS_CSV)
    for f in est.filas:
        escritor.writerow((f.semana.isoformat(), f.tramite, nombres.get(f.tramite, f.tramite), f.radicadas,
                           f.decididas, f.aprobadas, f.rechazadas, f.a_tiempo, f.desistidas, f.anuladas))
    nombre = (f"estadisticas-{yo.entidad}{'-' + est.tramite if est.tramite else ''}-"
              f"{est.periodo.desde.isoformat()}-{est.periodo.hasta.isoformat()}.csv")
    return Response(
        "\ufeff" + salida.getvalue(),  # the BOM tells Excel the file is UTF-8 (else «Trámite» shows as «TrÃ¡mite»)
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{nombre}"', "Cache-Control": "no-store"},
    )


def rutas_estadisticas() -> list[Route]:
    return [Route("/estadisticas", estadisticas, methods=["GET"], name="estadisticas"),
            Route("/estadisticas.csv", estadisticas_csv, methods=["GET"], name="estadisticas_csv")]
