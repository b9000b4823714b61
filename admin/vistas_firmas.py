"""Registro de firmas and certificación de firma con fines de apostilla, for officials of the Registraduría
(seed 002 §6-7.3). Coordinators register and retire signatures; any RNEC official certifies. Session login, CSRF
on every POST (the middleware), forms that work without JavaScript, domain errors shown on the page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from admin.comun import con_funcionario, contexto_base, status_de, uuid_o_none
from admin.plantillas import renderizar, url
from admin.seguridad import CSP_ARCHIVOS
from admin.vistas_solicitud import disposicion
from domain.casos_uso import Contexto
from domain.casos_uso.certificados import Descarga
from domain.casos_uso.contrasenas import buscar_titular
from domain.casos_uso.firmas import (
    CertificacionRechazada,
    CertificarFirma,
    RegistrarFirma,
    certificar_firma,
    descargar_certificacion,
    especimen_de_firma,
    listar_firmas,
    registrar_firma,
    retirar_firma,
)
from domain.contrasenas import parametros_contrasenas
from domain.errores import DatoInvalido, ErrorDominio, NoEncontrado
from domain.firmas import parametros_certificacion
from domain.personas import Funcionario, Rol

SOLO_RNEC = "Esta sección es solo para funcionarios de la Registraduría Nacional del Estado Civil."
AVISOS = {"registrada": "Firma registrada.", "retirada": "Retiro de la firma registrado."}
MAX_ARCHIVO = 10 * 1024 * 1024


def _fecha(texto: str, campo: str, obligatoria: bool = True) -> date | None:
    if not texto.strip():
        if obligatoria:
            raise DatoInvalido("La fecha es obligatoria.", campo=campo)
        return None
    try:
        return date.fromisoformat(texto.strip())
    except ValueError as error:
        raise DatoInvalido("Fecha no válida (use AAAA-MM-DD).", campo=campo) from error


async def _formulario(request: Request) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    campos: dict[str, str] = {}
    archivos: dict[str, tuple[str, bytes]] = {}
    async with request.form(max_files=2, max_fields=30, max_part_size=MAX_ARCHIVO + 1024) as formulario:
        for clave, valor in formulario.items():
            if isinstance(valor, UploadFile):
                archivos[clave] = (valor.filename or "archivo", await valor.read(MAX_ARCHIVO + 1))
            else:
                campos[clave] = valor
    return campos, archivos


def rutas_firmas(ctx: Contexto) -> list[Route]:
    entidad = parametros_contrasenas().entidad

    def _prohibido(request: Request, yo: Funcionario) -> Response:
        return renderizar(request, "error.html", {**contexto_base(request, ctx, yo), "error": SOLO_RNEC},
                          bloque="panel", status_code=403)

    async def _pagina(request: Request, yo: Funcionario, status_code: int = 200, **extra: Any) -> Response:
        firmas = await run_in_threadpool(listar_firmas, ctx)
        p = parametros_certificacion()
        datos = {**contexto_base(request, ctx, yo), "firmas": firmas, "tipos_registro": p.tipos_registro,
                 "dias": p.dias_maximos_expedicion, "es_coordinador": yo.rol is Rol.COORDINADOR, "error": "",
                 "aviso": AVISOS.get(request.query_params.get("aviso", ""), ""), "formulario": {},
                 "emitida": None, "rechazo": None, **extra}
        return renderizar(request, "firmas.html", datos, bloque="panel", status_code=status_code)

    @con_funcionario(ctx)
    async def lista(request: Request, yo: Funcionario) -> Response:
        if not yo.puede_actuar_en(entidad):
            return _prohibido(request, yo)
        return await _pagina(request, yo)

    @con_funcionario(ctx)
    async def registrar(request: Request, yo: Funcionario) -> Response:
        if not yo.puede_actuar_en(entidad):
            return _prohibido(request, yo)
        campos, archivos = await _formulario(request)
        nombre, contenido = archivos.get("especimen", ("", b""))
        try:
            cmd = RegistrarFirma(
                funcionario_id=yo.id, nombre=campos.get("nombre", ""), identificacion=campos.get("identificacion", ""),
                entidad=campos.get("entidad", ""), cargo=campos.get("cargo", ""),
                resolucion_nombramiento=campos.get("resolucion_nombramiento", ""),
                fecha_posesion=_fecha(campos.get("fecha_posesion", ""), "fecha_posesion"),  # type: ignore[arg-type]
                especimen_nombre=nombre, especimen=contenido,
                huella_certificado=campos.get("huella_certificado", ""),
                fecha_retiro=_fecha(campos.get("fecha_retiro", ""), "fecha_retiro", obligatoria=False))
            await run_in_threadpool(registrar_firma, cmd, ctx)
        except ErrorDominio as error:
            return await _pagina(request, yo, status_de(error), error=error.mensaje, formulario=campos)
        return RedirectResponse(url(request, "firmas", {"aviso": "registrada"}), status_code=303)

    @con_funcionario(ctx)
    async def retirar(request: Request, yo: Funcionario) -> Response:
        if not yo.puede_actuar_en(entidad):
            return _prohibido(request, yo)
        async with request.form(max_files=0, max_fields=5) as formulario:
            texto = str(formulario.get("fecha_retiro", ""))
        try:
            firma_id = uuid_o_none(request.path_params["id"])
            if firma_id is None:
                raise NoEncontrado("La firma registrada no existe.")
            fecha = _fecha(texto, "fecha_retiro")
            assert fecha is not None  # obligatoria
            await run_in_threadpool(retirar_firma, firma_id, fecha, yo.id, ctx)
        except ErrorDominio as error:
            return await _pagina(request, yo, status_de(error), error=error.mensaje)
        return RedirectResponse(url(request, "firmas", {"aviso": "retirada"}), status_code=303)

    @con_funcionario(ctx)
    async def certificar(request: Request, yo: Funcionario) -> Response:
        if not yo.puede_actuar_en(entidad):
            return _prohibido(request, yo)
        campos, archivos = await _formulario(request)
        nombre, contenido = archivos.get("copia", ("", b""))

        def accion() -> Any:
            solicitante = buscar_titular(campos.get("identificacion_tipo", "CC"),
                                         campos.get("identificacion_numero", ""), ctx)
            if solicitante is None:
                raise NoEncontrado("No hay una persona registrada con esa identificación.", campo="identificacion")
            firma_id = uuid_o_none(campos.get("firma", ""))
            if firma_id is None:
                raise NoEncontrado("Seleccione la firma registrada.", campo="firma")
            return certificar_firma(CertificarFirma(
                funcionario_id=yo.id, solicitante_id=solicitante.id, firma_id=firma_id,
                tipo_registro=campos.get("tipo_registro", ""),
                fecha_firma=_fecha(campos.get("fecha_firma", ""), "fecha_firma"),  # type: ignore[arg-type]
                tiene_recaudo=campos.get("recaudo") == "si", copia_nombre=nombre, copia=contenido), ctx)

        try:
            emitida = await run_in_threadpool(accion)
        except CertificacionRechazada as rechazo:
            return await _pagina(request, yo, 422, rechazo=rechazo, formulario=campos)
        except ErrorDominio as error:
            return await _pagina(request, yo, status_de(error), error=error.mensaje, formulario=campos)
        return await _pagina(request, yo, emitida=emitida)

    async def _archivo(request: Request, yo: Funcionario, obtener: Any, adjunto: bool) -> Response:
        if not yo.puede_actuar_en(entidad):
            return _prohibido(request, yo)
        objetivo = uuid_o_none(request.path_params["id"])
        try:
            if objetivo is None:
                raise NoEncontrado("El archivo no existe.")
            d: Descarga = await run_in_threadpool(obtener, objetivo, ctx)
        except ErrorDominio as error:
            return renderizar(request, "error.html", {**contexto_base(request, ctx, yo), "error": error.mensaje},
                              bloque="panel", status_code=status_de(error))
        return Response(d.contenido, media_type=d.tipo_medio, headers={
            "Content-Disposition": disposicion("attachment" if adjunto else "inline", d.nombre),
            "X-Content-Type-Options": "nosniff", "Content-Security-Policy": CSP_ARCHIVOS,
            "Cache-Control": "private, no-store"})

    @con_funcionario(ctx)
    async def especimen(request: Request, yo: Funcionario) -> Response:
        return await _archivo(request, yo, especimen_de_firma, adjunto=False)

    @con_funcionario(ctx)
    async def certificacion(request: Request, yo: Funcionario) -> Response:
        return await _archivo(request, yo, descargar_certificacion, adjunto=True)

    return [
        Route("/firmas", lista, methods=["GET"], name="firmas"),
        Route("/firmas", registrar, methods=["POST"], name="firmas_registrar"),
        Route("/firmas/certificar", certificar, methods=["POST"], name="firmas_certificar"),
        Route("/firmas/certificaciones/{id}", certificacion, methods=["GET"], name="certificacion_pdf"),
        Route("/firmas/{id}/especimen", especimen, methods=["GET"], name="firma_especimen"),
        Route("/firmas/{id}/retiro", retirar, methods=["POST"], name="firma_retirar"),
    ]
