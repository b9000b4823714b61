"""CSRF: every state-changing request needs the session's token (header or form field) and a same-site origin."""

from __future__ import annotations

import httpx
import pytest

from tests.admin.conftest import CLAVE, HTMX, Escenario, ingresar, token_de

pytestmark = pytest.mark.anyio

ACCIONES = ("asignarme", "aprobar", "rechazar", "entregar")


def _rutas(escenario: Escenario) -> list[str]:
    return [f"/admin/solicitudes/{escenario.solicitud.id}/{a}" for a in ACCIONES] + ["/admin/salir"]


async def _sin_cambios(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    s = escenario.ctx.uow.solicitudes.obtener(escenario.solicitud.id)  # type: ignore[attr-defined]
    assert s.asignado_a is None and len(s.eventos) == 1
    assert (await cliente.get("/admin/")).status_code == 200  # still logged in: /salir did not run


async def test_sin_token_403(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    await ingresar(cliente)
    for ruta in _rutas(escenario):
        r = await cliente.post(ruta, data={"motivos": "x"})
        assert r.status_code == 403, ruta
        assert "token de seguridad ausente o vencido" in r.text
    await _sin_cambios(cliente, escenario)


async def test_token_equivocado_403(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    token = await ingresar(cliente)
    for ruta in _rutas(escenario):
        assert (await cliente.post(ruta, data={"csrf_token": token[:-1] + "x"})).status_code == 403, ruta
        assert (await cliente.post(ruta, headers={"X-CSRF-Token": "falso"})).status_code == 403, ruta
        assert (await cliente.post(ruta, data={"csrf_token": ""})).status_code == 403, ruta
    await _sin_cambios(cliente, escenario)


async def test_token_de_otra_sesion_403(aplicacion: object, escenario: Escenario) -> None:
    transporte = httpx.ASGITransport(app=aplicacion)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transporte, base_url="http://testserver") as a, \
            httpx.AsyncClient(transport=transporte, base_url="http://testserver") as b:
        token_a = await ingresar(a)
        await ingresar(b, "otra")
        r = await b.post(_rutas(escenario)[0], data={"csrf_token": token_a})
        assert r.status_code == 403


async def test_token_en_encabezado_htmx_funciona(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    token = await ingresar(cliente)
    r = await cliente.post(_rutas(escenario)[0], headers={**HTMX, "X-CSRF-Token": token})
    assert r.status_code == 200 and "asignada a usted" in r.text


async def test_peticion_de_otro_sitio_403_aun_con_token(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    token = await ingresar(cliente)
    for sitio in ("cross-site", "same-site"):
        r = await cliente.post(_rutas(escenario)[0], data={"csrf_token": token}, headers={"Sec-Fetch-Site": sitio})
        assert r.status_code == 403 and "viene de otro sitio" in r.text
    r = await cliente.post(_rutas(escenario)[0], data={"csrf_token": token}, headers={"Sec-Fetch-Site": "same-origin"})
    assert r.status_code == 303


async def test_ingreso_tambien_exige_token(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    r = await cliente.post("/admin/ingresar", data={"usuario": "revisora", "clave": CLAVE})
    assert r.status_code == 403
    pagina = await cliente.get("/admin/ingresar")
    r = await cliente.post("/admin/ingresar",
                           data={"usuario": "revisora", "clave": CLAVE, "csrf_token": token_de(pagina.text)})
    assert r.status_code == 303


async def test_el_token_cambia_al_ingresar(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    anonimo = token_de((await cliente.get("/admin/ingresar")).text)
    assert await ingresar(cliente) != anonimo


async def test_cuerpo_enorme_413(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    token = await ingresar(cliente)
    r = await cliente.post(_rutas(escenario)[2], data={"csrf_token": token, "motivos": "x" * 300_000})
    assert r.status_code == 413


async def test_token_en_body_htmx(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    """The <body hx-headers> carries the token as JSON: the page must expose it there too."""
    await ingresar(cliente)
    pagina = (await cliente.get("/admin/")).text
    token = token_de(pagina)
    assert f"hx-headers='{{\"X-CSRF-Token\": \"{token}\"}}'" in pagina
