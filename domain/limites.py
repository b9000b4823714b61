"""Rate limits that hold across workers and restarts: fixed-window counters in a shared store (the database, or
Redis when a setting names one), read as a sliding window.

A limiter counts events per key in windows of ``ventana`` seconds numbered from the Unix epoch
(``indice = floor(t / ventana)``), so every worker agrees on the windows without talking to the others. At ``t`` it
weighs the previous window by the share of it still inside the sliding window ``(t - ventana, t]``::

    estimado = actual + anterior × (1 - (t mod ventana) / ventana)

(the usual approximation of a sliding window: exact when events are evenly spread, and unlike plain fixed windows it
never lets ``2 × maximo`` through across a window boundary). A key is blocked while ``estimado >= maximo``.

Two modes, chosen by ``intervalo``:

- ``intervalo == 0`` (admin login): every check reads the store and every event is written before the call returns.
  Exact across workers; one round trip per call, nothing beside an argon2 verification. Call it from a worker thread.
- ``intervalo > 0`` (the public verification page, the platform's hottest path): events are added up in this
  process and a background thread writes them every ``intervalo`` seconds in one transaction (or pipeline), reading
  back the totals of the keys it touched; checks never leave the process. The **slack**: a worker learns of the
  other workers' events up to about ``2 × intervalo`` late (their flush, then its own), so a key can get through, in
  one window, ``maximo`` plus the events it makes on the other workers during those ``2 × intervalo``; a key new to
  a worker gets what it sends there during one interval before the worker has read its total. With the default
  200 ms and the page's 60 per minute, a client hammering four workers at full speed gets a few hundred extra
  requests in its first second, then is blocked everywhere. Events still buffered when a process dies (≤ one
  interval) are lost.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import threading
import time
import weakref
from collections.abc import Callable, Collection, Mapping
from functools import lru_cache
from typing import Protocol

Ventana = tuple[str, int]
"""A counter: (key, window index)."""

LARGO_CLAVE = 250  # the database column holds 300 characters
_MAXIMO_EN_MEMORIA = 100_000  # counters a buffered limiter keeps before it drops them (a flood of distinct keys)
_VUELTAS_OCIOSAS = 50  # idle flushes before the background thread ends (it starts again with the next event)

registro = logging.getLogger("ventanilla.limites")


class AlmacenContadores(Protocol):
    """Where the counters live: shared by every worker and process of the deployment."""

    def sumar_y_leer(self, incrementos: Mapping[Ventana, int], leer: Collection[Ventana], *,
                     duracion: int) -> dict[Ventana, int]:
        """Add ``incrementos`` to their counters (created at 0), then return the totals of ``leer`` (a missing
        counter is left out). ``duracion``: the window length in seconds; a counter is kept at least until its window
        and the next one are over."""
        ...

    def borrar(self, ventanas: Collection[Ventana]) -> None:
        """Forget these counters."""
        ...

    def disponible(self) -> bool:
        """For the readiness check."""
        ...


class Limitador(Protocol):
    """What the pages use: block a key after too many events, count one, forget a key (e.g. after a login)."""

    def bloqueado(self, *claves: str) -> bool: ...

    def registrar(self, *claves: str) -> None: ...

    def limpiar(self, *claves: str) -> None: ...


@lru_cache(maxsize=8192)
def clave_direccion(direccion: str) -> str:
    """The key a client address is limited under. IPv4 as is; IPv6 by its /64, because one subscriber is handed a
    whole /64 (RFC 6177) and could otherwise change address with every request; IPv4-mapped IPv6 as the IPv4."""
    try:
        ip = ipaddress.ip_address(direccion)
    except ValueError:
        return f"ip:{direccion[:64]}"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return f"ip:{ip.ipv4_mapped}"
        return f"ip6:{ipaddress.IPv6Network((ip, 64), strict=False)}"
    return f"ip:{ip}"


class LimitadorVentanas:
    """``Limitador`` on an ``AlmacenContadores`` (see the module docstring for the two modes and their slack)."""

    def __init__(self, almacen: AlmacenContadores, nombre: str, *, maximo: int, ventana: int,
                 intervalo: float = 0.0, reloj: Callable[[], float] = time.time) -> None:
        if ventana < 1 or maximo < 1:
            raise ValueError("La ventana y el máximo de un limitador deben ser positivos.")
        self.almacen, self.nombre, self.maximo, self.ventana = almacen, nombre, maximo, int(ventana)
        self.intervalo = intervalo
        self._reloj = reloj
        self._prefijo = nombre + ":"
        self._pendientes: dict[Ventana, int] = {}  # this process's events not yet written
        self._conocidos: dict[Ventana, int] = {}  # the store's totals as last read
        self._bloqueadas: set[str] = set()  # keys found blocked since the last flush: re-read their totals
        self._podado_en = 0
        self._candado = threading.Lock()
        self._parar = threading.Event()
        self._hilo: threading.Thread | None = None
        _VIVOS.add(self)

    def _clave(self, clave: str) -> str:
        return (self._prefijo + clave)[:LARGO_CLAVE]

    def _estimado(self, cuenta: Callable[[Ventana], int], clave: str, t: float) -> float:
        indice, resto = divmod(t, self.ventana)
        i = int(indice)
        return cuenta((clave, i)) + cuenta((clave, i - 1)) * (1 - resto / self.ventana)

    def bloqueado(self, *claves: str) -> bool:
        t = self._reloj()
        if not self.intervalo:
            llaves = [self._clave(c) for c in claves]
            i = int(t // self.ventana)
            leidos = self.almacen.sumar_y_leer({}, [(k, j) for k in llaves for j in (i - 1, i)], duracion=self.ventana)
            return any(self._estimado(lambda v: leidos.get(v, 0), k, t) >= self.maximo for k in llaves)
        # The page's hot path (every QR scan): inlined, a handful of dict look-ups under an uncontended lock.
        indice, resto = divmod(t, self.ventana)
        i, peso = int(indice), 1 - resto / self.ventana
        with self._candado:
            conocidos, pendientes = self._conocidos, self._pendientes
            for c in claves:
                k = self._clave(c)
                actual = conocidos.get((k, i), 0) + pendientes.get((k, i), 0)
                anterior = conocidos.get((k, i - 1), 0) + pendientes.get((k, i - 1), 0)
                if actual + anterior * peso >= self.maximo:
                    self._bloqueadas.add(k)
                    return True
        return False

    def registrar(self, *claves: str) -> None:
        i = int(self._reloj() // self.ventana)
        if not self.intervalo:
            llaves = [self._clave(c) for c in claves]
            self.almacen.sumar_y_leer({(k, i): llaves.count(k) for k in llaves}, (), duracion=self.ventana)
            return
        with self._candado:
            pendientes = self._pendientes
            if len(pendientes) >= _MAXIMO_EN_MEMORIA:  # the store has been failing under a flood
                pendientes.clear()
            for c in claves:
                v = (self._clave(c), i)
                pendientes[v] = pendientes.get(v, 0) + 1
            if self._hilo is None and not self._parar.is_set():
                self._hilo = threading.Thread(target=self._bucle, name=f"limitador-{self.nombre}", daemon=True)
                self._hilo.start()

    def limpiar(self, *claves: str) -> None:
        i = int(self._reloj() // self.ventana)
        ventanas = [(self._clave(c), j) for c in claves for j in (i - 1, i)]
        with self._candado:
            for v in ventanas:
                self._pendientes.pop(v, None)
                self._conocidos.pop(v, None)
        self.almacen.borrar(ventanas)

    def sincronizar(self) -> None:
        """Write the buffered events and read back the totals of the keys they (or a block) touched. The background
        thread calls it every ``intervalo``; tests call it to stand for the passing of an interval."""
        with self._candado:
            pendientes, self._pendientes = self._pendientes, {}
            claves = {k for k, _ in pendientes} | self._bloqueadas
            self._bloqueadas = set()
            # In flight, the events count as known: checks during the round trip must still see them.
            for v, n in pendientes.items():
                self._conocidos[v] = self._conocidos.get(v, 0) + n
        if not claves:
            return
        i = int(self._reloj() // self.ventana)
        leer = [(k, j) for k in claves for j in (i - 1, i)]
        try:
            leidos = self.almacen.sumar_y_leer(pendientes, leer, duracion=self.ventana)
        except Exception:  # the page keeps working on what it knows; the events are retried at the next flush
            registro.warning("limitador %s: no se pudo sincronizar con el almacén", self.nombre, exc_info=True)
            with self._candado:
                for v, n in pendientes.items():
                    self._pendientes[v] = self._pendientes.get(v, 0) + n
                    if self._conocidos.get(v, 0) > n:
                        self._conocidos[v] -= n
                    else:
                        self._conocidos.pop(v, None)
            return
        with self._candado:
            for v in leer:
                if leidos.get(v):
                    self._conocidos[v] = leidos[v]
                else:
                    self._conocidos.pop(v, None)
            if i != self._podado_en or len(self._conocidos) > _MAXIMO_EN_MEMORIA:  # once per window: O(keys)
                self._conocidos = {v: n for v, n in self._conocidos.items() if v[1] >= i - 1}
                self._podado_en = i

    def _bucle(self) -> None:
        ociosas = 0
        while not self._parar.wait(self.intervalo):
            ociosas = 0 if (self._pendientes or self._bloqueadas) else ociosas + 1
            self.sincronizar()
            if ociosas >= _VUELTAS_OCIOSAS:
                with self._candado:
                    if not self._pendientes:
                        self._hilo = None
                        return
        self.sincronizar()

    def cerrar(self) -> None:
        """Stop the background thread after a last flush (tests, shutdown)."""
        self._parar.set()
        hilo = self._hilo
        if hilo is not None:
            hilo.join(timeout=5)
        self.sincronizar()

    def _tras_fork(self) -> None:
        # A forked child has no thread and may have inherited a held lock; the parent's events are not its own.
        self._candado = threading.Lock()
        self._hilo = None
        self._pendientes, self._conocidos, self._bloqueadas = {}, {}, set()


_VIVOS: weakref.WeakSet[LimitadorVentanas] = weakref.WeakSet()


def _tras_fork() -> None:
    for limitador in list(_VIVOS):
        limitador._tras_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_tras_fork)
