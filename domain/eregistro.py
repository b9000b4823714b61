"""Protection of the public e-Register lookup against fishing (anchors-mission §5: the UK FCDO
verify-apostille-service blocks an address after repeated failed lookups).

Failed lookups are counted per client address inside a sliding window; after ``fallos_maximos`` failures within
``ventana`` the address is blocked for ``bloqueo``. In memory (one process); time comes from the ``Reloj`` port.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Protocol

from domain.reloj import Reloj


class LimitadorConsultas(Protocol):
    def bloqueada_hasta(self, direccion: str) -> datetime | None: ...
    def registrar_fallo(self, direccion: str) -> datetime | None:
        """Count one failure; returns the end of the block if this failure starts one."""
        ...


class LimitadorEnMemoria:
    def __init__(self, reloj: Reloj, *, fallos_maximos: int = 5, ventana: timedelta = timedelta(minutes=15),
                 bloqueo: timedelta = timedelta(hours=24)) -> None:
        self._reloj = reloj
        self._fallos_maximos = fallos_maximos
        self._ventana = ventana
        self._bloqueo = bloqueo
        self._fallos: dict[str, list[datetime]] = {}
        self._bloqueos: dict[str, datetime] = {}
        self._candado = threading.Lock()

    def bloqueada_hasta(self, direccion: str) -> datetime | None:
        ahora = self._reloj.ahora()
        with self._candado:
            hasta = self._bloqueos.get(direccion)
            if hasta is not None and ahora >= hasta:
                del self._bloqueos[direccion]
                return None
            return hasta

    def registrar_fallo(self, direccion: str) -> datetime | None:
        ahora = self._reloj.ahora()
        with self._candado:
            recientes = [t for t in self._fallos.get(direccion, []) if ahora - t < self._ventana]
            recientes.append(ahora)
            if len(recientes) >= self._fallos_maximos:
                self._fallos.pop(direccion, None)
                hasta = self._bloqueos[direccion] = ahora + self._bloqueo
                return hasta
            self._fallos[direccion] = recientes
            return None
