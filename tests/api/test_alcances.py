"""Scopes, deny by default: every root field of the served schema declares one (or that it is public), and a
partner without it gets NO_AUTORIZADO — as data where the payload union has the error, top-level otherwise."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import strawberry

from api.alcances import alcance, alcance_declarado, campos_sin_alcance, publica
from api.esquema import construir_esquema
from domain.casos_uso import Contexto
from domain.casos_uso.personas import crear_aliado, hash_credencial
from domain.personas import SistemaAliado
from tests.api.conftest import REGISTRAR, Cliente, persona_input, radicar, registrar
from tests.fakes import FakeUnidadDeTrabajo

pytestmark = pytest.mark.anyio

SIN_ALCANCE = "vnt_credencial-sin-ningun-alcance"
SOLO_APOSTILLA = "vnt_credencial-solo-apostilla"
ESPERADO = {
    "Query.node": ("personas", "solicitudes"), "Query.persona": ("personas",), "Query.solicitud": ("solicitudes",),
    "Query.solicitudes": ("solicitudes",), "Query.verificarCertificado": (), "Query.tramiteIdentidad": ("identidad",),
    "Query.verificarContrasena": (), "Query.tramites": (), "Query.tramite": (),
    "Query.certificacionFirma": ("apostilla",),
    "Query.firmasRegistradas": ("apostilla",), "Query.firmaRegistrada": ("apostilla",),
    "Query.vehiculo": ("registros",), "Query.vehiculosDe": ("registros",), "Query.licenciasDe": ("registros",),
    "Mutation.registrarPersona": ("personas",), "Mutation.actualizarPersona": ("personas",),
    "Mutation.radicarSolicitud": ("solicitudes",), "Mutation.subsanarSolicitud": ("solicitudes",),
    "Mutation.revocarDocumento": ("revocacion",), "Mutation.suspenderDocumento": ("revocacion",),
    "Mutation.reactivarDocumento": ("revocacion",),
}
"""What docs/aliados.md promises; () is public."""


def test_cada_campo_raiz_declara_su_alcance() -> None:
    esquema = construir_esquema()
    assert campos_sin_alcance(esquema) == []
    servido = esquema._schema
    declarados = {
        f"{raiz.name}.{nombre}": alcance_declarado(campo.extensions["strawberry-definition"])
        for raiz in (servido.query_type, servido.mutation_type) if raiz is not None
        for nombre, campo in raiz.fields.items()
    }
    assert declarados == ESPERADO


def test_el_recorrido_encuentra_un_campo_sin_alcance() -> None:
    @strawberry.type(name="Query")
    class Consulta:
        @strawberry.field(extensions=alcance("personas"))
        def con_alcance(self) -> int:
            return 1

        @strawberry.field(extensions=publica())
        def publico(self) -> int:
            return 2

        @strawberry.field
        def olvidado(self) -> int:
            return 3

    @strawberry.type(name="Mutation")
    class Mutacion:
        @strawberry.mutation
        def tambien_olvidada(self) -> int:
            return 4

    esquema = strawberry.Schema(query=Consulta, mutation=Mutacion)
    assert campos_sin_alcance(esquema) == ["Query.olvidado", "Mutation.tambienOlvidada"]
    with pytest.raises(ValueError, match="no declarados"):
        alcance("radicar")  # a typo fails when the module is imported, not by locking everyone out


@pytest.fixture(autouse=True)
def aliados_limitados(ctx: Contexto) -> None:
    # Without any scope, as partners created before scopes were checked may be (crear_aliado now asks for one).
    ctx.uow().aliados.agregar(SistemaAliado(uuid.uuid4(), "Heredado", hash_credencial(SIN_ALCANCE)))
    crear_aliado("Cancillería", {"apostilla"}, ctx, credencial=SOLO_APOSTILLA)


def _personas(ctx: Contexto) -> int:
    uow: FakeUnidadDeTrabajo = ctx.uow  # type: ignore[assignment]
    return len(uow.personas.filas)


@pytest.mark.parametrize(("credencial", "falta"), [(SIN_ALCANCE, "personas"), (SOLO_APOSTILLA, "personas")])
async def test_sin_alcance_no_registra_personas(cliente: Cliente, ctx: Contexto, credencial: str, falta: str) -> None:
    r = (await cliente.gql(REGISTRAR, {"input": persona_input()}, credencial=credencial))["data"]["registrarPersona"]
    assert r == {"__typename": "ErrorNoAutorizado", "codigo": "NO_AUTORIZADO",
                 "mensaje": f"Este sistema aliado no tiene el alcance «{falta}»."}
    assert _personas(ctx) == 0


@pytest.mark.parametrize("credencial", [SIN_ALCANCE, SOLO_APOSTILLA])
async def test_sin_alcance_no_radica_ni_lee_solicitudes(cliente: Cliente, ctx: Contexto, credencial: str) -> None:
    titular = await registrar(cliente)  # the portal's own persona: the scope is refused before anything is looked up

    class Limitado(Cliente):
        async def gql_archivos(self, query: str, variables: dict[str, Any], archivos: dict[str, Any], *,
                               credencial: str | None = credencial) -> dict[str, Any]:
            return await super().gql_archivos(query, variables, archivos, credencial=credencial)

    r = await radicar(Limitado(cliente.http), titular)
    assert r == {"__typename": "ErrorNoAutorizado", "codigo": "NO_AUTORIZADO",
                 "mensaje": "Este sistema aliado no tiene el alcance «solicitudes»."}
    uow: FakeUnidadDeTrabajo = ctx.uow  # type: ignore[assignment]
    assert uow.solicitudes.filas == {}
    lista = await cliente.gql("{ solicitudes(first: 5) { ... on Error { codigo mensaje } } }", credencial=credencial)
    assert lista == {"data": {"solicitudes": {"codigo": "NO_AUTORIZADO",
                                              "mensaje": "Este sistema aliado no tiene el alcance «solicitudes»."}}}
    for consulta in (f'{{ persona(id: "{titular}") {{ id }} }}',
                     f'{{ node(id: "{titular}") {{ id }} }}', f'{{ tramiteIdentidad(id: "{uuid.uuid4()}") {{ id }} }}'):
        respuesta = await cliente.gql(consulta, credencial=credencial)
        assert respuesta["data"] is None or set(respuesta["data"].values()) == {None}, consulta
        [error] = respuesta["errors"]
        assert error["extensions"] == {"code": "NO_AUTORIZADO"} and "alcance" in error["message"]


async def test_mutaciones_de_personas_y_revocacion_como_dato(cliente: Cliente) -> None:
    titular = await registrar(cliente)
    actualizar = ("mutation($i: ActualizarPersonaInput!) { actualizarPersona(input: $i) { __typename "
                  "... on Error { codigo mensaje } } }")
    r = await cliente.gql(actualizar, {"i": {"id": titular, "correo": "x@example.org"}}, credencial=SOLO_APOSTILLA)
    assert r["data"]["actualizarPersona"]["codigo"] == "NO_AUTORIZADO"
    revocar = ("mutation($i: CambiarEstadoDocumentoInput!) { revocarDocumento(input: $i) { __typename "
               "... on Error { codigo mensaje } } }")
    r = await cliente.gql(revocar, {"i": {"documentoId": titular, "motivo": "x"}})  # the portal: no `revocacion`
    assert r["data"]["revocarDocumento"] == {"__typename": "ErrorNoAutorizado", "codigo": "NO_AUTORIZADO",
                                             "mensaje": "Este sistema aliado no tiene el alcance «revocacion»."}


async def test_lo_publico_sigue_siendo_publico(cliente: Cliente) -> None:
    for credencial in (None, SIN_ALCANCE):
        r = await cliente.gql('{ verificarCertificado(qr: "no es un QR") { estado } verificarContrasena(qr: "x") '
                              "{ numero } }", credencial=credencial)
        assert r == {"data": {"verificarCertificado": {"estado": "INVALIDO"}, "verificarContrasena": None}}


async def test_sin_credencial_sigue_siendo_no_autenticado(cliente: Cliente) -> None:
    r = await cliente.gql(REGISTRAR, {"input": persona_input()}, credencial=None)
    assert r["errors"][0]["extensions"] == {"code": "NO_AUTENTICADO"}


async def test_node_responde_nulo_para_un_tipo_fuera_de_sus_alcances(cliente: Cliente, ctx: Contexto) -> None:
    titular = await registrar(cliente)
    sid = (await radicar(cliente, titular))["solicitud"]["id"]
    consulta = "query($p: ID!, $s: ID!) { p: node(id: $p) { __typename } s: node(id: $s) { __typename } }"
    todo = await cliente.gql(consulta, {"p": titular, "s": sid})
    assert todo["data"] == {"p": {"__typename": "Persona"}, "s": {"__typename": "Solicitud"}}
    uow: FakeUnidadDeTrabajo = ctx.uow  # type: ignore[assignment]
    portal = next(a for a in uow.aliados.filas.values() if a.nombre == "Portal ciudadano")  # type: ignore[attr-defined]
    portal.alcances = frozenset({"personas"})  # type: ignore[attr-defined]  # as if its scopes had been narrowed
    assert (await cliente.gql(consulta, {"p": titular, "s": sid}))["data"] == {"p": {"__typename": "Persona"},
                                                                               "s": None}


async def test_descarga_de_certificado_exige_solicitudes(cliente: Cliente) -> None:
    r = await cliente.http.get("/graphql/certificados/U29saWNpdHVkOng=.pdf",
                               headers={"Authorization": f"Bearer {SOLO_APOSTILLA}"})
    assert r.status_code == 403 and r.json()["errors"][0]["extensions"]["code"] == "NO_AUTORIZADO"
    r = await cliente.http.get("/graphql/certificados/U29saWNpdHVkOng=.pdf",
                               headers={"Authorization": "Bearer vnt_credencial-de-prueba-del-portal"})
    assert r.status_code == 400  # past the scope: the id is not valid


async def test_un_aliado_revocado_queda_sin_acceso(cliente: Cliente, ctx: Contexto) -> None:
    from domain.casos_uso.aliados import revocar_aliado

    revocar_aliado("Cancillería", ctx)
    r = await cliente.gql('{ firmasRegistradas { __typename } }', credencial=SOLO_APOSTILLA)
    assert r["errors"][0]["extensions"] == {"code": "NO_AUTENTICADO"}
