"""Identity-document trámites (TI, CC) and their contraseñas, for officials of the Registraduría (seed 002 §15.4-15.6).

List and create trámites (preparation at an EIS, a web duplicate, or on paper with the white §15.4.1 or green §15.4.3
receipt), move them through their states, download the signed receipts, and replace a lost or expired receipt after
the §15.6 checks (the checklist is shown on the trámite's page). Same conventions as the rest of the admin: session
login, CSRF on every POST (the middleware), plain forms that work without JavaScript (POST → 303 redirect), domain
errors shown on the page.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from admin.comun import campos_texto, con_funcionario, contexto_base, status_de, uuid_o_none
from admin.plantillas import renderizar, url
from admin.vistas_solicitud import disposicion
from domain.casos_uso import Contexto
from domain.casos_uso.contrasenas import (
    CambiarEstadoTramiteIdentidad,
    SolicitarDocumentoIdentidad,
    buscar_titular,
    cambiar_estado_tramite_identidad,
    descargar_contrasena,
    duplicado_web_contrasena,
    listar_tramites_identidad,
    obtener_tramite_identidad,
    solicitar_documento_identidad,
    tramite_en_papel,
)
from domain.casos_uso.contrasenas_reposicion import ReponerContrasena, reponer_contrasena, verificaciones_reposicion
from domain.contrasenas import parametros_contrasenas
from domain.errores import DatoInvalido, ErrorDominio, NoEncontrado
from domain.identidad import ClaseTramiteIdentidad, EstadoTramiteIdentidad, FormatoDocumento, TipoDocumentoIdentidad
from domain.personas import Funcionario
from domain.reposicion_contrasenas import ReposicionRechazada

AVISOS = {
    "creado": "Trámite creado: quedó en producción y la contraseña se expidió firmada.",
    "disponible_para_entrega": "El documento quedó disponible para entrega.",
    "entregado": "Entrega registrada.",
    "rechazado": "Trámite rechazado.",
    "repuesta": "Reposición expedida: contraseña verde sin código QR (§15.6). La anterior quedó reemplazada y ya no "
                "es válida.",
}
SOLO_RNEC = "Esta sección es solo para funcionarios de la Registraduría Nacional del Estado Civil."
NO_ENCONTRADO = "El trámite de identificación no existe."


def _opciones() -> dict[str, Any]:
    p = parametros_contrasenas()
    return {
        "tipos_documento": [(t.value, t.nombre) for t in TipoDocumentoIdentidad],
        "formatos": [(f.value, f.nombre.capitalize()) for f in FormatoDocumento],
        "clases": [(c.value, c.nombre) for c in ClaseTramiteIdentidad],
        "oficinas": p.oficinas,
        "entidad_rnec": p.entidad,
        "nota_no_certifica": p.nota_no_certifica,
        "tipos_contrasena": p.tipos,
        "causas_reposicion": p.reposicion.causas,
        "vigencia_reposicion": p.reposicion.vigencia,
    }


def rutas_identidad(ctx: Contexto) -> list[Route]:
    entidad = parametros_contrasenas().entidad

    def _prohibido(request: Request, yo: Funcionario) -> Response:
        return renderizar(request, "error.html", {**contexto_base(request, ctx, yo), "error": SOLO_RNEC},
                          bloque="panel", status_code=403)

    async def _lista(request: Request, yo: Funcionario, status_code: int = 200, **extra: Any) -> Response:
        filas = await run_in_threadpool(listar_tramites_identidad, ctx)
        datos = {**contexto_base(request, ctx, yo), **_opciones(), "filas": filas, "error": "", "aviso": "",
                 "formulario": {}, **extra}
        return renderizar(request, "identidad.html", datos, bloque="panel", status_code=status_code)

    async def _detalle(request: Request, yo: Funcionario, tramite_id: uuid.UUID | None, status_code: int = 200,
                       **extra: Any) -> Response:
        detalle = await run_in_threadpool(obtener_tramite_identidad, tramite_id, ctx) if tramite_id else None
        if detalle is None:
            return renderizar(request, "error.html", {**contexto_base(request, ctx, yo), "error": NO_ENCONTRADO},
                              bloque="panel", status_code=404)
        t = detalle.tramite
        datos = {**contexto_base(request, ctx, yo), **_opciones(), "d": detalle, "t": t, "error": "", "aviso": "",
                 "numeros": {c.id: c.numero for c in detalle.contrasenas},
                 "verificaciones": verificaciones_reposicion(t), "rechazo": None, "formulario": {},
                 "puede_disponer": t.estado is EstadoTramiteIdentidad.EN_PRODUCCION,
                 "puede_entregar": t.estado is EstadoTramiteIdentidad.DISPONIBLE_PARA_ENTREGA,
                 "puede_rechazar": t.estado is EstadoTramiteIdentidad.EN_PRODUCCION, **extra}
        return renderizar(request, "identidad_tramite.html", datos, bloque="panel", status_code=status_code)

    @con_funcionario(ctx)
    async def lista(request: Request, yo: Funcionario) -> Response:
        if not yo.puede_actuar_en(entidad):
            return _prohibido(request, yo)
        return await _lista(request, yo)

    @con_funcionario(ctx)
    async def crear(request: Request, yo: Funcionario) -> Response:
        if not yo.puede_actuar_en(entidad):
            return _prohibido(request, yo)
        campos = await campos_texto(request, max_fields=20)

        def accion() -> uuid.UUID:
            titular = buscar_titular(campos.get("identificacion_tipo", "CC"), campos.get("identificacion_numero", ""),
                                     ctx)
            if titular is None:
                raise NoEncontrado("No hay una persona registrada con esa identificación.", campo="identificacion")
            cmd = SolicitarDocumentoIdentidad(
                titular_id=titular.id, tipo_documento=campos.get("tipo_documento", ""),
                clase=campos.get("clase", ""), oficina=campos.get("oficina", ""), funcionario_id=yo.id,
                formato=campos.get("formato") or None,
            )
            canal, _, comprobante = campos.get("canal", "eis").partition(":")
            if canal == "papel":
                tramite, _ = tramite_en_papel(replace(cmd, comprobante=comprobante or None), ctx)
            elif canal in ("eis", "web"):
                tramite, _ = (duplicado_web_contrasena if canal == "web" else solicitar_documento_identidad)(cmd, ctx)
            else:
                raise DatoInvalido("Canal no reconocido.", campo="canal")
            return tramite.id

        try:
            tramite_id = await run_in_threadpool(accion)
        except ErrorDominio as error:
            return await _lista(request, yo, status_de(error), error=error.mensaje, formulario=campos)
        return RedirectResponse(url(request, "tramite_identidad", {"aviso": "creado"}, id=tramite_id),
                                status_code=303)

    @con_funcionario(ctx)
    async def ver(request: Request, yo: Funcionario) -> Response:
        if not yo.puede_actuar_en(entidad):
            return _prohibido(request, yo)
        return await _detalle(request, yo, uuid_o_none(request.path_params["id"]),
                              aviso=AVISOS.get(request.query_params.get("aviso", ""), ""))

    @con_funcionario(ctx)
    async def estado(request: Request, yo: Funcionario) -> Response:
        if not yo.puede_actuar_en(entidad):
            return _prohibido(request, yo)
        tramite_id = uuid_o_none(request.path_params["id"])
        if tramite_id is None:
            return await _detalle(request, yo, None)
        campos = await campos_texto(request, max_fields=10)
        cmd = CambiarEstadoTramiteIdentidad(
            tramite_id=tramite_id, estado=campos.get("estado", ""), funcionario_id=yo.id,
            oficina_entrega=campos.get("oficina_entrega") or None, motivo=campos.get("motivo") or None,
        )
        try:
            tramite = await run_in_threadpool(cambiar_estado_tramite_identidad, cmd, ctx)
        except ErrorDominio as error:
            return await _detalle(request, yo, tramite_id, status_de(error), error=error.mensaje)
        return RedirectResponse(url(request, "tramite_identidad", {"aviso": tramite.estado.value}, id=tramite.id),
                                status_code=303)

    @con_funcionario(ctx)
    async def reposicion(request: Request, yo: Funcionario) -> Response:
        """§15.6: replace a lost or expired comprobante; the checks run in the use case and refusals are shown."""
        if not yo.puede_actuar_en(entidad):
            return _prohibido(request, yo)
        tramite_id = uuid_o_none(request.path_params["id"])
        if tramite_id is None:
            return await _detalle(request, yo, None)
        campos = await campos_texto(request, max_fields=10)
        cmd = ReponerContrasena(tramite_id=tramite_id, causa=campos.get("causa", ""),
                                oficina=campos.get("oficina_reposicion", ""), funcionario_id=yo.id)
        try:
            emitida = await run_in_threadpool(reponer_contrasena, cmd, ctx)
        except ReposicionRechazada as error:
            return await _detalle(request, yo, tramite_id, status_de(error), error=error.mensaje,
                                  rechazo=error, formulario=campos)
        except ErrorDominio as error:
            return await _detalle(request, yo, tramite_id, status_de(error), error=error.mensaje, formulario=campos)
        return RedirectResponse(url(request, "tramite_identidad", {"aviso": "repuesta"}, id=emitida.tramite.id),
                                status_code=303)

    @con_funcionario(ctx)
    async def contrasena(request: Request, yo: Funcionario) -> Response:
        if not yo.puede_actuar_en(entidad):
            return _prohibido(request, yo)
        documento_id = uuid_o_none(request.path_params["documento"])
        try:
            if documento_id is None:
                raise NoEncontrado("La contraseña no existe.")
            descarga = await run_in_threadpool(descargar_contrasena, documento_id, ctx)
        except ErrorDominio as error:
            return renderizar(request, "error.html", {**contexto_base(request, ctx, yo), "error": error.mensaje},
                              bloque="panel", status_code=status_de(error))
        return Response(descarga.contenido, media_type=descarga.tipo_medio, headers={
            "Content-Disposition": disposicion("attachment", descarga.nombre),
            "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store",
        })

    return [
        Route("/identidad", lista, methods=["GET"], name="identidad"),
        Route("/identidad", crear, methods=["POST"], name="identidad_crear"),
        Route("/identidad/contrasenas/{documento}", contrasena, methods=["GET"], name="contrasena_pdf"),
        Route("/identidad/{id}", ver, methods=["GET"], name="tramite_identidad"),
        Route("/identidad/{id}/estado", estado, methods=["POST"], name="tramite_identidad_estado"),
        Route("/identidad/{id}/reposicion", reposicion, methods=["POST"], name="tramite_identidad_reposicion"),
    ]
