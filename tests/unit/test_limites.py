"""The shared rate limiter (domain/limites.py) on an in-memory store: the sliding estimate, the exact mode, the
buffered mode's flushes and slack between two "workers", and the key of a client address."""

from __future__ import annotations

import threading
import time
from collections.abc import Collection, Mapping

import pytest

from domain.limites import LimitadorVentanas, Ventana, clave_direccion


class FakeContadores:
    """``AlmacenContadores`` in a dict; counts the calls, and fails on demand."""

    def __init__(self) -> None:
        self.cuentas: dict[Ventana, int] = {}
        self.llamadas = 0
        self.falla = False
        self._candado = threading.Lock()

    def sumar_y_leer(self, incrementos: Mapping[Ventana, int], leer: Collection[Ventana], *,
                     duracion: int) -> dict[Ventana, int]:
        with self._candado:
            self.llamadas += 1
            if self.falla:
                raise ConnectionError("almacén caído")
            for v, n in incrementos.items():
                self.cuentas[v] = self.cuentas.get(v, 0) + n
            return {v: self.cuentas[v] for v in leer if v in self.cuentas}

    def borrar(self, ventanas: Collection[Ventana]) -> None:
        for v in ventanas:
            self.cuentas.pop(v, None)

    def disponible(self) -> bool:
        return not self.falla

    def total(self) -> int:
        return sum(self.cuentas.values())


class Reloj:
    def __init__(self, t: float = 6_000.0) -> None:  # 6,000 s: the start of window 100 of 60 s
        self.t = t

    def __call__(self) -> float:
        return self.t


def test_clave_de_una_direccion() -> None:
    assert clave_direccion("198.51.100.7") == "ip:198.51.100.7"
    assert clave_direccion("::ffff:198.51.100.7") == "ip:198.51.100.7"
    # One subscriber's /64 is one key: changing the interface identifier does not escape the limit.
    assert clave_direccion("2001:db8:1:2::1") == clave_direccion("2001:db8:1:2:abcd:ef01:2345:6789") \
        == "ip6:2001:db8:1:2::/64"
    assert clave_direccion("2001:db8:1:3::1") != clave_direccion("2001:db8:1:2::1")
    assert clave_direccion("testclient") == "ip:testclient"


def test_exacto_bloquea_al_maximo_y_la_ventana_anterior_pesa_lo_que_queda_de_ella() -> None:
    almacen, reloj = FakeContadores(), Reloj()
    limite = LimitadorVentanas(almacen, "prueba", maximo=4, ventana=60, reloj=reloj)
    for _ in range(4):
        assert not limite.bloqueado("a")
        limite.registrar("a")
    assert limite.bloqueado("a") and not limite.bloqueado("b")
    assert limite.bloqueado("b", "a")  # any of the keys
    reloj.t += 60 + 30  # half-way through the next window: the 4 count as 2
    assert not limite.bloqueado("a")
    limite.registrar("a", "a")
    assert limite.bloqueado("a")
    reloj.t += 60  # the next window, at its middle: 2 × 0.5 = 1
    assert not limite.bloqueado("a")
    limite.limpiar("a")
    assert not limite.bloqueado("a") and almacen.total() == 4  # windows 101-102 cleared; 100 no longer counts


def test_exacto_no_deja_pasar_el_doble_en_el_borde_de_la_ventana() -> None:
    almacen, reloj = FakeContadores(), Reloj(6_000 + 59)
    limite = LimitadorVentanas(almacen, "prueba", maximo=10, ventana=60, reloj=reloj)
    pasaron = 0
    for _ in range(40):  # a burst straddling the boundary at 6,060 s
        if not limite.bloqueado("a"):
            limite.registrar("a")
            pasaron += 1
        reloj.t += 0.05
    assert pasaron <= 11  # fixed windows would let 20 through


def test_dos_trabajadores_exactos_comparten_la_cuenta() -> None:
    almacen, reloj = FakeContadores(), Reloj()
    uno, otro = (LimitadorVentanas(almacen, "ingreso", maximo=5, ventana=900, reloj=reloj) for _ in range(2))
    for i in range(5):
        (uno if i % 2 else otro).registrar("cuenta:revisora")
    assert uno.bloqueado("cuenta:revisora") and otro.bloqueado("cuenta:revisora")
    otra_cosa = LimitadorVentanas(almacen, "verificar", maximo=5, ventana=900, reloj=reloj)
    assert not otra_cosa.bloqueado("cuenta:revisora")  # limiters' names keep their keys apart


