"""The catálogo over GraphQL (issue 8 §4): a partner portal builds its forms from it; public, no credential."""

from __future__ import annotations

import pytest

from tests.api.conftest import Cliente

pytestmark = pytest.mark.anyio

TRAMITE = """query($codigo: String!) { tramite(codigo: $codigo) {
  codigo numero nombre plazoDiasHabiles sujeto clasesVehiculo formulario entidad { codigo nombre norma }
  partes { rol etiqueta obligatoria aplicaSi }
  datos { nombre etiqueta tipo obligatorio opciones { valor etiqueta } aplicaSi }
  requisitos { codigo nombre original aplicaSi antiguedadMaxima antiguedadEstricta alEntregar fuente }
  tarifas { concepto beneficiario valor } efectos { efecto } fundamento decisiones } }"""


async def test_el_traspaso_describe_todo_lo_que_un_portal_necesita(cliente: Cliente) -> None:
    t = (await cliente.gql(TRAMITE, {"codigo": "CHIA-T21"}, credencial=None))["data"]["tramite"]
    assert (t["numero"], t["plazoDiasHabiles"], t["sujeto"]) == (21, 3, "vehiculo")
    assert t["entidad"] == {"codigo": "MOVILIDAD-CHIA", "nombre": "Secretaría de Movilidad de Chía",
                            "norma": "Resolución 5721 de 2019 de Chía"}
    assert {p["rol"] for p in t["partes"]} >= {"titular", "vendedor", "comprador", "apoderado"}
    apoderado = next(p for p in t["partes"] if p["rol"] == "apoderado")
    assert apoderado["obligatoria"] is False
    naturaleza = next(d for d in t["datos"] if d["nombre"] == "naturaleza_entidad")
    assert [o["valor"] for o in naturaleza["opciones"]] == ["publica", "privada"]
    assert naturaleza["aplicaSi"] == "partes.titular.es_juridica"
    certificado = next(r for r in t["requisitos"] if r["codigo"] == "certificado_existencia")
    assert (certificado["antiguedadMaxima"], certificado["antiguedadEstricta"], certificado["original"]) == (
        "30 días hábiles", True, True)
    retencion = next(r for r in t["requisitos"] if r["codigo"] == "recibo_retencion")
    assert retencion["aplicaSi"] == "tablas.retencion.aplica"
    assert [x["beneficiario"] for x in t["tarifas"]][-1] == "Registro Único Nacional de Tránsito (RUNT)"
    assert all(x["valor"] is None for x in t["tarifas"])  # the manual fixes no amounts
    assert [e["efecto"] for e in t["efectos"]] == ["traspasar"]
    assert "Ley 769 de 2002" in t["fundamento"] and any(d.startswith("A-20") for d in t["decisiones"])


async def test_lista_por_entidad_y_codigo_desconocido(cliente: Cliente) -> None:
    r = await cliente.gql('{ tramites(entidad: "MOVILIDAD-CHIA") { codigo numero } }', credencial=None)
    numeros = [t["numero"] for t in r["data"]["tramites"]]
    assert numeros == list(range(1, 43))  # Resolución 5721 de 2019: the 42 trámites, in the manual's order
    r = await cliente.gql('{ tramites(entidad: "NO-EXISTE") { codigo } tramite(codigo: "X") { codigo } }',
                          credencial=None)
    assert r == {"data": {"tramites": [], "tramite": None}}
