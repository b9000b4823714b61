"""Two partner systems on one platform: B cannot read, list, download or correct A's solicitud, nor read or change
A's persona; to B each of them answers exactly like something that does not exist. A keeps full access."""

from __future__ import annotations

import base64
import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import pytest

from domain.casos_uso import Contexto
from domain.casos_uso.decisiones import aprobar, asignar, rechazar
from domain.casos_uso.personas import crear_aliado
from domain.comandos import Asignar, Decidir, Rechazar
from domain.reloj import RelojFijo
from tests.api.conftest import CREDENCIAL, HOY, REGISTRAR, Cliente, persona_input, radicar, registrar
from tests.builders import PDF_MINIMO, funcionario, verificar_todo
from tests.fakes import FakeUnidadDeTrabajo

pytestmark = pytest.mark.anyio

CREDENCIAL_B = "vnt_credencial-de-prueba-de-otro-aliado"


@pytest.fixture(autouse=True)
def aliado_b(ctx: Contexto) -> None:
    crear_aliado("Otro aliado", frozenset({"personas", "solicitudes"}), ctx, credencial=CREDENCIAL_B)


def _gid(tipo: str, valor: uuid.UUID) -> str:
    return base64.b64encode(f"{tipo}:{valor}".encode()).decode()


def _uuid(gid: str) -> uuid.UUID:
    return uuid.UUID(base64.b64decode(gid).decode().split(":", 1)[1])


INEXISTENTE = _gid("Solicitud", uuid.uuid4())
PERSONA_INEXISTENTE = _gid("Persona", uuid.uuid4())

LEER = """
query($id: ID!) {
  solicitud(id: $id) { id radicado titular { id correo } certificadoUrl certificado { id } }
  node(id: $id) { __typename id }
}
"""
LEER_PERSONA = """
query($id: ID!) {
  persona(id: $id) { id nombres correo direccion telefono }
  node(id: $id) { __typename id }
}
"""
LISTAR = ("{ solicitudes(first: 100) { ... on SolicitudConnection { edges { node { id radicado titular { id } } } "
          "pageInfo { endCursor } } } }")
SUBSANAR = """
mutation($input: SubsanarSolicitudInput!) {
  subsanarSolicitud(input: $input) {
    __typename ... on Error { mensaje codigo } ... on ErrorNoEncontrado { campo }
    ... on SubsanarSolicitudOk { solicitud { estado } }
  }
}
"""
ACTUALIZAR = """
mutation($input: ActualizarPersonaInput!) {
  actualizarPersona(input: $input) {
    __typename ... on Error { mensaje codigo } ... on ErrorNoEncontrado { campo }
    ... on ActualizarPersonaOk { persona { correo } }
  }
}
"""


async def _de_a(cliente: Cliente) -> tuple[str, str]:
    """A's persona and A's solicitud for her (global IDs)."""
    persona = await registrar(cliente)
    r = await radicar(cliente, persona)
    assert r["__typename"] == "RadicarSolicitudOk", r
    return persona, r["solicitud"]["id"]


async def _cliente_b(cliente: Cliente) -> Cliente:
    """The same app, with B's credential by default."""

    class ClienteB(Cliente):
        async def gql(self, query: str, variables: dict[str, Any] | None = None, *,
                      credencial: str | None = CREDENCIAL_B) -> dict[str, Any]:
            return await super().gql(query, variables, credencial=credencial)

        async def gql_archivos(self, query: str, variables: dict[str, Any], archivos: dict[str, Any], *,
                               credencial: str | None = CREDENCIAL_B) -> dict[str, Any]:
            return await super().gql_archivos(query, variables, archivos, credencial=credencial)

    return ClienteB(cliente.http)


