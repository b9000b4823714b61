"""Vehicle and licence registries over the API (scope ``registros``), on a real database (SQLite, or PostgreSQL with
VENTANILLA_TEST_DATABASE_URL): what a partner sees, that another partner's vehicle reads exactly like a missing
placa, errors as data on every paginated list, and a constant number of SQL statements per page."""

from __future__ import annotations

import enum
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import event
from sqlalchemy.engine import Engine

from api import enumeraciones
from domain import licencias, vehiculos
from domain.alcances import ALCANCES
from domain.casos_uso import Contexto
from domain.casos_uso.personas import crear_aliado
from domain.licencias import Licencia
from domain.personas import Persona
from domain.valores import Identificacion
from domain.vehiculos import CausaCancelacion, Gravamen, MedidaCautelar, Vehiculo
from tests.api.conftest import CREDENCIAL, Cliente, montar, registrar
from tests.motor.escenarios import licencia, vehiculo

pytestmark = pytest.mark.anyio

CREDENCIAL_B = "vnt_credencial-de-otro-aliado-registros"
SIN_REGISTROS = "vnt_credencial-sin-alcance-registros"

VEHICULO = """
query($placa: String!, $first: Int = 50, $after: String, $hFirst: Int = 50) {
  vehiculo(placa: $placa) {
    __typename
    ... on Error { codigo mensaje }
    ... on ErrorValidacion { campo }
    ... on ErrorNoEncontrado { campo }
    ... on Vehiculo {
      placa clase servicio marca linea modelo color cilindraje blindado numeroMotor numeroChasis
      matricula { estado causa organismo descripcion }
      propietarios { nombreCompleto tipoIdentificacion numeroIdentificacion }
      gravamenes { tipo beneficiario vigente }
      medidasCautelares { tipo autoridad vigente }
      tradicion(first: $first, after: $after) {
        __typename
        ... on PropiedadVehiculoConnection {
          pageInfo { hasNextPage endCursor }
          edges { node { desde hasta radicado propietario { nombreCompleto } } }
        }
        ... on ErrorValidacion { campo codigo }
      }
      historia(first: $hFirst) {
        __typename
        ... on AnotacionVehiculoConnection { edges { node { tramite radicado detalle } } }
        ... on ErrorValidacion { campo }
      }
    }
  }
}
"""
DE = """
query($t: IdentificacionInput!, $first: Int = 50, $after: String) {
  vehiculosDe(titular: $t, first: $first, after: $after) {
    __typename
    ... on VehiculoConnection { pageInfo { hasNextPage endCursor } edges { node { placa propietarios {
      numeroIdentificacion } } } }
    ... on Error { codigo mensaje }
    ... on ErrorValidacion { campo }
  }
  licenciasDe(titular: $t, first: $first, after: $after) {
    __typename
    ... on LicenciaConnection { pageInfo { hasNextPage endCursor } edges { node { id numero categoria estado motivo
      habilita titular { nombreCompleto } } } }
    ... on Error { codigo mensaje }
    ... on ErrorValidacion { campo }
  }
  tramite(codigo: "CHIA-T21") { codigo }
}
"""


@pytest.fixture
async def cliente(ctx_bd: Contexto) -> AsyncIterator[Cliente]:
    crear_aliado("Portal con todos los alcances", frozenset(ALCANCES), ctx_bd, credencial=CREDENCIAL)
    crear_aliado("Otro aliado", frozenset(ALCANCES), ctx_bd, credencial=CREDENCIAL_B)
    crear_aliado("Sin registros", frozenset({"personas", "solicitudes"}), ctx_bd, credencial=SIN_REGISTROS)
    app = montar(ctx_bd)
    async with LifespanManager(app) as gestor, httpx.AsyncClient(
        transport=httpx.ASGITransport(app=gestor.app), base_url="http://ventanilla.test"
    ) as http:
        yield Cliente(http)


def _persona(ctx: Contexto, numero: str) -> Persona:
    with ctx.uow() as uow:
        p = uow.personas.por_identificacion(Identificacion.crear("CC", numero))
    assert p is not None
    return p


def _guardar(ctx: Contexto, *registros: Vehiculo | Licencia) -> None:
    with ctx.uow() as uow:
        for r in registros:
            (uow.vehiculos if isinstance(r, Vehiculo) else uow.licencias).agregar(r)  # type: ignore[attr-defined]
        uow.commit()


