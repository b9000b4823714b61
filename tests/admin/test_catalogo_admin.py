"""The catálogo viewer (issue 8 §4): every trámite as the engine loaded it, with its norms; login required."""

from __future__ import annotations

import httpx
import pytest

from admin.vistas_catalogo import leer_condicion
from tests.admin.conftest import Escenario, ingresar

pytestmark = pytest.mark.anyio


async def test_lista_y_detalle_del_traspaso(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    await ingresar(cliente)
    lista = await cliente.get("/admin/catalogo")
    assert lista.status_code == 200
    assert "Traspaso de propiedad de un vehículo automotor" in lista.text
    assert "Resolución 5721 de 2019 de Chía, trámite 21" in lista.text and "seed" not in lista.text.lower()
    detalle = await cliente.get("/admin/catalogo/CHIA-T21")
    texto = detalle.text
    assert detalle.status_code == 200
    assert "Contrato de compraventa" in texto and "Original." in texto
    assert "Expedido hace menos de 30 días hábiles." in texto  # the persona jurídica's certificate (SC-PRIV)
    assert "Si titular es extranjero" in texto
    assert "Vendedor persona jurídica y comprador persona natural: no hay retención en la fuente." in texto
    assert "Derechos del trámite — RUNT" in texto and "Ley 488 de 1998" in texto
    assert "A-20:" in texto  # the decision on the manual's anomaly is visible to officials


async def test_tramite_inexistente_y_sin_sesion(cliente: httpx.AsyncClient, escenario: Escenario) -> None:
    r = await cliente.get("/admin/catalogo")
    assert r.status_code == 303 and r.headers["location"].endswith("/admin/ingresar")
    await ingresar(cliente)
    r = await cliente.get("/admin/catalogo/NO-EXISTE")
    assert r.status_code == 404 and "El trámite «NO-EXISTE» no existe." in r.text


async def test_condiciones_se_leen_en_espanol() -> None:
    assert leer_condicion("'apoderado' in partes") == "actúa apoderado"
    assert leer_condicion("partes.titular.es_juridica and datos.naturaleza_entidad == 'publica'") == (
        "titular es persona jurídica y naturaleza entidad es 'publica'")
