"""Public verification page: the QR URL (both cases), the paste form, states, minimal data, headers, limits."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
import pytest
from starlette.applications import Starlette

from admin import rutas_publicas
from admin.seguridad import LimitadorIntentos
from domain.casos_uso.decisiones import aprobar, asignar
from domain.comandos import Asignar, Decidir
from domain.reloj import RelojFijo
from tests.admin.conftest import Escenario
from tests.builders import verificar_todo

pytestmark = pytest.mark.anyio


def _emitir(escenario: Escenario) -> uuid.UUID:
    ctx, s = escenario.ctx, escenario.solicitud
    asignar(Asignar(s.id, escenario.revisora.id), ctx)
    verificar_todo(ctx, s.id, escenario.revisora.id)
    documento_id = aprobar(Decidir(s.id, escenario.revisora.id), ctx).documento_id
    assert documento_id is not None
    return documento_id


async def test_qr_valido_vigente(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    documento_id = _emitir(escenario)
    r = await cliente.get(f"/V/1/QR:{documento_id}")
    assert r.status_code == 200
    assert '<span class="clase-documento">Certificado de residencia</span>' in r.text
    assert 'class="estado-vigente">Vigente</span></h1>' in r.text
    assert "Documento auténtico y vigente." in r.text
    assert "RES-2026-000001-C" in r.text and "Secretaría Distrital de Gobierno de Bogotá" in r.text
    assert "17/03/2026" in r.text and "15/06/2026" in r.text  # expedición + 90 días de vigencia
    assert "Certificado de residencia" in r.text
    # Minimal data only: no address, no identification number, no email.
    assert "Calle 10" not in r.text and "1020304050" not in r.text and "@" not in r.text
    assert 'name="viewport"' in r.text and "<script" not in r.text


async def test_ruta_en_minusculas(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    documento_id = _emitir(escenario)
    r = await cliente.get(f"/v/1/QR:{documento_id}")
    assert r.status_code == 200 and "Vigente" in r.text


async def test_qr_falsificado_invalido(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    r = await cliente.get("/V/1/HC1NCFOXN%25TS3DH3ZSUZK")
    assert r.status_code == 200
    assert '<span class="clase-documento">Documento</span>' in r.text  # no kind can be read from a forged code
    assert 'class="estado-invalido">Inválido</span></h1>' in r.text and "firma no válida" in r.text
    assert "Datos del documento" not in r.text


async def test_firma_valida_pero_documento_desconocido(cliente: httpx.AsyncClient) -> None:
    r = await cliente.get(f"/V/1/QR:{uuid.uuid4()}")
    assert "No registrado" in r.text and "no está en nuestro registro" in r.text


async def test_vencido_y_revocado(cliente: httpx.AsyncClient, escenario: Escenario, reloj: RelojFijo) -> None:
    documento_id = _emitir(escenario)
    reloj.avanzar(days=91)
    assert 'class="estado-vencido">Vencido</span></h1>' in (await cliente.get(f"/V/1/QR:{documento_id}")).text
    uow = escenario.ctx.uow()
    documento = uow.documentos.obtener(documento_id)
    assert documento is not None
    documento.revocar("Expedido por error", "funcionario:revisora", reloj.ahora())
    uow.documentos.guardar(documento)
    uow.commit()
    r = await cliente.get(f"/V/1/QR:{documento_id}")
    assert 'class="estado-revocado">Revocado</span></h1>' in r.text and "no es válido" in r.text


async def test_suspendido(cliente: httpx.AsyncClient, escenario: Escenario, reloj: RelojFijo) -> None:
    documento_id = _emitir(escenario)
    uow = escenario.ctx.uow()
    documento = uow.documentos.obtener(documento_id)
    assert documento is not None
    documento.suspender("Verificación en curso", "funcionario:revisora", reloj.ahora() + timedelta(hours=1))
    uow.documentos.guardar(documento)
    uow.commit()
    assert "Suspendido" in (await cliente.get(f"/V/1/QR:{documento_id}")).text


async def test_formulario_para_pegar_el_codigo(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    documento_id = _emitir(escenario)
    r = await cliente.get("/verificar")
    assert r.status_code == 200 and "Texto del código QR" in r.text and 'action="/verificar"' in r.text
    r = await cliente.post("/verificar", data={"qr": f"  QR:{documento_id}\n"})
    assert r.status_code == 200 and "Vigente" in r.text
    assert f"QR:{documento_id}" not in r.text  # the pasted payload is not echoed back
    r = await cliente.post("/verificar", data={"qr": "x" * 5000})
    assert "Inválido" in r.text and "formato no reconocido" in r.text


async def test_encabezados_de_la_pagina_publica(cliente: httpx.AsyncClient) -> None:
    r = await cliente.get("/verificar")
    h = r.headers
    assert "default-src 'self'" in h["content-security-policy"]
    assert h["referrer-policy"] == "no-referrer" and h["x-content-type-options"] == "nosniff"
    assert h["cache-control"] == "no-store" and "noindex" in h["x-robots-tag"]
    assert "set-cookie" not in h  # no session on the public page
    css = await cliente.get("/verificar/estilo.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


async def test_limite_de_consultas(ctx: object) -> None:
    app = Starlette(routes=rutas_publicas(ctx, limitador=LimitadorIntentos(maximo=2, ventana=60)))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        assert (await c.get("/V/1/ABC")).status_code == 200
        assert (await c.get("/V/1/ABC")).status_code == 200
        r = await c.get("/V/1/ABC")
        assert r.status_code == 429 and "Demasiadas consultas" in r.text


async def test_limite_por_cliente_ipv6_por_su_prefijo_64(ctx: object) -> None:
    """An IPv6 subscriber cannot escape the limit by changing its interface identifier: the key is the /64."""
    app = Starlette(routes=rutas_publicas(ctx, limitador=LimitadorIntentos(maximo=2, ventana=60)))  # type: ignore[arg-type]

    async def pedir(ip: str) -> int:
        transporte = httpx.ASGITransport(app=app, client=(ip, 443))
        async with httpx.AsyncClient(transport=transporte, base_url="http://testserver") as c:
            return (await c.get("/V/1/ABC")).status_code

    assert [await pedir(f"2001:db8:7:1::{i}") for i in range(1, 4)] == [200, 200, 429]
    assert await pedir("2001:db8:7:2::1") == 200  # the next /64 is another subscriber


async def test_detras_de_un_prefijo_los_enlaces_lo_llevan(aplicacion: Starlette) -> None:
    """The page links its stylesheet and form without url_for (hot path): a proxy prefix must still be honoured."""
    transporte = httpx.ASGITransport(app=aplicacion, root_path="/ventanilla")
    async with httpx.AsyncClient(transport=transporte, base_url="http://testserver") as c:
        r = await c.get("/ventanilla/verificar")
    assert r.status_code == 200
    assert 'href="/ventanilla/verificar/estilo.css?v=' in r.text and 'action="/ventanilla/verificar"' in r.text
