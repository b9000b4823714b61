"""The shared limiter stores for real: the database (SQLite, and PostgreSQL with VENTANILLA_TEST_DATABASE_URL) and
Redis (127.0.0.1:6379, or VENTANILLA_TEST_REDIS_URL; required in CI, skipped elsewhere only when absent). Each
"worker" has its own engine or connection and its own limiter instance; only the store is shared."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from sqlalchemy import Engine, func, select

from app.composicion import construir
from app.config import Settings
from domain.limites import AlmacenContadores, LimitadorVentanas
from persistence import contadores_sql
from persistence.contadores_redis import ContadoresRedis
from persistence.contadores_sql import ContadoresSQL
from persistence.db import crear_motor
from persistence.tablas_limitador import limitador_ventanas
from tests.unit.test_limites import Reloj

pytestmark = pytest.mark.db
URL_REDIS = os.environ.get("VENTANILLA_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

Fabrica = Callable[[], AlmacenContadores]


def redis_o_saltar() -> redis.Redis:
    cliente = redis.Redis.from_url(URL_REDIS, socket_timeout=2, socket_connect_timeout=2)
    try:
        cliente.ping()
    except redis.RedisError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no hay Redis en {URL_REDIS} (en CI es obligatorio: .ci/run lo arranca)")
    return cliente


@pytest.fixture(params=["bd", "redis"])
def fabrica(request: pytest.FixtureRequest, motor: Engine, url_bd: str) -> Iterator[Fabrica]:
    """Makes the store as a new worker would: its own engine (database) or connection (Redis)."""
    motores: list[Engine] = []
    clientes: list[redis.Redis] = []
    prefijo = f"prueba:{uuid.uuid4().hex[:10]}:"  # parallel runs on one Redis never see each other's keys

    def nueva() -> AlmacenContadores:
        if request.param == "bd":
            motores.append(crear_motor(url_bd))
            return ContadoresSQL(motores[-1], reloj=Reloj())  # prunes by the tests' clock, like the limiters
        clientes.append(redis_o_saltar())
        return ContadoresRedis(clientes[-1], prefijo=prefijo)

    yield nueva
    for m in motores:
        m.dispose()
    if clientes:
        for llave in clientes[0].scan_iter(match=prefijo + "*"):
            clientes[0].delete(llave)
    for c in clientes:
        c.close()


def test_sumar_leer_y_borrar(fabrica: Fabrica) -> None:
    almacen = fabrica()
    assert almacen.sumar_y_leer({("a", 100): 2, ("b", 100): 1}, [("a", 100)], duracion=60) == {("a", 100): 2}
    assert almacen.sumar_y_leer({("a", 100): 3}, [("a", 99), ("a", 100), ("b", 100), ("c", 100)],
                                duracion=60) == {("a", 100): 5, ("b", 100): 1}
    almacen.borrar([("a", 99), ("a", 100)])
    assert almacen.sumar_y_leer({}, [("a", 100), ("b", 100)], duracion=60) == {("b", 100): 1}
    assert almacen.sumar_y_leer({}, [], duracion=60) == {}
    assert almacen.disponible()


def test_dos_trabajadores_exactos(fabrica: Fabrica) -> None:
    """The login limiter: failures counted on one worker block on the other, at once."""
    reloj = Reloj()
    uno, otro = (LimitadorVentanas(fabrica(), "ingreso-cuenta", maximo=5, ventana=900, reloj=reloj)
                 for _ in range(2))
    for i in range(4):
        (uno if i % 2 else otro).registrar("usuario:revisora")
    assert not uno.bloqueado("usuario:revisora")
    otro.registrar("usuario:revisora")
    assert uno.bloqueado("usuario:revisora") and otro.bloqueado("usuario:revisora")
    uno.limpiar("usuario:revisora")
    assert not otro.bloqueado("usuario:revisora")


def test_dos_trabajadores_en_bufer(fabrica: Fabrica) -> None:
    """The public page's limiter: each worker counts in memory; after a flush each, a key over the limit is blocked
    on both, and the store holds every event."""
    reloj = Reloj()
    a, b = (LimitadorVentanas(fabrica(), "verificar", maximo=10, ventana=60, intervalo=3600, reloj=reloj)
            for _ in range(2))
    for _ in range(6):
        a.registrar("ip:198.51.100.7")
        b.registrar("ip:198.51.100.7")
    assert not a.bloqueado("ip:198.51.100.7") and not b.bloqueado("ip:198.51.100.7")  # 6 each, unflushed
    a.sincronizar()
    b.sincronizar()
    assert b.bloqueado("ip:198.51.100.7")  # b read back 12
    a.registrar("ip:198.51.100.7")  # a still knows only its own 6 (the slack) …
    a.sincronizar()
    assert a.bloqueado("ip:198.51.100.7")  # … until its next flush: 13
    assert fabrica().sumar_y_leer({}, [("verificar:ip:198.51.100.7", 100)], duracion=60) == {
        ("verificar:ip:198.51.100.7", 100): 13}
    a.cerrar()
    b.cerrar()


def test_escrituras_concurrentes_no_pierden_cuentas(fabrica: Fabrica) -> None:
    """Two workers × two threads adding to the same counters at once (UPSERT races, lock order): nothing lost."""
    almacenes = [fabrica(), fabrica()]
    errores: list[BaseException] = []

    def sumar(almacen: AlmacenContadores) -> None:
        try:
            for _ in range(25):
                almacen.sumar_y_leer({("x", 100): 1, ("y", 100): 2}, [("x", 100)], duracion=60)
        except BaseException as error:  # pragma: no cover - reported below
            errores.append(error)

    hilos = [threading.Thread(target=sumar, args=(almacenes[i % 2],)) for i in range(4)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    assert errores == []
    assert almacenes[0].sumar_y_leer({}, [("x", 100), ("y", 100)], duracion=60) == {("x", 100): 100,
                                                                                   ("y", 100): 200}


def test_bd_poda_los_vencidos_por_lotes(motor: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    reloj = Reloj(6_000)
    almacen = ContadoresSQL(motor, reloj=reloj)
    # Windows of 60 s: counter i expires at (i + 2) × 60 — index 100 at 6,120 s, 200 at 12,120 s.
    almacen.sumar_y_leer({(f"viejo{n}", 100): 1 for n in range(7)} | {("nuevo", 200): 1}, [], duracion=60)
    reloj.t = 10_000
    monkeypatch.setattr(contadores_sql, "LOTE_PODA", 3)
    assert almacen.podar() == 3  # a full batch: the next write prunes again
    almacen.sumar_y_leer({("nuevo", 200): 1}, [], duracion=60)
    almacen.sumar_y_leer({("nuevo", 200): 1}, [], duracion=60)
    with motor.connect() as conexion:
        quedan = dict(conexion.execute(select(limitador_ventanas.c.clave, limitador_ventanas.c.cuenta)).all())
    assert quedan == {"nuevo": 3}
    assert almacen.podar() == 0
    reloj.t = 12_121
    assert almacen.podar() == 1
    with motor.connect() as conexion:
        assert conexion.execute(select(func.count()).select_from(limitador_ventanas)).scalar_one() == 0


def test_redis_caduca_sus_contadores() -> None:
    cliente = redis_o_saltar()
    prefijo = f"prueba:{uuid.uuid4().hex[:10]}:"
    try:
        ContadoresRedis(cliente, prefijo=prefijo).sumar_y_leer({("a", 5): 1}, [], duracion=60)
        assert 0 < int(cliente.ttl(f"{prefijo}a|5")) <= 120  # two windows
    finally:
        cliente.delete(f"{prefijo}a|5")
        cliente.close()


def test_la_composicion_elige_el_almacen(tmp_path: Path, url_bd: str) -> None:
    base = {"directorio_datos": tmp_path, "directorio_claves": tmp_path / "claves", "database_url": url_bd}
    sistema = construir(Settings(**base))  # type: ignore[arg-type]
    try:
        assert isinstance(sistema.contadores, ContadoresSQL) and "redis" not in sistema.listo()
    finally:
        sistema.motor.dispose()
    redis_o_saltar().close()
    sistema = construir(Settings(**base, redis_url=URL_REDIS))  # type: ignore[arg-type]
    try:
        assert isinstance(sistema.contadores, ContadoresRedis) and sistema.listo()["redis"] == "ok"
    finally:
        sistema.motor.dispose()
    caido = construir(Settings(**base, redis_url="redis://127.0.0.1:1/0"))  # type: ignore[arg-type]
    try:
        assert caido.listo()["redis"] == "no disponible"
    finally:
        caido.motor.dispose()