async def test_b_no_lee_ni_lista_la_solicitud_de_a(cliente: Cliente) -> None:
    persona, sid = await _de_a(cliente)
    de_a = await cliente.gql(LEER, {"id": sid})
    assert de_a["data"]["solicitud"]["titular"] == {"id": persona, "correo": "ana.perez@example.org"}
    assert de_a["data"]["node"] == {"__typename": "Solicitud", "id": sid}

    de_b = await cliente.gql(LEER, {"id": sid}, credencial=CREDENCIAL_B)
    assert de_b == await cliente.gql(LEER, {"id": INEXISTENTE}, credencial=CREDENCIAL_B)
    assert de_b == {"data": {"solicitud": None, "node": None}}

    lista_a = (await cliente.gql(LISTAR))["data"]["solicitudes"]["edges"]
    assert [e["node"]["id"] for e in lista_a] == [sid] and lista_a[0]["node"]["titular"] == {"id": persona}
    lista_b = (await cliente.gql(LISTAR, credencial=CREDENCIAL_B))["data"]["solicitudes"]
    assert lista_b == {"edges": [], "pageInfo": {"endCursor": None}}


async def test_b_no_lee_la_persona_de_a(cliente: Cliente) -> None:
    persona, _ = await _de_a(cliente)
    de_a = (await cliente.gql(LEER_PERSONA, {"id": persona}))["data"]
    assert de_a["persona"]["correo"] == "ana.perez@example.org" and de_a["node"]["__typename"] == "Persona"
    de_b = await cliente.gql(LEER_PERSONA, {"id": persona}, credencial=CREDENCIAL_B)
    assert de_b == await cliente.gql(LEER_PERSONA, {"id": PERSONA_INEXISTENTE}, credencial=CREDENCIAL_B)
    assert de_b == {"data": {"persona": None, "node": None}}


async def test_b_no_modifica_ni_radica_con_la_persona_de_a(cliente: Cliente, ctx: Contexto) -> None:
    persona, _ = await _de_a(cliente)
    cambio = {"correo": "robado@example.org"}
    de_b = (await cliente.gql(ACTUALIZAR, {"input": {"id": persona, **cambio}}, credencial=CREDENCIAL_B))
    inexistente = await cliente.gql(ACTUALIZAR, {"input": {"id": PERSONA_INEXISTENTE, **cambio}},
                                    credencial=CREDENCIAL_B)
    assert de_b == inexistente and de_b["data"]["actualizarPersona"]["__typename"] == "ErrorNoEncontrado"

    b = await _cliente_b(cliente)
    con_la_de_a = await radicar(b, persona)
    con_ninguna = await radicar(b, PERSONA_INEXISTENTE)
    assert con_la_de_a == con_ninguna
    assert con_la_de_a["__typename"] == "ErrorNoEncontrado" and con_la_de_a["campo"] == "titularId"

    leida = (await cliente.gql(LEER_PERSONA, {"id": persona}))["data"]["persona"]
    assert leida["correo"] == "ana.perez@example.org"  # unchanged
    uow: FakeUnidadDeTrabajo = ctx.uow  # type: ignore[assignment]
    assert len(uow.solicitudes.filas) == 1  # only A's


async def test_b_no_descarga_el_certificado_de_a(cliente: Cliente, ctx: Contexto) -> None:
    _, sid = await _de_a(cliente)
    revisora = funcionario(ctx)
    asignar(Asignar(_uuid(sid), revisora.id), ctx)
    verificar_todo(ctx, _uuid(sid), revisora.id)
    aprobar(Decidir(_uuid(sid), revisora.id), ctx)
    leida = (await cliente.gql(LEER, {"id": sid}))["data"]["solicitud"]
    url, documento = leida["certificadoUrl"], leida["certificado"]["id"]

    de_a = await cliente.http.get(url, headers={"Authorization": f"Bearer {CREDENCIAL}"})
    assert de_a.status_code == 200 and de_a.content.startswith(b"%PDF")
    de_b = await cliente.http.get(url, headers={"Authorization": f"Bearer {CREDENCIAL_B}"})
    inexistente = await cliente.http.get(f"/graphql/certificados/{quote(INEXISTENTE, safe='')}.pdf",
                                         headers={"Authorization": f"Bearer {CREDENCIAL_B}"})
    assert de_b.status_code == inexistente.status_code == 404
    assert de_b.json() == inexistente.json() and de_b.content == inexistente.content

    # Nor through the certificate's own node (its ID travels in the QR that third parties scan).
    nodo = "query($id: ID!) { node(id: $id) { __typename ... on Documento { numero solicitud { id } } } }"
    assert (await cliente.gql(nodo, {"id": documento}))["data"]["node"] == {
        "__typename": "Documento", "numero": "RES-2026-000001-C", "solicitud": {"id": sid}}
    assert (await cliente.gql(nodo, {"id": documento}, credencial=CREDENCIAL_B)) == {"data": {"node": None}}


