"""Concurrency on the real engine: optimistic locking, gap-free radicado numbers, twenty officials at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from domain.casos_uso import Contexto
from domain.casos_uso.decisiones import aprobar, asignar
from domain.casos_uso.solicitudes import radicar_solicitud
from domain.comandos import Asignar, Decidir
from domain.errores import ConflictoConcurrencia, TransicionInvalida
from domain.motor.catalogo import CatalogoTramites
from domain.solicitudes import EstadoSolicitud
from domain.verificaciones import revisables
from persistence.db import crear_motor
from persistence.tablas import bandeja_salida, documentos, eventos_solicitud, solicitudes
from persistence.unidad_de_trabajo import FabricaUnidadDeTrabajoSQL
from tests.builders import funcionario, nueva_persona, radicar_cmd, verificar_todo
from tests.fakes import FakeEmisor, FakeVerificador
from tests.integracion import datos
from tests.integracion.conftest import HOY

pytestmark = pytest.mark.db

T = TypeVar("T")


def _a_la_vez(n: int, tarea: Callable[[int], T]) -> list[T | BaseException]:
    """Run ``tarea`` in ``n`` threads released together by a barrier; results or exceptions, in order."""
    barrera = threading.Barrier(n)

    def correr(i: int) -> T | BaseException:
        barrera.wait()
        try:
            return tarea(i)
        except BaseException as error:
            return error

    with ThreadPoolExecutor(max_workers=n) as hilos:
        return list(hilos.map(correr, range(n)))


@pytest.fixture
def motor_amplio(motor: Engine, url_bd: str) -> Iterator[Engine]:
    """Enough pooled connections for every thread, so they really meet in the database and not in the pool."""
    amplio = crear_motor(url_bd, pool_size=25, max_overflow=0)
    yield amplio
    amplio.dispose()


def test_dos_unidades_guardan_la_misma_solicitud_la_segunda_pierde(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    titular = datos.persona()
    s = datos.solicitud(titular)
    with fabrica() as uow:
        uow.personas.agregar(titular)
        uow.solicitudes.agregar(s)
        uow.commit()
    with fabrica() as primera, fabrica() as segunda:
        a = primera.solicitudes.obtener(s.id)
        b = segunda.solicitudes.obtener(s.id)
        assert a is not None and b is not None
        a.motivos_rechazo = ["de la primera"]
        primera.solicitudes.guardar(a)
        primera.commit()
        b.motivos_rechazo = ["de la segunda"]
        with pytest.raises(ConflictoConcurrencia):
            segunda.solicitudes.guardar(b)
    with fabrica() as uow:
        guardada = uow.solicitudes.obtener(s.id)
    assert guardada is not None and guardada.motivos_rechazo == ["de la primera"] and guardada.version == 1


def test_consecutivo_sin_huecos_un_rollback_devuelve_el_numero(fabrica: FabricaUnidadDeTrabajoSQL) -> None:
    with fabrica() as uow:
        assert uow.solicitudes.siguiente_consecutivo("RES-2026") == 1
        assert uow.solicitudes.siguiente_consecutivo("OTRO-2026") == 1
        uow.commit()
    with fabrica() as uow:
        assert uow.solicitudes.siguiente_consecutivo("RES-2026") == 2
    with fabrica() as uow:  # the previous one never committed: 2 is still free
        assert uow.solicitudes.siguiente_consecutivo("RES-2026") == 2
        uow.commit()


def test_consecutivos_concurrentes_distintos_y_seguidos(motor_amplio: Engine) -> None:
    fabrica = FabricaUnidadDeTrabajoSQL.desde_motor(motor_amplio)

    def tomar(_: int) -> int:
        with fabrica() as uow:
            numero = uow.solicitudes.siguiente_consecutivo("RES-2026")
            time.sleep(0.01)  # hold the counter a little, as a real filing does, to make the race likely
            uow.commit()
        return numero

    resultados = _a_la_vez(16, tomar)
    assert sorted(resultados) == list(range(1, 17))  # type: ignore[type-var]


def test_radicaciones_concurrentes_tienen_radicados_distintos(ctx: Contexto, motor_amplio: Engine) -> None:
    titular = nueva_persona(ctx)
    hilos_ctx = Contexto(FabricaUnidadDeTrabajoSQL.desde_motor(motor_amplio), ctx.almacen, ctx.reloj, ctx.tramites,
                         ctx.emisor, ctx.verificador, inspector=ctx.inspector)
    resultados = _a_la_vez(12, lambda _: radicar_solicitud(radicar_cmd(titular, HOY), hilos_ctx).radicado)
    assert sorted(resultados) == [f"RES-2026-{n:06d}" for n in range(1, 13)]  # type: ignore[type-var]


def test_veinte_funcionarios_aprueban_a_la_vez_solo_uno_gana(ctx: Contexto, motor_amplio: Engine) -> None:
    s = radicar_solicitud(radicar_cmd(nueva_persona(ctx), HOY), ctx)
    revisora = funcionario(ctx)
    asignar(Asignar(s.id, revisora.id), ctx)
    emisor = FakeEmisor()
    hilos_ctx = Contexto(FabricaUnidadDeTrabajoSQL.desde_motor(motor_amplio), ctx.almacen, ctx.reloj,
                         CatalogoTramites.predeterminado(), emisor, FakeVerificador(), inspector=ctx.inspector)

    verificar_todo(hilos_ctx, s.id, revisora.id)  # one version per verified item
    antes = 1 + len(revisables(s.hallazgos))
    resultados = _a_la_vez(20, lambda _: aprobar(Decidir(s.id, revisora.id), hilos_ctx))

    ganadores = [r for r in resultados if not isinstance(r, BaseException)]
    perdedores = [r for r in resultados if isinstance(r, BaseException)]
    assert len(ganadores) == 1, resultados
    assert all(isinstance(e, ConflictoConcurrencia | TransicionInvalida) for e in perdedores), perdedores
    ganador = ganadores[0]
    assert ganador.estado is EstadoSolicitud.FINALIZADA and ganador.version == antes + 1
    # Nothing half-written by the losers: one document, one notice, one approval in the log, one version bump.
    with motor_amplio.connect() as conexion:
        def contar(tabla, *donde):  # type: ignore[no-untyped-def]
            return conexion.execute(select(func.count()).select_from(tabla).where(*donde)).scalar_one()

        assert contar(documentos, documentos.c.solicitud_id == s.id) == 1
        assert contar(bandeja_salida, bandeja_salida.c.asunto.startswith("Solicitud aprobada")) == 1
        assert contar(eventos_solicitud, eventos_solicitud.c.tipo == "aprobada") == 1
        assert contar(eventos_solicitud, eventos_solicitud.c.tipo == "certificado_emitido") == 1
        fila = conexion.execute(select(solicitudes).where(solicitudes.c.id == s.id)).mappings().one()
    assert fila["version"] == antes + 1 and fila["documento_id"] == ganador.documento_id
    assert len(emisor.emitidos) >= 1  # losers may have signed too; their documents were rolled back
