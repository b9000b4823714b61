"""Public certificate verification: the page a phone opens when it scans the QR, and a paste-the-code form.

The QR is an upper-case URL, ``HTTPS://HOST/V/1/<BASE32 PAYLOAD>`` (QR alphanumeric mode), so both ``/V/1/…`` and
``/v/1/…`` are served. No login, no JavaScript; minimal data; rate limited per client and logged for audit.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from admin.plantillas import ESTATICOS, entorno
from admin.publico_eregistro import rutas_eregistro
from admin.seguridad import LimitadorIntentos, clave_cliente, encabezados_seguridad
from domain.casos_uso import Contexto
from domain.casos_uso.certificados import ResultadoVerificacion, leer_documento_verificado, resultado_en_linea
from domain.casos_uso.contrasenas import EstadoContrasena, estado_contrasena
from domain.contrasenas import es_contrasena, parametros_contrasenas
from domain.documentos import Documento, VerificacionQR
from domain.eregistro import LimitadorConsultas
from domain.firmas import TIPO_CERTIFICACION_FIRMA, parametros_certificacion
from domain.limites import Limitador
from domain.reloj import hoy_en_colombia
from domain.tradicion import TIPO_CERTIFICADO_TRADICION, TITULO_CERTIFICADO_TRADICION

registro = logging.getLogger("ventanilla.verificacion")
MAX_TEXTO = 4096  # a version-15 QR holds far less; anything longer is not ours
ESTADOS = {
    "vigente": ("Vigente", "✔", "ok"),
    "vencido": ("Vencido", "!", "alerta"),
    "suspendido": ("Suspendido", "!", "alerta"),
    "revocado": ("Revocado", "✘", "mal"),
    "invalido": ("Inválido", "✘", "mal"),
    "desconocido": ("No registrado", "?", "alerta"),
}
DEMASIADAS = "Demasiadas consultas seguidas desde su conexión. Espere un minuto e intente de nuevo."


def rutas_publicas(
    ctx: Contexto, *, produccion: bool = False, limitador: Limitador | None = None,
    limitador_eregistro: LimitadorConsultas | None = None,
) -> list[BaseRoute]:
    """Routes to mount at the site root: /V/1/{payload}, /v/1/{payload}, /verificar and its stylesheet, and the
    e-Register lookup /verificar-certificacion (admin/publico_eregistro.py). ``limitador``: look-ups per client
    (in memory when omitted; the composition root passes one on the shared store)."""
    limite = limitador or LimitadorIntentos(maximo=30, ventana=60)
    entidades = {t.entidad.codigo: t.entidad.nombre for t in ctx.tramites.todos()}
    # «CERTIFICADO DE RESIDENCIA» (the PDF's heading) reads «Certificado de residencia» on the page.
    tipos = {r.tipo: r.titulo.capitalize() if r.titulo.isupper() else r.titulo
             for t in ctx.tramites.todos() if (r := t.documento_resultado) is not None}
    # Contraseñas (seed 002 §15.4) are issued by the Registraduría, outside the catálogo.
    rnec = parametros_contrasenas()
    entidades[rnec.entidad] = rnec.entidad_nombre
    tipos.update({codigo: t.titulo for codigo, t in rnec.tipos.items()})
    tipos[TIPO_CERTIFICACION_FIRMA] = parametros_certificacion().titulo  # seed 002 §7, also by the Registraduría
    # T-18 and T-33 title it for their class of vehicle; the page names the kind (seed 003 §2.3).
    tipos[TIPO_CERTIFICADO_TRADICION] = TITULO_CERTIFICADO_TRADICION

    # Built once: the page is the platform's hottest path (every QR scan), and header-by-header updates, template
    # look-ups (a stat() per request for auto-reload) and url_for walks were a third of its cost.
    plantilla = entorno().get_template("publico/verificar.html")
    encabezados = {**encabezados_seguridad(produccion=produccion, referrer="no-referrer"),
                   "Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow", "Vary": "HX-Request"}
    # Payloads carry personal data in the URL: never send it on as a Referer (no-referrer), never let it be indexed.
    fijos = {"resultado": None, "texto": "", "error": ""}
    estilo_version = f"/verificar/estilo.css?v={entorno().globals['version_estaticos']}"

    def _pagina(request: Request, datos: dict[str, Any], status_code: int = 200) -> Response:
        raiz = request.scope.get("root_path", "")  # behind a proxy prefix, like url_for would
        html = plantilla.render({**fijos, "url_estilo": raiz + estilo_version, "url_formulario": raiz + "/verificar",
                                 **datos})
        return HTMLResponse(html, status_code=status_code, headers=encabezados)

    def _leer(verificacion: VerificacionQR) -> tuple[Documento | None, EstadoContrasena | None]:
        """The registry's side: the documento and, for a contraseña, the state of the identity-document trámite
        behind it (§15.4.4 "carga el estado del trámite")."""
        documento = leer_documento_verificado(verificacion, ctx)
        contrasena = None
        if documento is not None and es_contrasena(documento.tipo):
            contrasena = estado_contrasena(documento.id, ctx)
        return documento, contrasena

    async def _consultar(texto: str) -> tuple[ResultadoVerificacion, EstadoContrasena | None]:
        # The signature check (a memo hit, or ≈ 80-130 µs of ECDSA) runs on the event loop: in a worker thread it
        # contends with the loop for the GIL, and that convoy was the page's p99 (17 ms). The read goes to a worker
        # only when it waits on a socket (PostgreSQL) or needs a unit of work (a contraseña's trámite); a local
        # SQLite read (≈ 30 µs, WAL: never waits for the writer) costs less than the hop.
        verificacion = ctx.verificador.verificar(texto)
        local = ctx.lectura is not None and ctx.lectura.local
        if local and not es_contrasena(str(verificacion.reclamos.get("tipo", ""))):
            documento, contrasena = _leer(verificacion)
        else:
            documento, contrasena = await run_in_threadpool(_leer, verificacion)
        return resultado_en_linea(verificacion, documento, hoy_en_colombia(ctx.reloj)), contrasena

    async def _verificar(request: Request, texto: str) -> Response:
        cliente = clave_cliente(request)
        if limite.bloqueado(cliente):
            return _pagina(request, {"error": DEMASIADAS, "texto": texto}, 429)
        limite.registrar(cliente)
        texto = texto.strip()
        if not texto or len(texto) > MAX_TEXTO:
            resultado = ResultadoVerificacion("invalido", "El código no es auténtico: formato no reconocido.")
            contrasena = None
        else:
            resultado, contrasena = await _consultar(texto)
        registro.info("verificacion estado=%s numero=%s cliente=%s", resultado.estado, resultado.numero, cliente)
        etiqueta, simbolo, clase = ESTADOS.get(resultado.estado, ESTADOS["invalido"])
        return _pagina(request, {"resultado": resultado, "etiqueta": etiqueta, "simbolo": simbolo, "clase": clase,
                                 "tipo": tipos.get(resultado.tipo or "", resultado.tipo or "—"),
                                 "emisor": entidades.get(resultado.emisor or "", resultado.emisor or "—"),
                                 "contrasena": contrasena})

    async def por_qr(request: Request) -> Response:
        return await _verificar(request, request.path_params["payload"])

    async def formulario(request: Request) -> Response:
        if request.method == "GET":
            return _pagina(request, {})
        async with request.form(max_files=0, max_fields=5) as datos:
            texto = str(datos.get("qr", ""))[: MAX_TEXTO + 1]
        return await _verificar(request, texto)

    async def estilo(request: Request) -> Response:
        return FileResponse(ESTATICOS / "publico.css", media_type="text/css",
                            headers={"Cache-Control": "public, max-age=3600"})

    return [
        Route("/V/1/{payload}", por_qr, methods=["GET"], name="verificar_qr"),
        Route("/v/1/{payload}", por_qr, methods=["GET"], name="verificar_qr_minusculas"),
        Route("/verificar", formulario, methods=["GET", "POST"], name="verificar"),
        Route("/verificar/estilo.css", estilo, methods=["GET"], name="verificar_estilo"),
        *rutas_eregistro(ctx, produccion=produccion, limitador=limitador_eregistro),
    ]



def no_encontrada_publica(*, produccion: bool = False) -> Callable[[Request, Exception], Awaitable[Response]]:
    """The site root's 404 handler: a page in Spanish (lang, title, landmarks: WCAG 3.1.1, 2.4.2) for a browser,
    e.g. after a QR read half-way; the same short text as before for any other client."""
    encabezados = {**encabezados_seguridad(produccion=produccion, referrer="no-referrer"), "Cache-Control": "no-store"}

    async def no_encontrada(request: Request, exc: Exception) -> Response:
        if "text/html" not in request.headers.get("accept", ""):
            return PlainTextResponse("Not Found", status_code=404)
        raiz = request.scope.get("root_path", "")
        html = entorno().get_template("publico/no_encontrada.html").render(
            url_estilo=f"{raiz}/verificar/estilo.css?v={entorno().globals['version_estaticos']}",
            url_formulario=f"{raiz}/verificar")
        return HTMLResponse(html, status_code=404, headers=encabezados)

    return no_encontrada
