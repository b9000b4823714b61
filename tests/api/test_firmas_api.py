"""certificacionFirma / firmasRegistradas / firmaRegistrada: registro de firmas and the e-Register over the API
(seed 002 §6-7): scope «apostilla», errors as data, lookups audited and rate-limited per partner, no specimen."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, date, timedelta
from typing import Any

import httpx
import pytest

from domain.casos_uso import Contexto
from domain.casos_uso.firmas import certificar_firma
from domain.casos_uso.firmas_consultas import ALCANCE_APOSTILLA
from domain.casos_uso.personas import crear_aliado
from domain.casos_uso.revocacion import revocar_documento
from domain.eregistro import (
    ACCION_CONSULTA_BLOQUEADA,
    ACCION_CONSULTA_ENCONTRADA,
    ACCION_CONSULTA_FALLIDA,
    ACCIONES_CONSULTA,
)
from domain.reloj import RelojFijo
from tests.api.conftest import CREDENCIAL, HOY, Cliente, montar
from tests.unit.test_firmas import _certificar, _coord, _registrar

pytestmark = pytest.mark.anyio

APOSTILLA = "vnt_credencial-cancilleria-apostilla"
OTRA_APOSTILLA = "vnt_credencial-otro-sistema-apostilla"

CONSULTA = """
query($numero: String!, $fecha: Date!) {
  certificacionFirma(numero: $numero, fecha: $fecha) {
    __typename
    ... on CertificacionFirmaEncontrada { numero fechaExpedicion firmante cargo entidad sello tipo estado vigente }
    ... on Error { mensaje codigo }
    ... on ErrorConsultaBloqueada { bloqueadaHasta }
    ... on ErrorValidacion { campo }
  }
}
"""

LISTA = """
query($first: Int!, $after: String, $vigenteEn: Date) {
  firmasRegistradas(first: $first, after: $after, vigenteEn: $vigenteEn) {
    __typename
    ... on FirmaRegistradaConnection {
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { cursor node { id funcionario entidad cargo resolucionNombramiento fechaPosesion fechaRetiro
                            huellaCertificado activaEn hoyNo: activaEn(fecha: "2026-03-18") } }
    }
    ... on Error { mensaje codigo }
    ... on ErrorValidacion { campo }
  }
}
"""

UNA = """
query($id: ID!) {
  firmaRegistrada(id: $id) {
    __typename
    ... on FirmaRegistrada { id funcionario cargo activaEn(fecha: "2020-01-01") }
    ... on Error { mensaje codigo }
    ... on ErrorValidacion { campo }
    ... on ErrorNoEncontrado { campo }
  }
}
"""


@pytest.fixture
def aliados(ctx: Contexto) -> dict[str, uuid.UUID]:
    a = crear_aliado("Cancillería — apostilla", frozenset({ALCANCE_APOSTILLA}), ctx, credencial=APOSTILLA)[0]
    b = crear_aliado("Otro sistema de apostilla", frozenset({ALCANCE_APOSTILLA}), ctx, credencial=OTRA_APOSTILLA)[0]
    return {APOSTILLA: a.id, OTRA_APOSTILLA: b.id}


def _emitir(ctx: Contexto) -> str:
    """Officials register a signature and issue one certificación (admin side, §7.3); returns its number."""
    return certificar_firma(_certificar(ctx, _registrar(ctx)), ctx).documento.numero


async def _consultar(cliente: Cliente, numero: str, fecha: date, credencial: str = APOSTILLA) -> dict[str, Any]:
    r = await cliente.gql(CONSULTA, {"numero": numero, "fecha": fecha.isoformat()}, credencial=credencial)
    assert "errors" not in r, r
    return r["data"]["certificacionFirma"]  # type: ignore[no-any-return]


def _consultas(ctx: Contexto) -> list[Any]:
    return [e for e in ctx.uow().auditoria.eventos if e.accion in ACCIONES_CONSULTA]  # type: ignore[attr-defined]


async def test_consulta_encontrada_con_datos_minimos_y_auditada(
    cliente: Cliente, ctx: Contexto, aliados: dict[str, uuid.UUID]
) -> None:
    """Seed 002 §7 (e-Register): number + date → signer, capacity, entidad, seal, kind and state; audited."""
    numero = _emitir(ctx)
    r = await _consultar(cliente, numero.lower(), HOY)
    assert r == {"__typename": "CertificacionFirmaEncontrada", "numero": numero, "fechaExpedicion": HOY.isoformat(),
                 "firmante": "Marta Lucía Rincón", "cargo": "Registradora municipal",
                 "entidad": "Registraduría Municipal de Chía", "sello": "Sello de Registraduría Municipal de Chía",
                 "tipo": "Certificación de firma con fines de apostilla: Registro civil de nacimiento",
                 "estado": "VIGENTE", "vigente": True}
    [evento] = _consultas(ctx)
    assert f"aliado:{aliados[APOSTILLA]}" in evento.actor and evento.accion == ACCION_CONSULTA_ENCONTRADA
    assert evento.objeto == f"certificacion:{numero}"


async def test_certificacion_revocada_se_informa(cliente: Cliente, ctx: Contexto, aliados: Any) -> None:
    emitida = certificar_firma(_certificar(ctx, _registrar(ctx)), ctx)
    revocar_documento(emitida.documento.id, _coord(ctx), "Registro civil anulado", ctx)
    r = await _consultar(cliente, emitida.documento.numero, HOY)
    assert r["estado"] == "REVOCADO" and r["vigente"] is False


async def test_sin_alcance_apostilla_error_como_dato_y_sin_consultar(cliente: Cliente, ctx: Contexto) -> None:
    """Only partners holding «apostilla» read the registro or the e-Register; the refusal is data, not a crash."""
    numero = _emitir(ctx)
    firma_id = base64.b64encode(f"FirmaRegistrada:{uuid.uuid4()}".encode()).decode()
    respuestas = [
        (await cliente.gql(CONSULTA, {"numero": numero, "fecha": HOY.isoformat()}))["data"]["certificacionFirma"],
        (await cliente.gql(LISTA, {"first": 10}))["data"]["firmasRegistradas"],
        (await cliente.gql(UNA, {"id": firma_id}))["data"]["firmaRegistrada"],
    ]
    for r in respuestas:
        assert r["__typename"] == "ErrorNoAutorizado" and r["codigo"] == "NO_AUTORIZADO", r
        assert "«apostilla»" in r["mensaje"]
    assert _consultas(ctx) == []  # refused before the lookup: nothing looked up, nothing counted


async def test_sin_credencial_error_de_autenticacion(cliente: Cliente, aliados: Any) -> None:
    r = await cliente.gql(CONSULTA, {"numero": "CF-2026-000001", "fecha": HOY.isoformat()}, credencial=None)
    assert r["data"] is None and r["errors"][0]["extensions"]["code"] == "NO_AUTENTICADO"


async def test_numero_y_fecha_obligatorios(cliente: Cliente, ctx: Contexto, aliados: Any) -> None:
    """The e-Register needs both the number and the issue date (anti-fishing): neither can be left out."""
    r = await cliente.gql("query { certificacionFirma(numero: \"CF-2026-000001\") { __typename } }",
                          credencial=APOSTILLA)
    assert r.get("data") is None and "fecha" in r["errors"][0]["message"]
    r = await cliente.gql("query { certificacionFirma(fecha: \"2026-03-17\") { __typename } }", credencial=APOSTILLA)
    assert r.get("data") is None and "numero" in r["errors"][0]["message"]
    vacio = await _consultar(cliente, "   ", HOY)
    assert vacio["__typename"] == "ErrorValidacion" and vacio["codigo"] == "DATO_INVALIDO"
    assert vacio["mensaje"] == "El número y la fecha de la certificación son obligatorios."


async def test_fecha_equivocada_falla_cuenta_y_bloquea_al_aliado(
    cliente: Cliente, ctx: Contexto, reloj: RelojFijo, aliados: dict[str, uuid.UUID]
) -> None:
    """A right number with a wrong date is a failure (it reveals nothing); 5 failures in 15 minutes block the
    partner for 24 hours (certificacion.toml [eregister]), even for a right pair; other partners are not affected."""
    numero = _emitir(ctx)
    for _ in range(4):
        r = await _consultar(cliente, numero, HOY - timedelta(days=1))
        assert r["__typename"] == "ErrorNoEncontrado" and "número y esa fecha" in r["mensaje"]
        assert "firmante" not in r
    r = await _consultar(cliente, "CF-2026-999999", HOY)  # the fifth failure starts the block
    assert r["__typename"] == "ErrorConsultaBloqueada" and r["codigo"] == "CONSULTA_BLOQUEADA"
    assert "Demasiadas consultas fallidas" in r["mensaje"]
    hasta = r["bloqueadaHasta"]
    assert hasta == (reloj.ahora() + timedelta(hours=24)).astimezone(UTC).isoformat()
    r = await _consultar(cliente, numero, HOY)  # right number and date: still blocked
    assert r["__typename"] == "ErrorConsultaBloqueada"
    assert (await _consultar(cliente, numero, HOY, OTRA_APOSTILLA))["__typename"] == "CertificacionFirmaEncontrada"
    eventos = _consultas(ctx)
    propios = [e for e in eventos if f"aliado:{aliados[APOSTILLA]}" in e.actor]
    assert len(eventos) == 7 and len(propios) == 6  # every lookup audited, blocked ones included
    assert [e.accion for e in propios] == [ACCION_CONSULTA_FALLIDA] * 5 + [ACCION_CONSULTA_BLOQUEADA]
    reloj.avanzar(hours=24, minutes=1)
    r = await _consultar(cliente, numero, HOY)
    assert r["__typename"] == "CertificacionFirmaEncontrada"


async def test_registro_de_firmas_sin_especimen(cliente: Cliente, ctx: Contexto, aliados: Any) -> None:
    """Seed 002 §6: cargo, resolución, posesión, retiro and certificate fingerprint — never the specimen."""
    firma_id = _registrar(ctx)
    with ctx.uow() as uow:
        firma = uow.firmas.obtener(firma_id)
    assert firma is not None
    respuesta = await cliente.gql(LISTA, {"first": 10}, credencial=APOSTILLA)
    [arista] = respuesta["data"]["firmasRegistradas"]["edges"]
    assert arista["node"] == {
        "id": base64.b64encode(f"FirmaRegistrada:{firma_id}".encode()).decode(), "funcionario": "Marta Lucía Rincón",
        "entidad": "Registraduría Municipal de Chía", "cargo": "Registradora municipal",
        "resolucionNombramiento": "Resolución 1234 de 2020", "fechaPosesion": "2020-02-01", "fechaRetiro": None,
        "huellaCertificado": "ab" + "cd" * 31, "activaEn": True, "hoyNo": True}
    assert firma.especimen.sha256 not in json.dumps(respuesta) and "firma.png" not in json.dumps(respuesta)
    tipo = await cliente.gql('query { __type(name: "FirmaRegistrada") { fields { name } } }', credencial=APOSTILLA)
    campos = {c["name"] for c in tipo["data"]["__type"]["fields"]}
    assert campos and not {c for c in campos if "especimen" in c.lower() or "imagen" in c.lower()}


async def test_paginacion_y_vigencia_en_una_fecha(cliente: Cliente, ctx: Contexto, aliados: Any) -> None:
    """Keyset pages by name; ``vigenteEn`` keeps firmas from posesión to retiro, both included (§7.3 b)."""
    _registrar(ctx, nombre="Ana Beltrán")
    _registrar(ctx, nombre="Bruno Díaz", fecha_retiro=date(2025, 12, 31))
    _registrar(ctx, nombre="Carla Ortiz", fecha_posesion=date(2026, 1, 15))
    p1 = (await cliente.gql(LISTA, {"first": 2}, credencial=APOSTILLA))["data"]["firmasRegistradas"]
    assert [e["node"]["funcionario"] for e in p1["edges"]] == ["Ana Beltrán", "Bruno Díaz"]
    assert p1["pageInfo"]["hasNextPage"] is True and p1["edges"][1]["node"]["activaEn"] is False
    p2 = (await cliente.gql(LISTA, {"first": 2, "after": p1["pageInfo"]["endCursor"]},
                            credencial=APOSTILLA))["data"]["firmasRegistradas"]
    assert [e["node"]["funcionario"] for e in p2["edges"]] == ["Carla Ortiz"]
    assert p2["pageInfo"] == {"hasNextPage": False, "hasPreviousPage": True, "endCursor": p2["edges"][0]["cursor"]}
    casos = [("2025-12-31", ["Ana Beltrán", "Bruno Díaz"]), ("2026-01-15", ["Ana Beltrán", "Carla Ortiz"])]
    for fecha, nombres in casos:
        r = (await cliente.gql(LISTA, {"first": 10, "vigenteEn": fecha}, credencial=APOSTILLA))["data"]
        assert [e["node"]["funcionario"] for e in r["firmasRegistradas"]["edges"]] == nombres
    malos: list[tuple[dict[str, Any], str]] = [({"first": 101}, "first"), ({"first": 0}, "first"),
                                               ({"first": 5, "after": "x"}, "after")]
    for variables, campo in malos:
        r = (await cliente.gql(LISTA, variables, credencial=APOSTILLA))["data"]["firmasRegistradas"]
        assert r["__typename"] == "ErrorValidacion" and r["campo"] == campo


async def test_vigencia_que_descarta_lotes_enteros(cliente: Cliente, ctx: Contexto, aliados: Any) -> None:
    """The database pages by keyset; a filtered page reads further batches until it is full (or the end)."""
    for nombre in ("Ana", "Beto", "Caro", "Dora"):
        _registrar(ctx, nombre=nombre, fecha_retiro=date(2025, 1, 31))  # retired before the date asked
    _registrar(ctx, nombre="Eva")
    _registrar(ctx, nombre="Fabio")
    r = (await cliente.gql(LISTA, {"first": 1, "vigenteEn": "2026-03-01"}, credencial=APOSTILLA))["data"]
    pagina = r["firmasRegistradas"]
    assert [e["node"]["funcionario"] for e in pagina["edges"]] == ["Eva"] and pagina["pageInfo"]["hasNextPage"]
    r = (await cliente.gql(LISTA, {"first": 1, "vigenteEn": "2026-03-01", "after": pagina["pageInfo"]["endCursor"]},
                           credencial=APOSTILLA))["data"]
    pagina = r["firmasRegistradas"]
    assert [e["node"]["funcionario"] for e in pagina["edges"]] == ["Fabio"] and not pagina["pageInfo"]["hasNextPage"]


async def test_firma_registrada_por_id(cliente: Cliente, ctx: Contexto, aliados: Any) -> None:
    firma_id = _registrar(ctx, fecha_retiro=date(2025, 6, 30))
    gid = base64.b64encode(f"FirmaRegistrada:{firma_id}".encode()).decode()
    r = (await cliente.gql(UNA, {"id": gid}, credencial=APOSTILLA))["data"]["firmaRegistrada"]
    assert r == {"__typename": "FirmaRegistrada", "id": gid, "funcionario": "Marta Lucía Rincón",
                 "cargo": "Registradora municipal", "activaEn": False}
    ajeno = base64.b64encode(f"Persona:{firma_id}".encode()).decode()
    r = (await cliente.gql(UNA, {"id": ajeno}, credencial=APOSTILLA))["data"]["firmaRegistrada"]
    assert r["__typename"] == "ErrorValidacion" and r["campo"] == "id"
    otro = base64.b64encode(f"FirmaRegistrada:{uuid.uuid4()}".encode()).decode()
    r = (await cliente.gql(UNA, {"id": otro}, credencial=APOSTILLA))["data"]["firmaRegistrada"]
    assert r["__typename"] == "ErrorNoEncontrado" and r["campo"] == "id"


async def test_no_hay_mutacion_para_emitir(cliente: Cliente) -> None:
    """Seed 002 §7.3: an RNEC official inspects the recaudo sticker at the counter; the API cannot issue."""
    r = await cliente.gql("query { __schema { mutationType { description fields { name } } } }", credencial=CREDENCIAL)
    tipo = r["data"]["__schema"]["mutationType"]
    assert not [c["name"] for c in tipo["fields"] if "firma" in c["name"].lower()]
    assert "§7.3" in tipo["description"] and "estampilla de recaudo" in tipo["description"]


# -- the same over a real database (SQLite file, or PostgreSQL with VENTANILLA_TEST_DATABASE_URL) ---------------
@pytest.mark.db
async def test_en_base_de_datos_real(ctx_bd: Contexto) -> None:
    """Lookup, failure counting, audit and keyset pages on the real engine (PostgreSQL collation included)."""
    crear_aliado("Cancillería — apostilla", frozenset({ALCANCE_APOSTILLA}), ctx_bd, credencial=APOSTILLA)
    numero = _emitir(ctx_bd)
    _registrar(ctx_bd, nombre="Zoe Álvarez")
    _registrar(ctx_bd, nombre="álvaro Núñez")  # a linguistic collation (es_CO.UTF-8) would sort it first
    app = montar(ctx_bd)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://ventanilla.test") as http:
        cliente = Cliente(http)
        assert (await _consultar(cliente, numero, HOY))["firmante"] == "Marta Lucía Rincón"
        assert (await _consultar(cliente, numero, HOY + timedelta(days=1)))["__typename"] == "ErrorNoEncontrado"
        vistos: list[str] = []
        cursor = None
        for _ in range(4):
            p = (await cliente.gql(LISTA, {"first": 1, "after": cursor}, credencial=APOSTILLA))["data"]
            conexion = p["firmasRegistradas"]
            vistos += [e["node"]["funcionario"] for e in conexion["edges"]]
            cursor = conexion["pageInfo"]["endCursor"]
            if not conexion["pageInfo"]["hasNextPage"]:
                break
    assert vistos == ["Marta Lucía Rincón", "Zoe Álvarez", "álvaro Núñez"]  # every firma once, in one order
    with ctx_bd.uow() as uow:
        consultas = [e.accion for e in uow.auditoria.listar(limite=100) if e.accion in ACCIONES_CONSULTA]
    assert sorted(consultas) == sorted([ACCION_CONSULTA_ENCONTRADA, ACCION_CONSULTA_FALLIDA])
