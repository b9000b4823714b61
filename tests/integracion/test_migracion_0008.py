"""Migration 0008 on an outbox written by 0005: old rows get a state and an entidad, and still go out."""

from __future__ import annotations

import importlib

import pytest
from alembic import command
from sqlalchemy import Column, MetaData, String, Table, Text, Uuid, insert, text

from domain.casos_uso.notificaciones import despachar_notificaciones
from domain.notificaciones import EstadoEnvio
from domain.reloj import RelojFijo
from persistence import mapeo, tablas
from persistence.db import crear_motor
from persistence.migrar import configuracion, migrar
from persistence.tipos import FechaHora
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL
from tests.integracion import datos
from tests.integracion.conftest import BasesDePrueba
from tests.integracion.correo import cartero_smtp
from tests.integracion.smtp import ServidorSMTP

pytestmark = pytest.mark.db

# The outbox as 0005 left it: no kind, no state.
BANDEJA_0005 = Table(
    "bandeja_salida", MetaData(), Column("id", Uuid), Column("destinatario", String), Column("asunto", Text),
    Column("cuerpo", Text), Column("creada_en", FechaHora()), Column("solicitud_id", Uuid),
    Column("enviada_en", FechaHora()),
)


# The revision just before 0008 (the chain grows as other migrations land before it).
ANTERIOR = importlib.import_module("persistence.migraciones.versions.0008_envio_notificaciones").down_revision


def test_filas_anteriores_quedan_pendientes_o_enviadas_con_su_entidad_y_se_entregan(bases: BasesDePrueba) -> None:
    url = bases.nueva()
    migrar(url, ANTERIOR)
    motor = crear_motor(url)
    try:
        titular = datos.persona()
        solicitud = datos.solicitud(titular, entidad="SDG-BOGOTA")
        with FabricaUnidadDeTrabajoSQL.desde_motor(motor)() as u:  # personas are as in 0005
            u.personas.agregar(titular)
            u.commit()
        with motor.begin() as conexion:  # solicitudes without the columns later migrations add (0014)
            fila = {k: v for k, v in mapeo.solicitud_a_fila(solicitud).items() if k != "verificaciones"}
            conexion.execute(insert(tablas.solicitudes), fila)
            for x in mapeo.soportes_a_filas(solicitud):
                conexion.execute(insert(tablas.soportes), x)
            for i, e in enumerate(solicitud.eventos):
                conexion.execute(insert(tablas.eventos_solicitud), mapeo.evento_solicitud_a_fila(solicitud.id, i, e))
        sin_enviar, enviada, suelta = (datos.notificacion(solicitud.id), datos.notificacion(solicitud.id),
                                       datos.notificacion(None))
        with motor.begin() as conexion:
            for n, cuando in ((sin_enviar, None), (enviada, datos.INSTANTE), (suelta, None)):
                conexion.execute(insert(BANDEJA_0005), {
                    "id": n.id, "destinatario": n.destinatario, "asunto": n.asunto, "cuerpo": n.cuerpo,
                    "creada_en": n.creada_en, "solicitud_id": n.solicitud_id, "enviada_en": cuando,
                })

        migrar(url)
        with FabricaUnidadDeTrabajoSQL.desde_motor(motor)() as u:
            leidas = {n.id: u.bandeja_salida.obtener(n.id) for n in (sin_enviar, enviada, suelta)}
        assert leidas[sin_enviar.id].estado is EstadoEnvio.PENDIENTE  # type: ignore[union-attr]
        assert leidas[enviada.id].estado is EstadoEnvio.ENVIADA  # type: ignore[union-attr]
        assert leidas[sin_enviar.id].entidad == "SDG-BOGOTA" and leidas[suelta.id].entidad is None  # type: ignore[union-attr]
        assert leidas[sin_enviar.id].proximo_intento == sin_enviar.creada_en  # type: ignore[union-attr]
        assert leidas[sin_enviar.id].tipo is None and leidas[sin_enviar.id].intentos == 0  # type: ignore[union-attr]

        with ServidorSMTP() as servidor:
            r = despachar_notificaciones(FabricaUnidadDeTrabajoSQL.desde_motor(motor), RelojFijo(datos.INSTANTE),
                                         cartero_smtp(servidor.puerto))
        assert r.enviadas == 2 and len(servidor.buzon.recibidos) == 2  # the two unsent ones, as plain text
        m = servidor.buzon.recibidos[0]
        assert m["Subject"] == "Solicitud radicada — RES"
        assert "Cuerpo\r\ncon líneas" in m.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert "<p>con líneas</p>" in m.get_body(("html",)).get_content()  # type: ignore[union-attr]

        command.downgrade(configuracion(url), ANTERIOR)  # and back, on both engines
        with motor.connect() as conexion:
            assert conexion.execute(text("SELECT count(*) FROM bandeja_salida")).scalar_one() == 3
    finally:
        motor.dispose()

