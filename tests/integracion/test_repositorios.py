"""Round trips and queries of every repository on the real database: what is stored is what comes back."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy.engine import Engine

from domain.documentos import TipoEventoDocumento
from domain.errores import ConflictoConcurrencia
from domain.reloj import ZONA_COLOMBIA
from domain.solicitudes import EstadoSolicitud, EventoSolicitud
from domain.valores import Identificacion
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL
from tests.integracion import datos
from tests.integracion.conftest import contar_sentencias

pytestmark = pytest.mark.db


def test_persona_ida_y_vuelta(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    p = datos.persona()
    with fabrica() as uow:
        uow.personas.agregar(p)
        uow.commit()
    with fabrica() as uow:
        assert uow.personas.obtener(p.id) == p
        assert uow.personas.por_identificacion(Identificacion.crear("CC", "1020304050")) == p
        assert uow.personas.por_identificacion(Identificacion.crear("TI", "1020304050")) is None
        assert uow.personas.obtener(uuid.uuid4()) is None


def test_persona_guardar_sube_version_y_sin_guardar_no_se_persiste(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    p = datos.persona(fecha_nacimiento=None, sexo=None, direccion=None, municipio=None, correo=None, telefono=None)
    with fabrica() as uow:
        uow.personas.agregar(p)
        uow.commit()
    with fabrica() as uow:
        cargada = uow.personas.obtener(p.id)
        assert cargada == p  # the Nones too
        assert cargada is not None
        cargada.actualizar(correo="nuevo@example.org")
        uow.personas.guardar(cargada)
        assert cargada.version == 1
        cargada.actualizar(telefono="999")  # changed after guardar: must not reach the database
        uow.commit()
    with fabrica() as uow:
        guardada = uow.personas.obtener(p.id)
        assert guardada is not None
        assert (guardada.correo, guardada.telefono, guardada.version) == ("nuevo@example.org", None, 1)


def test_varias_en_una_sola_consulta(fabrica: FabricaUnidadDeTrabajoSQL, motor: Engine) -> None:
    personas = [datos.persona(str(1000000000 + i)) for i in range(30)]
    with fabrica() as uow:
        for p in personas:
            uow.personas.agregar(p)
        uow.commit()
    pedidas = [personas[5].id, personas[2].id, uuid.uuid4(), personas[5].id, personas[29].id]
    with fabrica() as uow:
        uow.personas.obtener(personas[0].id)  # opens the transaction, so only varias is counted below
        with contar_sentencias(motor) as sentencias:
            encontradas = uow.personas.varias(pedidas)
        assert len(sentencias) == 1
        assert encontradas == [personas[5], personas[2], personas[29]]
        assert uow.personas.varias([]) == []


def test_funcionario_y_aliado(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    f, a = datos.funcionario(), datos.aliado()
    with fabrica() as uow:
        uow.funcionarios.agregar(f)
        uow.aliados.agregar(a)
        uow.commit()
    with fabrica() as uow:
        assert uow.funcionarios.obtener(f.id) == f
        assert uow.funcionarios.por_usuario("revisora") == f
        assert uow.funcionarios.por_usuario("otra") is None
        assert uow.aliados.por_hash("f" * 64) == a
        assert uow.aliados.por_hash("0" * 64) is None


def test_solicitud_ida_y_vuelta_con_fechas_con_zona(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    titular, revisora, portal = datos.persona(), datos.funcionario(), datos.aliado()
    s = datos.solicitud(titular, asignado_a=revisora.id, estado=EstadoSolicitud.EN_ESTUDIO, radicada_por=portal.id)
    with fabrica() as uow:
        uow.personas.agregar(titular)
        uow.funcionarios.agregar(revisora)
        uow.aliados.agregar(portal)
        uow.solicitudes.agregar(s)
        uow.commit()
    with fabrica() as uow:
        cargada = uow.solicitudes.obtener(s.id)
        assert cargada == s
        assert cargada is not None
        assert uow.solicitudes.por_radicado(s.radicado) == s
        assert uow.solicitudes.por_radicado("NO-EXISTE") is None
    # Aware, same instants, microseconds kept, in Colombia's zone whatever zone they were written in.
    assert cargada.radicada_en.utcoffset() == timedelta(hours=-5)
    assert cargada.radicada_en.microsecond == 123456
    assert cargada.eventos[1].cuando == s.eventos[1].cuando
    assert cargada.eventos[1].cuando.tzinfo == ZONA_COLOMBIA
    assert cargada.hallazgos[0].resultado is s.hallazgos[0].resultado and cargada.estado is EstadoSolicitud.EN_ESTUDIO


def test_solicitud_guardar_reescribe_soportes_y_anexa_eventos(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    titular = datos.persona()
    s = datos.solicitud(titular)
    with fabrica() as uow:
        uow.personas.agregar(titular)
        uow.solicitudes.agregar(s)
        uow.commit()
    with fabrica() as uow:
        cargada = uow.solicitudes.obtener(s.id)
        assert cargada is not None
        cargada.soportes = [cargada.soportes[1], dataclasses.replace(cargada.soportes[0], subtipo="nuevo")]
        cargada.hallazgos = cargada.hallazgos[:1]
        cargada.eventos.append(EventoSolicitud(datos.INSTANTE + timedelta(days=1), "subsanada", "ciudadano", "x"))
        cargada.estado = EstadoSolicitud.EN_ESTUDIO
        uow.solicitudes.guardar(cargada)
        uow.commit()
    with fabrica() as uow:
        assert uow.solicitudes.obtener(s.id) == cargada
        assert cargada.version == 1


def test_registro_de_eventos_es_de_solo_anexar(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    titular = datos.persona()
    s = datos.solicitud(titular)
    with fabrica() as uow:
        uow.personas.agregar(titular)
        uow.solicitudes.agregar(s)
        uow.commit()
    with fabrica() as uow:
        cargada = uow.solicitudes.obtener(s.id)
        assert cargada is not None
        cargada.eventos.pop()
        with pytest.raises(ValueError, match="solo anexar"):
            uow.solicitudes.guardar(cargada)


def test_guardar_lo_que_no_existe_o_con_version_vieja_es_conflicto(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    p = datos.persona()
    with fabrica() as uow, pytest.raises(ConflictoConcurrencia):
        uow.personas.guardar(p)
    with fabrica() as uow:
        uow.personas.agregar(p)
        uow.commit()
    p.version = 7
    with fabrica() as uow, pytest.raises(ConflictoConcurrencia):
        uow.personas.guardar(p)
    assert p.version == 7  # unchanged when it fails


def test_duplicado_por_clave_unica_es_conflicto(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    with fabrica() as uow:
        uow.personas.agregar(datos.persona())
        uow.commit()
    with fabrica() as uow, pytest.raises(ConflictoConcurrencia):
        uow.personas.agregar(datos.persona())  # same identification, another id


def test_documento_ida_y_vuelta_y_revocacion(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    titular = datos.persona()
    s = datos.solicitud(titular)
    d = datos.documento(titular, s.id)
    sin_archivo = dataclasses.replace(datos.documento(titular), archivo=None, eventos=[], vigente_hasta=None)
    with fabrica() as uow:
        uow.personas.agregar(titular)
        uow.solicitudes.agregar(s)
        uow.documentos.agregar(d)
        uow.documentos.agregar(sin_archivo)
        uow.commit()
    with fabrica() as uow:
        assert uow.documentos.obtener(d.id) == d
        assert uow.documentos.obtener(sin_archivo.id) == sin_archivo
        assert uow.documentos.obtener(uuid.uuid4()) is None
        varios = uow.documentos.varios([sin_archivo.id, uuid.uuid4(), d.id])  # type: ignore[attr-defined]
        assert varios == [sin_archivo, d]
        cargado = uow.documentos.obtener(d.id)
        assert cargado is not None
        cargado.revocar("Fraude", "funcionario:x", datos.INSTANTE + timedelta(days=2))
        uow.documentos.guardar(cargado)
        uow.commit()
    with fabrica() as uow:
        revocado = uow.documentos.obtener(d.id)
        assert revocado == cargado
        assert revocado is not None and revocado.eventos[-1].tipo is TipoEventoDocumento.REVOCACION
        assert revocado.estado(date(2026, 3, 20)).value == "revocado"


def test_vehiculo_con_propietarios_en_orden(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    a, b, c = datos.persona("11111111"), datos.persona("22222222"), datos.persona("33333333")
    v = datos.vehiculo(b, a)
    with fabrica() as uow:
        for p in (a, b, c):
            uow.personas.agregar(p)
        uow.vehiculos.agregar(v)
        uow.commit()
    with fabrica() as uow:
        cargado = uow.vehiculos.por_placa("ABC123")
        assert cargado == v and cargado is not None
        assert cargado.propietarios == [b.id, a.id]
        cargado.propietarios = [c.id]  # traspaso
        uow.vehiculos.guardar(cargado)
        uow.commit()
    with fabrica() as uow:
        assert uow.vehiculos.por_placa("ABC123") == cargado
        assert uow.vehiculos.por_placa("XYZ999") is None


def test_listar_filtros_subsanacion_vencida_y_conteo(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    titular, revisora = datos.persona(), datos.funcionario()
    base = datos.INSTANTE
    s1 = datos.solicitud(titular, radicada_en=base)
    s2 = datos.solicitud(titular, radicada_en=base + timedelta(minutes=1), estado=EstadoSolicitud.EN_ESTUDIO,
                         asignado_a=revisora.id)
    s3 = datos.solicitud(titular, radicada_en=base + timedelta(minutes=2), entidad="OTRA",
                         estado=EstadoSolicitud.REQUIERE_SUBSANACION)
    s4 = datos.solicitud(titular, radicada_en=base + timedelta(minutes=3), estado=EstadoSolicitud.REQUIERE_SUBSANACION)
    s4.fecha_limite_subsanacion = date(2026, 4, 30)
    with fabrica() as uow:
        uow.personas.agregar(titular)
        uow.funcionarios.agregar(revisora)
        for s in (s4, s2, s3, s1):
            uow.solicitudes.agregar(s)
        uow.commit()
    with fabrica() as uow:
        repo = uow.solicitudes
        assert [s.id for s in repo.listar()] == [s1.id, s2.id, s3.id, s4.id]
        assert [s.id for s in repo.listar(entidad="SDG-BOGOTA", limite=2)] == [s1.id, s2.id]
        assert [s.id for s in repo.listar(asignado_a=revisora.id)] == [s2.id]
        estados = [EstadoSolicitud.REQUIERE_SUBSANACION, EstadoSolicitud.RADICADA]
        assert [s.id for s in repo.listar(estados=estados)] == [s1.id, s3.id, s4.id]
        assert repo.listar(limite=0) == []
        assert [s.id for s in repo.con_subsanacion_vencida(date(2026, 4, 17))] == [s3.id]
        assert [s.id for s in repo.con_subsanacion_vencida(date(2026, 5, 1))] == [s3.id, s4.id]
        assert repo.con_subsanacion_vencida(date(2026, 4, 16)) == []
        assert repo.contar_por_estado() == {
            EstadoSolicitud.RADICADA: 1, EstadoSolicitud.EN_ESTUDIO: 1, EstadoSolicitud.REQUIERE_SUBSANACION: 2,
        }
        assert repo.contar_por_estado("OTRA") == {EstadoSolicitud.REQUIERE_SUBSANACION: 1}
        assert repo.contar_por_estado("NINGUNA") == {}


def test_bandeja_de_salida_pendientes_en_orden_y_marcar_enviada(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    primera = datos.notificacion(None, datos.INSTANTE)
    segunda = datos.notificacion(None, datos.INSTANTE + timedelta(seconds=1))
    with fabrica() as uow:
        uow.bandeja_salida.agregar(segunda)
        uow.bandeja_salida.agregar(primera)
        uow.commit()
    with fabrica() as uow:
        assert uow.bandeja_salida.pendientes() == [primera, segunda]
        assert uow.bandeja_salida.pendientes(limite=1) == [primera]
        uow.bandeja_salida.marcar_enviada(primera.id, datos.INSTANTE)
        uow.commit()
    with fabrica() as uow:
        assert uow.bandeja_salida.pendientes() == [segunda]
