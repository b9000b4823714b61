"""Authentication, the public verification, limits, masking and the production switches."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from strawberry.extensions.validation_cache import _get_validate_cache

from api.limites import TAMANO_CACHE
from domain.casos_uso import Contexto
from tests.api.conftest import CREDENCIAL, URL, Cliente, radicar, registrar

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("credencial", [None, "vnt_credencial-inventada", "x" * 600])
async def test_sin_credencial_valida_error_no_autenticado(cliente: Cliente, credencial: str | None) -> None:
    r = await cliente.gql("{ solicitudes { ... on SolicitudConnection { edges { cursor } } } }", credencial=credencial)
    assert r["data"] is None
    [error] = r["errors"]
    assert error["extensions"] == {"code": "NO_AUTENTICADO"}
    assert "Authorization: Bearer" in error["message"] and "Traceback" not in json.dumps(r)


async def test_sin_credencial_responde_401_con_el_mismo_cuerpo(cliente: Cliente) -> None:
    """GraphQL over HTTP: a request refused for want of a credential is a 401 with a Bearer challenge; the body is
    the usual JSON error. A partner's own errors stay errors as data, with 200."""
    consulta = {"query": "{ solicitudes { ... on SolicitudConnection { edges { cursor } } } }"}
    sin = await cliente.http.post(URL, json=consulta)
    assert sin.status_code == 401 and sin.headers["www-authenticate"] == 'Bearer realm="ventanilla"'
    assert sin.headers["content-type"].startswith("application/json")
    assert sin.json()["data"] is None and sin.json()["errors"][0]["extensions"] == {"code": "NO_AUTENTICADO"}
    revocada = await cliente.http.post(URL, json=consulta, headers={"Authorization": "Bearer vnt_revocada"})
    assert revocada.status_code == 401 and revocada.json() == sin.json()
    # Authenticated: a domain error (a misplaced thousands dot) is data, with HTTP 200 and no challenge.
    mutacion = ('mutation { registrarPersona(input: {tipoIdentificacion: CC, numeroIdentificacion: "12.34.56", '
                'nombres: "A", apellidos: "B"}) { __typename ... on Error { codigo } } }')
    con = await cliente.http.post(URL, json={"query": mutacion}, headers={"Authorization": f"Bearer {CREDENCIAL}"})
    assert con.status_code == 200 and "www-authenticate" not in con.headers
    assert con.json() == {"data": {"registrarPersona": {"__typename": "ErrorValidacion", "codigo": "DATO_INVALIDO"}}}
    # Nothing to authenticate (no protected field asked for): still 200.
    publica = await cliente.http.post(URL, json={"query": "{ __typename }"})
    assert publica.status_code == 200 and "www-authenticate" not in publica.headers


async def test_esquema_de_autorizacion_distinto_de_bearer(cliente: Cliente) -> None:
    r = await cliente.http.post(URL, json={"query": "{ node(id: \"x\") { id } }"},
                                headers={"Authorization": "Basic dnRuOng="})
    assert r.json()["errors"][0]["extensions"]["code"] == "NO_AUTENTICADO"


async def test_mutacion_sin_credencial_no_escribe(cliente: Cliente, ctx: Contexto) -> None:
    r = await cliente.gql("mutation { registrarPersona(input: {tipoIdentificacion: CC, numeroIdentificacion: "
                          "\"1020304050\", nombres: \"A\", apellidos: \"B\"}) { __typename } }", credencial=None)
    assert r["errors"][0]["extensions"]["code"] == "NO_AUTENTICADO"
    assert ctx.uow.personas.filas == {}  # type: ignore[attr-defined]


VERIFICAR = (
    "query($qr: String!) { verificarCertificado(qr: $qr) { estado mensaje numero titular emisor vigenteHasta } }"
)


async def test_verificar_certificado_es_publica(cliente: Cliente, ctx: Contexto) -> None:
    from domain.casos_uso.decisiones import aprobar, asignar
    from domain.comandos import Asignar, Decidir
    from tests.api.test_solicitudes import _id_de
    from tests.builders import funcionario, verificar_todo

    s = (await radicar(cliente, await registrar(cliente)))["solicitud"]
    revisora = funcionario(ctx)
    asignar(Asignar(_id_de(s["id"]), revisora.id), ctx)
    verificar_todo(ctx, _id_de(s["id"]), revisora.id)
    documento_id = aprobar(Decidir(_id_de(s["id"]), revisora.id), ctx).documento_id

    valido = (await cliente.gql(VERIFICAR, {"qr": f"QR:{documento_id}"}, credencial=None))["data"]
    assert valido["verificarCertificado"] == {
        "estado": "VIGENTE", "mensaje": "Documento auténtico y vigente.", "numero": "RES-2026-000001-C",
        "titular": "X", "emisor": "SDG-BOGOTA", "vigenteHasta": "2026-06-15"}
    falso = (await cliente.gql(VERIFICAR, {"qr": "VNT1:FALSIFICADO"}, credencial=None))["data"]
    assert falso["verificarCertificado"]["estado"] == "INVALIDO"
    assert "no es auténtico" in falso["verificarCertificado"]["mensaje"]
    larguisimo = (await cliente.gql(VERIFICAR, {"qr": "A" * 5000}, credencial=None))["data"]
    assert larguisimo["verificarCertificado"]["estado"] == "INVALIDO"


