"""The request guard (api/peticion.py): malformed envelopes are a 400 with a Spanish message in the API's error
shape, never a 500 from Strawberry's parsing (issue 7 §4), and every /graphql answer carries the security headers.
The exact bodies of the issue are here."""

from __future__ import annotations

import json
from typing import Any

import httpx
import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, given, settings

from app.web import CSP_API
from domain.casos_uso import Contexto
from tests.api.conftest import CREDENCIAL, RADICAR, URL, Cliente, cliente_sincrono, soportes_validos

pytestmark = pytest.mark.anyio
AUTORIZACION = {"Authorization": f"Bearer {CREDENCIAL}"}


def _rechazo(r: httpx.Response, texto: str, estado: int = 400, codigo: str = "PETICION_INVALIDA") -> None:
    assert r.status_code == estado, r.text
    [error] = r.json()["errors"]
    assert error["extensions"] == {"code": codigo} and texto in error["message"], error
    assert "Traceback" not in r.text
    _con_encabezados(r)


def _con_encabezados(r: httpx.Response) -> None:
    h = r.headers
    assert h["X-Content-Type-Options"] == "nosniff" and h["X-Frame-Options"] == "DENY", h
    assert h["Content-Security-Policy"] == CSP_API and h["Referrer-Policy"] == "no-referrer", h
    assert h["Cache-Control"] == "no-store", h


# -- JSON bodies ---------------------------------------------------------------------------------------------------
PROFUNDO = ('{"query": "query($v: String) { __typename }", "variables": {"v": '
            + "[" * 50_000 + "]" * 50_000 + "}}").encode()


@pytest.mark.parametrize(("cuerpo", "texto"), [
    (b"null", "debe ser un objeto JSON"),
    (b'"{ __typename }"', "debe ser un objeto JSON"),
    (b"42", "debe ser un objeto JSON"),
    (b"true", "debe ser un objeto JSON"),
    (b'[{"query": "{ __typename }"}]', "no se admiten lotes"),
    ('{"query": "{ __typename }", "x": "ñandú"}'.encode("latin-1"), "no está codificado en UTF-8"),
    (b"\xff\xfe{\x00}\x00", "no está codificado en UTF-8"),
    (PROFUNDO, "demasiados niveles anidados (máximo 64)"),
    (('{"query": "{ __typename }", "variables": {"v": ' + "[" * 65 + "]" * 65 + "}}").encode(),
     "demasiados niveles anidados"),
    (b'{"query": "{ __typename }", "variables": {"v": NaN}}', "no es JSON válido"),
    (b'{"query": "{ __typename }", "variables": {"v": "\\ud800"}}', "no es Unicode válido"),
    (b'{"query": "{ __typename', "no es JSON válido"),
    (b"{}", "no trae «query»"),
    (b'{"query": 5}', "no trae «query»"),
    (b'{"query": "{ __typename }", "variables": []}', "«variables» debe ser un objeto JSON"),
    (b'{"query": "{ __typename }", "operationName": 5}', "«operationName» debe ser texto"),
    (b'{"query": "{ __typename }", "extensions": "x"}', "«extensions» debe ser un objeto JSON"),
    (b'{"query": "query A { __typename } query B { __typename }"}', "varias operaciones"),
    (b'{"query": "query A { __typename }", "operationName": "B"}', "no tiene una operación llamada «B»"),
])
async def test_cuerpos_json_malformados_dan_400(cliente: Cliente, cuerpo: bytes, texto: str) -> None:
    r = await cliente.http.post(URL, content=cuerpo, headers={**AUTORIZACION, "Content-Type": "application/json"})
    _rechazo(r, texto)


async def test_dos_operaciones_con_nombre_ejecutan_la_elegida(cliente: Cliente) -> None:
    r = await cliente.http.post(URL, headers=AUTORIZACION, json={
        "query": "query A { a: __typename } query B { b: __typename }", "operationName": "B"})
    assert r.status_code == 200 and r.json() == {"data": {"b": "Query"}}
    _con_encabezados(r)


async def test_metodo_y_tipo_de_contenido(cliente: Cliente) -> None:
    _rechazo(await cliente.http.put(URL, json={"query": "{ __typename }"}), "solo recibe peticiones POST", 405,
             "METODO_NO_PERMITIDO")
    r = await cliente.http.get(URL, params={"query": "{ __typename }"}, headers={"Accept": "application/json"})
    _rechazo(r, "solo recibe peticiones POST", 405, "METODO_NO_PERMITIDO")
    assert r.headers["Allow"] == "POST"
    for tipo in ("text/plain", "", ";", "application/jsonx"):
        r = await cliente.http.post(URL, content=b'{"query": "{ __typename }"}', headers={"Content-Type": tipo})
        _rechazo(r, "application/json", 415, "TIPO_NO_ADMITIDO")
    r = await cliente.http.post(URL, content=b'{"query": "{ __typename }"}',
                                headers={"Content-Type": "Application/JSON; charset=utf-8"})
    assert r.status_code == 200 and r.json() == {"data": {"__typename": "Query"}}


# -- multipart -------------------------------------------------------------------------------------------------
def _operacion() -> dict[str, Any]:
    soportes, _ = soportes_validos()
    return {"query": RADICAR, "variables": {"input": {"tramite": "SDG-CERT-RESIDENCIA", "titularId": "x",
                                                      "soportes": soportes}}}


_ARCHIVO = {"0": ("cedula.pdf", b"%PDF-1.4 x", "application/pdf")}
_RUTA = "variables.input.soportes.0.archivo"


