"""Log in and log out. One generic error for every failure, and limits on repeated failures."""

from __future__ import annotations

import time

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from admin.comun import SESION_DESDE, SESION_FUNCIONARIO, contexto_base, funcionario_actual
from admin.csrf import token_csrf
from admin.inicio import inicio
from admin.limites_ingreso import COOKIE_DISPOSITIVO, Dispositivos, LimitesIngreso
from admin.plantillas import renderizar, url
from admin.seguridad import clave_cliente, gastar_tiempo_como_verificacion, verificar_clave
from domain.casos_uso import Contexto
from domain.casos_uso.personas import funcionario_por_usuario
from domain.personas import Funcionario

ERROR_INGRESO = "Usuario o contraseña incorrectos."
ERROR_BLOQUEO = "Demasiados intentos fallidos. Espere unos minutos e intente de nuevo."


def rutas_sesion(ctx: Contexto, limites: LimitesIngreso, dispositivos: Dispositivos) -> list[Route]:
    """Failures are limited per (client, user name), per client and per account (admin/limites_ingreso.py); the
    checks and the counting run in a worker thread, next to the password verification, as they may wait on the
    shared store."""

    def _formulario(request: Request, *, error: str = "", usuario: str = "", status_code: int = 200) -> Response:
        aviso = "Cerró la sesión." if request.query_params.get("salio") else ""
        return renderizar(
            request, "ingresar.html",
            {**contexto_base(request, ctx, None), "error": error, "aviso": aviso, "usuario": usuario},
            status_code=status_code,
        )

    async def ingresar(request: Request) -> Response:
        if request.method == "GET":
            if (yo := await funcionario_actual(request, ctx)) is not None:
                return RedirectResponse(url(request, inicio(ctx, yo)), status_code=303)
            return _formulario(request)
        async with request.form() as formulario:
            usuario = str(formulario.get("usuario", "")).strip().lower()[:150]
            clave = str(formulario.get("clave", ""))[:1024]
        cliente = clave_cliente(request)
        dispositivo = request.cookies.get(COOKIE_DISPOSITIVO)
        conocido = dispositivos.conoce(dispositivo, usuario)
        bloqueado, funcionario = await run_in_threadpool(_intentar, cliente, usuario, clave, conocido)
        if bloqueado:
            return _formulario(request, error=ERROR_BLOQUEO, usuario=usuario, status_code=429)
        if funcionario is None:
            return _formulario(request, error=ERROR_INGRESO, usuario=usuario, status_code=400)
        # A fresh session (new CSRF token too): nothing from before the login survives it.
        request.session.clear()
        request.session.update({SESION_FUNCIONARIO: str(funcionario.id), SESION_DESDE: int(time.time())})
        token_csrf(request.session)
        # Each official lands on their entidad's own work (admin/inicio.py), not on an inbox they have no part in.
        respuesta = RedirectResponse(url(request, inicio(ctx, funcionario)), status_code=303)
        dispositivos.recordar(respuesta, dispositivo, usuario)
        return respuesta

    def _intentar(cliente: str, usuario: str, clave: str, conocido: bool) -> tuple[bool, Funcionario | None]:
        """(blocked, the official if the password is right)."""
        if limites.bloqueado(cliente, usuario, dispositivo_conocido=conocido):
            return True, None
        funcionario = _autenticar(usuario, clave)
        if funcionario is None:
            limites.fallo(cliente, usuario)
        else:
            limites.exito(cliente, usuario)
        return False, funcionario

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
