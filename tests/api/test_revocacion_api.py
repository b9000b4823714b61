"""revocarDocumento / suspenderDocumento / reactivarDocumento: scope «revocacion», own documents only, errors as
data."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from domain.casos_uso import Contexto
from domain.casos_uso.decisiones import aprobar, asignar
from domain.casos_uso.personas import crear_aliado
from domain.comandos import Asignar, Decidir
from tests.api.conftest import Cliente, radicar, registrar
from tests.api.test_solicitudes import DETALLE, _id_de
from tests.builders import funcionario, verificar_todo

pytestmark = pytest.mark.anyio

CON_ALCANCE = "vnt_credencial-con-alcance-revocacion"
OTRO = "vnt_credencial-de-otro-aliado-revocacion"

CAMBIAR = """
mutation Cambiar($input: CambiarEstadoDocumentoInput!) {
  %s(input: $input) {
    __typename
    ... on CambiarEstadoDocumentoOk { documento { id numero estado } }
    ... on Error { mensaje codigo }
    ... on ErrorValidacion { campo }
  }
}
"""


async def _certificado(cliente: Cliente, ctx: Contexto, credencial: str) -> str:
    titular = await registrar(cliente)
    s = (await radicar(cliente, titular))["solicitud"]
    revisora = funcionario(ctx)
    asignar(Asignar(_id_de(s["id"]), revisora.id), ctx)
    verificar_todo(ctx, _id_de(s["id"]), revisora.id)
    aprobar(Decidir(_id_de(s["id"]), revisora.id), ctx)
    leida = await cliente.gql(DETALLE, {"id": s["id"]}, credencial=credencial)
    return leida["data"]["solicitud"]["certificado"]["id"]  # type: ignore[no-any-return]


async def _cambiar(cliente: Cliente, operacion: str, documento_id: str, motivo: str,
                   credencial: str) -> dict[str, Any]:
    r = await cliente.gql(CAMBIAR % operacion, {"input": {"documentoId": documento_id, "motivo": motivo}},
                          credencial=credencial)
    assert "errors" not in r, r
    return r["data"][operacion]  # type: ignore[no-any-return]


@pytest.fixture
def con_alcance(ctx: Contexto) -> None:
    # The partner files with this credential too, so the documentos are its own.
    alcances = frozenset({"personas", "solicitudes", "revocacion"})
    crear_aliado("Registro con revocación", alcances, ctx, credencial=CON_ALCANCE)
    crear_aliado("Otro portal", alcances, ctx, credencial=OTRO)


async def test_suspender_reactivar_revocar_con_alcance(cliente: Cliente, ctx: Contexto, con_alcance: None) -> None:
    cliente_alcance = _con_credencial(cliente, CON_ALCANCE)
    documento_id = await _certificado(cliente_alcance, ctx, CON_ALCANCE)
    r = await _cambiar(cliente, "suspenderDocumento", documento_id, "Verificación de soporte", CON_ALCANCE)
    assert r["__typename"] == "CambiarEstadoDocumentoOk" and r["documento"]["estado"] == "SUSPENDIDO"
    r = await _cambiar(cliente, "reactivarDocumento", documento_id, "Soporte verificado", CON_ALCANCE)
    assert r["documento"]["estado"] == "VIGENTE"
    r = await _cambiar(cliente, "revocarDocumento", documento_id, "Fraude", CON_ALCANCE)
    assert r["documento"]["estado"] == "REVOCADO"
    qr = "QR:" + base64.b64decode(documento_id).decode().split(":", 1)[1]  # what FakeVerificador reads back
    verificado = await cliente.gql("query($qr: String!) { verificarCertificado(qr: $qr) { estado motivo nota } }",
                                   {"qr": qr}, credencial=CON_ALCANCE)
    assert verificado["data"]["verificarCertificado"] == {"estado": "REVOCADO", "motivo": "Fraude", "nota": None}
    r = await _cambiar(cliente, "revocarDocumento", documento_id, "Otra vez", CON_ALCANCE)
    assert r["__typename"] == "ErrorTransicion" and r["codigo"] == "TRANSICION_INVALIDA"
    eventos = [e for e in ctx.uow().auditoria.eventos if e.accion.startswith("documento.")]  # type: ignore[attr-defined]
    assert [e.accion for e in eventos] == ["documento.suspender", "documento.reactivar", "documento.revocar"]
    assert {e.actor for e in eventos} == {"aliado:Registro con revocación"}


async def test_sin_alcance_error_no_autorizado(cliente: Cliente, ctx: Contexto) -> None:
    documento_id = await _certificado(cliente, ctx, "vnt_credencial-de-prueba-del-portal")
    r = await _cambiar(cliente, "revocarDocumento", documento_id, "Fraude", "vnt_credencial-de-prueba-del-portal")
    assert r["__typename"] == "ErrorNoAutorizado" and "revocacion" in r["mensaje"]


async def test_documento_ajeno_no_existe_y_motivo_obligatorio(
    cliente: Cliente, ctx: Contexto, con_alcance: None
) -> None:
    documento_id = await _certificado(_con_credencial(cliente, CON_ALCANCE), ctx, CON_ALCANCE)
    r = await _cambiar(cliente, "revocarDocumento", documento_id, "Fraude", OTRO)
    assert r["__typename"] == "ErrorNoEncontrado"
    r = await _cambiar(cliente, "revocarDocumento", documento_id, "  ", CON_ALCANCE)
    assert r["__typename"] == "ErrorValidacion" and r["campo"] == "motivo"
    r = await _cambiar(cliente, "revocarDocumento", "no-es-un-id", "Fraude", CON_ALCANCE)
    assert r["__typename"] == "ErrorValidacion" and r["campo"] == "documentoId"


async def test_sin_credencial_error_de_autenticacion(cliente: Cliente) -> None:
    r = await cliente.gql(CAMBIAR % "revocarDocumento", {"input": {"documentoId": "x", "motivo": "y"}},
                          credencial=None)
    assert r["data"] is None and r["errors"]


def _con_credencial(cliente: Cliente, credencial: str) -> Cliente:
    """The same HTTP client, sending ``credencial`` by default."""

    class ConCredencial(Cliente):
        async def gql(self, query: str, variables: dict[str, Any] | None = None, *,
                      credencial: str | None = credencial) -> dict[str, Any]:
            return await super().gql(query, variables, credencial=credencial)

        async def gql_archivos(self, query: str, variables: dict[str, Any], archivos: Any, *,
                               credencial: str | None = credencial) -> dict[str, Any]:
            return await super().gql_archivos(query, variables, archivos, credencial=credencial)

    return ConCredencial(cliente.http)