def test_en_bufer_no_toca_el_almacen_hasta_sincronizar() -> None:
    almacen, reloj = FakeContadores(), Reloj()
    limite = LimitadorVentanas(almacen, "verificar", maximo=3, ventana=60, intervalo=3600, reloj=reloj)
    for _ in range(3):
        assert not limite.bloqueado("ip:1")
        limite.registrar("ip:1")
    assert limite.bloqueado("ip:1")  # its own events count at once
    assert almacen.llamadas == 0
    limite.sincronizar()
    assert almacen.llamadas == 1 and almacen.cuentas == {("verificar:ip:1", 100): 3}
    assert limite.bloqueado("ip:1")  # a key found blocked is re-read at the next flush …
    limite.sincronizar()
    limite.sincronizar()  # … and with nothing new, a flush does not touch the store
    assert almacen.llamadas == 2
    limite.cerrar()


def test_en_bufer_dos_trabajadores_con_holgura_acotada() -> None:
    """Two workers flushing every k events each: a key alternating between them gets through at most
    maximo + 2k (each worker's unflushed interval), then is blocked on both."""
    almacen, reloj = FakeContadores(), Reloj()
    maximo, k = 20, 3
    a, b = (LimitadorVentanas(almacen, "verificar", maximo=maximo, ventana=60, intervalo=3600, reloj=reloj)
            for _ in range(2))
    pasaron = 0
    for i in range(200):
        trabajador = a if i % 2 else b
        if not trabajador.bloqueado("ip:1"):
            trabajador.registrar("ip:1")
            pasaron += 1
        if i % (2 * k) == 2 * k - 1:
            a.sincronizar()
            b.sincronizar()
    assert maximo <= pasaron <= maximo + 2 * k
    assert almacen.total() == pasaron and a.bloqueado("ip:1") and b.bloqueado("ip:1")
    a.cerrar()
    b.cerrar()


def test_en_bufer_un_trabajador_conoce_el_bloqueo_de_otro_tras_su_primer_evento() -> None:
    almacen, reloj = FakeContadores(), Reloj()
    a, b = (LimitadorVentanas(almacen, "verificar", maximo=5, ventana=60, intervalo=3600, reloj=reloj)
            for _ in range(2))
    for _ in range(5):
        a.registrar("ip:1")
    a.sincronizar()
    assert not b.bloqueado("ip:1")  # new to b: let through once …
    b.registrar("ip:1")
    b.sincronizar()  # … and blocked from b's next flush on
    assert b.bloqueado("ip:1")


def test_si_el_almacen_falla_los_eventos_esperan_al_siguiente_intento() -> None:
    almacen, reloj = FakeContadores(), Reloj()
    limite = LimitadorVentanas(almacen, "verificar", maximo=3, ventana=60, intervalo=3600, reloj=reloj)
    limite.registrar("ip:1")
    limite.registrar("ip:1")
    almacen.falla = True
    limite.sincronizar()  # logged, not raised: the page keeps answering
    limite.registrar("ip:1")
    assert limite.bloqueado("ip:1")  # nothing was lost locally
    almacen.falla = False
    limite.sincronizar()
    assert almacen.cuentas == {("verificar:ip:1", 100): 3}
    limite.cerrar()


def test_el_hilo_de_fondo_escribe_cada_intervalo() -> None:
    almacen = FakeContadores()
    limite = LimitadorVentanas(almacen, "verificar", maximo=100, ventana=60, intervalo=0.02)
    limite.registrar("ip:1")
    limite.registrar("ip:1")
    limite_tiempo = time.monotonic() + 5
    while almacen.total() < 2 and time.monotonic() < limite_tiempo:
        time.sleep(0.01)
    assert almacen.total() == 2
    limite.registrar("ip:1")
    limite.cerrar()  # a last flush on close
    assert almacen.total() == 3


def test_parametros_invalidos() -> None:
    with pytest.raises(ValueError, match="positivos"):
        LimitadorVentanas(FakeContadores(), "x", maximo=0, ventana=60)


def test_durante_el_volcado_los_eventos_en_vuelo_siguen_contando() -> None:
    """The background flush waits on the store without the lock; a check meanwhile must still see the events."""
    almacen, reloj = FakeContadores(), Reloj()
    limite = LimitadorVentanas(almacen, "verificar", maximo=3, ventana=60, intervalo=3600, reloj=reloj)
    vistos: list[bool] = []
    sumar = almacen.sumar_y_leer

    def lento(incrementos: Mapping[Ventana, int], leer: Collection[Ventana], *, duracion: int) -> dict[Ventana, int]:
        vistos.append(limite.bloqueado("ip:1"))  # what the event loop sees while the round trip is in progress
        return sumar(incrementos, leer, duracion=duracion)

    almacen.sumar_y_leer = lento  # type: ignore[method-assign]
    for _ in range(3):
        limite.registrar("ip:1")
    limite.sincronizar()
    assert vistos == [True] and limite.bloqueado("ip:1")
    limite.cerrar()
