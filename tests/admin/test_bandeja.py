"""The inbox: entidad scope, filters, deadline colours, keyset "ver más", chart, fragment vs whole page."""

from __future__ import annotations

import re

import httpx
import pytest

from admin.vistas_bandeja import cursor_a_texto, texto_a_cursor
from domain.casos_uso.decisiones import asignar
from domain.comandos import Asignar
from domain.reloj import RelojFijo
from tests.admin.conftest import HTMX, Escenario, ingresar, radicar

pytestmark = pytest.mark.anyio


def _radicados(html: str) -> list[str]:
    return re.findall(r'class="radicado" href="[^"]+">([A-Z]+-\d{4}-\d{6})<', html)


async def test_bandeja_muestra_las_solicitudes_de_la_entidad(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    await ingresar(cliente)
    r = await cliente.get("/admin/")
    assert "<html" in r.text and "Bandeja de solicitudes" in r.text
    assert _radicados(r.text) == ["RES-2026-000001"]
    assert "Ana María Pérez Gómez" in r.text and "Certificado de residencia" in r.text
    assert "17/03/2026" in r.text and "Sin asignar" in r.text


async def test_color_de_plazo_por_dias_habiles(
    cliente: httpx.AsyncClient, escenario: Escenario, reloj: RelojFijo
) -> None:
    """Filed Tuesday 17, due Wednesday 18: green on 17, amber on 18, red on 19."""
    await ingresar(cliente)
    r = await cliente.get("/admin/")
    assert 'class="plazo plazo-a-tiempo"' in r.text and "1 día hábil restante ·" in r.text
    reloj.avanzar(days=1)
    r = await cliente.get("/admin/")
    assert 'class="plazo plazo-vence-hoy"' in r.text and "Vence hoy" in r.text
    reloj.avanzar(days=1)
    r = await cliente.get("/admin/")
    assert 'class="plazo plazo-vencido"' in r.text and "1 día hábil de atraso" in r.text


async def test_filtro_por_estado_y_asignadas_a_mi(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    ctx = escenario.ctx
    segunda = radicar(ctx, "79111222")
    tercera = radicar(ctx, "52333444")
    asignar(Asignar(segunda.id, escenario.revisora.id), ctx)
    asignar(Asignar(tercera.id, escenario.otra.id), ctx)
    await ingresar(cliente)
    radicadas = (await cliente.get("/admin/?estado=radicada")).text
    assert _radicados(radicadas) == ["RES-2026-000001"]
    # The table's total follows the filter; the chart's total stays the entidad's.
    assert "1 solicitud con el estado «Radicada»" in radicadas and "Total de la entidad: 3 solicitudes" in radicadas
    en_estudio = (await cliente.get("/admin/?estado=en_estudio", headers=HTMX)).text
    assert sorted(_radicados(en_estudio)) == ["RES-2026-000002", "RES-2026-000003"]
    assert "2 solicitudes con el estado «En estudio»" in en_estudio
    assert "Usted" in en_estudio and "Otra Prueba" in en_estudio
    mias = (await cliente.get("/admin/?mias=1")).text
    assert _radicados(mias) == ["RES-2026-000002"] and "total-filtro" not in mias
    pendientes = (await cliente.get("/admin/?estado=pendientes")).text
    assert len(_radicados(pendientes)) == 3
    assert "3 solicitudes con el estado «Pendientes (radicadas y en estudio)»" in pendientes
    assert "3 solicitudes en todos los estados" in (await cliente.get("/admin/")).text
    aprobadas = (await cliente.get("/admin/?estado=aprobada")).text
    assert "No hay solicitudes con estos filtros." in aprobadas
    assert "0 solicitudes con el estado «Aprobada»" in aprobadas
    # An unknown filter value is ignored rather than an error.
    assert len(_radicados((await cliente.get("/admin/?estado=<script>")).text)) == 3


async def test_htmx_recibe_solo_la_tabla(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    await ingresar(cliente)
    r = await cliente.get("/admin/?estado=radicada", headers=HTMX)
    assert r.status_code == 200
    assert "<html" not in r.text and "<header" not in r.text
    assert r.text.lstrip().startswith('<section id="tabla-solicitudes"')
    assert _radicados(r.text) == ["RES-2026-000001"]
    assert "HX-Request" in r.headers["vary"]


async def test_ver_mas_pagina_por_cursor(cliente: httpx.AsyncClient, escenario: Escenario, reloj: RelojFijo) -> None:
    for i in range(27):
        reloj.avanzar(minutes=1)  # distinct radicada_en: the keyset order is then the filing order
        radicar(escenario.ctx, f"8000000{i:03d}")
    await ingresar(cliente)
    primera = (await cliente.get("/admin/")).text
    assert len(_radicados(primera)) == 25 and 'id="ver-mas"' in primera
    enlace = re.search(r'hx-get="([^"]+despues=[^"]+)"', primera)
    assert enlace
    siguiente = await cliente.get(enlace.group(1).replace("&amp;", "&"), headers=HTMX)
    assert "<table" not in siguiente.text and siguiente.text.lstrip().startswith("<tr")
    assert _radicados(siguiente.text) == ["RES-2026-000026", "RES-2026-000027", "RES-2026-000028"]
    assert 'id="ver-mas"' not in siguiente.text
    # Without JavaScript the same link is a whole page with the next rows.
    sin_js = await cliente.get(enlace.group(1).replace("&amp;", "&"))
    assert "<html" in sin_js.text and "Volver al inicio" in sin_js.text


def test_cursor_opaco_ida_y_vuelta_y_basura() -> None:
    import uuid
    from datetime import UTC, datetime

    cursor = (datetime(2026, 3, 17, 15, tzinfo=UTC), uuid.uuid4())
    assert texto_a_cursor(cursor_a_texto(cursor)) == cursor
    assert texto_a_cursor("no-es-un-cursor") is None
    assert texto_a_cursor("") is None


async def test_grafico_svg_por_estado(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    asignar(Asignar(radicar(escenario.ctx, "79111222").id, escenario.revisora.id), escenario.ctx)
    await ingresar(cliente)
    r = await cliente.get("/admin/")
    svg = r.text[r.text.index("<svg"):r.text.index("</svg>")]
    assert 'role="group"' in svg and 'role="img"' not in svg and "Radicada: 1." in svg and "En estudio: 1." in svg
    assert 'href="/admin/?estado=en_estudio"' in svg
    assert "Total de la entidad: 2 solicitudes" in r.text
    assert "<script" not in r.text.replace('<script src="/admin/static/htmx.min.js', "")


async def test_funcionario_de_otra_entidad_no_ve_nada(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    await ingresar(cliente, "ajena")
    r = await cliente.get("/admin/")
    assert _radicados(r.text) == [] and "RES-2026-000001" not in r.text
    assert "Total de la entidad: 0 solicitudes" in r.text and "0 solicitudes en todos los estados" in r.text
