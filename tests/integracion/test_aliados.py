"""Partner isolation on the real database: the radicada_por filter, which personas and documentos a partner may
read (in one SQL statement), the idempotent link, and the use cases end to end on SQL."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, timedelta

import pytest
from sqlalchemy.engine import Engine

from domain.casos_uso import Contexto
from domain.casos_uso.certificados import descargar_certificado
from domain.casos_uso.consultas import detalle_solicitud, listar_solicitudes
from domain.casos_uso.decisiones import aprobar, asignar
from domain.casos_uso.personas import obtener_persona, registrar_persona
from domain.casos_uso.solicitudes import radicar_solicitud
from domain.comandos import Asignar, Decidir, RegistrarPersona
from domain.errores import NoEncontrado
from domain.personas import SistemaAliado
from domain.solicitudes import EstadoSolicitud, Solicitud
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL
from tests.builders import funcionario, persona_cmd, radicar_cmd, verificar_todo
from tests.integracion import datos
from tests.integracion.conftest import HOY, contar_sentencias

pytestmark = pytest.mark.db


def _aliados(fabrica: FabricaUnidadDeTrabajoSQL) -> tuple[SistemaAliado, SistemaAliado]:
    a = datos.aliado()
    b = dataclasses.replace(datos.aliado(), nombre="Otro portal", hash_credencial="e" * 64)
    with fabrica() as uow:
        uow.aliados.agregar(a)
        uow.aliados.agregar(b)
        uow.commit()
    return a, b


def test_listar_por_radicada_por_con_cursor_y_otros_filtros(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    a, b = _aliados(fabrica)
    titular = datos.persona()
    todas: list[Solicitud] = []
    for i in range(30):
        dueno = (a.id, b.id, None)[i % 3]
        estado = EstadoSolicitud.RADICADA if i % 2 else EstadoSolicitud.EN_ESTUDIO
        todas.append(datos.solicitud(titular, radicado=f"RES-2026-{i:06d}", estado=estado, radicada_por=dueno,
                                     radicada_en=datos.INSTANTE + timedelta(seconds=i % 7)))
    with fabrica() as uow:
        uow.personas.agregar(titular)
        for s in reversed(todas):
            uow.solicitudes.agregar(s)
        uow.commit()
    orden = sorted(todas, key=lambda s: (s.radicada_en, s.id))
    for aliado in (a, b):
        esperadas = [s.id for s in orden if s.radicada_por == aliado.id]
        vistas: list[uuid.UUID] = []
        cursor = None
        while True:
            with fabrica() as uow:
                pagina = uow.solicitudes.listar(radicada_por=aliado.id, despues_de=cursor, limite=4)
            vistas += [s.id for s in pagina]
            if len(pagina) < 4:
                break
            cursor = (pagina[-1].radicada_en.astimezone(UTC), pagina[-1].id)
        assert vistas == esperadas and len(esperadas) == 10
    with fabrica() as uow:
        radicadas_a = uow.solicitudes.listar(radicada_por=a.id, estados=[EstadoSolicitud.RADICADA])
        assert [s.id for s in radicadas_a] == [
            s.id for s in orden if s.radicada_por == a.id and s.estado is EstadoSolicitud.RADICADA
        ]
        assert uow.solicitudes.listar(radicada_por=uuid.uuid4()) == []
        assert len(uow.solicitudes.listar(limite=100)) == 30  # no filter: every one, partners' or not


def test_personas_visibles_en_una_sola_consulta(fabrica: FabricaUnidadDeTrabajoSQL, motor: Engine) -> None:
    a, b = _aliados(fabrica)
    registrada, titular, responsable, ajena = (datos.persona(n) for n in ("11111111", "22222222", "33333333",
                                                                          "44444444"))
    s = dataclasses.replace(datos.solicitud(titular, radicada_por=a.id),
                            partes={"titular": titular.id, "solicitante": responsable.id})
    with fabrica() as uow:
        for p in (registrada, titular, responsable, ajena):
            uow.personas.agregar(p)
        uow.personas.vincular(registrada.id, a.id)
        uow.personas.vincular(registrada.id, a.id)  # idempotent, even in the same transaction
        uow.personas.vincular(ajena.id, b.id)
        uow.solicitudes.agregar(s)
        uow.commit()
    with fabrica() as uow:
        uow.personas.vincular(registrada.id, a.id)  # and in another one
        uow.commit()
    todas = [ajena.id, responsable.id, uuid.uuid4(), registrada.id, titular.id]
    with fabrica() as uow:
        uow.personas.obtener(registrada.id)  # opens the transaction, so only varias is counted below
        with contar_sentencias(motor) as sentencias:
            de_a = uow.personas.varias(todas, visibles_para=a.id)
        assert len(sentencias) == 1
        assert de_a == [responsable, registrada, titular]  # registered by A, or solicitante/titular of A's solicitud
        assert uow.personas.varias(todas, visibles_para=b.id) == [ajena]
        assert uow.personas.varias(todas, visibles_para=uuid.uuid4()) == []
        assert len(uow.personas.varias(todas)) == 4  # no filter


def test_documentos_visibles_solo_los_de_solicitudes_propias(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    a, b = _aliados(fabrica)
    titular = datos.persona()
    s_a, s_interna = datos.solicitud(titular, radicada_por=a.id), datos.solicitud(titular)
    d_a, d_interno, suelto = datos.documento(titular, s_a.id), datos.documento(titular, s_interna.id), \
        datos.documento(titular)
    with fabrica() as uow:
        uow.personas.agregar(titular)
        uow.solicitudes.agregar(s_a)
        uow.solicitudes.agregar(s_interna)
        for d in (d_a, d_interno, suelto):
            uow.documentos.agregar(d)
        uow.commit()
    ids = [suelto.id, d_interno.id, d_a.id]
    with fabrica() as uow:
        assert uow.documentos.varios(ids, visibles_para=a.id) == [d_a]
        assert uow.documentos.varios(ids, visibles_para=b.id) == []
        assert uow.documentos.varios(ids) == [suelto, d_interno, d_a]


def test_casos_de_uso_sobre_sql(ctx: Contexto, fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    """Two partners through the use cases: each reads its own; the other's answers as if it did not exist."""
    a, b = _aliados(fabrica)
    ana, _ = registrar_persona(persona_cmd(aliado_id=a.id), ctx)
    s = radicar_solicitud(radicar_cmd(ana, HOY, aliado_id=a.id), ctx)
    assert s.radicada_por == a.id and obtener_persona(ana.id, ctx, b.id) is None
    with pytest.raises(NoEncontrado, match="indicada como titular"):
        radicar_solicitud(radicar_cmd(ana, HOY, aliado_id=b.id), ctx)
    assert detalle_solicitud(s.id, ctx, b.id) is None and detalle_solicitud(s.id, ctx, a.id) is not None
    revisora = funcionario(ctx)
    asignar(Asignar(s.id, revisora.id), ctx)
    verificar_todo(ctx, s.id, revisora.id)
    aprobar(Decidir(s.id, revisora.id), ctx)
    assert descargar_certificado(s.id, ctx, a.id).contenido.startswith(b"%PDF")
    with pytest.raises(NoEncontrado, match="La solicitud no existe"):
        descargar_certificado(s.id, ctx, b.id)

    # B re-registers Ana with her identity (names, birth date) and nothing else: nothing A registered is erased, and
    # B may now read her and file for her.
    otra_vez, creada = registrar_persona(RegistrarPersona("CC", "1020304050", "Ana María", "Pérez Gómez",
                                                          ana.fecha_nacimiento, aliado_id=b.id), ctx)
    assert not creada and otra_vez.id == ana.id
    assert dataclasses.replace(otra_vez, version=0) == dataclasses.replace(ana, version=0)
    s_b = radicar_solicitud(radicar_cmd(ana, HOY, aliado_id=b.id), ctx)
    assert [x.id for x in listar_solicitudes(ctx, radicada_por=a.id).solicitudes] == [s.id]
    assert [x.id for x in listar_solicitudes(ctx, radicada_por=b.id).solicitudes] == [s_b.id]
    assert detalle_solicitud(s.id, ctx, b.id) is None
