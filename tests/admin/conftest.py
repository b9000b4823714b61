"""The admin over HTTP, in-process: a root app that mounts it as the composition root does, on fakes."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from admin import crear_admin, rutas_publicas
from admin.limites_ingreso import LimitesIngreso
from admin.seguridad import hash_clave
from domain.casos_uso import Contexto
from domain.casos_uso.personas import crear_funcionario
from domain.casos_uso.solicitudes import radicar_solicitud
from domain.motor.catalogo import CatalogoTramites
from domain.personas import Funcionario, Rol
from domain.reloj import RelojFijo
from domain.solicitudes import Solicitud
from persistence.inspeccion_archivos import InspectorContenido
from tests.builders import nueva_persona, radicar_cmd
from tests.fakes import FakeAlmacen, FakeEmisor, FakeUnidadDeTrabajo, FakeVerificador, ahora_bogota

HOY = date(2026, 3, 17)
CLAVE = "Clave-Segura-2026"
ENTIDAD = "SDG-BOGOTA"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def reloj() -> RelojFijo:
    # Tuesday 2026-03-17: a solicitud filed today must be decided by Wednesday 18 (1 día hábil).
    return RelojFijo(ahora_bogota(2026, 3, 17))


@pytest.fixture
def ctx(reloj: RelojFijo) -> Contexto:
    return Contexto(
        FakeUnidadDeTrabajo(), FakeAlmacen(), reloj, CatalogoTramites.predeterminado(), FakeEmisor(), FakeVerificador(),  # type: ignore[arg-type]
        inspector=InspectorContenido(),
    )


@dataclass
class Escenario:
    ctx: Contexto
    revisora: Funcionario
    otra: Funcionario
    coordinador: Funcionario
    ajena: Funcionario
    solicitud: Solicitud


def nuevo_funcionario(ctx: Contexto, usuario: str, rol: Rol = Rol.REVISOR, entidad: str = ENTIDAD) -> Funcionario:
    return crear_funcionario(usuario, usuario.title() + " Prueba", entidad, rol, hash_clave(CLAVE, barato=True), ctx)


def radicar(ctx: Contexto, numero: str = "1020304050", **cambios: object) -> Solicitud:
    return radicar_solicitud(radicar_cmd(nueva_persona(ctx, numero), HOY, **cambios), ctx)


@pytest.fixture
def escenario(ctx: Contexto) -> Escenario:
    return Escenario(
        ctx,
        revisora=nuevo_funcionario(ctx, "revisora"),
        otra=nuevo_funcionario(ctx, "otra"),
        coordinador=nuevo_funcionario(ctx, "coordinador", Rol.COORDINADOR),
        ajena=nuevo_funcionario(ctx, "ajena", entidad="OTRA-ENTIDAD"),
        solicitud=radicar(ctx),
    )


@pytest.fixture
def aplicacion(ctx: Contexto) -> Starlette:
    admin = crear_admin(ctx, secret_key="clave-de-pruebas-" + "x" * 32,
                        limites_ingreso=LimitesIngreso.en_memoria(maximo=3, ventana=60))
    return Starlette(routes=[Mount("/admin", admin), *rutas_publicas(ctx)])


@pytest.fixture
async def cliente(aplicacion: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transporte = httpx.ASGITransport(app=aplicacion)
    async with httpx.AsyncClient(transport=transporte, base_url="http://testserver") as c:
        yield c


def token_de(html: str) -> str:
    encontrado = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert encontrado, "la página no tiene token CSRF"
    return encontrado.group(1)


async def ingresar(cliente: httpx.AsyncClient, usuario: str = "revisora", clave: str = CLAVE) -> str:
    """Log in through the form; returns the session's CSRF token (rotated at login)."""
    pagina = await cliente.get("/admin/ingresar")
    datos = {"usuario": usuario, "clave": clave, "csrf_token": token_de(pagina.text)}
    r = await cliente.post("/admin/ingresar", data=datos)
    assert r.status_code == 303, r.text
    bandeja = await cliente.get("/admin/")
    assert bandeja.status_code == 200
    return token_de(bandeja.text)


HTMX = {"HX-Request": "true"}


def _campo(forma: str, nombre: str) -> str:
    encontrado = re.search(rf'name="{nombre}" value="([^"]*)"', forma)
    assert encontrado, f"el formulario no tiene {nombre}"
    return encontrado.group(1)


async def verificar_por_formulario(cliente: httpx.AsyncClient, solicitud_id: object, token: str,
                                   resultado: str = "verificado", observacion: str = "") -> int:
    """Marks every «Revisar» item through the checklist's own forms, as the official does; returns how many."""
    ruta = f"/admin/solicitudes/{solicitud_id}"
    html = (await cliente.get(ruta)).text
    formas = re.findall(r'<form method="post" action="[^"]*/verificar".*?</form>', html, re.S)
    for indice in [_campo(f, "indice") for f in formas]:
        html = (await cliente.get(ruta)).text  # the version moves with each verification
        forma = next(f for f in re.findall(r'<form method="post" action="[^"]*/verificar".*?</form>', html, re.S)
                     if _campo(f, "indice") == indice)
        datos = {c: _campo(forma, c) for c in ("indice", "requisito", "regla", "version")}
        r = await cliente.post(f"{ruta}/verificar", data={"csrf_token": token, "resultado": resultado,
                                                          "observacion": observacion, **datos})
        assert r.status_code == 303, r.text
    return len(formas)
