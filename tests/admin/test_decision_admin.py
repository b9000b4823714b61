"""The official's decision in the admin: verify each «Revisar» item before approval is offered, reject with the items
not verified, definitive rejection and annulment where the catalogue allows, and a history and audit log that show
people and documents, not internals."""

from __future__ import annotations

import dataclasses
import re

import httpx
import pytest

from domain.auditoria import EventoAuditoria
from domain.decisiones_permitidas import DecisionesPermitidas
from domain.motor.catalogo import CatalogoTramites
from tests.admin.conftest import HTMX, Escenario, ingresar, radicar, verificar_por_formulario

pytestmark = pytest.mark.anyio
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _ruta(escenario: Escenario, accion: str = "") -> str:
    base = f"/admin/solicitudes/{escenario.solicitud.id}"
    return f"{base}/{accion}" if accion else base


async def _post(cliente: httpx.AsyncClient, ruta: str, token: str, htmx: bool = False, **datos: str) -> httpx.Response:
    return await cliente.post(ruta, data={"csrf_token": token, **datos}, headers=HTMX if htmx else {})


def _acciones(html: str) -> str:
    return html.split('id="t-acciones"')[1].split("</aside>")[0]


def _historial(html: str) -> str:
    return html.split('id="t-historial"')[1].split("</section>")[0]


def _version(html: str) -> str:
    encontrado = re.search(r'name="version" value="(\d+)"', html)
    assert encontrado
    return encontrado.group(1)