async def test_b_no_subsana_la_solicitud_de_a_ni_provoca_su_desistimiento(
    cliente: Cliente, ctx: Contexto, reloj: RelojFijo
) -> None:
    _, sid = await _de_a(cliente)
    revisora = funcionario(ctx)
    asignar(Asignar(_uuid(sid), revisora.id), ctx)
    rechazar(Rechazar(_uuid(sid), revisora.id, ["El recibo no muestra la dirección."]), ctx)

    inexistente = await cliente.gql(SUBSANAR, {"input": {"solicitudId": INEXISTENTE}}, credencial=CREDENCIAL_B)
    de_b = await cliente.gql(SUBSANAR, {"input": {"solicitudId": sid}}, credencial=CREDENCIAL_B)
    assert de_b == inexistente and de_b["data"]["subsanarSolicitud"]["__typename"] == "ErrorNoEncontrado"
    reloj.avanzar(days=31)  # past the deadline: for A this would be PLAZO_VENCIDO and desistida
    assert await cliente.gql(SUBSANAR, {"input": {"solicitudId": sid}}, credencial=CREDENCIAL_B) == inexistente
    estado = "query($id: ID!) { solicitud(id: $id) { estado } }"
    assert (await cliente.gql(estado, {"id": sid}))["data"]["solicitud"]["estado"] == "REQUIERE_SUBSANACION"


async def test_a_subsana_la_suya(cliente: Cliente, ctx: Contexto) -> None:
    _, sid = await _de_a(cliente)
    revisora = funcionario(ctx)
    asignar(Asignar(_uuid(sid), revisora.id), ctx)
    rechazar(Rechazar(_uuid(sid), revisora.id, ["El recibo no muestra la dirección."]), ctx)
    variables = {"input": {"solicitudId": sid, "soportes": [
        {"requisito": "recibo_servicio_publico", "archivo": None, "subtipo": "gas",
         "fechaDocumento": (HOY - timedelta(days=2)).isoformat()}]}}
    r = await cliente.gql_archivos(SUBSANAR, variables,
                                   {"input.soportes.0.archivo": ("recibo-gas.pdf", PDF_MINIMO, "application/pdf")})
    ok = r["data"]["subsanarSolicitud"]
    assert ok == {"__typename": "SubsanarSolicitudOk", "solicitud": {"estado": "EN_ESTUDIO"}}


async def test_b_registra_otra_vez_a_la_misma_persona_sin_borrar_lo_de_a(cliente: Cliente) -> None:
    """The portal re-registers people: B sends the identity as on her document (names and birth date) and nothing
    else; A's data stays, and B may now use her. A's solicitud stays A's: B sees only its own."""
    persona, sid_a = await _de_a(cliente)
    b = await _cliente_b(cliente)
    minimo = {"tipoIdentificacion": "CC", "numeroIdentificacion": "1020304050", "nombres": "ANA MARIA",
              "apellidos": "Pérez  Gómez", "fechaNacimiento": "1990-05-04"}
    r = (await b.gql(REGISTRAR, {"input": minimo}))["data"]["registrarPersona"]
    assert r["__typename"] == "RegistrarPersonaOk" and r["creada"] is False and r["persona"]["id"] == persona
    leida = (await cliente.gql(LEER_PERSONA, {"id": persona}))["data"]["persona"]
    assert leida == {"id": persona, "nombres": "Ana María", "correo": "ana.perez@example.org",
                     "direccion": "Calle 10 # 5-20", "telefono": "3001234567"}
    assert (await b.gql(LEER_PERSONA, {"id": persona}))["data"]["persona"] == leida

    radicada_b = await radicar(b, persona)
    assert radicada_b["__typename"] == "RadicarSolicitudOk", radicada_b
    sid_b = radicada_b["solicitud"]["id"]
    ids_b = [e["node"]["id"] for e in (await b.gql(LISTAR))["data"]["solicitudes"]["edges"]]
    ids_a = [e["node"]["id"] for e in (await cliente.gql(LISTAR))["data"]["solicitudes"]["edges"]]
    assert ids_a == [sid_a] and ids_b == [sid_b]
    assert (await b.gql(LEER, {"id": sid_a}))["data"]["solicitud"] is None
    assert (await cliente.gql(LEER, {"id": sid_b}))["data"]["solicitud"] is None


