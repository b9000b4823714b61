"""Issue 9 §5: each official lands on their entidad's own work after logging in, read from the catálogos
(admin/inicio.py): the residence inbox for the Secretaría de Gobierno, the identity-document trámites for the
Registraduría (domain/catalogo/identidad/contrasenas.toml), the vehicle registry for an organismo de tránsito
(domain/catalogo/tramites/movilidad_chia/_entidad.toml); and the header offers the inbox only where there is one."""

from __future__ import annotations

import httpx
import pytest

from admin.inicio import secciones
from domain.casos_uso import Contexto
from domain.personas import Rol
from tests.admin.conftest import CLAVE, ENTIDAD, nuevo_funcionario, token_de

pytestmark = pytest.mark.anyio
CASOS = (
    ("revisora", Rol.REVISOR, ENTIDAD, "/admin/"),
    ("coordinador", Rol.COORDINADOR, ENTIDAD, "/admin/"),
    ("registrador", Rol.COORDINADOR, "RNEC", "/admin/identidad"),
    ("movilidad", Rol.COORDINADOR, "MOVILIDAD-CHIA", "/admin/"),
    ("sin_catalogo", Rol.REVISOR, "OTRA-ENTIDAD", "/admin/"),  # no section of its own: the inbox, as before
)


@pytest.mark.parametrize(("usuario", "rol", "entidad", "destino"), CASOS)
async def test_cada_funcionario_llega_a_su_trabajo(cliente: httpx.AsyncClient, ctx: Contexto, usuario: str, rol: Rol,
                                                   entidad: str, destino: str) -> None:
    nuevo_funcionario(ctx, usuario, rol, entidad)
    formulario = await cliente.get("/admin/ingresar")
    r = await cliente.post("/admin/ingresar", data={"usuario": usuario, "clave": CLAVE,
                                                    "csrf_token": token_de(formulario.text)})
    assert r.status_code == 303 and r.headers["location"] == destino
    # Already logged in, the login page sends them to the same place; the logo links there too.
    otra_vez = await cliente.get("/admin/ingresar")
    assert otra_vez.status_code == 303 and otra_vez.headers["location"] == destino
    pagina = await cliente.get(destino)
    assert pagina.status_code == 200 and f'<a class="logo" href="{destino}">' in pagina.text


async def test_la_bandeja_solo_en_el_menu_de_quien_tiene_solicitudes(cliente: httpx.AsyncClient, ctx: Contexto) -> None:
    assert secciones(ctx, ENTIDAD) == ("bandeja",)
    assert secciones(ctx, "RNEC") == ("identidad",)
    assert secciones(ctx, "MOVILIDAD-CHIA") == ("bandeja", "vehiculos")
    nuevo_funcionario(ctx, "registrador", Rol.COORDINADOR, "RNEC")
    formulario = await cliente.get("/admin/ingresar")
    await cliente.post("/admin/ingresar", data={"usuario": "registrador", "clave": CLAVE,
                                                "csrf_token": token_de(formulario.text)})
    pagina = (await cliente.get("/admin/identidad")).text
    menu = pagina[pagina.index('<nav class="navegacion"'):pagina.index("</nav>")]
    assert ">Bandeja<" not in menu and ">Documentos de identidad<" in menu