async def test_aprobar_aparece_solo_con_todo_verificado(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    token = await ingresar(cliente)
    await _post(cliente, _ruta(escenario, "asignarme"), token)
    html = (await cliente.get(_ruta(escenario))).text
    assert "Aprobar y emitir certificado" not in _acciones(html)
    assert "Para aprobar, verifique los 3 puntos marcados «Revisar»" in _acciones(html)
    assert "3 puntos marcados «Revisar» esperan su verificación" in html
    assert len(re.findall(r'<form method="post" action="[^"]*/verificar"', html)) == 3  # only «Revisar» rows
    # A POST to approve anyway is refused with the reason.
    r = await _post(cliente, _ruta(escenario, "aprobar"), token, htmx=True)
    assert r.status_code == 409 and "faltan por verificar 3 puntos «Revisar»" in r.text
    await verificar_por_formulario(cliente, escenario.solicitud.id, token)
    html = (await cliente.get(_ruta(escenario))).text
    assert "Aprobar y emitir certificado" in _acciones(html) and "Para aprobar" not in html
    assert html.count("Verificado</strong>") == 3 and "por Revisora Prueba" in html


async def test_no_verificado_pide_observacion_y_prellena_el_rechazo(
    cliente: httpx.AsyncClient, escenario: Escenario
) -> None:
    token = await ingresar(cliente)
    await _post(cliente, _ruta(escenario, "asignarme"), token)
    html = (await cliente.get(_ruta(escenario))).text
    # Position 5 of the checklist: «the address of the property is visible» on the recibo (seed 000, paso 1).
    datos = {"indice": "5", "requisito": "recibo_servicio_publico", "regla": "visible_en_soporte",
             "version": _version(html), "resultado": "no_verificado"}
    r = await _post(cliente, _ruta(escenario, "verificar"), token, htmx=True, observacion=" ", **datos)
    assert r.status_code == 422 and "será el motivo de rechazo" in r.text
    r = await _post(cliente, _ruta(escenario, "verificar"), token, htmx=True,
                    observacion="La dirección del inmueble está tapada.", **datos)
    assert r.status_code == 200 and "Verificación registrada." in r.text
    assert "No verificado</strong>" in r.text and "La dirección del inmueble está tapada." in r.text
    assert "No se puede aprobar: hay 1 punto marcado «No verificado»" in _acciones(r.text)
    motivos = re.search(r'<textarea id="motivos" name="motivos"[^>]*>([^<]*)</textarea>', r.text)
    assert motivos and motivos.group(1) == "Recibo de servicio público: La dirección del inmueble está tapada."
    historial = _historial(r.text)
    assert "Punto de la lista no verificado</strong> <span class=\"tenue\">por Revisora Prueba</span>" in historial
    # The rejection goes out with that motivo.
    r = await _post(cliente, _ruta(escenario, "rechazar"), token, motivos=motivos.group(1))
    assert r.status_code == 303
    notificacion = escenario.ctx.uow.bandeja_salida.notificaciones[-1]  # type: ignore[attr-defined]
    assert "Recibo de servicio público: La dirección del inmueble está tapada." in notificacion.cuerpo


async def test_pagina_vieja_da_conflicto(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    token = await ingresar(cliente)
    await _post(cliente, _ruta(escenario, "asignarme"), token)
    version = _version((await cliente.get(_ruta(escenario))).text)
    comunes = {"requisito": "recibo_servicio_publico", "regla": "visible_en_soporte", "version": version,
               "resultado": "verificado"}
    assert (await _post(cliente, _ruta(escenario, "verificar"), token, indice="5", **comunes)).status_code == 303
    r = await _post(cliente, _ruta(escenario, "verificar"), token, htmx=True, indice="6", **comunes)
    assert r.status_code == 409 and "cambió mientras la revisaba" in r.text


async def test_verificar_sin_csrf_403(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    token = await ingresar(cliente)
    await _post(cliente, _ruta(escenario, "asignarme"), token)
    for accion in ("verificar", "rechazar-definitivamente", "anular"):
        r = await cliente.post(_ruta(escenario, accion), data={"indice": "1", "resultado": "verificado",
                                                              "motivos_definitivos": "x", "motivo_anulacion": "x"})
        assert r.status_code == 403, accion
    s = escenario.ctx.uow.solicitudes.obtener(escenario.solicitud.id)  # type: ignore[attr-defined]
    assert s.verificaciones == [] and s.estado.value == "en_estudio"


async def test_rechazo_definitivo_desde_el_formulario(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    token = await ingresar(cliente)
    await _post(cliente, _ruta(escenario, "asignarme"), token)
    html = (await cliente.get(_ruta(escenario))).text
    acciones = _acciones(html)
    assert "Rechazar definitivamente" in acciones and "Causales que admite la norma" in acciones
    assert "solo certifica la residencia en el Distrito Capital" in acciones and "Ley 1437 de 2011" in acciones
    motivo = "La dirección de residencia no está en Bogotá D.C."
    r = await _post(cliente, _ruta(escenario, "rechazar-definitivamente"), token, motivos_definitivos=motivo,
                    version=_version(html))
    assert r.status_code == 303 and r.headers["location"].endswith("?aviso=rechazada_definitivamente")
    pagina = (await cliente.get(r.headers["location"])).text
    assert "queda cerrada sin plazo para subsanar" in pagina and "Plazo para subsanar" not in pagina
    assert "Rechazada definitivamente</strong>" in _historial(pagina) and motivo in _historial(pagina)
    assert "Rechazar" not in _acciones(pagina) and "Anular" not in _acciones(pagina)


async def test_anulacion_por_el_coordinador(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    token = await ingresar(cliente, "otra")  # a revisora to whom it is not assigned sees no annulment
    assert "Anular solicitud" not in _acciones((await cliente.get(_ruta(escenario))).text)
    r = await _post(cliente, _ruta(escenario, "anular"), token, motivo_anulacion="Duplicada")
    assert r.status_code == 403 and "Solo el funcionario asignado o un coordinador" in r.text
    await cliente.post("/admin/salir", data={"csrf_token": token})
    token = await ingresar(cliente, "coordinador")
    html = (await cliente.get(_ruta(escenario))).text
    assert "Anular solicitud" in _acciones(html) and "desistió expresamente" in _acciones(html)
    r = await _post(cliente, _ruta(escenario, "anular"), token, htmx=True, motivo_anulacion="  ")
    assert r.status_code == 422 and "al menos un motivo de anulación" in r.text
    r = await _post(cliente, _ruta(escenario, "anular"), token, htmx=True,
                    motivo_anulacion="El ciudadano desistió expresamente de la solicitud.")
    assert r.status_code == 200 and "Solicitud anulada." in r.text and "Anulada</span>" in r.text
    assert "Anulada</strong> <span class=\"tenue\">por Coordinador Prueba</span>" in _historial(r.text)


async def test_sin_permiso_del_catalogo_no_hay_formularios(
    cliente: httpx.AsyncClient, escenario: Escenario
) -> None:
    tramites = [dataclasses.replace(t, decisiones_permitidas=DecisionesPermitidas())
                for t in CatalogoTramites.predeterminado().todos()]
    object.__setattr__(escenario.ctx, "tramites", CatalogoTramites(tramites))
    token = await ingresar(cliente, "coordinador")
    await _post(cliente, _ruta(escenario, "asignarme"), token)
    acciones = _acciones((await cliente.get(_ruta(escenario))).text)
    assert "Rechazar con estos motivos" in acciones
    assert "Rechazar definitivamente" not in acciones and "Anular solicitud" not in acciones
    r = await _post(cliente, _ruta(escenario, "rechazar-definitivamente"), token, motivos_definitivos="x")
    assert r.status_code == 409 and "no admite el rechazo definitivo" in r.text
    r = await _post(cliente, _ruta(escenario, "anular"), token, motivo_anulacion="x")
    assert r.status_code == 409 and "no admite la anulación" in r.text


async def test_historial_con_nombres_numeros_y_sin_codigos(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    token = await ingresar(cliente)
    await _post(cliente, _ruta(escenario, "asignarme"), token)
    await verificar_por_formulario(cliente, escenario.solicitud.id, token)
    r = await _post(cliente, _ruta(escenario, "aprobar"), token)
    historial = _historial((await cliente.get(r.headers["location"])).text)
    assert "Certificado emitido</strong>" in historial and "Certificado RES-2026-000001-C" in historial
    assert "por Revisora Prueba" in historial and "revisora (funcionario)" not in historial
    assert "Punto de la lista verificado</strong>" in historial
    assert "Documento de identidad del titular: Confirme que los datos registrados" in historial
    assert not UUID.search(historial), historial
    assert "hallazgo_" not in historial and "certificado_emitido" not in historial


async def test_subsanacion_nombra_requisitos_no_codigos(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    from domain.casos_uso.solicitudes import subsanar_solicitud
    from domain.comandos import SubsanarSolicitud
    from tests.admin.conftest import HOY
    from tests.builders import soportes

    token = await ingresar(cliente)
    await _post(cliente, _ruta(escenario, "asignarme"), token)
    await _post(cliente, _ruta(escenario, "rechazar"), token, motivos="Recibo ilegible.")
    recibo = [x for x in soportes(HOY, recibo_dias=2) if x.requisito == "recibo_servicio_publico"]
    subsanar_solicitud(SubsanarSolicitud(escenario.solicitud.id, recibo), escenario.ctx)
    html = (await cliente.get(_ruta(escenario))).text
    historial = _historial(html)
    assert "Subsanada</strong>" in historial and "Recibo de servicio público" in historial
    assert "recibo_servicio_publico" not in historial
    assert "Verificado</strong>" not in html  # the correction cleared the verifications
    assert "Para aprobar, verifique los 3 puntos" in _acciones(html)


async def test_auditoria_con_etiquetas_nombres_y_numeros(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    token = await ingresar(cliente)
    await _post(cliente, _ruta(escenario, "asignarme"), token)
    await verificar_por_formulario(cliente, escenario.solicitud.id, token)
    await _post(cliente, _ruta(escenario, "aprobar"), token)
    s = escenario.ctx.uow.solicitudes.obtener(escenario.solicitud.id)  # type: ignore[attr-defined]
    ctx = escenario.ctx
    with ctx.uow() as uow:  # a certification of signature, as casos_uso.firmas writes it
        uow.auditoria.registrar(EventoAuditoria.nuevo(ctx.reloj.ahora(), "funcionario:coordinador",
                                                      "certificacion_firma.emitir", f"documento:{s.documento_id}",
                                                      "SDG-BOGOTA", "CF-2026-000001"))
        uow.commit()
    await cliente.post("/admin/salir", data={"csrf_token": token})
    await ingresar(cliente, "coordinador")
    pagina = (await cliente.get("/admin/auditoria")).text
    filas = pagina.split("<tbody>")[1].split("</tbody>")[0]
    assert "Emitió una certificación de firma con fines de apostilla" in filas
    assert "Verificó un punto de la lista de verificación" in filas
    assert "Revisora Prueba" in filas and "Coordinador Prueba" in filas
    assert "Solicitud RES-2026-000001" in filas and "Documento RES-2026-000001-C" in filas
    assert "certificacion_firma.emitir" not in filas and "solicitud.verificar_hallazgo" not in filas
    assert "funcionario:" not in filas and not UUID.search(filas), filas


async def test_htmx_verificar_devuelve_el_panel(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    s = radicar(escenario.ctx, "79111222")
    token = await ingresar(cliente)
    await cliente.post(f"/admin/solicitudes/{s.id}/asignarme", data={"csrf_token": token})
    html = (await cliente.get(f"/admin/solicitudes/{s.id}")).text
    r = await cliente.post(f"/admin/solicitudes/{s.id}/verificar", headers=HTMX, data={
        "csrf_token": token, "indice": "1", "resultado": "verificado", "version": _version(html)})
    assert r.status_code == 200 and r.text.lstrip().startswith('<div id="solicitud"') and "<html" not in r.text
