"""Public certificate verification: the page a phone opens when it scans the QR, and a paste-the-code form.

The QR is an upper-case URL, ``HTTPS://HOST/V/1/<BASE32 PAYLOAD>`` (QR alphanumeric mode), so both ``/V/1/…`` and
``/v/1/…`` are served. No login, no JavaScript; minimal data; rate limited per client and logged for audit.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Route

from admin.plantillas import ESTATICOS, renderizar
from admin.publico_eregistro import rutas_eregistro
from admin.seguridad import LimitadorIntentos, encabezados_seguridad
from domain.casos_uso import Contexto
from domain.casos_uso.certificados import ResultadoVerificacion, verificar_en_linea
from domain.casos_uso.contrasenas import EstadoContrasena, estado_contrasena
from domain.eregistro import LimitadorConsultas
from domain.firmas import TIPO_CERTIFICACION_FIRMA, parametros_certificacion
from domain.identidad import es_contrasena, parametros_contrasenas

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
    ctx: Contexto, *, produccion: bool = False, limitador: LimitadorIntentos | None = None,
    limitador_eregistro: LimitadorConsultas | None = None,
) -> list[BaseRoute]:
    """Routes to mount at the site root: /V/1/{payload}, /v/1/{payload}, /verificar and its stylesheet, and the
    e-Register lookup /verificar-certificacion (admin/publico_eregistro.py)."""
    limite = limitador or LimitadorIntentos(maximo=30, ventana=60)
    entidades = {t.entidad: t.entidad_nombre for t in ctx.catalogo.todos()}
    tipos = {t.tipo_documento_resultado: t.titulo_documento_resultado.capitalize() for t in ctx.catalogo.todos()}
    # Contraseñas (seed 002 §15.4) are issued by the Registraduría, outside the catálogo.
    rnec = parametros_contrasenas()
    entidades[rnec.entidad] = rnec.entidad_nombre
    tipos.update({codigo: t.titulo for codigo, t in rnec.tipos.items()})
    tipos[TIPO_CERTIFICACION_FIRMA] = parametros_certificacion().titulo  # seed 002 §7, also by the Registraduría

    def _pagina(request: Request, datos: dict[str, Any], status_code: int = 200) -> Response:
        respuesta = renderizar(request, "publico/verificar.html", {"resultado": None, "texto": "", "error": "",
                                                                    **datos}, status_code=status_code)
        # Payloads carry personal data in the URL: never send it on as a Referer, never let it be indexed.
        respuesta.headers.update(encabezados_seguridad(produccion=produccion, referrer="no-referrer"))
        respuesta.headers.update({"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"})
        return respuesta

    def _consultar(texto: str) -> tuple[ResultadoVerificacion, EstadoContrasena | None]:
        """One thread hop, one signature check: the QR is verified once, then a contraseña's trámite is read."""
        resultado = verificar_en_linea(texto, ctx)
        contrasena = None
        if es_contrasena(resultado.tipo) and resultado.documento_id is not None:
            # The state of the identity-document trámite behind the receipt (§15.4.4 "carga el estado del trámite").
            contrasena = estado_contrasena(resultado.documento_id, ctx)
        return resultado, contrasena

    async def _verificar(request: Request, texto: str) -> Response:
        cliente = f"ip:{request.client.host if request.client else 'desconocido'}"
        if limite.bloqueado(cliente):
            return _pagina(request, {"error": DEMASIADAS, "texto": texto}, 429)
        limite.registrar(cliente)
        texto = texto.strip()
        if not texto or len(texto) > MAX_TEXTO:
            resultado = ResultadoVerificacion("invalido", "El código no es auténtico: formato no reconocido.")
            contrasena = None
        else:
            resultado, contrasena = await run_in_threadpool(_consultar, texto)
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
