"""The statistics fold on a real database: aggregates equal a brute-force count over a generated event log."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from typer.testing import CliRunner

from app.cli import app as cli
from app.tareas import estadisticas_periodicas
from domain.casos_uso import Contexto
from domain.casos_uso.decisiones import aprobar, asignar, rechazar
from domain.casos_uso.estadisticas import MARGEN_TARDIOS, actualizar_estadisticas, consultar_estadisticas, periodo
from domain.casos_uso.solicitudes import radicar_solicitud, subsanar_solicitud
from domain.comandos import Asignar, Decidir, Rechazar, SoporteEntrada, SubsanarSolicitud
from domain.estadisticas import CONTADORES
from domain.reloj import ZONA_COLOMBIA, RelojFijo
from persistence.estadisticas import EstadisticasSQL
from persistence.tablas import eventos_solicitud, solicitudes
from persistence.tablas_estadisticas import (
    estadisticas_marca,
    estadisticas_motivos,
    estadisticas_semanas,
    estadisticas_tiempos,
)
from tests.builders import PDF_MINIMO, funcionario, nueva_persona, radicar_cmd, verificar_todo
from tests.integracion.conftest import HOY, contar_sentencias
from tests.log_estadisticas import Log, generar, insertar, persona_id

pytestmark = pytest.mark.db

AHORA = datetime(2026, 6, 1, 12, tzinfo=ZONA_COLOMBIA)


def _cargar(motor: Engine, log: Log) -> uuid.UUID:
    with motor.begin() as c:
        titular = persona_id(c)
        insertar(c, log, titular)
    return titular


def _agregados(motor: Engine) -> tuple[dict[Any, Counter[str]], Counter[Any], Counter[Any]]:
    with motor.connect() as c:
        semanas = {(f.entidad, f.tramite, f.semana): Counter({k: getattr(f, k) for k in CONTADORES
                                                                if getattr(f, k)})
                   for f in c.execute(select(estadisticas_semanas))}
        tiempos = Counter({(f.entidad, f.tramite, f.semana, f.dias): f.cuenta
                           for f in c.execute(select(estadisticas_tiempos))})
        motivos = Counter({(f.entidad, f.tramite, f.semana, f.motivo): f.cuenta
                           for f in c.execute(select(estadisticas_motivos))})
    return semanas, tiempos, motivos


def _esperado(log: Log) -> tuple[dict[Any, Counter[str]], Counter[Any], Counter[Any]]:
    return {k: +v for k, v in log.semanas.items()}, log.tiempos, log.motivos


@pytest.fixture
def almacen_est(motor: Engine) -> EstadisticasSQL:
    return EstadisticasSQL(motor)


def test_agregados_igualan_la_cuenta_bruta_y_plegar_dos_veces_no_cambia_nada(
    motor: Engine, almacen_est: EstadisticasSQL
) -> None:
    log = generar(semilla=7, n=400)
    _cargar(motor, log)
    avances: list[int] = []
    plegados = actualizar_estadisticas(almacen_est, RelojFijo(AHORA), lote=97, al_avanzar=avances.append)
    decididas = sum(v["decididas"] for v in log.semanas.values())
    assert plegados == sum(1 for e in log.eventos if e["tipo"] != "asignada")
    assert len(avances) > 3 and sum(avances) == plegados  # several batches, each reported
    assert decididas > 100 and any(v["a_tiempo"] < v["decididas"] for v in log.semanas.values())
    assert _agregados(motor) == _esperado(log)
    assert actualizar_estadisticas(almacen_est, RelojFijo(AHORA), lote=97) == 0
    assert _agregados(motor) == _esperado(log)
    # Forgetting the watermark re-reads the whole log; the per-solicitud memory still folds nothing twice.
    with motor.begin() as c:
        c.execute(update(estadisticas_marca).values(cuando=None, solicitud_id=None, secuencia=0))
    assert actualizar_estadisticas(almacen_est, RelojFijo(AHORA)) == 0
    assert _agregados(motor) == _esperado(log)


def test_lo_que_llega_despues_se_suma(motor: Engine, almacen_est: EstadisticasSQL) -> None:
    primera = generar(semilla=11, n=100)
    titular = _cargar(motor, primera)
    actualizar_estadisticas(almacen_est, RelojFijo(AHORA))
    # Later filings are logged later: the second log starts after the last event of the first.
    despues = max(e["cuando"] for e in primera.eventos).date() + timedelta(days=1)
    segunda = generar(semilla=12, n=100, inicio=despues)
    segunda.solicitudes = [{**s, "radicado": "B" + s["radicado"]} for s in segunda.solicitudes]
    with motor.begin() as c:
        insertar(c, segunda, titular)
    actualizar_estadisticas(almacen_est, RelojFijo(AHORA))
    semanas = dict(primera.semanas)
    for k, v in segunda.semanas.items():
        semanas[k] = semanas.get(k, Counter()) + v
    assert _agregados(motor) == ({k: +v for k, v in semanas.items()}, primera.tiempos + segunda.tiempos,
                                 primera.motivos + segunda.motivos)


def test_un_evento_que_se_confirma_tarde_no_se_pierde(motor: Engine, almacen_est: EstadisticasSQL) -> None:
    """A transaction that read the clock before the last folded event but committed after the fold: its event
    sits behind the watermark, within MARGEN_TARDIOS, and the next fold still counts it, once."""
    log = generar(semilla=3, n=30)
    titular = _cargar(motor, log)
    actualizar_estadisticas(almacen_est, RelojFijo(AHORA))
    marca = almacen_est.marca()
    assert marca.cuando is not None and marca.actualizada_en == AHORA
    tarde = Log(solicitudes=[{**generar(semilla=4, n=1).solicitudes[0], "radicado": "TARDE-1"}])
    sid = tarde.solicitudes[0]["id"]
    cuando = marca.cuando - MARGEN_TARDIOS / 2
    tarde.eventos = [dict(solicitud_id=sid, secuencia=0, cuando=cuando, tipo="radicada", actor="x", detalle="")]
    with motor.begin() as c:
        insertar(c, tarde, titular)
    assert actualizar_estadisticas(almacen_est, RelojFijo(AHORA)) == 1
    assert actualizar_estadisticas(almacen_est, RelojFijo(AHORA)) == 0
    semana = cuando.astimezone(ZONA_COLOMBIA).date()
    semana -= timedelta(days=semana.weekday())
    entidad, tramite = tarde.solicitudes[0]["entidad"], tarde.solicitudes[0]["tramite"]
    esperado = log.semanas.get((entidad, tramite, semana), Counter())["radicadas"] + 1
    with motor.connect() as c:
        radicadas = c.execute(select(estadisticas_semanas.c.radicadas).where(
            estadisticas_semanas.c.entidad == entidad, estadisticas_semanas.c.tramite == tramite,
            estadisticas_semanas.c.semana == semana)).scalar_one()
    assert radicadas == esperado


def test_dos_trabajadores_a_la_vez_cuentan_cada_evento_una_vez(motor: Engine, almacen_est: EstadisticasSQL) -> None:
    log = generar(semilla=5, n=300)
    _cargar(motor, log)
    errores: list[BaseException] = []
    plegados: list[int] = []

    def trabajar() -> None:
        try:
            plegados.append(actualizar_estadisticas(EstadisticasSQL(motor), RelojFijo(AHORA), lote=50))
        except BaseException as e:  # reported to the test thread
            errores.append(e)

    hilos = [threading.Thread(target=trabajar) for _ in range(2)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    assert errores == []
    assert sum(plegados) == sum(1 for e in log.eventos if e["tipo"] != "asignada")
    assert _agregados(motor) == _esperado(log)


def test_decidida_el_ultimo_dia_habil_a_tiempo_un_dia_despues_vencida(
    motor: Engine, almacen_est: EstadisticasSQL
) -> None:
    """Seed 000 paso 6 («1 día hábil»): filed Tuesday 17/03/2026, deadline Wednesday 18. Decided on the 18th at
    23:00 is on time; on Thursday 19th is late. Filed Friday 20/03, the deadline skips San José (Monday 23)."""
    casos = [(date(2026, 3, 17), date(2026, 3, 18), date(2026, 3, 18)),
             (date(2026, 3, 17), date(2026, 3, 18), date(2026, 3, 19)),
             (date(2026, 3, 20), date(2026, 3, 24), date(2026, 3, 24))]
    log = Log()
    for i, (radicada, limite, decision) in enumerate(casos):
        sid = uuid.uuid4()
        inicio = datetime(radicada.year, radicada.month, radicada.day, 9, tzinfo=ZONA_COLOMBIA)
        fin = datetime(decision.year, decision.month, decision.day, 23, tzinfo=ZONA_COLOMBIA)
        log.solicitudes.append(dict(
            id=sid, radicado=f"RES-{i}", tramite="SDG-CERT-RESIDENCIA", tramite_version=date(2024, 1, 1),
            entidad="SDG-BOGOTA", persona_privada_libertad=False, destino="general", entrega="descarga",
            radicada_en=inicio, fecha_limite_decision=limite, estado="aprobada", hallazgos=[], motivos_rechazo=[],
            version=2))
        log.eventos += [dict(solicitud_id=sid, secuencia=0, cuando=inicio, tipo="radicada", actor="x", detalle=""),
                        dict(solicitud_id=sid, secuencia=1, cuando=fin, tipo="aprobada", actor="x", detalle="")]
    _cargar(motor, log)
    actualizar_estadisticas(almacen_est, RelojFijo(AHORA))
    semana1 = almacen_est.semanas("SDG-BOGOTA", None, date(2026, 3, 16), date(2026, 3, 16))
    semana2 = almacen_est.semanas("SDG-BOGOTA", "SDG-CERT-RESIDENCIA", date(2026, 3, 23), date(2026, 3, 23))
    assert [(f.decididas, f.a_tiempo) for f in semana1] == [(2, 1)]  # the 18th on time, the 19th late
    assert [(f.decididas, f.a_tiempo) for f in semana2] == [(1, 1)]


def test_vencidas_ahora_cuenta_abiertas_con_limite_pasado_por_indice(
    motor: Engine, almacen_est: EstadisticasSQL
) -> None:
    log = generar(semilla=9, n=200)
    _cargar(motor, log)
    hoy = date(2026, 3, 1)
    esperado = sum(1 for s in log.solicitudes if s["entidad"] == "SDG-BOGOTA"
                   and s["estado"] in ("radicada", "en_estudio") and s["fecha_limite_decision"] < hoy)
    assert esperado > 0
    assert almacen_est.vencidas("SDG-BOGOTA", None, hoy) == esperado
    solo = sum(1 for s in log.solicitudes if s["entidad"] == "SDG-BOGOTA" and s["tramite"] == "SDG-OTRO"
               and s["estado"] in ("radicada", "en_estudio") and s["fecha_limite_decision"] < hoy)
    assert almacen_est.vencidas("SDG-BOGOTA", "SDG-OTRO", hoy) == solo
    with motor.connect() as c:
        consulta = select(func.count()).select_from(solicitudes).where(
            solicitudes.c.entidad == "SDG-BOGOTA", solicitudes.c.estado.in_(["en_estudio", "radicada"]),
            solicitudes.c.fecha_limite_decision < hoy)
        if motor.dialect.name == "sqlite":
            plan = " ".join(str(f[-1]) for f in c.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + str(consulta.compile(c, compile_kwargs={"literal_binds": True}))))
            assert "ix_solicitudes_vencimiento" in plan, plan
        else:
            c.exec_driver_sql("SET enable_seqscan = off")  # a table this small would be scanned anyway
            plan = " ".join(str(f[0]) for f in c.exec_driver_sql(
                "EXPLAIN " + str(consulta.compile(c, compile_kwargs={"literal_binds": True}))))
            assert "ix_solicitudes_vencimiento" in plan, plan


def test_la_consulta_lee_solo_agregados(motor: Engine, almacen_est: EstadisticasSQL) -> None:
    log = generar(semilla=13, n=150)
    _cargar(motor, log)
    reloj = RelojFijo(AHORA)
    actualizar_estadisticas(almacen_est, reloj)
    per = periodo(date(2026, 1, 1), date(2026, 5, 31), date(2026, 6, 1))
    with contar_sentencias(motor) as sentencias:
        est = consultar_estadisticas(almacen_est, reloj, "SDG-BOGOTA", None, per)
    # The event log is never read; solicitudes only by the «vencidas» count (served by its index).
    assert not any("eventos_solicitud" in s for s in sentencias)
    assert sum("FROM solicitudes" in s for s in sentencias) == 1
    esperadas = sum(v["decididas"] for (e, _t, _s), v in log.semanas.items() if e == "SDG-BOGOTA")
    assert est.totales.decididas == esperadas
    assert set(est.tramites) == {"SDG-CERT-RESIDENCIA", "SDG-OTRO"}
    assert est.mediana_dias is not None
    assert est.motivos[0][1] >= est.motivos[-1][1]
    assert all(m == m.strip() and not m.endswith(".") for m, _ in est.motivos)


def test_eventos_de_otros_tipos_no_mueven_los_agregados(motor: Engine, almacen_est: EstadisticasSQL) -> None:
    log = generar(semilla=21, n=20)
    _cargar(motor, log)
    actualizar_estadisticas(almacen_est, RelojFijo(AHORA))
    antes = _agregados(motor)
    sid = log.solicitudes[0]["id"]
    with motor.begin() as c:
        ultima = c.execute(select(func.max(eventos_solicitud.c.secuencia)).where(
            eventos_solicitud.c.solicitud_id == sid)).scalar_one()
        c.execute(insert(eventos_solicitud).values(solicitud_id=sid, secuencia=ultima + 1, cuando=AHORA,
                                                   tipo="certificado_emitido", actor="x", detalle=""))
    assert actualizar_estadisticas(almacen_est, RelojFijo(AHORA)) == 0
    assert _agregados(motor) == antes


def test_comando_estadisticas_actualizar(motor: Engine, url_bd: str, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VENTANILLA_DIRECTORIO_DATOS", str(tmp_path))
    monkeypatch.setenv("VENTANILLA_DATABASE_URL", url_bd)
    log = generar(semilla=17, n=60)
    _cargar(motor, log)
    r = CliRunner().invoke(cli, ["estadisticas", "actualizar", "--lote", "100"])
    assert r.exit_code == 0, r.output
    plegables = sum(1 for e in log.eventos if e["tipo"] != "asignada")
    assert f"Estadísticas al día: {plegables} eventos sumados." in r.output
    assert _agregados(motor) == _esperado(log)
    again = CliRunner().invoke(cli, ["estadisticas", "actualizar"])
    assert "0 eventos sumados" in again.output


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_el_servidor_actualiza_periodicamente(motor: Engine, almacen_est: EstadisticasSQL) -> None:
    log = generar(semilla=19, n=40)
    _cargar(motor, log)
    app = Starlette(lifespan=estadisticas_periodicas(almacen_est, RelojFijo(AHORA), minutos=0.05 / 60))
    async with LifespanManager(app):
        for _ in range(100):
            if almacen_est.marca().actualizada_en is not None:
                break
            await asyncio.sleep(0.05)
    assert _agregados(motor) == _esperado(log)


def test_el_registro_que_escriben_los_casos_de_uso(ctx: Contexto, reloj: RelojFijo, motor: Engine) -> None:
    """Seed 000 paso 6 (1 día hábil) and paso 8 (subsanación), through the real use cases: filed Tuesday 17/03/2026
    (deadline 18), rejected on Thursday 19 (late) with two reasons, corrected on Monday 30/03 (new deadline Tuesday
    31) and approved that Tuesday (on time). The fold runs only at the end, when the row's deadline is already the
    second cycle's: the rejection must still be judged against the 18th."""
    s = radicar_solicitud(radicar_cmd(nueva_persona(ctx), HOY), ctx)
    revisora = funcionario(ctx)
    asignar(Asignar(s.id, revisora.id), ctx)
    reloj.avanzar(days=2)
    rechazar(Rechazar(s.id, revisora.id, ["El recibo no muestra la dirección.", "falta la firma"]), ctx)
    reloj.avanzar(days=11)
    nuevo = SoporteEntrada("recibo_servicio_publico", "recibo.pdf", PDF_MINIMO, HOY + timedelta(days=10), "gas")
    s = subsanar_solicitud(SubsanarSolicitud(s.id, [nuevo]), ctx)
    assert s.fecha_limite_decision == date(2026, 3, 31)
    reloj.avanzar(days=1)
    verificar_todo(ctx, s.id, revisora.id)
    aprobar(Decidir(s.id, revisora.id), ctx)
    almacen = EstadisticasSQL(motor)
    assert actualizar_estadisticas(almacen, reloj) == 4  # radicada, rechazada, subsanada, aprobada
    marzo, abril = date(2026, 3, 16), date(2026, 3, 30)
    filas = {f.semana: f for f in almacen.semanas("SDG-BOGOTA", None, marzo, abril)}
    assert (filas[marzo].radicadas, filas[marzo].rechazadas, filas[marzo].a_tiempo) == (1, 1, 0)
    assert (filas[abril].aprobadas, filas[abril].a_tiempo) == (1, 1)
    assert almacen.tiempos("SDG-BOGOTA", None, marzo, abril) == {2: 1, 1: 1}
    assert almacen.motivos("SDG-BOGOTA", None, marzo, marzo, 10) == [
        ("El recibo no muestra la dirección", 1), ("Falta la firma", 1)]