@pytest.mark.parametrize(("partes", "texto"), [
    ({"operations": json.dumps([_operacion()]), "map": json.dumps({"0": [f"0.{_RUTA}"]})}, "no se admiten lotes"),
    ({"operations": json.dumps("x"), "map": json.dumps({"0": [_RUTA]})}, "debe ser un objeto JSON"),
    ({"operations": "null", "map": json.dumps({"0": [_RUTA]})}, "debe ser un objeto JSON"),
    ({"operations": json.dumps(_operacion()), "map": json.dumps([[_RUTA]])}, "La parte «map» debe ser un objeto"),
    ({"operations": json.dumps(_operacion()), "map": json.dumps({"0": [_RUTA], "1": ["variables.input.x"]})},
     "menciona la parte «1», pero la petición no trae ese archivo"),
    ({"operations": json.dumps(_operacion()), "map": json.dumps({"0": ["variables.input.soportes.5.archivo"]})},
     "no existe en «variables»"),
    ({"operations": json.dumps(_operacion()), "map": json.dumps({"0": ["variables.input.tramite.0"]})},
     "no señala una variable nula"),
    ({"operations": json.dumps(_operacion()), "map": json.dumps({"0": ["variables.input.tramite"]})},
     "no señala una variable nula"),
    ({"operations": json.dumps(_operacion()), "map": json.dumps({"0": ["variables"]})}, "no señala una variable nula"),
    ({"operations": json.dumps(_operacion()), "map": json.dumps({"0": [_RUTA, _RUTA]})}, "no señala una variable nula"),
    ({"operations": json.dumps(_operacion()), "map": json.dumps({"0": "variables.input"})}, "debe ser un objeto JSON"),
    ({"operations": json.dumps(_operacion())}, "Falta la parte «map»"),
    ({"map": json.dumps({"0": [_RUTA]})}, "Falta la parte «operations»"),
    ({"operations": json.dumps(_operacion()), "map": "{"}, "La parte «map» no es JSON válido"),
])
async def test_multipart_malformado_da_400(cliente: Cliente, partes: dict[str, str], texto: str) -> None:
    r = await cliente.http.post(URL, data=partes, files=_ARCHIVO, headers=AUTORIZACION)
    _rechazo(r, texto)


async def test_multipart_con_archivo_sin_ruta_o_partes_que_no_son_archivos(cliente: Cliente) -> None:
    operaciones = json.dumps(_operacion())
    r = await cliente.http.post(URL, data={"operations": operaciones, "map": json.dumps({"0": [_RUTA]})},
                                files={**_ARCHIVO, "1": ("otro.pdf", b"%PDF-1.4 y", "application/pdf")},
                                headers=AUTORIZACION)
    _rechazo(r, "El archivo de la parte «1» no figura en «map»")
    r = await cliente.http.post(URL, data={"operations": operaciones, "map": json.dumps({"0": [_RUTA]})},
                                files={"0": (None, b"x")}, headers=AUTORIZACION)  # a plain field named "0"
    _rechazo(r, "no trae ese archivo")


# -- any envelope at all: 200 or 400, never a 5xx --------------------------------------------------------------
_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
                     lambda hijos: st.lists(hijos, max_size=3) | st.dictionaries(st.text(max_size=8), hijos,
                                                                                 max_size=3), max_leaves=12)
_SOBRES = st.one_of(
    st.binary(max_size=60),
    _JSON.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries({"query": st.sampled_from(["{ __typename }", "query A { __typename }", "{", ""])},
                          optional={"variables": _JSON, "operationName": _JSON, "extensions": _JSON}).map(
        lambda v: json.dumps(v).encode()),
)


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(cuerpo=_SOBRES)
def test_ningun_sobre_da_5xx(ctx: Contexto, cuerpo: bytes) -> None:
    """Hypothesis over raw bodies (and JSON envelopes) with the fake unit of work, shared by the examples (nothing
    here writes): only 200 or a JSON 400."""
    with cliente_sincrono(ctx) as http:
        r = http.post(content=cuerpo, headers={"Content-Type": "application/json"})
    assert r.status_code in (200, 400), (cuerpo, r.status_code, r.text)
    if r.status_code == 400:
        assert r.json()["errors"][0]["extensions"]["code"] == "PETICION_INVALIDA"
    _con_encabezados(r)


# -- headers on every kind of answer ---------------------------------------------------------------------------
async def test_encabezados_de_seguridad_en_toda_respuesta(cliente: Cliente, nuevo_cliente: Any) -> None:
    _con_encabezados(await cliente.http.post(URL, json={"query": "{ __typename }"}))  # 200
    _con_encabezados(await cliente.http.post(URL, json={"query": "{ nada }"}))  # GraphQL error, still 200
    pequeno: Cliente = await nuevo_cliente(max_cuerpo_bytes=100)
    r = await pequeno.http.post(URL, json={"query": "{ __typename }", "x": "y" * 200})
    assert r.status_code == 413
    _con_encabezados(r)
    r = await cliente.http.get("/graphql/certificados/x.pdf")
    assert r.status_code == 401
    _con_encabezados(r)


async def test_graphiql_en_desarrollo_con_su_propia_politica(cliente: Cliente, nuevo_cliente: Any) -> None:
    ide = await cliente.http.get(URL, headers={"Accept": "text/html"})
    assert ide.status_code == 200 and "graphiql" in ide.text.lower()
    csp = ide.headers["Content-Security-Policy"]
    assert "script-src https://unpkg.com 'sha256-" in csp and "'unsafe-inline'" not in csp.split("style-src")[0]
    assert "frame-ancestors 'none'" in csp and "connect-src 'self'" in csp and ide.headers["X-Frame-Options"] == "DENY"
    produccion: Cliente = await nuevo_cliente(produccion=True)
    r = await produccion.http.get(URL, headers={"Accept": "text/html"})
    _rechazo(r, "No existe esa dirección", 404, "NO_ENCONTRADO")