async def test_b_no_sobrescribe_ni_lee_la_persona_de_a_sabiendo_solo_la_cedula(cliente: Cliente, ctx: Contexto) -> None:
    """The attack of issue 7 §1: B knows A's citizen's cédula and re-registers her with other names and nulls. It
    gets a generic error (which stored datum failed is not said), nothing changes, no link, nothing to read."""
    persona, _ = await _de_a(cliente)
    b = await _cliente_b(cliente)
    ataque = {"tipoIdentificacion": "CC", "numeroIdentificacion": "1.020.304.050", "nombres": "Mallory",
              "apellidos": "Atacante", "direccion": None, "correo": None, "telefono": None}
    casi = {**ataque, "nombres": "Ana María", "apellidos": "Pérez Gómez", "fechaNacimiento": "1990-05-05"}
    respuestas = [(await b.gql(REGISTRAR, {"input": e}))["data"]["registrarPersona"] for e in (ataque, casi)]
    for r in respuestas:
        assert r["__typename"] == "ErrorValidacion" and r["codigo"] == "IDENTIDAD_NO_CONFIRMADA" and r["campo"] is None
        assert "Ana" not in r["mensaje"] and "1990" not in r["mensaje"]
    assert respuestas[0] == respuestas[1]  # names right but date wrong reads exactly like everything wrong
    leida = (await cliente.gql(LEER_PERSONA, {"id": persona}))["data"]["persona"]
    assert leida == {"id": persona, "nombres": "Ana María", "correo": "ana.perez@example.org",
                     "direccion": "Calle 10 # 5-20", "telefono": "3001234567"}
    assert (await b.gql(LEER_PERSONA, {"id": persona}))["data"] == {"persona": None, "node": None}
    uow: FakeUnidadDeTrabajo = ctx.uow  # type: ignore[assignment]
    assert {a for (p, a) in uow.personas.vinculos if str(p) == str(_uuid(persona))} == {
        next(a.id for a in uow.aliados.filas.values() if a.nombre == "Portal ciudadano")}  # type: ignore[attr-defined]
    rechazos = [e for e in uow.auditoria.eventos if e.accion == "persona.vinculo_rechazado"]
    assert [e.actor for e in rechazos] == ["aliado:Otro aliado"] * 2


async def test_registrar_persona_solo_cambia_lo_enviado(cliente: Cliente) -> None:
    pid = await registrar(cliente, nacionalidad="VE")
    leer = "query($id: ID!) { persona(id: $id) { nombres nacionalidad fechaNacimiento correo telefono } }"
    r = await cliente.gql(REGISTRAR, {"input": {**{k: v for k, v in persona_input().items() if k in (
        "tipoIdentificacion", "numeroIdentificacion", "apellidos")}, "nombres": "Ana", "telefono": None}})
    assert r["data"]["registrarPersona"]["creada"] is False
    assert (await cliente.gql(leer, {"id": pid}))["data"]["persona"] == {
        "nombres": "Ana", "nacionalidad": "VE", "fechaNacimiento": "1990-05-04", "correo": "ana.perez@example.org",
        "telefono": None}  # omitted: kept; null: cleared

    nula = await cliente.gql(REGISTRAR, {"input": persona_input(nacionalidad=None)})
    error = nula["data"]["registrarPersona"]
    assert error["__typename"] == "ErrorValidacion" and error["campo"] == "nacionalidad"

    nueva = await cliente.gql(REGISTRAR, {"input": {"tipoIdentificacion": "CC", "numeroIdentificacion": "79111222",
                                                    "nombres": "Luis", "apellidos": "Díaz"}})
    nid = nueva["data"]["registrarPersona"]["persona"]["id"]
    assert (await cliente.gql(leer, {"id": nid}))["data"]["persona"] == {
        "nombres": "Luis", "nacionalidad": "CO", "fechaNacimiento": None, "correo": None, "telefono": None}
