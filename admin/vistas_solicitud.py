"""One solicitud: detail (data, soportes, checklist, events) and the official's actions on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from admin.comun import campos_texto, con_funcionario, contexto_base, status_de, uuid_o_none
from admin.plantillas import es_htmx, renderizar, url
from admin.presentacion import (
    ETIQUETAS_CORTAS,
    MARCAS,
    actor_legible,
    detalle_evento,
    nombre_evento,
    objetos_de_eventos,
    plazo_de,
)
from admin.presentacion_tramite import datos_legibles, entrega_legible, partes_legibles, sujeto_legible
from domain.casos_uso import Contexto
from domain.casos_uso.avisos import plazo_subsanacion
from domain.casos_uso.certificados import descargar_certificado
from domain.casos_uso.consultas import Detalle, detalle_solicitud
from domain.casos_uso.decisiones import aprobar, asignar, entregar, rechazar
from domain.casos_uso.decisiones_finales import anular_solicitud, rechazar_definitivamente, verificar_hallazgo
from domain.casos_uso.referencias import Referencias, resolver_referencias
from domain.casos_uso.revocacion import reactivar_documento, revocar_documento, suspender_documento
from domain.comandos import Asignar, Decidir, DecisionFinal, Rechazar, VerificarHallazgo
from domain.decisiones_permitidas import decisiones_de
from domain.documentos import EstadoDocumento
from domain.errores import ErrorDominio, TransicionInvalida
from domain.personas import Funcionario, Rol
from domain.reglas import Resultado
from domain.reloj import hoy_en_colombia
from domain.solicitudes import ABIERTAS, EstadoSolicitud, Solicitud
from domain.verificaciones import ETIQUETAS_VERIFICACION, motivos_sugeridos, no_verificados, pendientes, vigentes

# Success messages after a plain-form POST → redirect; only these keys are ever shown (no text from the URL).
AVISOS = {
    "asignada": "La solicitud quedó asignada a usted.",
    "aprobada": "Solicitud aprobada: el certificado quedó emitido y firmado.",
    "aprobada_recoger": "Solicitud aprobada: el certificado queda listo para recoger en la alcaldía local.",
    "rechazada": "Solicitud rechazada: se notificó al solicitante con los motivos y el plazo para subsanar.",
    "entregada": "Entrega registrada: la solicitud quedó finalizada.",
    "revocado": "Certificado revocado: la página pública de verificación ya lo muestra revocado.",
    "suspendido": "Certificado suspendido: la página pública de verificación ya lo muestra suspendido.",
    "reactivado": "Certificado reactivado: vuelve a mostrarse vigente.",
    "verificado": "Verificación registrada.",
    "rechazada_definitivamente": "Solicitud rechazada definitivamente: queda cerrada sin plazo para subsanar.",
    "anulada": "Solicitud anulada.",
}
NO_ENCONTRADA = "La solicitud no existe o no pertenece a su entidad."


def _acciones(d: Detalle, yo: Funcionario, estado_documento: EstadoDocumento | None = None) -> dict[str, bool]:
    s = d.solicitud
    coordina = yo.rol is Rol.COORDINADOR and estado_documento is not None
    decidir = s.estado is EstadoSolicitud.EN_ESTUDIO and s.asignado_a == yo.id
    permitidas = decisiones_de(d.tramite)
    return {
        "asignarme": s.estado in ABIERTAS and s.asignado_a != yo.id,
        "decidir": decidir,
        # Approval only once every «Revisar» item is verified and none was found wanting (domain/verificaciones.py).
        "aprobar": decidir and not pendientes(s.hallazgos, s.verificaciones)
                   and not no_verificados(s.hallazgos, s.verificaciones),
        "rechazar_definitivo": decidir and permitidas.admite_rechazo_definitivo,
        "anular": s.estado in ABIERTAS and permitidas.admite_anulacion
                  and (yo.rol is Rol.COORDINADOR or s.asignado_a == yo.id),
        "entregar": s.lista_para_recoger,
        "descargar": s.documento_id is not None and s.entrega == "descarga",
        "revocar": coordina and estado_documento is not EstadoDocumento.REVOCADO,
        "suspender": coordina and estado_documento is EstadoDocumento.VIGENTE,
        "reactivar": coordina and estado_documento is EstadoDocumento.SUSPENDIDO,
    }


def _contexto_detalle(request: Request, ctx: Contexto, yo: Funcionario, d: Detalle,
                      refs: Referencias) -> dict[str, Any]:
    s, tramite = d.solicitud, d.tramite

    def requisito(codigo: str) -> str:
        r = tramite.requisito(codigo)
        return r.nombre if r else codigo

    def subtipo(codigo_requisito: str, codigo: str | None) -> str:
        r = tramite.requisito(codigo_requisito)
        return "" if codigo is None else (r.nombre_subtipo(codigo) if r else codigo)

    soportes = [
        {"soporte": x, "requisito": requisito(x.requisito), "subtipo": subtipo(x.requisito, x.subtipo),
         "url": url(request, "archivo", {"solicitud": s.id}, sha256=x.archivo.sha256)}
        for x in s.soportes
    ]
    verificadas = vigentes(s.hallazgos, s.verificaciones)
    hallazgos = [{"h": h, "indice": i, "marca": MARCAS[h.resultado], "requisito": requisito(h.requisito),
                  "revisar": h.resultado is Resultado.REVISAR, "v": verificadas.get(i),
                  "v_etiqueta": ETIQUETAS_VERIFICACION[verificadas[i].resultado] if i in verificadas else ""}
                 for i, h in enumerate(s.hallazgos)]
    eventos = [{"e": e, "nombre": nombre_evento(e.tipo), "actor": actor_legible(e.actor, refs),
                "lineas": detalle_evento(e, refs, requisito)} for e in s.eventos]
    estado_documento = d.documento.estado(hoy_en_colombia(ctx.reloj)) if d.documento else None
    novedad = d.documento.novedad_vigente() if d.documento else None
    return {
        **contexto_base(request, ctx, yo),
        "d": d, "s": s, "tramite": tramite, "datos": datos_legibles(tramite, s),
        "partes": partes_legibles(tramite, d.partes), "sujeto": sujeto_legible(d.sujeto),
        "entrega": entrega_legible(s, tramite), "efectos": d.efectos,
        "plazo_subsanacion": str(plazo_subsanacion(tramite)),
        "estado_etiqueta": ETIQUETAS_CORTAS[s.estado], "plazo": plazo_de(s, hoy_en_colombia(ctx.reloj)),
        "soportes": soportes, "hallazgos": hallazgos, "eventos": eventos,
        "pendientes": len(pendientes(s.hallazgos, s.verificaciones)),
        "no_verificados": len(no_verificados(s.hallazgos, s.verificaciones)),
        "permitidas": decisiones_de(tramite),
        "acciones": _acciones(d, yo, estado_documento), "estado_documento": estado_documento,
        "novedad_documento": novedad, "actor_novedad": actor_legible(novedad.actor, refs) if novedad else "",
        "asignado_nombre": "Usted" if s.asignado_a == yo.id else (d.asignado.nombre if d.asignado else ""),
        "aviso": "", "error": "", "motivo_documento": "", "motivos_definitivos": "", "motivo_anulacion": "",
        # The rejection form starts from the items marked not verified: «<requisito>: <observación>».
        "motivos": "\n".join(motivos_sugeridos(s.hallazgos, s.verificaciones, requisito)),
    }


async def _referencias(ctx: Contexto, d: Detalle) -> Referencias:
    eventos = d.solicitud.eventos
    novedad = d.documento.novedad_vigente() if d.documento else None
    actores = [e.actor for e in eventos] + ([novedad.actor] if novedad else [])
    return await run_in_threadpool(
        lambda: resolver_referencias(ctx, actores=actores, objetos=objetos_de_eventos(eventos)))


async def cargar(ctx: Contexto, yo: Funcionario, texto_id: str) -> Detalle | None:
    """The solicitud's detail if it exists and belongs to the official's entidad; None otherwise (→ 404)."""
    solicitud_id = uuid_o_none(texto_id)
    if solicitud_id is None:
        return None
    detalle = await run_in_threadpool(detalle_solicitud, solicitud_id, ctx)
    if detalle is None or not yo.puede_actuar_en(detalle.solicitud.entidad):
        return None
    return detalle


def no_encontrada(request: Request, ctx: Contexto, yo: Funcionario) -> Response:
    return renderizar(request, "error.html", {**contexto_base(request, ctx, yo), "error": NO_ENCONTRADA},
                      bloque="panel", status_code=404)


def rutas_solicitud(ctx: Contexto) -> list[Route]:
    async def _detalle(request: Request, yo: Funcionario, d: Detalle, status_code: int = 200,
                       **extra: str) -> Response:
        datos = {**_contexto_detalle(request, ctx, yo, d, await _referencias(ctx, d)),
                 **{k: v for k, v in extra.items() if v or k != "motivos"}}
        return renderizar(request, "solicitud.html", datos, bloque="panel", status_code=status_code)

    @con_funcionario(ctx)
    async def ver(request: Request, yo: Funcionario) -> Response:
        d = await cargar(ctx, yo, request.path_params["id"])
        if d is None:
            return no_encontrada(request, ctx, yo)
        return await _detalle(request, yo, d, aviso=AVISOS.get(request.query_params.get("aviso", ""), ""))

    async def _actuar(request: Request, yo: Funcionario, accion: Callable[[Solicitud, dict[str, str]], object],
                      aviso: Callable[[Solicitud], str]) -> Response:
        d = await cargar(ctx, yo, request.path_params["id"])
        if d is None:
            return no_encontrada(request, ctx, yo)
        campos = await campos_texto(request)
        try:
            await run_in_threadpool(accion, d.solicitud, campos)
        except ErrorDominio as error:
            d = await cargar(ctx, yo, str(d.solicitud.id)) or d
            return await _detalle(request, yo, d, status_de(error), error=error.mensaje,
                                  motivos=campos.get("motivos", ""), motivo_documento=campos.get("motivo", ""),
                                  motivos_definitivos=campos.get("motivos_definitivos", ""),
                                  motivo_anulacion=campos.get("motivo_anulacion", ""))
        d = await cargar(ctx, yo, str(d.solicitud.id)) or d
        clave = aviso(d.solicitud)
        if es_htmx(request):
            return await _detalle(request, yo, d, aviso=AVISOS[clave])
        return RedirectResponse(url(request, "solicitud", {"aviso": clave}, id=d.solicitud.id), status_code=303)

    @con_funcionario(ctx)
    async def asignarme(request: Request, yo: Funcionario) -> Response:
        return await _actuar(request, yo, lambda s, _: asignar(Asignar(s.id, yo.id), ctx), lambda s: "asignada")

    @con_funcionario(ctx)
    async def aprobar_(request: Request, yo: Funcionario) -> Response:
        return await _actuar(request, yo, lambda s, _: aprobar(Decidir(s.id, yo.id), ctx),
                             lambda s: "aprobada_recoger" if s.lista_para_recoger else "aprobada")

    @con_funcionario(ctx)
    async def rechazar_(request: Request, yo: Funcionario) -> Response:
        def accion(s: Solicitud, campos: dict[str, str]) -> object:
            return rechazar(Rechazar(s.id, yo.id, campos.get("motivos", "").splitlines()), ctx)

        return await _actuar(request, yo, accion, lambda s: "rechazada")

    @con_funcionario(ctx)
    async def verificar(request: Request, yo: Funcionario) -> Response:
        def accion(s: Solicitud, campos: dict[str, str]) -> object:
            indice = _entero(campos.get("indice"))
            return verificar_hallazgo(VerificarHallazgo(
                s.id, yo.id, -1 if indice is None else indice, campos.get("resultado", ""),
                campos.get("observacion", ""),
                _entero(campos.get("version")), campos.get("requisito") or None, campos.get("regla") or None), ctx)

        return await _actuar(request, yo, accion, lambda s: "verificado")

    @con_funcionario(ctx)
    async def rechazar_definitivo(request: Request, yo: Funcionario) -> Response:
        def accion(s: Solicitud, campos: dict[str, str]) -> object:
            motivos = campos.get("motivos_definitivos", "").splitlines()
            return rechazar_definitivamente(DecisionFinal(s.id, yo.id, motivos, _entero(campos.get("version"))), ctx)

        return await _actuar(request, yo, accion, lambda s: "rechazada_definitivamente")

    @con_funcionario(ctx)
    async def anular(request: Request, yo: Funcionario) -> Response:
        def accion(s: Solicitud, campos: dict[str, str]) -> object:
            return anular_solicitud(DecisionFinal(s.id, yo.id, campos.get("motivo_anulacion", "").splitlines(),
                                                  _entero(campos.get("version"))), ctx)

        return await _actuar(request, yo, accion, lambda s: "anulada")

    @con_funcionario(ctx)
    async def entregar_(request: Request, yo: Funcionario) -> Response:
        return await _actuar(request, yo, lambda s, _: entregar(Decidir(s.id, yo.id), ctx), lambda s: "entregada")

    def _sobre_documento(operacion: Callable[..., object], clave: str) -> Callable[[Request], Any]:
        """Revocar / suspender / reactivar the solicitud's certificate (coordinadores; the use case checks)."""

        @con_funcionario(ctx)
        async def vista(request: Request, yo: Funcionario) -> Response:
            def accion(s: Solicitud, campos: dict[str, str]) -> object:
                if s.documento_id is None:
                    raise TransicionInvalida(f"La solicitud {s.radicado} aún no tiene certificado emitido.")
                return operacion(s.documento_id, yo.id, campos.get("motivo", ""), ctx)

            return await _actuar(request, yo, accion, lambda s: clave)

        vista.__name__ = f"{clave}_documento"
        return vista

    @con_funcionario(ctx)
    async def certificado(request: Request, yo: Funcionario) -> Response:
        d = await cargar(ctx, yo, request.path_params["id"])
        if d is None:
            return no_encontrada(request, ctx, yo)
        try:
            descarga = await run_in_threadpool(descargar_certificado, d.solicitud.id, ctx)
        except ErrorDominio as error:
            return await _detalle(request, yo, d, status_de(error), error=error.mensaje)
        return Response(descarga.contenido, media_type=descarga.tipo_medio,
                        headers={"Content-Disposition": disposicion("attachment", descarga.nombre)})

    return [
        Route("/solicitudes/{id}", ver, methods=["GET"], name="solicitud"),
        Route("/solicitudes/{id}/asignarme", asignarme, methods=["POST"], name="asignarme"),
        Route("/solicitudes/{id}/aprobar", aprobar_, methods=["POST"], name="aprobar"),
        Route("/solicitudes/{id}/rechazar", rechazar_, methods=["POST"], name="rechazar"),
        Route("/solicitudes/{id}/entregar", entregar_, methods=["POST"], name="entregar"),
        Route("/solicitudes/{id}/verificar", verificar, methods=["POST"], name="verificar"),
        Route("/solicitudes/{id}/rechazar-definitivamente", rechazar_definitivo, methods=["POST"],
              name="rechazar_definitivamente"),
        Route("/solicitudes/{id}/anular", anular, methods=["POST"], name="anular"),
        Route("/solicitudes/{id}/certificado", certificado, methods=["GET"], name="certificado"),
        Route("/solicitudes/{id}/revocar", _sobre_documento(revocar_documento, "revocado"), methods=["POST"],
              name="revocar_documento"),
        Route("/solicitudes/{id}/suspender", _sobre_documento(suspender_documento, "suspendido"), methods=["POST"],
              name="suspender_documento"),
        Route("/solicitudes/{id}/reactivar", _sobre_documento(reactivar_documento, "reactivado"), methods=["POST"],
              name="reactivar_documento"),
    ]


def _entero(texto: str | None) -> int | None:
    """A form's integer (an item's position, the version seen); None when missing or not a number."""
    try:
        return int((texto or "").strip())
    except ValueError:
        return None


def disposicion(tipo: str, nombre: str) -> str:
    """Content-Disposition with an ASCII-safe name (stored names are already [a-z0-9_-.], but never trust that)."""
    seguro = "".join(c for c in nombre if c.isascii() and (c.isalnum() or c in "._-")) or "archivo"
    return f"{tipo}; filename=\"{seguro}\"; filename*=UTF-8''{quote(nombre)}"
