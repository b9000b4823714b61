"""Registro de firmas, certificación de firma (seed 002 §6-7.3) and the public e-Register lookup over HTTP."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import httpx
import pytest

from domain.casos_uso import Contexto
from domain.casos_uso.firmas import listar_firmas
from domain.eregistro import (
    ACCION_CONSULTA_BLOQUEADA,
    ACCION_CONSULTA_ENCONTRADA,
    ACCION_CONSULTA_FALLIDA,
    ACCIONES_CONSULTA,
)
from domain.personas import Rol
from domain.reloj import RelojFijo
from tests.admin.conftest import CLAVE, HOY, ingresar, nuevo_funcionario
from tests.archivos_prueba import pdf_con_javascript, pdf_poliglota, png_bomba
from tests.builders import PDF_MINIMO, PNG_MINIMO, nueva_persona

pytestmark = pytest.mark.anyio
HUELLA = "ab" * 32


@pytest.fixture
def ctx(ctx: Contexto) -> Contexto:
    nuevo_funcionario(ctx, "coordinadora", Rol.COORDINADOR, entidad="RNEC")
    nuevo_funcionario(ctx, "registrador", entidad="RNEC")
    nuevo_funcionario(ctx, "revisora")  # SDG-BOGOTA
    nueva_persona(ctx)
    return ctx


async def _registrar(cliente: httpx.AsyncClient, token: str, especimen: bytes = PNG_MINIMO) -> httpx.Response:
    datos = {"csrf_token": token, "nombre": "Marta Rincón", "identificacion": "CC 52123456",
             "entidad": "Registraduría Municipal de Chía", "cargo": "Registradora municipal",
             "resolucion_nombramiento": "Resolución 1234 de 2020", "fecha_posesion": "2020-02-01",
             "huella_certificado": HUELLA}
    return await cliente.post("/admin/firmas", data=datos, files={"especimen": ("firma.png", especimen)})


async def _certificar(cliente: httpx.AsyncClient, token: str, ctx: Contexto, copia: bytes = PDF_MINIMO,
                      **campos: str) -> httpx.Response:
    [firma] = listar_firmas(ctx)
    datos = {"csrf_token": token, "identificacion_tipo": "CC", "identificacion_numero": "1020304050",
             "firma": str(firma.id), "tipo_registro": "matrimonio",
             "fecha_firma": (HOY - timedelta(days=30)).isoformat(), "recaudo": "si", **campos}
    return await cliente.post("/admin/firmas/certificar", data=datos,
                              files={"copia": ("registro.pdf", copia)})


async def test_registrar_ver_especimen_y_retirar(cliente: httpx.AsyncClient, ctx: Contexto) -> None:
    token = await ingresar(cliente, "coordinadora", CLAVE)
    assert (await _registrar(cliente, token, especimen=PDF_MINIMO)).status_code == 422
    r = await _registrar(cliente, token)
    assert r.status_code == 303
    pagina = await cliente.get(r.headers["location"])
    assert "Firma registrada." in pagina.text and "Marta Rincón" in pagina.text and "Activa" in pagina.text
    [firma] = listar_firmas(ctx)
    imagen = await cliente.get(f"/admin/firmas/{firma.id}/especimen")
    assert imagen.status_code == 200 and imagen.headers["content-type"] == "image/png"
    r = await cliente.post(f"/admin/firmas/{firma.id}/retiro", data={"csrf_token": token, "fecha_retiro": "2026-03-01"})
    assert r.status_code == 303 and "Retirada" in (await cliente.get(r.headers["location"])).text


async def test_especimen_y_copia_se_leen_completos_antes_de_guardarse(
    cliente: httpx.AsyncClient, ctx: Contexto
) -> None:
    """Issue 7 §3 on the registro de firmas: a decompression bomb as specimen, a polyglot as the copy."""
    token = await ingresar(cliente, "coordinadora", CLAVE)
    bomba = await _registrar(cliente, token, especimen=png_bomba())
    assert bomba.status_code == 422 and "30.000 × 30.000 píxeles" in bomba.text
    assert listar_firmas(ctx) == [] and ctx.almacen.blobs == {}  # type: ignore[attr-defined]
    assert (await _registrar(cliente, token)).status_code == 303
    guardados = dict(ctx.almacen.blobs)  # type: ignore[attr-defined]
    poliglota = await _certificar(cliente, token, ctx, copia=pdf_poliglota())
    assert poliglota.status_code == 422 and "esconde otro tipo de archivo" in poliglota.text
    assert "CF-2026-000001" not in poliglota.text
    assert ctx.almacen.blobs == guardados  # type: ignore[attr-defined]
    javascript = await _certificar(cliente, token, ctx, copia=pdf_con_javascript())
    assert javascript.status_code == 422 and "contiene JavaScript o acciones automáticas" in javascript.text


async def test_rol_y_entidad(cliente: httpx.AsyncClient) -> None:
    token = await ingresar(cliente, "registrador", CLAVE)
    assert (await _registrar(cliente, token)).status_code == 403  # only coordinators register
    await cliente.post("/admin/salir", data={"csrf_token": token})
    cliente.cookies.clear()
    token = await ingresar(cliente, "revisora", CLAVE)
    assert (await cliente.get("/admin/firmas")).status_code == 403


async def test_csrf(cliente: httpx.AsyncClient, ctx: Contexto) -> None:
    await ingresar(cliente, "coordinadora", CLAVE)
    assert (await _registrar(cliente, "token-falso")).status_code == 403
    assert listar_firmas(ctx) == []


async def test_certificar_emitida_y_rechazada(cliente: httpx.AsyncClient, ctx: Contexto) -> None:
    token = await ingresar(cliente, "coordinadora", CLAVE)
    await _registrar(cliente, token)
    rechazo = await _certificar(cliente, token, ctx, recaudo="")
    assert rechazo.status_code == 422 and "No se puede certificar la firma" in rechazo.text
    assert "estampilla de recaudo" in rechazo.text and "§7.3" in rechazo.text
    ok = await _certificar(cliente, token, ctx)
    assert ok.status_code == 200 and "CF-2026-000001" in ok.text
    enlace = ok.text.split('href="/admin/firmas/certificaciones/')[1].split('"')[0]
    pdf = await cliente.get(f"/admin/firmas/certificaciones/{enlace}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


async def test_eregister_publico(cliente: httpx.AsyncClient, ctx: Contexto, reloj: RelojFijo) -> None:
    token = await ingresar(cliente, "coordinadora", CLAVE)
    await _registrar(cliente, token)
    await _certificar(cliente, token, ctx)
    publico = httpx.AsyncClient(transport=cliente._transport, base_url="http://testserver")
    assert (await publico.get("/verificar-certificacion")).status_code == 200
    falta = await publico.post("/verificar-certificacion", data={"numero": "CF-2026-000001", "fecha": ""})
    assert falta.status_code == 400 and "obligatorios" in falta.text
    ok = await publico.post("/verificar-certificacion", data={"numero": "CF-2026-000001", "fecha": "2026-03-17"})
    assert ok.status_code == 200
    for texto in ("Marta Rincón", "Registradora municipal", "Registraduría Municipal de Chía", "Sello",
                  "Registro civil de matrimonio"):
        assert texto in ok.text
    for _ in range(4):
        r = await publico.post("/verificar-certificacion", data={"numero": "CF-2026-000001", "fecha": "2026-03-16"})
        assert r.status_code == 404
    bloqueada = await publico.post("/verificar-certificacion", data={"numero": "CF-2026-000002", "fecha": "2026-03-17"})
    assert bloqueada.status_code == 429
    r = await publico.post("/verificar-certificacion", data={"numero": "CF-2026-000001", "fecha": "2026-03-17"})
    assert r.status_code == 429
    reloj.avanzar(hours=24, minutes=1)
    r = await publico.post("/verificar-certificacion", data={"numero": "CF-2026-000001", "fecha": "2026-03-17"})
    assert r.status_code == 200
    with ctx.uow() as uow:
        consultas = [e for e in uow.auditoria.listar(limite=100) if e.accion in ACCIONES_CONSULTA]
    assert Counter(e.accion for e in consultas) == {ACCION_CONSULTA_ENCONTRADA: 2, ACCION_CONSULTA_FALLIDA: 5,
                                                    ACCION_CONSULTA_BLOQUEADA: 1}
    assert all(e.actor == "publico:127.0.0.1" and "ip=127.0.0.1" in e.detalle for e in consultas)


async def test_un_especimen_de_varios_cientos_de_kb_pasa_la_proteccion_csrf(cliente: httpx.AsyncClient) -> None:
    """A scanned specimen of ~600 KB (the registro de firmas allows 10 MiB) used to get 413 from the CSRF guard,
    which read at most 256 KiB of any form; multipart forms now may carry the file."""
    import io

    from PIL import Image

    ruido = Image.effect_noise((700, 300), 90).convert("RGB")
    salida = io.BytesIO()
    ruido.save(salida, "PNG")
    especimen = salida.getvalue()
    assert len(especimen) > 300 * 1024
    token = await ingresar(cliente, "coordinadora", CLAVE)
    assert (await _registrar(cliente, token, especimen=especimen)).status_code == 303
