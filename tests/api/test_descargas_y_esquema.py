"""The certificate download route's refusals, and the committed schema.graphql."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from graphql import GraphQLInterfaceType, GraphQLUnionType, build_schema

from api.esquema import construir_esquema
from api.exportar_esquema import RUTA, RUTA_TIPOS_POSIBLES, texto_esquema, texto_tipos_posibles
from tests.api.conftest import CREDENCIAL, Cliente, radicar, registrar

pytestmark = pytest.mark.anyio
BEARER = {"Authorization": f"Bearer {CREDENCIAL}"}


async def test_descarga_sin_credencial_id_malo_o_sin_certificado(cliente: Cliente) -> None:
    s = (await radicar(cliente, await registrar(cliente)))["solicitud"]
    from urllib.parse import quote

    url = f"/graphql/certificados/{quote(s['id'], safe='')}.pdf"
    sin = await cliente.http.get(url)
    assert sin.status_code == 401 and sin.headers["www-authenticate"].startswith("Bearer")
    assert sin.json()["errors"][0]["extensions"]["code"] == "NO_AUTENTICADO"
    aun_no = await cliente.http.get(url, headers=BEARER)
    assert aun_no.status_code == 409 and "aún no tiene certificado" in aun_no.json()["errors"][0]["message"]
    malo = await cliente.http.get("/graphql/certificados/basura.pdf", headers=BEARER)
    assert malo.status_code == 400 and malo.json()["errors"][0]["extensions"]["code"] == "ID_INVALIDO"
    inexistente = "U29saWNpdHVkOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA%3D%3D"
    assert (await cliente.http.get(f"/graphql/certificados/{inexistente}.pdf", headers=BEARER)).status_code == 404


def test_schema_graphql_no_se_desvia_del_codigo() -> None:
    assert Path(__file__).resolve().parents[2] / "schema.graphql" == RUTA
    assert RUTA.exists() and RUTA.read_text(encoding="utf-8") == texto_esquema(), (
        "schema.graphql está desactualizado: regenérelo con `python -m api.exportar_esquema` y revise el diff."
    )


def test_possible_types_de_apollo_al_dia_y_fieles_al_sdl() -> None:
    """docs/possibleTypes.json (Apollo's ``possibleTypes``, docs/api.md) is what `make schema` writes now, and it
    agrees with the committed SDL read independently: every interface and union, with all its object types."""
    assert RUTA_TIPOS_POSIBLES.read_text(encoding="utf-8") == texto_tipos_posibles(), (
        "docs/possibleTypes.json está desactualizado: ejecute `make schema`."
    )
    sdl = build_schema(RUTA.read_text(encoding="utf-8"))
    abstractos = {n: t for n, t in sdl.type_map.items() if isinstance(t, GraphQLInterfaceType | GraphQLUnionType)
                  and not n.startswith("__")}
    esperado = {n: sorted(o.name for o in sdl.get_possible_types(t)) for n, t in abstractos.items()}
    assert json.loads(RUTA_TIPOS_POSIBLES.read_text(encoding="utf-8")) == esperado
    assert {"ErrorValidacion", "ErrorNoAutorizado", "ErrorNoEncontrado"} <= set(esperado["Error"])
    assert esperado["SolicitudesResultado"] == ["ErrorNoAutorizado", "ErrorValidacion", "SolicitudConnection"]


def test_el_esquema_de_produccion_publica_el_mismo_contrato() -> None:
    assert str(construir_esquema(produccion=True)) == str(construir_esquema())
