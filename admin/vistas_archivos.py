"""Stored files (soportes and issued certificates), served only to officials of the solicitud's entidad."""

from __future__ import annotations

import re

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from admin.comun import con_funcionario
from admin.seguridad import CSP_ARCHIVOS
from admin.vistas_solicitud import cargar, disposicion
from domain.casos_uso import Contexto
from domain.casos_uso.consultas import Detalle, leer_archivo
from domain.documentos import Archivo
from domain.errores import NoEncontrado
from domain.personas import Funcionario

SHA256 = re.compile(r"[0-9a-f]{64}")
# Types a browser may show inline: the ones the upload check proves by content (domain.archivos).
EN_LINEA = frozenset({"application/pdf", "image/jpeg", "image/png"})


def _no_encontrado() -> Response:
    return PlainTextResponse("Archivo no encontrado.", status_code=404)


def archivo_de(detalle: Detalle, sha256: str) -> Archivo | None:
    """The file with that hash if this solicitud references it (a soporte or its certificate)."""
    candidatos = [s.archivo for s in detalle.solicitud.soportes]
    if detalle.documento is not None and detalle.documento.archivo is not None:
        candidatos.append(detalle.documento.archivo)
    return next((a for a in candidatos if a.sha256 == sha256), None)


def rutas_archivos(ctx: Contexto) -> list[Route]:
    @con_funcionario(ctx)
    async def archivo(request: Request, yo: Funcionario) -> Response:
        # The ports cannot look a solicitud up by file hash, so the link names its solicitud; the pair is checked
        # (entidad + membership), which also stops an official from probing hashes of other entidades' files.
        sha = request.path_params["sha256"].lower()
        if not SHA256.fullmatch(sha):
            return _no_encontrado()
        detalle = await cargar(ctx, yo, request.query_params.get("solicitud", ""))
        elegido = archivo_de(detalle, sha) if detalle else None
        if elegido is None:
            return _no_encontrado()
        try:
            contenido = await run_in_threadpool(leer_archivo, sha, ctx)
        except NoEncontrado:
            return _no_encontrado()
        en_linea = elegido.tipo_medio in EN_LINEA
        return Response(contenido, media_type=elegido.tipo_medio if en_linea else "application/octet-stream", headers={
            "Content-Disposition": disposicion("inline" if en_linea else "attachment", elegido.nombre),
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": CSP_ARCHIVOS,
            "Cache-Control": "private, no-store",
        })

    return [Route("/archivos/{sha256}", archivo, methods=["GET"], name="archivo")]
