"""Revoking, suspending and reactivating issued documents: who may, motivo required, audited, state derived."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from domain.casos_uso import Contexto
from domain.casos_uso.certificados import verificar_en_linea
from domain.casos_uso.decisiones import aprobar, asignar
from domain.casos_uso.revocacion import (
    consultar_auditoria,
    documentos_revocados,
    reactivar_documento,
    revocar_documento,
    suspender_documento,
)
from domain.casos_uso.solicitudes import radicar_solicitud
from domain.comandos import Asignar, Decidir
from domain.documentos import EstadoDocumento, VerificacionQR
from domain.errores import DatoInvalido, NoAutorizado, NoEncontrado, TransicionInvalida
from domain.personas import Rol, SistemaAliado
from domain.reloj import RelojFijo
from tests.builders import funcionario, nueva_persona, radicar_cmd, verificar_todo

HOY = date(2026, 3, 17)


def _emitido(ctx: Contexto) -> uuid.UUID:
    s = radicar_solicitud(radicar_cmd(nueva_persona(ctx), HOY), ctx)
    revisora = funcionario(ctx)
    asignar(Asignar(s.id, revisora.id), ctx)
    verificar_todo(ctx, s.id, revisora.id)
    s = aprobar(Decidir(s.id, revisora.id), ctx)
    assert s.documento_id is not None
    return s.documento_id


def _estado(ctx: Contexto, documento_id: uuid.UUID) -> EstadoDocumento:
    with ctx.uow() as uow:
        documento = uow.documentos.obtener(documento_id)
    assert documento is not None
    return documento.estado(HOY)


def test_coordinador_revoca_con_motivo_y_queda_auditado(ctx: Contexto) -> None:
    documento_id = _emitido(ctx)
    jefa = funcionario(ctx, "jefa", Rol.COORDINADOR)
    revocar_documento(documento_id, jefa.id, "  Expedido con soporte falso  ", ctx)
    assert _estado(ctx, documento_id) is EstadoDocumento.REVOCADO
    resultado = verificar_en_linea(f"QR:{documento_id}", ctx)
    assert resultado.estado == "revocado" and resultado.motivo == "Expedido con soporte falso"
    [evento] = [e for e in consultar_auditoria(jefa.id, ctx) if e.accion.startswith("documento.")]
    assert evento.accion == "documento.revocar" and evento.actor == "funcionario:jefa"
    assert evento.objeto == f"documento:{documento_id}" and evento.entidad == "SDG-BOGOTA"
    assert "Expedido con soporte falso" in evento.detalle
    [linea] = documentos_revocados(ctx)
    assert (linea.documento_id, linea.estado, linea.motivo) == (documento_id, "revocado", "Expedido con soporte falso")
    with pytest.raises(TransicionInvalida, match="ya está revocado"):
        revocar_documento(documento_id, jefa.id, "otra vez", ctx)


def test_revisor_no_puede_y_no_se_escribe_nada(ctx: Contexto) -> None:
    documento_id = _emitido(ctx)
    revisora = funcionario(ctx, "otra", Rol.REVISOR)
    for accion in (revocar_documento, suspender_documento):
        with pytest.raises(NoAutorizado, match="Solo un coordinador"):
            accion(documento_id, revisora.id, "motivo", ctx)
    assert _estado(ctx, documento_id) is EstadoDocumento.VIGENTE
    eventos = ctx.uow().auditoria.eventos  # type: ignore[attr-defined]
    assert [e for e in eventos if e.accion.startswith("documento.")] == []
    with pytest.raises(NoAutorizado):
        consultar_auditoria(revisora.id, ctx)


def test_coordinador_de_otra_entidad_no_puede(ctx: Contexto) -> None:
    documento_id = _emitido(ctx)
    ajeno = funcionario(ctx, "ajeno", Rol.COORDINADOR, entidad="CANCILLERIA")
    with pytest.raises(NoAutorizado, match="esta entidad"):
        revocar_documento(documento_id, ajeno.id, "motivo", ctx)


def test_motivo_obligatorio(ctx: Contexto) -> None:
    documento_id = _emitido(ctx)
    jefa = funcionario(ctx, "jefa", Rol.COORDINADOR)
    for motivo in ("", "   "):
        with pytest.raises(DatoInvalido, match="El motivo es obligatorio") as error:
            suspender_documento(documento_id, jefa.id, motivo, ctx)
        assert error.value.campo == "motivo"
    with pytest.raises(DatoInvalido, match="500"):
        revocar_documento(documento_id, jefa.id, "x" * 501, ctx)
    assert _estado(ctx, documento_id) is EstadoDocumento.VIGENTE


def test_documento_inexistente(ctx: Contexto) -> None:
    jefa = funcionario(ctx, "jefa", Rol.COORDINADOR)
    with pytest.raises(NoEncontrado):
        revocar_documento(uuid.uuid4(), jefa.id, "motivo", ctx)


def test_suspender_reactivar_y_listas(ctx: Contexto, reloj: RelojFijo) -> None:
    documento_id = _emitido(ctx)
    jefa = funcionario(ctx, "jefa", Rol.COORDINADOR)
    suspender_documento(documento_id, jefa.id, "Investigación en curso", ctx)
    assert _estado(ctx, documento_id) is EstadoDocumento.SUSPENDIDO
    assert [(r.estado, r.motivo) for r in documentos_revocados(ctx)] == [("suspendido", "Investigación en curso")]
    with pytest.raises(TransicionInvalida, match="Solo se puede suspender"):
        suspender_documento(documento_id, jefa.id, "otra", ctx)
    reloj.avanzar(hours=1)
    reactivar_documento(documento_id, jefa.id, "Investigación archivada", ctx)
    assert _estado(ctx, documento_id) is EstadoDocumento.VIGENTE
    assert documentos_revocados(ctx) == []
    with pytest.raises(TransicionInvalida, match="Solo se puede reactivar"):
        reactivar_documento(documento_id, jefa.id, "otra", ctx)
    acciones = [e.accion for e in consultar_auditoria(jefa.id, ctx) if e.accion.startswith("documento.")]
    assert sorted(acciones) == ["documento.reactivar", "documento.suspender"]
    # A suspended document may still be revoked; a revoked one cannot be reactivated.
    suspender_documento(documento_id, jefa.id, "De nuevo", ctx)
    revocar_documento(documento_id, jefa.id, "Fraude confirmado", ctx)
    with pytest.raises(TransicionInvalida):
        reactivar_documento(documento_id, jefa.id, "no", ctx)
    assert [(r.estado, r.motivo) for r in documentos_revocados(ctx)] == [("revocado", "Fraude confirmado")]


def test_auditoria_paginada_por_llave_mas_reciente_primero(ctx: Contexto) -> None:
    jefa = funcionario(ctx, "jefa", Rol.COORDINADOR)
    ids = [_emitido_otro(ctx, i) for i in range(3)]
    for i, documento_id in enumerate(ids):
        ctx.reloj.avanzar(minutes=1)  # type: ignore[attr-defined]
        revocar_documento(documento_id, jefa.id, f"motivo {i}", ctx)
    primera = consultar_auditoria(jefa.id, ctx, limite=2)
    assert [e.objeto for e in primera] == [f"documento:{ids[2]}", f"documento:{ids[1]}"]
    segunda = consultar_auditoria(jefa.id, ctx, antes_de=(primera[-1].cuando, primera[-1].id), limite=2)
    # Then the older entries: the first revocation, and the verifications made before approving each one.
    assert segunda[0].objeto == f"documento:{ids[0]}" and segunda[1].accion == "solicitud.verificar_hallazgo"


def _emitido_otro(ctx: Contexto, i: int) -> uuid.UUID:
    s = radicar_solicitud(radicar_cmd(nueva_persona(ctx, f"10203040{i:02d}"), HOY), ctx)
    revisora = funcionario(ctx, f"rev{i}")
    asignar(Asignar(s.id, revisora.id), ctx)
    verificar_todo(ctx, s.id, revisora.id)
    s = aprobar(Decidir(s.id, revisora.id), ctx)
    assert s.documento_id is not None
    return s.documento_id


def test_aliado_necesita_alcance_y_solo_lo_propio(ctx: Contexto) -> None:
    documento_id = _emitido(ctx)  # filed with no partner (radicada_por None)
    sin_alcance = SistemaAliado(uuid.uuid4(), "Portal", "h1")
    with pytest.raises(NoAutorizado, match="revocacion"):
        revocar_documento(documento_id, None, "motivo", ctx, aliado=sin_alcance)
    con_alcance = SistemaAliado(uuid.uuid4(), "Portal", "h2", frozenset({"revocacion"}))
    with pytest.raises(NoEncontrado):
        revocar_documento(documento_id, None, "motivo", ctx, aliado=con_alcance)


def test_pagina_en_linea_clave_retirada_y_comprometida(ctx: Contexto) -> None:
    documento_id = _emitido(ctx)

    class Retirada:
        def verificar(self, texto: str) -> VerificacionQR:
            return VerificacionQR(True, "firmado con clave retirada", "k", documento_id, {})

    class Comprometida:
        def verificar(self, texto: str) -> VerificacionQR:
            return VerificacionQR(False, "clave retirada por compromiso el 1 de marzo: el documento no es confiable",
                                  "k", documento_id)

    from dataclasses import replace

    r = verificar_en_linea("x", replace(ctx, verificador=Retirada()))
    assert r.estado == "vigente" and r.nota == "firmado con clave retirada"
    r = verificar_en_linea("x", replace(ctx, verificador=Comprometida()))
    assert r.estado == "invalido" and "no es confiable" in r.mensaje
