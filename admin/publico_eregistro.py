"""Public e-Register lookup of certificaciones de firma (seed 002 §7; anchors-mission §5, UK FCDO e-Register).

Número + fecha, both required → signer, capacity (cargo), entidad, seal and kind. No login, no JavaScript, mobile
friendly. Failed lookups are counted per client address; after five failures in 15 minutes the address is blocked
for 24 hours (``domain/eregistro.py``; parameters in the TOML). The composition root passes the persistent limiter
(``persistence.limitador_consultas``, derived from the audit log, shared by every worker, kept across restarts);
without one, an in-memory limiter on the context's clock is used. Every lookup is written to the audit log by the
use case, with the address and its outcome.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from admin.plantillas import renderizar
from admin.seguridad import encabezados_seguridad
from domain.casos_uso import Contexto
from domain.casos_uso.firmas import consultar_certificacion
from domain.eregistro import LimitadorConsultas, LimitadorEnMemoria
from domain.errores import ErrorDominio
from domain.firmas import parametros_certificacion

NO_ENCONTRADA = ("No encontramos una certificación con ese número y esa fecha. Revise los datos: después de varios "
                 "intentos fallidos su dirección quedará bloqueada durante 24 horas.")


def limitador_eregistro(ctx: Contexto) -> LimitadorEnMemoria:
    """One process's limiter (tests, tools): the app is given the persistent one by the composition root."""
    r = parametros_certificacion().regla_bloqueo()
    return LimitadorEnMemoria(ctx.reloj, fallos_maximos=r.fallos_maximos, ventana=r.ventana, bloqueo=r.bloqueo)


def rutas_eregistro(ctx: Contexto, *, produccion: bool = False,
                    limitador: LimitadorConsultas | None = None) -> list[BaseRoute]:
    limite = limitador or limitador_eregistro(ctx)

    def _pagina(request: Request, datos: dict[str, Any], status_code: int = 200) -> Response:
        respuesta = renderizar(request, "publico/eregistro.html",
                               {"resultado": None, "error": "", "numero": "", "fecha": "", **datos},
                               status_code=status_code)
        respuesta.headers.update(encabezados_seguridad(produccion=produccion, referrer="no-referrer"))
        respuesta.headers.update({"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"})
        return respuesta

    async def pagina(request: Request) -> Response:
        if request.method == "GET":
            return _pagina(request, {})
        async with request.form(max_files=0, max_fields=5) as datos:
            numero = str(datos.get("numero", ""))[:60].strip()
            texto_fecha = str(datos.get("fecha", ""))[:20].strip()
        try:
            fecha = date.fromisoformat(texto_fecha) if texto_fecha else None
        except ValueError:
            fecha = None
        direccion = request.client.host if request.client else "desconocida"
        eco = {"numero": numero, "fecha": texto_fecha}
        if not numero or fecha is None:
            return _pagina(request, {**eco, "error": "El número y la fecha de la certificación son obligatorios."},
                           400)
        try:
            resultado = await run_in_threadpool(consultar_certificacion, numero, fecha, direccion, limite, ctx)
        except ErrorDominio as error:
            status = 429 if error.codigo == "CONSULTA_BLOQUEADA" else 400
            return _pagina(request, {**eco, "error": error.mensaje}, status)
        if resultado is None:
            return _pagina(request, {**eco, "error": NO_ENCONTRADA}, 404)
        return _pagina(request, {**eco, "resultado": resultado})

    ruta = parametros_certificacion().ruta_consulta  # the path printed on every certificación
    return [Route(ruta, pagina, methods=["GET", "POST"], name="verificar_certificacion")]