async def test_cuerpo_mayor_al_limite_da_413(nuevo_cliente: Callable[..., Any]) -> None:
    cliente: Cliente = await nuevo_cliente(max_cuerpo_bytes=2000)
    r = await cliente.http.post(URL, json={"query": "{ __typename }", "relleno": "x" * 3000})
    assert r.status_code == 413
    [error] = r.json()["errors"]
    assert error["extensions"]["code"] == "CUERPO_DEMASIADO_GRANDE" and "tamaño máximo" in error["message"]

    async def por_partes() -> AsyncIterator[bytes]:  # chunked: no Content-Length, counted while streaming
        for _ in range(10):
            yield b"x" * 500

    r = await cliente.http.post(URL, content=por_partes(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and "Content-Length" not in r.request.headers
    ok = await cliente.http.post(URL, json={"query": "{ __typename }"})
    assert ok.status_code == 200 and ok.json() == {"data": {"__typename": "Query"}}


def _anidada(niveles: int) -> str:
    cuerpo = "radicado"
    for _ in range(niveles):
        cuerpo = f"certificado {{ solicitud {{ {cuerpo} }} }}"
    return f'{{ solicitud(id: "x") {{ {cuerpo} }} }}'


async def test_limite_de_profundidad(cliente: Cliente) -> None:
    assert "errors" not in await cliente.gql(_anidada(4))  # depth 10: allowed
    r = await cliente.gql(_anidada(5))
    assert r["data"] is None and "exceeds maximum operation depth of 10" in r["errors"][0]["message"]


async def test_limite_de_alias_y_de_tokens(cliente: Cliente) -> None:
    alias = " ".join(f"a{i}: __typename" for i in range(16))
    assert "16 aliases found" in (await cliente.gql(f"{{ {alias} }}"))["errors"][0]["message"]
    enorme = "{ " + " ".join("__typename" for _ in range(2100)) + " }"
    assert "more than 2000 tokens" in (await cliente.gql(enorme))["errors"][0]["message"]


async def test_error_inesperado_se_enmascara_en_espanol(
    cliente: Cliente, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def falla(*args: object) -> None:
        raise RuntimeError("secreto: conexión a postgres://usuario:clave@db")

    monkeypatch.setattr("domain.casos_uso.personas.registrar_persona_con_detalle", falla)
    r = await cliente.gql("mutation { registrarPersona(input: {tipoIdentificacion: CC, numeroIdentificacion: "
                          "\"1020304050\", nombres: \"A\", apellidos: \"B\"}) { __typename } }")
    [error] = r["errors"]
    assert error["extensions"] == {"code": "ERROR_INTERNO"} and "error inesperado" in error["message"]
    assert "secreto" not in json.dumps(r)
    assert "secreto" in caplog.text  # logged for us, hidden from the partner


async def test_la_cache_de_validacion_sigue_activa(cliente: Cliente) -> None:
    """The depth/alias rules are built once: a repeated document must hit strawberry's validation cache."""
    cache: Any = _get_validate_cache(TAMANO_CACHE)
    consulta = "query CacheDeValidacion { solicitudes(first: 1) { ... on SolicitudConnection { edges { cursor } } } }"
    await cliente.gql(consulta)
    antes = cache.cache_info()
    await cliente.gql(consulta)
    despues = cache.cache_info()
    assert despues.hits == antes.hits + 1 and despues.misses == antes.misses


INTROSPECCION = "{ __schema { queryType { name } } }"


async def test_desarrollo_con_introspeccion_graphiql_y_sugerencias(cliente: Cliente) -> None:
    assert (await cliente.gql(INTROSPECCION))["data"] == {"__schema": {"queryType": {"name": "Query"}}}
    assert "Did you mean" in (await cliente.gql("{ solicitude { edges { cursor } } }"))["errors"][0]["message"]
    ide = await cliente.http.get(URL, headers={"Accept": "text/html"})
    assert ide.status_code == 200 and "graphiql" in ide.text.lower()


async def test_produccion_sin_introspeccion_graphiql_ni_sugerencias(nuevo_cliente: Callable[..., Any]) -> None:
    cliente: Cliente = await nuevo_cliente(produccion=True)
    r = await cliente.gql(INTROSPECCION)
    assert r["data"] is None and "introspection has been disabled" in r["errors"][0]["message"]
    sugerencia = await cliente.gql("{ solicitude { edges { cursor } } }")
    assert "Did you mean" not in sugerencia["errors"][0]["message"]
    ide = await cliente.http.get(URL, headers={"Accept": "text/html"})
    assert ide.status_code != 200 or "graphiql" not in ide.text.lower()
    assert (await cliente.gql("{ __typename }"))["data"] == {"__typename": "Query"}


async def test_get_no_ejecuta_consultas(cliente: Cliente) -> None:
    r = await cliente.http.get(URL, params={"query": "{ __typename }"})
    assert r.status_code != 200 or "data" not in r.text
