"""Registering and updating personas: every field editable except tipo and número de identificación (seed 000)."""

from __future__ import annotations

import pytest

from domain.casos_uso import Contexto
from tests.api.conftest import REGISTRAR, Cliente, persona_input, registrar
from tests.fakes import FakeUnidadDeTrabajo

pytestmark = pytest.mark.anyio

ACTUALIZAR = """
mutation Actualizar($input: ActualizarPersonaInput!) {
  actualizarPersona(input: $input) {
    __typename
    ... on ActualizarPersonaOk { persona { id numeroIdentificacion nombres correo direccion telefono } }
    ... on Error { mensaje codigo }
    ... on ErrorValidacion { campo }
  }
}
"""


async def test_registrar_crea_y_luego_actualiza_por_identificacion(cliente: Cliente) -> None:
    r = (await cliente.gql(REGISTRAR, {"input": persona_input("1.020.304.050")}))["data"]["registrarPersona"]
    assert r["creada"] is True
    assert r["persona"]["tipoIdentificacion"] == "CC" and r["persona"]["numeroIdentificacion"] == "1020304050"
    otra = persona_input("1020304050", correo="ana@nuevo.example.org")
    r2 = (await cliente.gql(REGISTRAR, {"input": otra}))["data"]["registrarPersona"]
    assert r2["creada"] is False
    assert r2["persona"]["id"] == r["persona"]["id"] and r2["persona"]["correo"] == "ana@nuevo.example.org"


@pytest.mark.parametrize(
    ("cambios", "campo", "texto"),
    [
        ({"numeroIdentificacion": "12AB"}, "numeroIdentificacion", "no tiene el formato de una cédula"),
        ({"tipoIdentificacion": "NIT", "numeroIdentificacion": "900123456-0"}, "numeroIdentificacion", "NIT"),
        ({"correo": "no es un correo"}, "correo", "no es válido"),
        ({"nombres": "   "}, "nombres", "obligatorios"),
        ({"direccion": "x" * 301}, "direccion", "máximo 300 caracteres"),
    ],
)
async def test_registrar_con_datos_malos_no_guarda_nada(
    cliente: Cliente, ctx: Contexto, cambios: dict[str, str], campo: str, texto: str
) -> None:
    r = (await cliente.gql(REGISTRAR, {"input": persona_input(**cambios)}))["data"]["registrarPersona"]
    assert r["__typename"] == "ErrorValidacion"
    assert r["codigo"] == "DATO_INVALIDO" and r["campo"] == campo and texto in r["mensaje"], r
    uow: FakeUnidadDeTrabajo = ctx.uow  # type: ignore[assignment]
    assert uow.personas.filas == {}


async def test_actualizar_cambia_lo_editable(cliente: Cliente) -> None:
    pid = await registrar(cliente)
    r = await cliente.gql(ACTUALIZAR, {"input": {"id": pid, "correo": "ana@otro.example.org", "telefono": None}})
    persona = r["data"]["actualizarPersona"]["persona"]
    assert persona["correo"] == "ana@otro.example.org"
    assert persona["telefono"] is None  # null borra un campo opcional
    assert persona["direccion"] == "Calle 10 # 5-20"  # omitido: no cambia
    assert persona["numeroIdentificacion"] == "1020304050"


@pytest.mark.parametrize("campo", ["numeroIdentificacion", "tipoIdentificacion"])
async def test_la_identificacion_no_se_puede_cambiar_ni_siquiera_pedirlo(cliente: Cliente, campo: str) -> None:
    pid = await registrar(cliente)
    valor = "CE" if campo == "tipoIdentificacion" else "99999999"
    r = await cliente.gql(ACTUALIZAR, {"input": {"id": pid, campo: valor}})
    assert r["data"] is None
    assert f"unknown field '{campo}'" in r["errors"][0]["message"]
    leida = await cliente.gql("query($id: ID!) { persona(id: $id) { numeroIdentificacion tipoIdentificacion } }",
                              {"id": pid})
    assert leida["data"]["persona"] == {"numeroIdentificacion": "1020304050", "tipoIdentificacion": "CC"}


@pytest.mark.parametrize(
    ("entrada", "tipo", "codigo", "campo"),
    [
        ({"id": "basura", "nombres": "X"}, "ErrorValidacion", "ID_INVALIDO", "id"),
        ({"id": "U29saWNpdHVkOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA==", "nombres": "X"},
         "ErrorValidacion", "ID_INVALIDO", "id"),  # a Solicitud's ID where a Persona's is expected
        ({"id": "UGVyc29uYTowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA=", "nombres": "X"},
         "ErrorNoEncontrado", "NO_ENCONTRADO", None),
        ({"nombres": None}, "ErrorValidacion", "DATO_INVALIDO", "nombres"),
        ({}, "ErrorValidacion", "DATO_INVALIDO", None),
    ],
)
async def test_actualizar_errores_tipados(
    cliente: Cliente, entrada: dict[str, object], tipo: str, codigo: str, campo: str | None
) -> None:
    pid = await registrar(cliente)
    r = (await cliente.gql(ACTUALIZAR, {"input": {"id": pid, **entrada}}))["data"]["actualizarPersona"]
    assert r["__typename"] == tipo and r["codigo"] == codigo, r
    assert r.get("campo") == campo
    assert r["mensaje"]
