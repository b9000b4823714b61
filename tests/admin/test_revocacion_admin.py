"""Revocar / suspender / reactivar a certificate from the solicitud page; the public page follows at once; audit."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest

from domain.auditoria import EventoAuditoria
from tests.admin.conftest import HTMX, Escenario, ingresar, verificar_por_formulario

pytestmark = pytest.mark.anyio


def _ruta(escenario: Escenario, accion: str = "") -> str:
    base = f"/admin/solicitudes/{escenario.solicitud.id}"
    return f"{base}/{accion}" if accion else base


async def _post(cliente: httpx.AsyncClient, ruta: str, token: str, htmx: bool = False, **datos: str) -> httpx.Response:
    return await cliente.post(ruta, data={"csrf_token": token, **datos}, headers=HTMX if htmx else {})


async def _emitir(cliente: httpx.AsyncClient, escenario: Escenario) -> str:
    """The revisora assigns and approves; returns the document id (the fake QR is «QR:<id>»)."""
    token = await ingresar(cliente, "revisora")
    assert (await _post(cliente, _ruta(escenario, "asignarme"), token)).status_code == 303
    await verificar_por_formulario(cliente, escenario.solicitud.id, token)
    assert (await _post(cliente, _ruta(escenario, "aprobar"), token)).status_code == 303
    with escenario.ctx.uow() as uow:
        s = uow.solicitudes.obtener(escenario.solicitud.id)
    assert s is not None and s.documento_id is not None
    await cliente.post("/admin/salir", data={"csrf_token": token})
    cliente.cookies.clear()
    return str(s.documento_id)


async def test_coordinador_revoca_y_la_pagina_publica_lo_muestra_de_inmediato(
    cliente: httpx.AsyncClient, escenario: Escenario
) -> None:
    documento_id = await _emitir(cliente, escenario)
    assert 'class="estado-vigente"' in (await cliente.get(f"/V/1/QR:{documento_id}")).text
    token = await ingresar(cliente, "coordinador")
    pagina = (await cliente.get(_ruta(escenario))).text
    assert "Estado del certificado" in pagina and "Revocar certificado" in pagina
    assert "Suspender certificado" in pagina and "Reactivar certificado" not in pagina
    r = await _post(cliente, _ruta(escenario, "revocar"), token, motivo="Soporte de residencia falso")
    assert r.status_code == 303 and r.headers["location"] == _ruta(escenario) + "?aviso=revocado"
    pagina = (await cliente.get(r.headers["location"])).text
    assert "Certificado revocado" in pagina and "Soporte de residencia falso" in pagina
    assert "Revocar certificado" not in pagina
    publica = (await cliente.get(f"/V/1/QR:{documento_id}")).text
    assert 'class="estado-revocado"' in publica and "Soporte de residencia falso" in publica
    auditoria = await cliente.get("/admin/auditoria")
    assert auditoria.status_code == 200
    # The document by its number, the official by name: no id, no login, no action code.
    filas = auditoria.text.split("<tbody>")[1].split("</tbody>")[0]
    assert "Revocó un documento" in filas and "Documento RES-2026-000001-C" in filas and documento_id not in filas
    assert "Coordinador Prueba" in filas and "documento.revocar" not in filas


async def test_suspender_y_reactivar_por_htmx(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    documento_id = await _emitir(cliente, escenario)
    token = await ingresar(cliente, "coordinador")
    r = await _post(cliente, _ruta(escenario, "suspender"), token, htmx=True, motivo="Verificación pendiente")
    assert r.status_code == 200 and "<html" not in r.text and "Certificado suspendido" in r.text
    assert "Reactivar certificado" in r.text
    assert 'class="estado-suspendido"' in (await cliente.get(f"/V/1/QR:{documento_id}")).text
    r = await _post(cliente, _ruta(escenario, "reactivar"), token, htmx=True, motivo="Verificado")
    assert r.status_code == 200 and "Certificado reactivado" in r.text
    assert 'class="estado-vigente"' in (await cliente.get(f"/V/1/QR:{documento_id}")).text


async def test_motivo_obligatorio_422(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    await _emitir(cliente, escenario)
    token = await ingresar(cliente, "coordinador")
    r = await _post(cliente, _ruta(escenario, "revocar"), token, motivo="   ")
    assert r.status_code == 422 and "El motivo es obligatorio." in r.text


async def test_revisor_403_y_sin_formularios(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    documento_id = await _emitir(cliente, escenario)
    token = await ingresar(cliente, "otra")
    pagina = (await cliente.get(_ruta(escenario))).text
    assert "Estado del certificado" in pagina and "Revocar certificado" not in pagina
    r = await _post(cliente, _ruta(escenario, "revocar"), token, motivo="No debería poder")
    assert r.status_code == 403 and "Solo un coordinador" in r.text
    assert 'class="estado-vigente"' in (await cliente.get(f"/V/1/QR:{documento_id}")).text
    assert (await cliente.get("/admin/auditoria")).status_code == 403


async def test_sin_csrf_403(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    documento_id = await _emitir(cliente, escenario)
    await ingresar(cliente, "coordinador")
    for accion in ("revocar", "suspender", "reactivar"):
        r = await cliente.post(_ruta(escenario, accion), data={"motivo": "x"})
        assert r.status_code == 403, accion
    assert 'class="estado-vigente"' in (await cliente.get(f"/V/1/QR:{documento_id}")).text


async def test_auditoria_requiere_sesion(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    r = await cliente.get("/admin/auditoria")
    assert r.status_code == 303 and r.headers["location"].endswith("/admin/ingresar")


async def test_auditoria_por_paginas_y_solo_de_la_entidad(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    uow = escenario.ctx.uow()
    inicio = escenario.ctx.reloj.ahora()
    for i in range(53):
        uow.auditoria.registrar(EventoAuditoria.nuevo(  # type: ignore[attr-defined]
            inicio + timedelta(minutes=i), "funcionario:coordinador", "documento.suspender", f"documento:{i}",
            "SDG-BOGOTA", f"detalle-{i:02d}"))
    uow.auditoria.registrar(EventoAuditoria.nuevo(  # type: ignore[attr-defined]
        inicio, "funcionario:ajena", "documento.revocar", "documento:x", "OTRA-ENTIDAD", "ajeno"))
    await ingresar(cliente, "coordinador")
    primera = (await cliente.get("/admin/auditoria")).text
    assert primera.count('class="fila-auditoria"') == 50 and "ajeno" not in primera
    assert primera.index("detalle-52") < primera.index("detalle-03")
    enlace = re.search(r'href="(/admin/auditoria\?despues=[^"]+)"', primera)
    assert enlace is not None
    segunda = await cliente.get(enlace.group(1).replace("&amp;", "&"), headers=HTMX)
    assert "<html" not in segunda.text and segunda.text.count('class="fila-auditoria"') == 3
    assert "detalle-02" in segunda.text and "detalle-00" in segunda.text and "Ver más" not in segunda.text
