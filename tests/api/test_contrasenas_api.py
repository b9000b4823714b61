"""GraphQL: tramiteIdentidad(id) for partners and the public verificarContrasena(qr) (seed 002 §15.4-15.6)."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from domain.casos_uso import Contexto
from domain.casos_uso.contrasenas import SolicitarDocumentoIdentidad, solicitar_documento_identidad
from domain.casos_uso.contrasenas_reposicion import ReponerContrasena, reponer_contrasena
from domain.reloj import RelojFijo
from domain.valores import Identificacion
from tests.api.conftest import Cliente, registrar
from tests.builders import funcionario, nueva_persona
from tests.fakes_identidad import FakeEmisorContrasenas

pytestmark = pytest.mark.anyio

TRAMITE = """
query T($id: ID!) { tramiteIdentidad(id: $id) {
  numeroPreparacion tipoDocumento clase estado descripcionEstado oficina esConsulado
  contrasenas { documentoId tipo vigenteHasta } } }
"""
VERIFICAR = """
query V($qr: String!) { verificarContrasena(qr: $qr) {
  numero tipo vigente vigenteHasta estadoTramite descripcionTramite oficina nota
  reemplazada reemplazadaEl avisoReemplazo } }
"""


@pytest.fixture
def ctx(ctx: Contexto) -> Contexto:
    contexto = replace(ctx, contrasenas=FakeEmisorContrasenas())
    funcionario(contexto, "registrador", entidad="RNEC")
    return contexto


def _registrador_id(ctx: Contexto) -> uuid.UUID:
    with ctx.uow() as uow:
        oficial = uow.funcionarios.por_usuario("registrador")
    assert oficial is not None
    return oficial.id


def _tramite(ctx: Contexto, titular_id: uuid.UUID, oficina: str = "RNEC-BOG-CENTRO") -> tuple[str, str]:
    oficial = _registrador_id(ctx)
    t, d = solicitar_documento_identidad(
        SolicitarDocumentoIdentidad(titular_id, "TI", "primera_vez", oficina, oficial), ctx)
    return str(t.id), str(d.id)


def _persona_id(ctx: Contexto, numero: str) -> uuid.UUID:
    with ctx.uow() as uow:
        p = uow.personas.por_identificacion(Identificacion.crear("CC", numero))
    assert p is not None
    return p.id


async def test_tramite_identidad_solo_de_personas_del_aliado(cliente: Cliente, ctx: Contexto) -> None:
    await registrar(cliente)
    tramite_id, documento_id = _tramite(ctx, _persona_id(ctx, "1020304050"))
    r = await cliente.gql(TRAMITE, {"id": tramite_id})
    assert r["data"]["tramiteIdentidad"] == {
        "numeroPreparacion": "RNEC-2026-0000001", "tipoDocumento": "TI", "clase": "primera_vez",
        "estado": "en_produccion", "descripcionEstado": "En producción",
        "oficina": "Registraduría Auxiliar de Teusaquillo (Bogotá D.C.)", "esConsulado": False,
        "contrasenas": [{"documentoId": documento_id, "tipo": "contrasena_eis", "vigenteHasta": "2026-09-17"}],
    }
    ajeno_id, _ = _tramite(ctx, nueva_persona(ctx, "1020304099").id)  # not registered by this partner
    assert (await cliente.gql(TRAMITE, {"id": ajeno_id}))["data"]["tramiteIdentidad"] is None
    assert (await cliente.gql(TRAMITE, {"id": "basura"}))["data"]["tramiteIdentidad"] is None
    sin = await cliente.gql(TRAMITE, {"id": tramite_id}, credencial=None)
    assert not (sin["data"] or {}).get("tramiteIdentidad")
    assert sin["errors"][0]["extensions"]["code"] == "NO_AUTENTICADO"


async def test_verificar_contrasena_publica(cliente: Cliente, ctx: Contexto, reloj: RelojFijo) -> None:
    """§15.5: six months, then expired; consulates never expire. Public: no credential."""
    _, documento_id = _tramite(ctx, nueva_persona(ctx).id)
    _, consular_id = _tramite(ctx, nueva_persona(ctx, "1020304051").id, "CONS-MIAMI")
    r = (await cliente.gql(VERIFICAR, {"qr": f"QR:{documento_id}"}, credencial=None))["data"]["verificarContrasena"]
    assert r["vigente"] and r["vigenteHasta"] == "2026-09-17" and r["estadoTramite"] == "en_produccion"
    assert "no certifica" in r["nota"]
    assert not r["reemplazada"] and r["reemplazadaEl"] is None and r["avisoReemplazo"] is None
    reloj.avanzar(days=200)
    r = (await cliente.gql(VERIFICAR, {"qr": f"QR:{documento_id}"}, credencial=None))["data"]["verificarContrasena"]
    assert not r["vigente"]
    r = (await cliente.gql(VERIFICAR, {"qr": f"QR:{consular_id}"}, credencial=None))["data"]["verificarContrasena"]
    assert r["vigente"] and r["vigenteHasta"] is None
    assert (await cliente.gql(VERIFICAR, {"qr": "falso"}, credencial=None))["data"]["verificarContrasena"] is None


async def test_verificar_contrasena_reemplazada_dice_por_que(cliente: Cliente, ctx: Contexto, reloj: RelojFijo) -> None:
    """Seed 002 §15.6: after a replacement (green, no QR, a new six-month period) the replaced receipt's QR reports
    `vigente: false` *and why* (reemplazada, its date, the notice); the new receipt is valid and not replaced."""
    tramite_id, anterior_id = _tramite(ctx, nueva_persona(ctx).id)
    reloj.avanzar(days=40)  # 2026-04-26, well within the first receipt's six months
    nueva = reponer_contrasena(ReponerContrasena(uuid.UUID(tramite_id), "perdida", "RNEC-CHIA",
                                                 _registrador_id(ctx)), ctx).documento
    r = (await cliente.gql(VERIFICAR, {"qr": f"QR:{anterior_id}"}, credencial=None))["data"]["verificarContrasena"]
    assert (r["tipo"], r["vigente"], r["reemplazada"], r["reemplazadaEl"]) == (
        "contrasena_eis", False, True, "2026-04-26")
    assert r["vigenteHasta"] == "2026-09-17"  # its dates alone would still say valid
    assert r["avisoReemplazo"] == "Reemplazada por reposición el 26 de abril de 2026; no es válida."
    r = (await cliente.gql(VERIFICAR, {"qr": f"QR:{nueva.id}"}, credencial=None))["data"]["verificarContrasena"]
    assert (r["tipo"], r["vigente"], r["reemplazada"], r["reemplazadaEl"], r["avisoReemplazo"]) == (
        "contrasena_verde", True, False, None, None)
    assert r["vigenteHasta"] == "2026-10-26"  # §15.6 read as a new period of the same length
