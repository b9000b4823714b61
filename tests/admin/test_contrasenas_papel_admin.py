"""Paper contraseñas and the §15.6 replacement over HTTP: the Registraduría's admin and the public QR page (seed 002
§15.4.1, §15.4.3, §15.6)."""

from __future__ import annotations

import re
from dataclasses import replace

import httpx
import pytest

from domain.casos_uso import Contexto
from domain.casos_uso.contrasenas import listar_tramites_identidad
from domain.reloj import RelojFijo
from domain.reposicion_contrasenas import ACCION_REPONER
from tests.admin.conftest import CLAVE, ingresar, nuevo_funcionario
from tests.builders import nueva_persona
from tests.fakes_identidad import FakeEmisorContrasenas

pytestmark = pytest.mark.anyio


@pytest.fixture
def ctx(ctx: Contexto) -> Contexto:
    contexto = replace(ctx, contrasenas=FakeEmisorContrasenas())
    nuevo_funcionario(contexto, "registrador", entidad="RNEC")
    nuevo_funcionario(contexto, "revisora")  # SDG-BOGOTA
    nueva_persona(contexto)
    return contexto


async def _crear(cliente: httpx.AsyncClient, token: str, **campos: str) -> httpx.Response:
    datos = {"csrf_token": token, "identificacion_tipo": "CC", "identificacion_numero": "1020304050",
             "tipo_documento": "CC", "clase": "primera_vez", "oficina": "RNEC-BOG-CENTRO", "canal": "eis", **campos}
    return await cliente.post("/admin/identidad", data=datos)


def _texto(r: httpx.Response) -> str:
    return " ".join(r.text.split())


@pytest.mark.parametrize(("canal", "titulo", "sufijo"), [
    ("papel:contrasena_blanca", "Contraseña (formato pre-impreso en blanco)", "B1"),
    ("papel:contrasena_verde", "verde sin código de verificación QR", "V1"),
])
async def test_crear_tramite_en_papel(cliente: httpx.AsyncClient, ctx: Contexto, canal: str, titulo: str,
                                      sufijo: str) -> None:
    """§15.4.1 / §15.4.3: the official records the paper receipt and downloads it pre-filled to print."""
    token = await ingresar(cliente, "registrador", CLAVE)
    formulario = await cliente.get("/admin/identidad")
    assert "§15.4.1" in formulario.text and "§15.4.3" in formulario.text
    r = await _crear(cliente, token, canal=canal)
    assert r.status_code == 303
    detalle = await cliente.get(r.headers["location"])
    assert "Preparación en papel" in detalle.text and titulo in detalle.text
    assert f"RNEC-2026-0000001-{sufijo}" in detalle.text
    enlace = re.search(r'href="(/admin/identidad/contrasenas/[^"]+)"', detalle.text)
    assert enlace
    pdf = await cliente.get(enlace.group(1))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    r = await _crear(cliente, token, canal="papel:contrasena_eis")
    assert r.status_code == 422 and "contraseña blanca" in r.text
    r = await _crear(cliente, token, canal="fax")
    assert r.status_code == 422 and "Canal no reconocido" in r.text


async def test_reposicion_desde_el_admin_y_el_qr_anterior_dice_reemplazada(
    cliente: httpx.AsyncClient, ctx: Contexto, reloj: RelojFijo
) -> None:
    """§15.6 (R157, W15): the checklist, the replacement, and the old QR no longer valid on the public page."""
    token = await ingresar(cliente, "registrador", CLAVE)
    r = await _crear(cliente, token)
    pagina = await cliente.get(r.headers["location"])
    assert "Reposición por pérdida o vencimiento" in pagina.text
    assert "§15.6 a" in pagina.text and "§15.6 b" in pagina.text and "§15.6 c" in pagina.text
    assert "duración de vigencia que la primera, contada desde hoy" in pagina.text  # §15.6, "nuevo_periodo"
    accion = re.search(r'action="(/admin/identidad/[^"]+/reposicion)"', pagina.text)
    assert accion
    (tramite, _), = listar_tramites_identidad(ctx)
    anterior = tramite.contrasenas[0]
    r = await cliente.post(accion.group(1), data={"csrf_token": token, "causa": "hurto",
                                                  "oficina_reposicion": "RNEC-CHIA"})
    assert r.status_code == 422 and "pérdida o vencimiento" in r.text
    reloj.avanzar(days=10)
    r = await cliente.post(accion.group(1), data={"csrf_token": token, "causa": "perdida",
                                                  "oficina_reposicion": "RNEC-CHIA"})
    assert r.status_code == 303
    detalle = _texto(await cliente.get(r.headers["location"]))
    assert "Reposición expedida" in detalle and "RNEC-2026-0000001-V2" in detalle
    assert "reemplazada por reposición (pérdida)" in detalle and "no es válida" in detalle
    publica = await cliente.get(f"/V/1/QR:{anterior}")
    texto = _texto(publica)
    assert "Reemplazada por reposición el 27 de marzo de 2026; no es válida." in texto
    assert 'class="contrasena-reemplazada"' in publica.text and "Revocado" in texto
    assert 'class="estado-vigente"' not in publica.text
    with ctx.uow() as uow:
        assert any(e.accion == ACCION_REPONER for e in uow.auditoria.eventos)  # type: ignore[attr-defined]


async def test_reposicion_rechazada_se_explica_en_la_pagina(cliente: httpx.AsyncClient, ctx: Contexto) -> None:
    """§15.6 a: the document waits at the delivery office → refused, the official is told to deliver it."""
    token = await ingresar(cliente, "registrador", CLAVE)
    r = await _crear(cliente, token)
    pagina = await cliente.get(r.headers["location"])
    estado = re.search(r'action="(/admin/identidad/[^"]+/estado)"', pagina.text)
    reposicion = re.search(r'action="(/admin/identidad/[^"]+/reposicion)"', pagina.text)
    assert estado and reposicion
    await cliente.post(estado.group(1), data={"csrf_token": token, "estado": "disponible_para_entrega",
                                              "oficina_entrega": "RNEC-CHIA"})
    r = await cliente.post(reposicion.group(1), data={"csrf_token": token, "causa": "vencimiento",
                                                      "oficina_reposicion": "RNEC-CHIA"})
    assert r.status_code == 422
    texto = _texto(r)
    assert "No se puede reponer la contraseña" in texto and "Registraduría Municipal de Chía" in texto
    assert "✘" in texto and "remita al titular a la entrega" in texto
    (tramite, _), = listar_tramites_identidad(ctx)
    assert len(tramite.contrasenas) == 1 and not tramite.reposiciones


async def test_reposicion_solo_para_la_registraduria(cliente: httpx.AsyncClient, ctx: Contexto) -> None:
    token = await ingresar(cliente, "revisora", CLAVE)
    r = await cliente.post(f"/admin/identidad/{'0' * 8}-0000-0000-0000-{'0' * 12}/reposicion",
                           data={"csrf_token": token, "causa": "perdida", "oficina_reposicion": "RNEC-CHIA"})
    assert r.status_code == 403
