"""Log in and log out. One generic error for every failure, and a modest limit on repeated failures."""

from __future__ import annotations

import time

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from admin.comun import SESION_DESDE, SESION_FUNCIONARIO, contexto_base, funcionario_actual
from admin.csrf import token_csrf
from admin.plantillas import renderizar, url
from admin.seguridad import LimitadorIntentos, gastar_tiempo_como_verificacion, verificar_clave
from domain.casos_uso import Contexto
from domain.casos_uso.personas import funcionario_por_usuario
from domain.personas import Funcionario

ERROR_INGRESO = "Usuario o contraseña incorrectos."
ERROR_BLOQUEO = "Demasiados intentos fallidos. Espere unos minutos e intente de nuevo."


def _cliente(request: Request) -> str:
    return f"ip:{request.client.host if request.client else 'desconocido'}"


def rutas_sesion(ctx: Contexto, limitador: LimitadorIntentos) -> list[Route]:
    """``limitador`` counts failures per (client, user): a stranger cannot lock an official out from everywhere.
    A looser per-client limit (4×) stops one client from sweeping through many user names."""
    por_cliente = LimitadorIntentos(limitador.maximo * 4, limitador.ventana)

    def _formulario(request: Request, *, error: str = "", usuario: str = "", status_code: int = 200) -> Response:
        aviso = "Cerró la sesión." if request.query_params.get("salio") else ""
        return renderizar(
            request, "ingresar.html",
            {**contexto_base(request, ctx, None), "error": error, "aviso": aviso, "usuario": usuario},
            status_code=status_code,
        )

    async def ingresar(request: Request) -> Response:
        if request.method == "GET":
            if await funcionario_actual(request, ctx) is not None:
                return RedirectResponse(url(request, "bandeja"), status_code=303)
            return _formulario(request)
        async with request.form() as formulario:
            usuario = str(formulario.get("usuario", "")).strip().lower()[:150]
            clave = str(formulario.get("clave", ""))[:1024]
        cliente = _cliente(request)
        par = f"{cliente}|usuario:{usuario}"
        if limitador.bloqueado(par) or por_cliente.bloqueado(cliente):
            return _formulario(request, error=ERROR_BLOQUEO, usuario=usuario, status_code=429)
        funcionario = await run_in_threadpool(_autenticar, usuario, clave)
        if funcionario is None:
            limitador.registrar(par)
            por_cliente.registrar(cliente)
            return _formulario(request, error=ERROR_INGRESO, usuario=usuario, status_code=400)
        limitador.limpiar(par)
        # A fresh session (new CSRF token too): nothing from before the login survives it.
        request.session.clear()
        request.session.update({SESION_FUNCIONARIO: str(funcionario.id), SESION_DESDE: int(time.time())})
        token_csrf(request.session)
        return RedirectResponse(url(request, "bandeja"), status_code=303)

    def _autenticar(usuario: str, clave: str) -> Funcionario | None:
        funcionario = funcionario_por_usuario(usuario, ctx) if usuario else None
        if funcionario is None or not funcionario.activo:
            gastar_tiempo_como_verificacion(clave)
            return None
        return funcionario if verificar_clave(funcionario.hash_clave, clave) else None

    async def salir(request: Request) -> Response:
        request.session.clear()
        return RedirectResponse(url(request, "ingresar", {"salio": "1"}), status_code=303)

    return [
        Route("/ingresar", ingresar, methods=["GET", "POST"], name="ingresar"),
        Route("/salir", salir, methods=["POST"], name="salir"),
    ]
