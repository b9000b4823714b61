"""Login, logout, session expiry, password hashing and the limit on repeated failures."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from admin.seguridad import LimitadorIntentos, hash_clave, verificar_clave
from tests.admin.conftest import CLAVE, HTMX, Escenario, ingresar, token_de

pytestmark = pytest.mark.anyio


async def _intentar(cliente: httpx.AsyncClient, usuario: str, clave: str) -> httpx.Response:
    pagina = await cliente.get("/admin/ingresar")
    return await cliente.post("/admin/ingresar",
                              data={"usuario": usuario, "clave": clave, "csrf_token": token_de(pagina.text)})


async def test_pagina_de_ingreso_en_espanol(cliente: httpx.AsyncClient) -> None:
    r = await cliente.get("/admin/ingresar")
    assert r.status_code == 200
    assert '<html lang="es-CO">' in r.text and "Ingreso de funcionarios" in r.text
    assert 'autocomplete="current-password"' in r.text


async def test_ingreso_correcto_lleva_a_la_bandeja(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    r = await _intentar(cliente, "Revisora ", CLAVE)  # usernames are case- and space-insensitive
    assert r.status_code == 303 and r.headers["location"] == "/admin/"
    cookie = r.headers["set-cookie"]
    assert "ventanilla_admin=" in cookie and "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
    assert "path=/admin" in cookie.lower()
    bandeja = await cliente.get("/admin/")
    assert bandeja.status_code == 200 and "Revisora Prueba" in bandeja.text


@pytest.mark.parametrize("usuario, clave", [("revisora", "equivocada"), ("nadie", CLAVE), ("", "")])
async def test_ingreso_fallido_con_mensaje_generico(
    cliente: httpx.AsyncClient, escenario: Escenario, usuario: str, clave: str
) -> None:
    r = await _intentar(cliente, usuario, clave)
    assert r.status_code == 400
    assert "Usuario o contraseña incorrectos." in r.text
    assert (await cliente.get("/admin/")).status_code == 303


async def test_funcionario_inactivo_no_ingresa(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    fila = escenario.ctx.uow.funcionarios.filas[escenario.revisora.id]  # type: ignore[attr-defined]
    fila.activo = False
    r = await _intentar(cliente, "revisora", CLAVE)
    assert r.status_code == 400 and "Usuario o contraseña incorrectos." in r.text


async def test_fallos_repetidos_bloquean_un_rato(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    for _ in range(3):
        assert (await _intentar(cliente, "revisora", "mala")).status_code == 400
    r = await _intentar(cliente, "revisora", CLAVE)  # even the right password waits
    assert r.status_code == 429 and "Demasiados intentos fallidos" in r.text


def test_limitador_olvida_despues_de_la_ventana() -> None:
    ahora = [0.0]
    limitador = LimitadorIntentos(maximo=2, ventana=10, reloj=lambda: ahora[0])
    limitador.registrar("a")
    limitador.registrar("a")
    assert limitador.bloqueado("a") and not limitador.bloqueado("b")
    ahora[0] = 11
    assert not limitador.bloqueado("a")


async def test_salir_cierra_la_sesion(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    token = await ingresar(cliente)
    r = await cliente.post("/admin/salir", data={"csrf_token": token})
    assert r.status_code == 303 and r.headers["location"] == "/admin/ingresar?salio=1"
    assert "Cerró la sesión." in (await cliente.get(r.headers["location"])).text
    r = await cliente.get("/admin/")
    assert r.status_code == 303 and r.headers["location"] == "/admin/ingresar"


async def test_sin_sesion_htmx_recibe_hx_redirect(cliente: httpx.AsyncClient) -> None:
    r = await cliente.get("/admin/", headers=HTMX)
    assert r.status_code == 401 and r.headers["hx-redirect"] == "/admin/ingresar"


async def test_sesion_vencida(
    cliente: httpx.AsyncClient, escenario: Escenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    import admin.comun

    await ingresar(cliente)
    reloj_real = admin.comun.time.time
    monkeypatch.setattr(admin.comun.time, "time", lambda: reloj_real() + admin.comun.DURACION_SESION + 1)
    assert (await cliente.get("/admin/")).status_code == 303


def test_hash_de_clave_argon2id() -> None:
    h = hash_clave("secreta", barato=True)
    assert h.startswith("$argon2id$")
    assert verificar_clave(h, "secreta")
    assert not verificar_clave(h, "otra")
    assert not verificar_clave("no-es-un-hash", "secreta")


def test_hash_barato_por_variable_de_entorno(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENTANILLA_ARGON2_BARATO", "1")
    assert "m=8,t=1,p=1" in hash_clave("x")
    monkeypatch.delenv("VENTANILLA_ARGON2_BARATO")
    assert "m=8,t=1" not in hash_clave("x")


async def test_bloqueo_por_cliente_al_barrer_usuarios(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    """One client guessing across many user names hits the looser per-client limit (4 × 3 in these tests)."""
    for i in range(12):
        assert (await _intentar(cliente, f"usuario{i}", "mala")).status_code == 400
    assert (await _intentar(cliente, "revisora", CLAVE)).status_code == 429


def _navegador(aplicacion: Starlette, ip: str) -> httpx.AsyncClient:
    """A browser at ``ip`` (the TCP peer the app sees)."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=aplicacion, client=(ip, 50000)),
                             base_url="http://testserver")


