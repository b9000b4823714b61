"""Security headers, static files and the vendored htmx."""

from __future__ import annotations

import re

import httpx
import pytest

from admin import crear_admin
from tests.admin.conftest import Escenario, ingresar

pytestmark = pytest.mark.anyio


async def test_encabezados_en_paginas_del_admin(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    for ruta in ("/admin/ingresar", "/admin/no-existe"):
        h = (await cliente.get(ruta)).headers
        csp = h["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'self'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "SAMEORIGIN"
        assert h["referrer-policy"] == "same-origin" and h["cache-control"] == "no-store"
        assert "camera=()" in h["permissions-policy"]
        assert "strict-transport-security" not in h
    await ingresar(cliente)
    h = (await cliente.get("/admin/")).headers
    assert h["cache-control"] == "no-store" and "default-src 'self'" in h["content-security-policy"]


async def test_errores_csrf_tambien_llevan_encabezados(cliente: httpx.AsyncClient) -> None:
    r = await cliente.post("/admin/salir")
    assert r.status_code == 403 and "default-src 'self'" in r.headers["content-security-policy"]


async def test_estaticos_cacheables_y_htmx_vendorizado(cliente: httpx.AsyncClient) -> None:
    r = await cliente.get("/admin/static/htmx.min.js")
    assert r.status_code == 200 and 'version:"2.0.11"' in r.text
    assert "javascript" in r.headers["content-type"] and "cache-control" not in r.headers
    css = await cliente.get("/admin/static/admin.css")
    assert css.status_code == 200 and ".plazo-vencido" in css.text


async def test_paginas_sin_scripts_en_linea_ni_cdn(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    await ingresar(cliente)
    for ruta in ("/admin/", f"/admin/solicitudes/{escenario.solicitud.id}"):
        html = (await cliente.get(ruta)).text
        assert html.count("<script") == 1 and '<script src="/admin/static/htmx.min.js?v=' in html
        assert "style=" not in html and "http://" not in html and "https://" not in html
        assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers (onclick=…)


def test_produccion_exige_clave_larga_y_cookie_segura(ctx: object) -> None:
    with pytest.raises(ValueError):
        crear_admin(ctx, secret_key="corta", produccion=True)  # type: ignore[arg-type]


async def test_produccion_hsts_y_cookie_secure(ctx: object) -> None:
    from starlette.applications import Starlette
    from starlette.routing import Mount

    app = Starlette(routes=[Mount("/admin", crear_admin(ctx, secret_key="s" * 40, produccion=True))])  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://testserver") as c:
        r = await c.get("/admin/ingresar")
        assert "max-age=31536000" in r.headers["strict-transport-security"]
        assert "secure" in r.headers["set-cookie"].lower()
