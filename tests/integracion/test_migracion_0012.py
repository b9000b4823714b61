"""Migration 0012 (issue 8 §1): the residence certificate's own columns become its datos and partes.

Every solicitud written before keeps its id, radicado, state, certificate and counters; the migration is reversible.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from domain.solicitudes import EstadoSolicitud
from persistence.db import crear_motor
from persistence.migrar import configuracion, migrar
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL
from tests.integracion import datos
from tests.integracion.antiguas import insertar_solicitud_0011
from tests.integracion.conftest import BasesDePrueba

pytestmark = pytest.mark.db


def test_solicitudes_anteriores_pasan_a_partes_y_datos_y_conservan_certificado_y_conteos(
    bases: BasesDePrueba,
) -> None:
    url = bases.nueva()
    migrar(url, "0011")
    motor = crear_motor(url)
    try:
        titular, responsable = datos.persona(), datos.persona("79111222")
        with FabricaUnidadDeTrabajoSQL.desde_motor(motor)() as u:  # personas and documentos: unchanged by 0012
            u.personas.agregar(titular)
            u.personas.agregar(responsable)
            u.commit()
        emitida = insertar_solicitud_0011(motor, titular.id, radicado="RES-2026-000001", radicada_en=datos.INSTANTE,
                                          estado="finalizada")
        documento = datos.documento(titular, emitida)
        with FabricaUnidadDeTrabajoSQL.desde_motor(motor)() as u:
            u.documentos.agregar(documento)
            u.commit()
        with motor.begin() as conexion:
            conexion.execute(text("UPDATE solicitudes SET documento_id = :d WHERE id = :s"),
                             {"d": documento.id.hex if motor.dialect.name == "sqlite" else documento.id,
                              "s": emitida.hex if motor.dialect.name == "sqlite" else emitida})
        ppl = insertar_solicitud_0011(motor, titular.id, radicado="RES-2026-000002", radicada_en=datos.INSTANTE,
                                      solicitante_id=responsable.id, destino="cancilleria", estado="aprobada",
                                      entrega="recoger_en_alcaldia")
        abierta = insertar_solicitud_0011(motor, titular.id, radicado="RES-2026-000003", radicada_en=datos.INSTANTE)

        migrar(url)

        with FabricaUnidadDeTrabajoSQL.desde_motor(motor)() as u:
            e, p, a = (u.solicitudes.obtener(x) for x in (emitida, ppl, abierta))
            assert e is not None and p is not None and a is not None
            assert e.partes == {"titular": titular.id} and e.rol_notificado == "titular"
            assert e.datos == {"destino": "general", "persona_privada_libertad": False}
            assert e.documento_id == documento.id and e.version == 3 and e.radicado == "RES-2026-000001"
            # The certificate (and so its QR, which names it) is the same row, untouched.
            assert u.documentos.obtener(documento.id) == documento
            assert p.partes == {"titular": titular.id, "solicitante": responsable.id}
            assert p.solicitante_id == responsable.id and p.persona_privada_libertad and p.destino == "cancilleria"
            assert p.entrega == "recoger" and p.lugar_entrega == "la alcaldía local" and p.lista_para_recoger
            assert a.estado is EstadoSolicitud.RADICADA and a.sujeto is None
            # The counters start from the rows that were there, and move with every change after.
            assert u.solicitudes.contar_por_estado("SDG-BOGOTA") == {
                EstadoSolicitud.FINALIZADA: 1, EstadoSolicitud.APROBADA: 1, EstadoSolicitud.RADICADA: 1}
            a.estado = EstadoSolicitud.ANULADA
            u.solicitudes.guardar(a)
            u.commit()
        with FabricaUnidadDeTrabajoSQL.desde_motor(motor)() as u:
            assert u.solicitudes.contar_por_estado("SDG-BOGOTA") == {
                EstadoSolicitud.FINALIZADA: 1, EstadoSolicitud.APROBADA: 1, EstadoSolicitud.ANULADA: 1}

        from alembic import command

        command.downgrade(configuracion(url), "0011")  # and back, on both engines
        with motor.connect() as conexion:
            fila = conexion.execute(text(
                "SELECT destino, persona_privada_libertad, entrega FROM solicitudes WHERE radicado = 'RES-2026-000002'"
            )).one()
            assert tuple(fila) == ("cancilleria", True, "recoger_en_alcaldia")
    finally:
        motor.dispose()