async def _fallar_desde_muchas_direcciones(aplicacion: Starlette, usuario: str, veces: int) -> None:
    for i in range(veces):
        async with _navegador(aplicacion, f"198.51.100.{i + 1}") as atacante:
            assert (await _intentar(atacante, usuario, "mala")).status_code == 400


@pytest.mark.parametrize("usuario", ["revisora", "nadie"])
async def test_bloqueo_por_cuenta_desde_muchas_direcciones(
    aplicacion: Starlette, escenario: Escenario, usuario: str
) -> None:
    """2 × 3 failures on one account from six addresses lock it everywhere; an unknown name behaves the same (same
    status, same message), so the lock does not tell which accounts exist."""
    await _fallar_desde_muchas_direcciones(aplicacion, usuario, 6)
    async with _navegador(aplicacion, "203.0.113.50") as otro:
        r = await _intentar(otro, usuario, CLAVE)
        assert r.status_code == 429 and "Demasiados intentos fallidos" in r.text
        assert (await _intentar(otro, "otra", CLAVE)).status_code == 303  # other accounts are untouched


async def _cookie_de_dispositivo(aplicacion: Starlette, usuario: str) -> str:
    """Log in once from a browser and return the device cookie it was left."""
    async with _navegador(aplicacion, "203.0.113.10") as suyo:
        r = await _intentar(suyo, usuario, CLAVE)
        assert r.status_code == 303
        cookie = next(c for c in r.headers.get_list("set-cookie") if c.startswith("ventanilla_dispositivo="))
        assert usuario not in cookie  # an HMAC of the account, not its name
        for atributo in ("httponly", "samesite=strict", "path=/admin/ingresar", "max-age=7776000"):
            assert atributo in cookie.lower()
        return str(suyo.cookies["ventanilla_dispositivo"])


def _con_cookie(aplicacion: Starlette, ip: str, dispositivo: str) -> httpx.AsyncClient:
    navegador = _navegador(aplicacion, ip)
    # http.cookiejar files a dotless host ("testserver") under "testserver.local".
    navegador.cookies.set("ventanilla_dispositivo", dispositivo, domain="testserver.local", path="/admin/ingresar")
    return navegador


async def test_la_cookie_de_dispositivo_salva_a_la_funcionaria_del_bloqueo_de_su_cuenta(
    aplicacion: Starlette, escenario: Escenario
) -> None:
    dispositivo = await _cookie_de_dispositivo(aplicacion, "revisora")
    await _fallar_desde_muchas_direcciones(aplicacion, "revisora", 6)  # the attack locks the account
    async with _navegador(aplicacion, "203.0.113.11") as ajeno:
        assert (await _intentar(ajeno, "revisora", CLAVE)).status_code == 429
    # Her usual browser, even from another address, still gets in: the device cookie skips the account lock.
    async with _con_cookie(aplicacion, "203.0.113.12", dispositivo) as movil:
        assert (await _intentar(movil, "revisora", CLAVE)).status_code == 303
    # The cookie names her account only, and a tampered one names none.
    await _fallar_desde_muchas_direcciones(aplicacion, "otra", 6)
    async with _con_cookie(aplicacion, "203.0.113.13", dispositivo) as falso:
        assert (await _intentar(falso, "otra", CLAVE)).status_code == 429
    async with _con_cookie(aplicacion, "203.0.113.14", dispositivo[:-2] + "xx") as falso:
        assert (await _intentar(falso, "revisora", CLAVE)).status_code == 429


async def test_la_cookie_de_dispositivo_no_salta_el_limite_por_direccion(
    aplicacion: Starlette, escenario: Escenario
) -> None:
    dispositivo = await _cookie_de_dispositivo(aplicacion, "revisora")
    async with _con_cookie(aplicacion, "203.0.113.20", dispositivo) as suyo:
        for _ in range(3):
            assert (await _intentar(suyo, "revisora", "mala")).status_code == 400
        assert (await _intentar(suyo, "revisora", CLAVE)).status_code == 429
