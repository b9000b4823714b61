"""/admin/aliados: coordinadores create, rotate and revoke partner credentials (shown once), CSRF on every POST."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import httpx
import pytest

from domain.casos_uso.aliados import autenticar_aliado, listar_aliados
from domain.personas import Rol
from tests.admin.conftest import Escenario, ingresar, nuevo_funcionario

pytestmark = pytest.mark.anyio

CREDENCIAL = re.compile(r"vnt_[A-Za-z0-9_-]{43}")


async def _crear(cliente: httpx.AsyncClient, token: str, nombre: str = "Portal de Chía",
                 alcances: tuple[str, ...] = ("personas", "solicitudes")) -> httpx.Response:
    # A repeated field (one per checked scope), as a browser sends it.
    datos = urlencode([("csrf_token", token), ("nombre", nombre), *(("alcance", a) for a in alcances)])
    return await cliente.post("/admin/aliados", content=datos,
                              headers={"Content-Type": "application/x-www-form-urlencoded"})


async def test_el_coordinador_crea_y_ve_la_credencial_una_sola_vez(
    cliente: httpx.AsyncClient, escenario: Escenario
) -> None:
    token = await ingresar(cliente, "coordinador")
    pagina = await cliente.get("/admin/aliados")
    assert pagina.status_code == 200 and 'href="/admin/aliados"' in pagina.text  # linked from the header
    assert "Aún no hay sistemas aliados" in pagina.text and "personas" in pagina.text
    r = await _crear(cliente, token)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    [credencial] = set(CREDENCIAL.findall(r.text))
    aliado = autenticar_aliado(credencial, escenario.ctx)
    assert aliado is not None and aliado.alcances == frozenset({"personas", "solicitudes"})
    assert "no se volverá a mostrar" in r.text
    despues = (await cliente.get("/admin/aliados")).text
    assert not CREDENCIAL.findall(despues) and aliado.hash_credencial not in despues
    assert "Portal de Chía" in despues and f"{credencial[:8]}…" in despues
    # The official by name (not by login) in the activity log.
    assert "Creó un sistema aliado" in despues and "Coordinador Prueba" in despues
    assert "coordinador (funcionario)" not in despues


async def test_rotar_y_revocar(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    token = await ingresar(cliente, "coordinador")
    vieja = CREDENCIAL.findall((await _crear(cliente, token)).text)[0]
    [aliado] = listar_aliados(escenario.ctx)
    r = await cliente.post(f"/admin/aliados/{aliado.id}/rotar", data={"csrf_token": token})
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    [nueva] = set(CREDENCIAL.findall(r.text))
    assert nueva != vieja and autenticar_aliado(vieja, escenario.ctx) is None
    assert autenticar_aliado(nueva, escenario.ctx) is not None

    r = await cliente.post(f"/admin/aliados/{aliado.id}/revocar", data={"csrf_token": token})
    assert r.status_code == 422 and "Marque la casilla" in r.text
    assert autenticar_aliado(nueva, escenario.ctx) is not None
    r = await cliente.post(f"/admin/aliados/{aliado.id}/revocar", data={"csrf_token": token, "confirmo": "si"})
    assert r.status_code == 303 and r.headers["location"] == "/admin/aliados?aviso=revocado"
    assert autenticar_aliado(nueva, escenario.ctx) is None
    pagina = (await cliente.get(r.headers["location"])).text
    assert "ya no funciona" in pagina and "Revocado" in pagina and "Rotar credencial" not in pagina
    r = await cliente.post(f"/admin/aliados/{aliado.id}/rotar", data={"csrf_token": token})
    assert r.status_code == 409 and "está revocado" in r.text


async def test_sin_token_csrf_no_crea_nada(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    await ingresar(cliente, "coordinador")
    r = await _crear(cliente, "token-falso")
    assert r.status_code == 403 and listar_aliados(escenario.ctx) == []
    r = await cliente.post("/admin/aliados", data={"nombre": "Portal", "alcance": "personas"})
    assert r.status_code == 403 and listar_aliados(escenario.ctx) == []


async def test_datos_invalidos_se_explican_y_conservan_el_formulario(
    cliente: httpx.AsyncClient, escenario: Escenario
) -> None:
    token = await ingresar(cliente, "coordinador")
    r = await _crear(cliente, token, "Portal sin alcances", ())
    assert r.status_code == 422 and "Indique al menos un alcance." in r.text
    assert 'value="Portal sin alcances"' in r.text and not CREDENCIAL.findall(r.text)
    assert listar_aliados(escenario.ctx) == []


async def test_un_revisor_no_administra_aliados(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    token = await ingresar(cliente, "revisora")
    bandeja = (await cliente.get("/admin/")).text
    assert "/admin/aliados" not in bandeja
    assert (await cliente.get("/admin/aliados")).status_code == 403
    r = await _crear(cliente, token)
    assert r.status_code == 403 and "Solo un coordinador" in r.text and listar_aliados(escenario.ctx) == []


async def test_coordinador_de_otra_entidad_tambien_puede(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    """Partners are platform-wide (docs/aliados.md): any coordinador manages them, and it is audited."""
    nuevo_funcionario(escenario.ctx, "registrador", Rol.COORDINADOR, entidad="RNEC")
    token = await ingresar(cliente, "registrador")
    assert (await _crear(cliente, token, "Cancillería", ("apostilla",))).status_code == 200
    with escenario.ctx.uow() as uow:
        [evento] = uow.auditoria.listar(solo_plataforma=True)
    assert (evento.actor, evento.accion) == ("funcionario:registrador", "aliado.crear")


async def test_sin_sesion_va_a_ingresar(cliente: httpx.AsyncClient) -> None:
    r = await cliente.get("/admin/aliados")
    assert r.status_code == 303 and r.headers["location"].endswith("/admin/ingresar")
