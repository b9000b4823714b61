"""Registro de firmas and certificaciones de firma on the real database (seed 002 §6-7.3)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from domain.casos_uso import Contexto
from domain.casos_uso.firmas import (
    CertificacionRechazada,
    certificar_firma,
    consultar_certificacion,
    listar_firmas,
    retirar_firma,
)
from domain.eregistro import ACCION_CONSULTA_ENCONTRADA, ACCION_CONSULTA_FALLIDA, ACCIONES_CONSULTA
from domain.errores import ConflictoConcurrencia
from domain.reloj import RelojFijo
from persistence.limitador_consultas import limitador_eregistro_sql
from tests.unit.test_firmas import HOY, _certificar, _coord, _registrar

pytestmark = pytest.mark.db


def test_firma_ida_y_vuelta_retiro_y_version(ctx: Contexto) -> None:
    firma_id = _registrar(ctx)
    with ctx.uow() as uow:
        firma = uow.firmas.obtener(firma_id)
        assert firma is not None and firma.estado == "activa" and firma.version == 0
        assert firma.especimen.tipo_medio == "image/png" and len(firma.huella_certificado) == 64
    retirada = retirar_firma(firma_id, date(2026, 1, 31), _coord(ctx), ctx)
    assert retirada.version == 1
    assert listar_firmas(ctx) == [retirada]
    with ctx.uow() as uow, pytest.raises(ConflictoConcurrencia):
        uow.firmas.guardar(firma)  # stale version 0


def test_certificacion_emitida_persistida_y_consultable(ctx: Contexto, reloj: RelojFijo, motor: Engine) -> None:
    emitida = certificar_firma(_certificar(ctx, _registrar(ctx)), ctx)
    assert emitida.documento.numero == "CF-2026-000001"
    with ctx.uow() as uow:
        assert uow.certificaciones_firma.por_numero("CF-2026-000001") == emitida.certificacion
        documento = uow.documentos.obtener(emitida.documento.id)
        assert documento is not None and documento.tipo == "certificacion_firma"
    limitador = limitador_eregistro_sql(motor, reloj)
    r = consultar_certificacion("CF-2026-000001", HOY, "192.0.2.1", limitador, ctx)
    assert r is not None and r.cargo == "Registradora municipal"
    assert consultar_certificacion("CF-2026-000002", HOY, "192.0.2.1", limitador, ctx) is None
    with ctx.uow() as uow:
        consultas = [e for e in uow.auditoria.listar(limite=100) if e.accion in ACCIONES_CONSULTA]
    assert sorted(e.accion for e in consultas) == [ACCION_CONSULTA_ENCONTRADA, ACCION_CONSULTA_FALLIDA]
    assert all(e.actor == "publico:192.0.2.1" and "ip=192.0.2.1" in e.detalle for e in consultas)


def test_rechazo_no_escribe(ctx: Contexto) -> None:
    with pytest.raises(CertificacionRechazada):
        certificar_firma(_certificar(ctx, _registrar(ctx), tiene_recaudo=False), ctx)
    with ctx.uow() as uow:
        assert uow.certificaciones_firma.por_numero("CF-2026-000001") is None
