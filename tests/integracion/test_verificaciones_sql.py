"""The official's verifications on the real engine: stored and read back whole (migration 0014), optimistic locking
between two officials' pages and between threads, and the history's references resolved in one query per kind."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from domain.casos_uso import Contexto
from domain.casos_uso.decisiones import aprobar, asignar
from domain.casos_uso.decisiones_finales import anular_solicitud, rechazar_definitivamente, verificar_hallazgo
from domain.casos_uso.referencias import resolver_referencias
from domain.casos_uso.solicitudes import radicar_solicitud
from domain.comandos import Asignar, Decidir, DecisionFinal, VerificarHallazgo
from domain.errores import ConflictoConcurrencia
from domain.personas import Rol
from domain.solicitudes import EstadoSolicitud
from domain.verificaciones import ResultadoVerificacion, revisables
from persistence.db import crear_motor
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL
from tests.builders import funcionario, nueva_persona, radicar_cmd, verificar_todo
from tests.integracion.conftest import HOY, contar_sentencias
from tests.integracion.test_concurrencia import _a_la_vez

pytestmark = pytest.mark.db


@pytest.fixture
def motor_amplio(motor: Engine, url_bd: str) -> Iterator[Engine]:
    amplio = crear_motor(url_bd, pool_size=12, max_overflow=0)
    yield amplio
    amplio.dispose()


def test_las_verificaciones_se_guardan_y_vuelven_enteras(ctx: Contexto) -> None:
    s = radicar_solicitud(radicar_cmd(nueva_persona(ctx), HOY), ctx)
    revisora = funcionario(ctx)
    asignar(Asignar(s.id, revisora.id), ctx)
    i = revisables(s.hallazgos)[1]
    verificar_hallazgo(VerificarHallazgo(s.id, revisora.id, i, "no_verificado", "Dirección «tapada» ñ"), ctx)
    with ctx.uow() as uow:
        leida = uow.solicitudes.obtener(s.id)
    assert leida is not None
    [v] = leida.verificaciones
    assert (v.indice, v.resultado, v.funcionario_id, v.observacion) == (
        i, ResultadoVerificacion.NO_VERIFICADO, revisora.id, "Dirección «tapada» ñ")
    assert v.cuando == ctx.reloj.ahora() and v.cuando.utcoffset() is not None
    assert leida.eventos[-1].tipo == "hallazgo_no_verificado"


def test_la_pagina_de_otro_momento_pierde(ctx: Contexto) -> None:
    s = radicar_solicitud(radicar_cmd(nueva_persona(ctx), HOY), ctx)
    revisora = funcionario(ctx)
    s = asignar(Asignar(s.id, revisora.id), ctx)
    i, j = revisables(s.hallazgos)[:2]
    verificar_hallazgo(VerificarHallazgo(s.id, revisora.id, i, "verificado", version=s.version), ctx)
    with pytest.raises(ConflictoConcurrencia):
        verificar_hallazgo(VerificarHallazgo(s.id, revisora.id, j, "verificado", version=s.version), ctx)
    with pytest.raises(ConflictoConcurrencia):
        rechazar_definitivamente(DecisionFinal(s.id, revisora.id, ["x"], s.version), ctx)


def test_verificaciones_a_la_vez_una_gana_y_nada_queda_a_medias(ctx: Contexto, motor_amplio: Engine) -> None:
    s = radicar_solicitud(radicar_cmd(nueva_persona(ctx), HOY), ctx)
    revisora = funcionario(ctx)
    s = asignar(Asignar(s.id, revisora.id), ctx)
    hilos = Contexto(FabricaUnidadDeTrabajoSQL.desde_motor(motor_amplio), ctx.almacen, ctx.reloj, ctx.tramites,
                     ctx.emisor, ctx.verificador, inspector=ctx.inspector)
    indices = revisables(s.hallazgos)
    # Without a version from a page: the row's own version check decides between simultaneous writers.
    resultados = _a_la_vez(6, lambda n: verificar_hallazgo(
        VerificarHallazgo(s.id, revisora.id, indices[n % len(indices)], "verificado"), hilos))
    ganadores = [r for r in resultados if not isinstance(r, BaseException)]
    perdedores = [r for r in resultados if isinstance(r, BaseException)]
    assert ganadores and all(isinstance(e, ConflictoConcurrencia) for e in perdedores), perdedores
    with ctx.uow() as uow:
        leida = uow.solicitudes.obtener(s.id)
        auditadas = uow.auditoria.listar(entidad="SDG-BOGOTA", limite=50)
    assert leida is not None and leida.version == s.version + len(ganadores)
    assert len([e for e in leida.eventos if e.tipo == "hallazgo_verificado"]) == len(ganadores)
    assert len(auditadas) == len(ganadores)  # the losers' audit entries rolled back with them


def test_historial_y_auditoria_se_resuelven_en_una_consulta_por_clase(ctx: Contexto, motor: Engine) -> None:
    revisora = funcionario(ctx)
    jefa = funcionario(ctx, "jefa", Rol.COORDINADOR)
    aprobadas = []
    for n in range(3):
        s = radicar_solicitud(radicar_cmd(nueva_persona(ctx, f"10203040{n}"), HOY), ctx)
        asignar(Asignar(s.id, revisora.id), ctx)
        verificar_todo(ctx, s.id, revisora.id)
        aprobadas.append(aprobar(Decidir(s.id, revisora.id), ctx))
    anulada = radicar_solicitud(radicar_cmd(nueva_persona(ctx, "79111222"), HOY), ctx)
    anulada = anular_solicitud(DecisionFinal(anulada.id, jefa.id, ["Radicada por error."]), ctx)
    assert anulada.estado is EstadoSolicitud.ANULADA
    actores = ["funcionario:revisora", "funcionario:jefa", "funcionario:nadie", "sistema"]
    objetos = [f"documento:{s.documento_id}" for s in aprobadas] + [f"solicitud:{s.id}" for s in aprobadas]
    with contar_sentencias(motor) as sentencias:
        refs = resolver_referencias(ctx, actores=actores, objetos=[*objetos, "documento:no-es-un-id"])
    assert refs.funcionarios == {"revisora": "Revisora", "jefa": "Jefa"}
    assert sorted(refs.documentos.values()) == [f"RES-2026-00000{n}-C" for n in (1, 2, 3)]
    assert sorted(refs.solicitudes.values()) == ["RES-2026-000001", "RES-2026-000002", "RES-2026-000003"]
    consultas = [x for x in sentencias if x.lstrip().upper().startswith("SELECT")]
    assert len(consultas) <= 4, consultas  # funcionarios, documentos (+ their events), solicitudes
