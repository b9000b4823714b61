"""The e-mails sent to the citizens of the official's entidad: dead letters first, with a button to retry them."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from admin.comun import con_funcionario, contexto_base, status_de, uuid_o_none
from admin.plantillas import es_htmx, renderizar, url
from admin.vistas_bandeja import cursor_a_texto, texto_a_cursor
from domain.casos_uso import Contexto
from domain.casos_uso.notificaciones import consultar_notificaciones, reintentar_notificacion
from domain.errores import ErrorDominio, NoEncontrado
from domain.notificaciones import ETIQUETAS_ENVIO, ETIQUETAS_TIPO, EstadoEnvio
from domain.personas import Funcionario

TAMANO_PAGINA = 50
# The tabs, in order; «fallida» first: what needs an official's attention.
PESTANAS = [EstadoEnvio.FALLIDA, EstadoEnvio.PENDIENTE, EstadoEnvio.ENVIADA]
NO_EXISTE = "La notificación no existe o no pertenece a su entidad."
AVISO_REINTENTO = "La notificación volvió a la cola: se enviará en la próxima ronda."


def _estados(valor: str) -> tuple[EstadoEnvio, ...]:
    if valor == EstadoEnvio.PENDIENTE.value:  # «por enviar»: waiting or being sent right now
        return (EstadoEnvio.PENDIENTE, EstadoEnvio.ENVIANDO)
    elegido = next((e for e in PESTANAS if e.value == valor), EstadoEnvio.FALLIDA)
    return (elegido,)


def rutas_notificaciones(ctx: Contexto) -> list[Route]:
    async def _pagina(request: Request, yo: Funcionario, estado: str, despues: str = "", *, aviso: str = "",
                      error: str = "", status_code: int = 200) -> Response:
        cursor = texto_a_cursor(despues) if despues else None
        estados = _estados(estado)
        base = contexto_base(request, ctx, yo)
        try:
            pagina = await run_in_threadpool(
                lambda: consultar_notificaciones(yo.id, ctx, estados=estados, antes_de=cursor, limite=TAMANO_PAGINA + 1)
            )
        except ErrorDominio as e:
            return renderizar(request, "error.html", {**base, "error": e.mensaje}, bloque="panel",
                              status_code=status_de(e))
        filas = pagina.notificaciones[:TAMANO_PAGINA]
        siguiente = None
        if len(pagina.notificaciones) > TAMANO_PAGINA:
            siguiente = cursor_a_texto((filas[-1].creada_en, filas[-1].id))
        conteo = dict(pagina.conteo)
        conteo[EstadoEnvio.PENDIENTE] = conteo.get(EstadoEnvio.PENDIENTE, 0) + conteo.pop(EstadoEnvio.ENVIANDO, 0)
        pestanas = [{"valor": e.value, "etiqueta": "Por enviar" if e is EstadoEnvio.PENDIENTE else ETIQUETAS_ENVIO[e],
                     "n": conteo.get(e, 0), "actual": e is estados[0]} for e in PESTANAS]
        return renderizar(request, "notificaciones.html", {
            **base, "filas": filas, "pestanas": pestanas, "estado": estados[0].value, "siguiente": siguiente,
            "etiquetas_tipo": ETIQUETAS_TIPO, "etiquetas_envio": ETIQUETAS_ENVIO, "continua": cursor is not None,
            "aviso": aviso, "error": error,
        }, bloque="filas" if cursor is not None else None, status_code=status_code)

    @con_funcionario(ctx)
    async def lista(request: Request, yo: Funcionario) -> Response:
        q = request.query_params
        aviso = AVISO_REINTENTO if q.get("aviso") == "reintentada" else ""
        return await _pagina(request, yo, q.get("estado", "")[:20], q.get("despues", "")[:200], aviso=aviso)

    @con_funcionario(ctx)
    async def reintentar(request: Request, yo: Funcionario) -> Response:
        notificacion_id = uuid_o_none(request.path_params["id"])
        try:
            if notificacion_id is None:
                raise NoEncontrado(NO_EXISTE)
            await run_in_threadpool(reintentar_notificacion, notificacion_id, yo.id, ctx)
        except ErrorDominio as e:
            return await _pagina(request, yo, EstadoEnvio.FALLIDA.value, error=e.mensaje, status_code=status_de(e))
        if es_htmx(request):
            return await _pagina(request, yo, EstadoEnvio.FALLIDA.value, aviso=AVISO_REINTENTO)
        return RedirectResponse(url(request, "notificaciones", {"aviso": "reintentada"}), status_code=303)

    return [
        Route("/notificaciones", lista, methods=["GET"], name="notificaciones"),
        Route("/notificaciones/{id}/reintentar", reintentar, methods=["POST"], name="notificacion_reintentar"),
    ]