async def test_un_vehiculo_visible_con_su_registro_completo(cliente: Cliente, ctx_bd: Contexto) -> None:
    ana, beto = await _poblar(cliente, ctx_bd)
    r = (await cliente.gql(VEHICULO, {"placa": "abc-123", "first": 1}))["data"]["vehiculo"]
    assert r["__typename"] == "Vehiculo" and r["placa"] == "ABC123" and r["clase"] == "AUTOMOTOR"
    assert r["propietarios"] == [{"nombreCompleto": ana.nombre_completo, "tipoIdentificacion": "CC",
                                  "numeroIdentificacion": "1020304050"}]
    assert r["matricula"] == {"estado": "ACTIVA", "causa": None, "organismo": "MOVILIDAD-CHIA", "descripcion": "activa"}
    assert r["gravamenes"] == [{"tipo": "prenda", "beneficiario": "Banco de Bogotá", "vigente": True}]
    assert r["medidasCautelares"] == [{"tipo": "embargo", "autoridad": "Juzgado 2 Civil de Chía", "vigente": True}]
    uno = r["tradicion"]
    assert uno["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["propietario"]["nombreCompleto"] for e in uno["edges"]] == [beto.nombre_completo]
    dos = (await cliente.gql(VEHICULO, {"placa": "ABC123", "first": 1, "after": uno["pageInfo"]["endCursor"]})
           )["data"]["vehiculo"]["tradicion"]
    assert dos["pageInfo"]["hasNextPage"] is False
    assert [(e["node"]["propietario"]["nombreCompleto"], e["node"]["hasta"]) for e in dos["edges"]] == [
        (ana.nombre_completo, None)]
    assert [e["node"]["radicado"] for e in r["historia"]["edges"]] == ["MOV-2024-000007"]


async def _poblar(cliente: Cliente, ctx: Contexto) -> tuple[Persona, Persona]:
    await registrar(cliente, "1020304050", nombres="Ana")
    r = await cliente.http.post("/graphql/", headers={"Authorization": f"Bearer {CREDENCIAL_B}"}, json={
        "query": "mutation($i: RegistrarPersonaInput!) { registrarPersona(input: $i) { __typename } }",
        "variables": {"i": {"tipoIdentificacion": "CC", "numeroIdentificacion": "79111222", "nombres": "Beto",
                            "apellidos": "Rincón"}}})
    assert r.json()["data"]["registrarPersona"]["__typename"] == "RegistrarPersonaOk"
    ana, beto = _persona(ctx, "1020304050"), _persona(ctx, "79111222")
    comprado = vehiculo(beto)
    comprado.traspasar([ana.id], date(2024, 2, 1), "MOV-2024-000007")
    comprado.anotar(date(2024, 2, 1), "Traspaso de propiedad", "MOV-2024-000007", "De Beto Rincón a Ana")
    comprado.inscribir_gravamen(Gravamen(uuid.uuid4(), "prenda", "Banco de Bogotá", "Contrato 55",
                                         date(2024, 2, 1), "MOV-2024-000008"))
    comprado.medidas.append(MedidaCautelar(uuid.uuid4(), "embargo", "Juzgado 2 Civil de Chía", "Oficio 12",
                                           date(2025, 1, 10)))
    otro = vehiculo(ana, id=uuid.uuid4(), placa="DEF456")
    de_beto = vehiculo(beto, id=uuid.uuid4(), placa="XYZ789")
    de_beto.cancelar(CausaCancelacion.HURTO)
    vieja = licencia(ana, expedida_en=date(2016, 3, 1), vigente_hasta=date(2026, 3, 1))
    nueva = licencia(ana, id=uuid.uuid4(), expedida_en=date(2026, 2, 20), vigente_hasta=date(2036, 2, 20),
                     motivo="renovación")
    vieja.reemplazar_por(nueva)
    _guardar(ctx, comprado, otro, de_beto, vieja, nueva, licencia(beto, id=uuid.uuid4()))
    return ana, beto


async def test_el_vehiculo_de_otro_aliado_responde_como_una_placa_inexistente(
    cliente: Cliente, ctx_bd: Contexto
) -> None:
    await _poblar(cliente, ctx_bd)
    ajeno = (await cliente.gql(VEHICULO, {"placa": "XYZ789"}))["data"]["vehiculo"]
    inexistente = (await cliente.gql(VEHICULO, {"placa": "XYZ788"}))["data"]["vehiculo"]
    assert ajeno["__typename"] == "ErrorNoEncontrado" and ajeno["campo"] == "placa"
    assert ajeno == {**inexistente, "mensaje": inexistente["mensaje"].replace("XYZ788", "XYZ789")}
    # B registered Beto: B sees XYZ789, cancelled by theft, and ABC123 no longer (Beto sold it to Ana).
    b = await cliente.gql(VEHICULO, {"placa": "XYZ789"}, credencial=CREDENCIAL_B)
    assert b["data"]["vehiculo"]["matricula"]["causa"] == "HURTO"
    assert (await cliente.gql(VEHICULO, {"placa": "ABC123"}, credencial=CREDENCIAL_B)
            )["data"]["vehiculo"]["__typename"] == "ErrorNoEncontrado"
    malo = (await cliente.gql(VEHICULO, {"placa": "¡no-es-placa!"}))["data"]["vehiculo"]
    assert malo["__typename"] == "ErrorValidacion" and malo["campo"] == "placa"


async def test_vehiculos_y_licencias_de_una_persona_por_paginas(cliente: Cliente, ctx_bd: Contexto) -> None:
    await _poblar(cliente, ctx_bd)
    ana = {"tipo": "CC", "numero": "1.020.304.050"}
    r = (await cliente.gql(DE, {"t": ana, "first": 1}))["data"]
    assert [e["node"]["placa"] for e in r["vehiculosDe"]["edges"]] == ["ABC123"]
    assert r["vehiculosDe"]["pageInfo"]["hasNextPage"] is True
    assert [(e["node"]["motivo"], e["node"]["estado"], e["node"]["habilita"]) for e in r["licenciasDe"]["edges"]] == [
        ("renovación", "VIGENTE", True)]
    # The licence's id is what radicarSolicitud takes as `sujeto` for the trámites on it (issue 8 §4).
    with ctx_bd.uow() as uow:
        (vigente,) = [x for x in uow.licencias.de_titular(_ana_id(uow)) if x.motivo == "renovación"]
    assert r["licenciasDe"]["edges"][0]["node"]["id"] == str(vigente.id)
    siguiente = {"t": ana, "first": 1, "after": r["vehiculosDe"]["pageInfo"]["endCursor"]}
    r2 = (await cliente.gql(DE.replace("after: $after) {\n    __typename\n    ... on LicenciaConnection",
                                       "after: null) {\n    __typename\n    ... on LicenciaConnection"), siguiente)
          )["data"]
    assert [e["node"]["placa"] for e in r2["vehiculosDe"]["edges"]] == ["DEF456"]
    assert r2["vehiculosDe"]["pageInfo"]["hasNextPage"] is False
    cursor_licencia = r["licenciasDe"]["pageInfo"]["endCursor"]
    r3 = (await cliente.gql(DE.replace("vehiculosDe(titular: $t, first: $first, after: $after)",
                                       "vehiculosDe(titular: $t, first: $first)"),
                            {"t": ana, "first": 1, "after": cursor_licencia}))["data"]
    assert [(e["node"]["motivo"], e["node"]["estado"], e["node"]["habilita"]) for e in r3["licenciasDe"]["edges"]] == [
        ("expedición", "REEMPLAZADA", False)]
    assert r3["licenciasDe"]["pageInfo"]["hasNextPage"] is False


async def test_una_persona_de_otro_aliado_responde_como_una_identificacion_inexistente(
    cliente: Cliente, ctx_bd: Contexto
) -> None:
    await _poblar(cliente, ctx_bd)
    ajena = (await cliente.gql(DE, {"t": {"tipo": "CC", "numero": "79111222"}}))["data"]
    nadie = (await cliente.gql(DE, {"t": {"tipo": "CC", "numero": "79111223"}}))["data"]
    assert ajena == nadie
    assert ajena["vehiculosDe"] == {"__typename": "ErrorNoEncontrado", "codigo": "NO_ENCONTRADO",
                                    "mensaje": "No existe una persona con esa identificación."}
    assert ajena["licenciasDe"] == ajena["vehiculosDe"] and ajena["tramite"] == {"codigo": "CHIA-T21"}


@pytest.mark.parametrize(("variables", "campo"), [({"first": 0}, "first"), ({"first": 101}, "first"),
                                                   ({"after": "bm8tZXMtdW4tY3Vyc29y"}, "after"),
                                                   ({"after": "%%%"}, "after")])
async def test_cada_lista_da_sus_errores_de_pagina_como_dato(
    cliente: Cliente, ctx_bd: Contexto, variables: dict[str, Any], campo: str
) -> None:
    """The list convention (api/paginacion.py): first out of range or a forged cursor is ErrorValidacion as data,
    and the rest of ``data`` survives — on vehiculosDe, licenciasDe, Vehiculo.tradicion and solicitudes."""
    await _poblar(cliente, ctx_bd)
    r = await cliente.gql(DE, {"t": {"tipo": "CC", "numero": "1020304050"}, **variables})
    assert "errors" not in r and r["data"]["tramite"] == {"codigo": "CHIA-T21"}
    for lista in ("vehiculosDe", "licenciasDe"):
        assert r["data"][lista]["__typename"] == "ErrorValidacion" and r["data"][lista]["campo"] == campo, lista
    anidada = (await cliente.gql(VEHICULO, {"placa": "ABC123", **variables}))
    assert "errors" not in anidada
    tradicion = anidada["data"]["vehiculo"]["tradicion"]
    assert tradicion == {"__typename": "ErrorValidacion", "campo": campo, "codigo": "DATO_INVALIDO"}
    if campo == "first":
        historia = (await cliente.gql(VEHICULO, {"placa": "ABC123", "hFirst": variables["first"]})
                    )["data"]["vehiculo"]["historia"]
        assert historia == {"__typename": "ErrorValidacion", "campo": "first"}
    solicitudes = await cliente.gql("query($first: Int = 50, $after: String) { solicitudes(first: $first, after: "
                                    "$after) { __typename ... on ErrorValidacion { campo } } }", variables)
    assert solicitudes == {"data": {"solicitudes": {"__typename": "ErrorValidacion", "campo": campo}}}


async def test_sin_el_alcance_registros_error_no_autorizado_como_dato(cliente: Cliente, ctx_bd: Contexto) -> None:
    await _poblar(cliente, ctx_bd)
    esperado = {"__typename": "ErrorNoAutorizado", "codigo": "NO_AUTORIZADO",
                "mensaje": "Este sistema aliado no tiene el alcance «registros»."}
    r = await cliente.gql(DE, {"t": {"tipo": "CC", "numero": "1020304050"}}, credencial=SIN_REGISTROS)
    assert r["data"]["vehiculosDe"] == esperado and r["data"]["licenciasDe"] == esperado
    v = await cliente.gql(VEHICULO, {"placa": "ABC123"}, credencial=SIN_REGISTROS)
    assert v["data"]["vehiculo"] == esperado


@pytest.fixture
def sentencias() -> Iterator[list[str]]:
    vistas: list[str] = []

    def contar(conn: Any, cursor: Any, sentencia: str, *args: Any) -> None:
        vistas.append(sentencia)

    event.listen(Engine, "before_cursor_execute", contar)
    yield vistas
    event.remove(Engine, "before_cursor_execute", contar)


async def test_una_pagina_de_vehiculos_cuesta_lo_mismo_sea_cual_sea_su_tamano(
    cliente: Cliente, ctx_bd: Contexto, sentencias: list[str]
) -> None:
    """No N+1: owners and tradición people of the whole page come in one query, children of all vehicles in one
    query each."""
    ana, _ = await _poblar(cliente, ctx_bd)
    _guardar(ctx_bd, *(vehiculo(ana, id=uuid.uuid4(), placa=f"GHI{i:03d}") for i in range(8)))
    consulta = ("query($t: IdentificacionInput!, $first: Int) { vehiculosDe(titular: $t, first: $first) { "
                "... on VehiculoConnection { edges { node { placa propietarios { numeroIdentificacion } "
                "tradicion { ... on PropiedadVehiculoConnection { edges { node { propietario { nombreCompleto } } } } "
                "} historia { __typename } } } } } }")
    costos = []
    for first in (1, 10):
        sentencias.clear()
        r = await cliente.gql(consulta, {"t": {"tipo": "CC", "numero": "1020304050"}, "first": first})
        assert len(r["data"]["vehiculosDe"]["edges"]) == first
        tablas = [re.search(r"FROM\s+(\w+)", s) for s in sentencias]
        costos.append([t.group(1) for t in tablas if t and t.group(1) != "aliados"])  # aliados: authentication
    # The persona, its visibility, the page, its owners, its history, the people named in it: 6, for 1 or 10.
    assert costos[0] == costos[1] and len(costos[0]) == 6, costos


@pytest.mark.parametrize(("dominio", "api"), [
    (vehiculos.ClaseVehiculo, enumeraciones.ClaseVehiculo), (vehiculos.Servicio, enumeraciones.ServicioVehiculo),
    (vehiculos.EstadoMatricula, enumeraciones.EstadoMatricula),
    (vehiculos.CausaCancelacion, enumeraciones.CausaCancelacion),
    (licencias.EstadoLicencia, enumeraciones.EstadoLicencia),
])
def test_los_enums_de_la_api_nombran_cada_valor_del_dominio(dominio: type[enum.Enum], api: type[enum.Enum]) -> None:
    """Matched by name (``EstadoMatricula[v.estado_matricula.name]``): a new domain value must not crash a query."""
    assert [m.name for m in dominio] == [m.name for m in api]


def _ana_id(uow: object) -> uuid.UUID:
    from domain.valores import Identificacion

    persona = uow.personas.por_identificacion(Identificacion.crear("CC", "1020304050"))  # type: ignore[attr-defined]
    assert persona is not None
    return persona.id  # type: ignore[no-any-return]
